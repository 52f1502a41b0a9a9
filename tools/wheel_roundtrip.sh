#!/usr/bin/env bash
# Build, install, test: the round trip a user's pip install takes.
#
# 1. In a fresh virtual environment, `python -m build` makes the sdist and
#    then a wheel from that sdist (so the sdist is proven to build too).
# 2. The wheel is installed, with the test extras, into another fresh
#    environment that has never seen the source tree, and the whole test suite
#    runs against it, slow tests included (inputs beyond 2^31 elements, about
#    9 GB; a million calls per ufunc for the leak check, or ACTCORE_LEAK_CALLS).
# 3. `python -m actcore info` shows which ISA kernels the wheel carries.
#
# Usage: bash tools/wheel_roundtrip.sh [--quick]   (--quick: skip the slow tests)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== build sdist and wheel in a fresh environment"
python3 -m venv "$work/build-env"
"$work/build-env/bin/python" -m pip install -q build
"$work/build-env/bin/python" -m build --outdir "$work/dist" "$root"
ls -l "$work/dist"
wheel=$(ls "$work"/dist/actcore-*.whl)

echo "== install the wheel into another fresh environment"
python3 -m venv "$work/test-env"
"$work/test-env/bin/python" -m pip install -q "actcore[test] @ file://$wheel"

echo "== the installed wheel"
cd "$work"                                  # nowhere near the source tree
"$work/test-env/bin/python" -m actcore info

echo "== the test suite against the wheel"
if [ "${1:-}" = "--quick" ]; then
    "$work/test-env/bin/python" -m pytest "$root/tests" -q -p no:cacheprovider
else
    ACTCORE_LEAK_CALLS=${ACTCORE_LEAK_CALLS:-1000000} "$work/test-env/bin/python" -m pytest "$root/tests" -q \
        -p no:cacheprovider -m "slow or not slow"
fi
