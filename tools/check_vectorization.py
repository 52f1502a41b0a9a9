"""Check that every float32 kernel is vectorized, per ISA target.

Compiles each kernels_<isa>.c with the flags setup.py uses, disassembles the
object and inspects every act_kernel_<name>_f32 function: it must use packed
arithmetic (single, or double where a kernel widens on purpose) on the target's
register width (xmm for the baseline, ymm for AVX2, zmm for AVX-512) and contain
no call (a libm call or an unvectorized helper would show up as one).  The
float64 kernels may call libm.

    python tools/check_vectorization.py            # all targets, a line each
    python tools/check_vectorization.py --verbose  # every kernel

Exit status 1 if any kernel fails.  Needs gcc or clang and objdump (x86-64).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402

import setup as build  # noqa: E402  (setup.py guards setup() behind __main__)

REGISTER = {"baseline": "xmm", "avx2": "ymm", "avx512": "zmm"}
PACKED = re.compile(r"\b(v?(mul|add|sub|div|fmadd\w*|fnmadd\w*|max|min|cmp\w*|blendv|and|or)p[sd])\b")


def targets():
    yield "baseline", "kernels_baseline.c", []
    if build._is_x86_64():
        yield from build.X86_TARGETS


def compile_target(cc, source, flags, out_dir):
    obj = os.path.join(out_dir, os.path.basename(source) + ".o")
    cmd = [cc, "-c", "-fPIC", os.path.join(ROOT, build.KERNEL_DIR, source), "-o", obj,
           f"-I{os.path.join(ROOT, build.KERNEL_DIR)}", f"-I{np.get_include()}",
           *build.UNIX_KERNEL_FLAGS, *flags]
    subprocess.run(cmd, check=True)
    return obj


def functions(obj):
    """{function name: disassembly text} for the f32 kernels in obj."""
    text = subprocess.run(["objdump", "-d", "--no-show-raw-insn", obj], check=True,
                          capture_output=True, text=True).stdout
    found = {}
    for block in re.split(r"\n(?=[0-9a-f]+ <)", text):
        m = re.match(r"[0-9a-f]+ <(act_kernel_\w+_f32)>:", block)
        if m:
            found[m.group(1)] = block
    return found


TAIL = re.compile(r"\n\s*[0-9a-f]+:\s+jmp\s+\S+\s+<(act_kernel_\w+_f32)>")


def folded(kernels):
    """GCC folds a kernel identical to another (-fipa-icf: actcore.fast's mish
    on AVX-512 is mish's loop) into a jmp to it: judge it by that body."""
    out = dict(kernels)
    for name, body in kernels.items():
        m = TAIL.search(body)
        if m and m.group(1) in kernels and body.count("\n") <= 3:
            out[name] = kernels[m.group(1)]
    return out


def check(cc, verbose=False):
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for isa, source, flags in targets():
            obj = compile_target(cc, source, flags, tmp)
            kernels = folded(functions(obj))
            bad = []
            for name, body in sorted(kernels.items()):
                wide = any(PACKED.search(line) and REGISTER[isa] in line
                           for line in body.splitlines())
                calls = re.findall(r"\bcall\s+\S+\s+<([^>]+)>", body)
                ok = wide and not calls
                if not ok:
                    bad.append(f"{name}: {'no packed ' + REGISTER[isa] if not wide else ''}"
                               f"{' calls ' + ', '.join(sorted(set(calls))) if calls else ''}")
                if verbose:
                    print(f"  {isa:<9}{name:<40}{'ok' if ok else 'NOT VECTORIZED'}")
            print(f"{isa:<9}: {len(kernels) - len(bad)}/{len(kernels)} float32 kernels "
                  f"vectorized on {REGISTER[isa]} with no calls")
            failures += [f"{isa}: {b}" for b in bad]
    for f in failures:
        print("FAIL", f)
    return failures


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args()
    cc = os.environ.get("CC") or shutil.which("gcc") or shutil.which("clang")
    if not cc or not shutil.which("objdump"):
        print("needs gcc/clang and objdump")
        return 2
    return 1 if check(cc, args.verbose) else 0


if __name__ == "__main__":
    sys.exit(main())
