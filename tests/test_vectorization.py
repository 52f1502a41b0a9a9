"""Every float32 kernel vectorizes on every ISA target (tools/check_vectorization.py)."""

import os
import platform
import shutil
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(ROOT, "tools", "check_vectorization.py")
CC = os.environ.get("CC") or shutil.which("gcc") or shutil.which("clang")


@pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"),
                    reason="checks x86 registers; tools/aarch64_check.sh checks NEON")
@pytest.mark.skipif(not (os.path.exists(TOOL) and CC and shutil.which("objdump")),
                    reason="needs the source tree, a C compiler and objdump")
def test_all_float32_kernels_vectorize(capsys):
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    try:
        import check_vectorization
    finally:
        sys.path.pop(0)
    assert check_vectorization.check(CC) == []
