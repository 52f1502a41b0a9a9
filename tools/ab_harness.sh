#!/bin/sh
# Build two kernel directories' float32 kernels for one ISA target (ISA=
# avx512 by default, or avx2 or baseline) into one binary (tools/ab_harness.c:
# act_table_A from the first, act_table_B from the second) with setup.py's
# flags and time one kernel's two builds alternately.
#
#   sh tools/ab_harness.sh A_DIR B_DIR name n rounds lo hi
#   sh tools/ab_harness.sh /tmp/old/_kernels src/actcore/_kernels gelu 262144 301 -8 8
#   ISA=avx2 sh tools/ab_harness.sh /tmp/old/_kernels src/actcore/_kernels relu 4194304 41 -8 8
set -e
[ $# -ge 7 ] || { echo "usage: [ISA=avx512|avx2|baseline] $0 A_DIR B_DIR name n rounds lo hi" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
a=$(cd "$1" && pwd)
b=$(cd "$2" && pwd)
shift 2
isa=${ISA:-avx512}
flags=$(cd "$here" && python3 -c 'import sys, setup as s
print(" ".join(s.UNIX_KERNEL_FLAGS + [f for t in s.X86_TARGETS if t[0] == sys.argv[1] for f in t[2]]))' "$isa")
out=${TMPDIR:-/tmp}/ab_harness.$$
mkdir -p "$out"
# shellcheck disable=SC2086
gcc $flags -I"$a" -Dact_table_$isa=act_table_A -c "$a/kernels_$isa.c" -o "$out/a.o"
# shellcheck disable=SC2086
gcc $flags -I"$b" -Dact_table_$isa=act_table_B -c "$b/kernels_$isa.c" -o "$out/b.o"
# shellcheck disable=SC2086
gcc $flags -I"$b" -I"$here/tools" "$here/tools/ab_harness.c" "$out/a.o" "$out/b.o" -o "$out/ab" -lm
"$out/ab" "$@"
rm -rf "$out"
