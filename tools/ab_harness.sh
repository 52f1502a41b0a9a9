#!/bin/sh
# Build two kernel directories' AVX-512 kernels into one binary
# (tools/ab_harness.c: act_table_A from the first, act_table_B from the
# second) with setup.py's flags and time one kernel's two builds alternately.
#
#   sh tools/ab_harness.sh A_DIR B_DIR name n rounds lo hi
#   sh tools/ab_harness.sh /tmp/old/_kernels src/actcore/_kernels gelu 262144 301 -8 8
set -e
[ $# -ge 7 ] || { echo "usage: $0 A_DIR B_DIR name n rounds lo hi" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
a=$(cd "$1" && pwd)
b=$(cd "$2" && pwd)
shift 2
flags=$(cd "$here" && python3 -c 'import setup as s
print(" ".join(s.UNIX_KERNEL_FLAGS + [f for t in s.X86_TARGETS if t[0] == "avx512" for f in t[2]]))')
out=${TMPDIR:-/tmp}/ab_harness.$$
mkdir -p "$out"
# shellcheck disable=SC2086
gcc $flags -I"$a" -Dact_table_avx512=act_table_A -c "$a/kernels_avx512.c" -o "$out/a.o"
# shellcheck disable=SC2086
gcc $flags -I"$b" -Dact_table_avx512=act_table_B -c "$b/kernels_avx512.c" -o "$out/b.o"
# shellcheck disable=SC2086
gcc $flags -I"$b" -I"$here/tools" "$here/tools/ab_harness.c" "$out/a.o" "$out/b.o" -o "$out/ab" -lm
"$out/ab" "$@"
rm -rf "$out"
