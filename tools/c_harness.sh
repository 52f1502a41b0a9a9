#!/bin/sh
# Build tools/rows_harness.c (or HARNESS=kernel_harness.c: the elementwise
# kernels) against a kernel directory (default: this tree's) for AVX-512 with
# setup.py's flags and run it; with two directories, run the two builds
# alternately ROUNDS times (default 6) and print each one's fastest.
#
#   sh tools/c_harness.sh [-k DIR] [-k DIR2] [-r ROUNDS] [rows n reps scale op]
#   sh tools/c_harness.sh 4096 1024 31 1 0
#   sh tools/c_harness.sh -k /tmp/old/_kernels -k src/actcore/_kernels 64 1024 301
#   HARNESS=kernel_harness.c sh tools/c_harness.sh silu_grad 262144 301 -8 8
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
dirs=""
rounds=6
while [ $# -gt 0 ]; do
    case "$1" in
        -k) dirs="$dirs $(cd "$2" && pwd)"; shift 2 ;;
        -r) rounds=$2; shift 2 ;;
        *) break ;;
    esac
done
[ -n "$dirs" ] || dirs="$here/src/actcore/_kernels"
# the build's own flags for the AVX-512 kernels (setup.py, as check_vectorization.py)
flags=$(cd "$here" && python3 -c 'import setup as b
print(" ".join(b.UNIX_KERNEL_FLAGS + [f for t in b.X86_TARGETS if t[0] == "avx512" for f in t[2]]))')
out=${TMPDIR:-/tmp}/c_harness.$$
mkdir -p "$out"
i=0
for d in $dirs; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    gcc $flags -fopenmp -I"$d" -DACT_ROWS_SOURCE='"rows_avx512.c"' \
        -DACT_ROWS_TABLE=act_rows_avx512 "$here/tools/${HARNESS:-rows_harness.c}" -o "$out/h$i" -lm
done
if [ "$i" -eq 1 ]; then
    "$out/h1" "$@"
else
    r=0
    while [ "$r" -lt "$rounds" ]; do
        j=0
        for d in $dirs; do
            j=$((j + 1))
            printf '%s\t' "$d"
            "$out/h$j" "$@"
        done
        r=$((r + 1))
    done | awk -F'\t' '{ split($2, a, " ns/el"); n = split(a[1], b, " "); v = b[n];
                         if (!($1 in best) || v < best[$1]) { best[$1] = v; line[$1] = $2 } }
                       END { for (d in best) print d ": " line[d] }'
fi
rm -rf "$out"
