#!/usr/bin/env bash
# aarch64 check: cross-build actcore for aarch64 (the NEON "baseline" kernel
# target) and run the test suite under qemu-user with an arm64 Python.
#
#     bash tools/aarch64_check.sh
#
# Works on a Debian 12 (bookworm) x86-64 machine as root, with network access
# to Debian's archive and PyPI only; it installs what it needs itself.  Exit
# status is non-zero if the build, `python -m actcore info`, the NEON
# vectorization check or any test fails.
#
# How it fits together:
#   * sysroot: arm64 .debs of python3.11 (+ headers, libgomp, libstdc++ and
#     their dependencies) unpacked with `dpkg -x`; NumPy 2 (Debian 12 ships
#     1.24), Cython, setuptools and the test requirements (pytest, scipy,
#     hypothesis, matplotlib, ... as listed in pyproject.toml) come from PyPI's
#     aarch64 wheels, installed with `pip install --target` into the sysroot.
#     Kept between runs (in $ACTCORE_AARCH64_SYSROOT, default
#     build/aarch64-sysroot): a rerun downloads nothing.
#   * build: setup.py itself runs under qemu with the arm64 Python, so the
#     platform, sysconfig (extension suffix), numpy include dir and libnpymath
#     are the aarch64 ones with no overrides; only the compiler is the native
#     x86-64 cross gcc (qemu-user hands the exec of a host binary to the host
#     kernel).  The build happens in a copy of the work tree under
#     build/aarch64/ so the generated .c and .so files never touch src/.
#   * tests: pytest under qemu (about 30 min on 2 cores; a subset with
#     ACTCORE_AARCH64_PYTEST_ARGS="-k relu").  Tests start `sys.executable`
#     in subprocesses; without binfmt the host kernel cannot exec an arm64
#     ELF, so the interpreter is reached through a small wrapper
#     (sysroot/usr/bin/python3-qemu) that re-enters qemu and makes itself
#     sys.executable.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SYSROOT=${ACTCORE_AARCH64_SYSROOT:-$ROOT/build/aarch64-sysroot}
mkdir -p "$SYSROOT" && SYSROOT=$(cd "$SYSROOT" && pwd)
WORK=$ROOT/build/aarch64                 # tree copy, logs, kernel object
TREE=$WORK/tree
SITE=$SYSROOT/usr/local/lib/python3.11/dist-packages   # PyPI wheels go here
PY=$SYSROOT/usr/bin/python3-qemu         # the arm64 python, through qemu
TEST_TIMEOUT=${ACTCORE_AARCH64_TEST_TIMEOUT:-3600}
# Extra pytest arguments, e.g. ACTCORE_AARCH64_PYTEST_ARGS="-k relu" for a quick run.
read -ra PYTEST_EXTRA <<<"${ACTCORE_AARCH64_PYTEST_ARGS:-}"
CROSS=aarch64-linux-gnu

start=$SECONDS
failed=()
say() { printf '\n== %s (%ds)\n' "$*" $((SECONDS - start)); }

# ---------------------------------------------------------------------------
# 1. Host tools: cross gcc + binutils, qemu-user, pip (to fetch wheels), git
#    (to copy the work tree).  apt-get only when something is missing.
# ---------------------------------------------------------------------------
say "host tools"
need=()
command -v $CROSS-gcc >/dev/null || need+=(gcc-aarch64-linux-gnu)
command -v $CROSS-objdump >/dev/null || need+=(binutils-aarch64-linux-gnu)
command -v qemu-aarch64 >/dev/null || need+=(qemu-user)
command -v git >/dev/null || need+=(git)
python3 -m pip --version >/dev/null 2>&1 || need+=(python3-pip)
# arm64 package lists are needed for `apt-get download pkg:arm64` below.
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
    apt_update=1
fi
if [ ${#need[@]} -gt 0 ] || [ -n "${apt_update:-}" ]; then
    apt-get update -qq
fi
if [ ${#need[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "$($CROSS-gcc --version | head -1); $(qemu-aarch64 --version | head -1)"

# ---------------------------------------------------------------------------
# 2. Sysroot from Debian's arm64 packages.  The closure of Depends is resolved
#    by apt itself (apt-cache depends --recurse), keeping the :arm64 packages;
#    arch-all ones (tzdata, media-types, ...) are not needed to run Python.
#    No python3-numpy / libblas: the numpy wheel bundles its OpenBLAS.
# ---------------------------------------------------------------------------
DEB_ROOTS="python3.11-minimal libpython3.11-stdlib libpython3.11-dev libgomp1 libstdc++6"
deb_stamp=$SYSROOT/.actcore-debs
if [ "$(cat "$deb_stamp" 2>/dev/null)" != "$DEB_ROOTS" ]; then
    say "sysroot: downloading arm64 packages"
    debs=$SYSROOT/var/cache/actcore-debs
    mkdir -p "$debs" && rm -f "$debs"/*.deb     # no stale versions to unpack
    [ -n "${apt_update:-}" ] || apt-get update -qq
    # shellcheck disable=SC2046
    pkgs=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
               --no-breaks --no-replaces --no-enhances $(printf '%s:arm64 ' $DEB_ROOTS) \
           | grep -E '^[a-z0-9][^ ]*:arm64$' | sort -u)
    # shellcheck disable=SC2086
    (cd "$debs" && apt-get download $pkgs >/dev/null 2>&1 || apt-get download $pkgs)
    for deb in "$debs"/*.deb; do dpkg -x "$deb" "$SYSROOT"; done
    echo "$DEB_ROOTS" > "$deb_stamp"
    echo "$(echo "$pkgs" | wc -l) packages unpacked into $SYSROOT"
fi

# ---------------------------------------------------------------------------
# 3. PyPI wheels for cp311 / manylinux aarch64: what pyproject.toml asks for
#    to build (build-system.requires), to run (dependencies) and to test (the
#    "test" extra: pytest, hypothesis, scipy, matplotlib, ...), read from it so
#    that a new test dependency is picked up.  pip 23 does not widen a
#    manylinux_2_X platform to the older ones, so every glibc up to Debian
#    12's 2.36 is listed.
# ---------------------------------------------------------------------------
mapfile -t WHEELS < <(python3 - "$ROOT/pyproject.toml" <<'EOF'
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    meta = tomllib.load(f)
reqs = (meta["build-system"]["requires"] + meta["project"].get("dependencies", [])
        + meta["project"].get("optional-dependencies", {}).get("test", []))
print("\n".join(dict.fromkeys(reqs)))
EOF
)
[ ${#WHEELS[@]} -gt 0 ] || { echo "no requirements read from pyproject.toml" >&2; exit 1; }
wheel_stamp=$SYSROOT/.actcore-wheels
if [ "$(cat "$wheel_stamp" 2>/dev/null)" != "${WHEELS[*]}" ]; then
    say "sysroot: installing aarch64 wheels"
    platforms=(--platform manylinux2014_aarch64)
    for v in $(seq 17 36); do platforms+=(--platform "manylinux_2_${v}_aarch64"); done
    rm -rf "$SITE"
    echo "${WHEELS[*]}"
    python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore \
        --no-warn-conflicts \
        --target "$SITE" --only-binary=:all: --implementation cp --python-version 3.11 \
        "${platforms[@]}" "${WHEELS[@]}"
    echo "${WHEELS[*]}" > "$wheel_stamp"
fi

# The wrapper: lives in sysroot/usr/bin so that Python finds its prefix (and
# stdlib, site-packages, headers) inside the sysroot, and is passed as argv[0]
# (-0) so sys.executable is the wrapper: subprocesses re-enter qemu.
cat > "$PY" <<'EOF'
#!/bin/sh
# arm64 python3.11 under qemu-user (written by tools/aarch64_check.sh)
self=$(readlink -f "$0")
root=$(cd "$(dirname "$self")/../.." && pwd)
exec qemu-aarch64 -L "$root" -0 "$self" "$root/usr/bin/python3.11" "$@"
EOF
chmod +x "$PY"
unset PYTHONHOME
export PYTHONPATH=$TREE/src:$SITE
export MPLCONFIGDIR=$WORK/mplconfig      # matplotlib's font cache: ours, kept
"$PY" -c 'import sys, platform, numpy; print("python", sys.version.split()[0],
          platform.machine(), "numpy", numpy.__version__)'

# ---------------------------------------------------------------------------
# 4. Build: a copy of the work tree as it is now (tracked and new files, no
#    build products), then setup.py build_ext --inplace under qemu.
#    CPPFLAGS: setuptools passes Debian's compiled-in /usr/include/python3.11,
#    a host path; the sysroot's headers must come first, and Debian's
#    pyconfig.h includes <aarch64-linux-gnu/python3.11/pyconfig.h>, found via
#    -idirafter (after the cross gcc's own libc headers).
# ---------------------------------------------------------------------------
say "build (setup.py build_ext under qemu, $CROSS-gcc)"
rm -rf "$TREE" && mkdir -p "$TREE"
(cd "$ROOT" && git -c safe.directory="$ROOT" ls-files -z -co --exclude-standard \
    | while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf -) | tar -C "$TREE" -xf -
build_ok=1
(cd "$TREE" && env CC=$CROSS-gcc LDSHARED="$CROSS-gcc -shared" \
     CPPFLAGS="-I$SYSROOT/usr/include/python3.11 -idirafter $SYSROOT/usr/include" \
     ACTCORE_TARGET_MACHINE=aarch64 ACTCORE_OPENMP=1 \
     "$PY" setup.py build_ext --inplace) > "$WORK/build.log" 2>&1 || build_ok=0
grep -E '^actcore:' "$WORK/build.log" || true
if [ $build_ok = 0 ]; then
    tail -30 "$WORK/build.log"
    echo "BUILD FAILED (full log: $WORK/build.log)"
    exit 1
fi
ls "$TREE"/src/actcore/*.so | sed "s|$TREE/||"

# ---------------------------------------------------------------------------
# 5. python -m actcore info: must report the aarch64 platform and only the
#    baseline (NEON) kernels.
# ---------------------------------------------------------------------------
say "python -m actcore info (under qemu)"
info=$(cd "$WORK" && "$PY" -m actcore info) || info="(actcore info failed)"
echo "$info"
if ! grep -Eq 'platform: Linux aarch64$' <<<"$info" \
   || ! grep -Eq 'isa_compiled: baseline$' <<<"$info"; then
    failed+=("actcore info: expected platform Linux aarch64 and isa_compiled baseline")
fi

# ---------------------------------------------------------------------------
# 6. NEON vectorization: kernels_baseline.c compiled by the cross gcc with
#    setup.py's UNIX_KERNEL_FLAGS (read from setup.py, so they cannot drift).
#    Every act_kernel_*_f32 must do packed floating-point arithmetic on NEON
#    registers (v*.4s, or v*.2d where a kernel widens to double on purpose,
#    as tools/check_vectorization.py allows on x86) and make no call: a bl/blr
#    or a tail call (R_AARCH64_JUMP26) to expf or a helper means scalar code.
# ---------------------------------------------------------------------------
say "NEON vectorization of the float32 kernels"
flags=$(cd "$TREE" && "$PY" -c 'import setup; print(" ".join(setup.UNIX_KERNEL_FLAGS))')
np_inc=$("$PY" -c 'import numpy; print(numpy.get_include())')
obj=$WORK/kernels_baseline.o
echo "$CROSS-gcc -c -fPIC $flags kernels_baseline.c"
# shellcheck disable=SC2086
$CROSS-gcc -c -fPIC $flags -I"$TREE/src/actcore/_kernels" -I"$np_inc" \
    "$TREE/src/actcore/_kernels/kernels_baseline.c" -o "$obj"
$CROSS-objdump -dr --no-show-raw-insn "$obj" > "$WORK/kernels_baseline.dis"
neon=$(awk -v FP='\tf(add|sub|mul|div|mla|mls|max|min|maxnm|minnm|neg|abs|sqrt|cm[a-z]+)\t' '
    /^[0-9a-f]+ <[^>]+>:$/ { fn = substr($2, 2, length($2) - 3); next }
    fn ~ /^act_kernel_.*_f32$/ {
        seen[fn] = 1
        if ($0 ~ FP && $0 ~ /v[0-9]+\.4s/) s[fn]++
        if ($0 ~ FP && $0 ~ /v[0-9]+\.2d/) d[fn]++
        if ($0 ~ /\tblr?\t/) calls[fn] = calls[fn] " " $NF
        if ($0 ~ /R_AARCH64_JUMP26/) calls[fn] = calls[fn] " tail:" $NF
    }
    END {
        for (f in seen) {
            ok = (s[f] + d[f] > 0) && calls[f] == ""
            printf "%-40s %4d x .4s %4d x .2d  %s%s\n", f, s[f], d[f],
                   ok ? "ok" : "NOT VECTORIZED", calls[f] == "" ? "" : " calls" calls[f]
        }
    }' "$WORK/kernels_baseline.dis" | sort)
echo "$neon"
n_all=$(grep -c . <<<"$neon" || true)
n_ok=$(grep -c ' ok$' <<<"$neon" || true)
neon_summary="$n_ok/$n_all float32 kernels use packed NEON FP arithmetic with no calls"
echo "$neon_summary"
if [ "$n_all" = 0 ] || [ "$n_ok" != "$n_all" ]; then
    failed+=("NEON: $neon_summary")
fi

# ---------------------------------------------------------------------------
# 7. Test suite under qemu.  Excluded:
#    * tests/test_vectorization.py: it compiles the kernels with the host's
#      x86 gcc and looks for xmm/ymm/zmm registers, so under qemu it would
#      check an x86 object, not the aarch64 build; section 6 is its aarch64
#      counterpart.
# ---------------------------------------------------------------------------
say "pytest under qemu (slow: emulated; timeout ${TEST_TIMEOUT}s)"
t0=$SECONDS
tests_rc=0
(cd "$TREE" && timeout "$TEST_TIMEOUT" "$PY" -m pytest tests -q -p no:cacheprovider \
     --ignore=tests/test_vectorization.py --durations=5 "${PYTEST_EXTRA[@]}") 2>&1 \
    | tee "$WORK/pytest.log" || tests_rc=${PIPESTATUS[0]}
test_time=$((SECONDS - t0))
tests_line=$(grep -E '[0-9]+ (passed|failed|errors?|skipped).* in [0-9.]+s' "$WORK/pytest.log" \
                 | tail -1 | sed 's/=//g; s/^ *//; s/ *$//')
[ "$tests_rc" = 0 ] || failed+=("pytest exited $tests_rc: ${tests_line:-no summary}")

# ---------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------
say "summary"
echo "sysroot : $SYSROOT"
echo "info    : $(grep -E 'platform:|isa_compiled:' <<<"$info" | sed 's/^ *//' | paste -sd';')"
echo "NEON    : $neon_summary"
echo "tests   : ${tests_line:-no pytest summary} (pytest wall ${test_time}s under qemu)"
echo "total   : $((SECONDS - start))s"
if [ ${#failed[@]} -gt 0 ]; then
    printf 'FAILED: %s\n' "${failed[@]}"
    exit 1
fi
echo "aarch64 check: OK"
