"""Build actcore's extension modules.

Three things happen here and nowhere else:

* OpenMP probe: the compiler is asked to build a tiny OpenMP program with the
  flags of its family (gcc/clang ``-fopenmp``, Apple clang with libomp, MSVC
  ``/openmp``).  Where none works the extension is built serial, with a warning.
  ``ACTCORE_OPENMP=0`` / ``1`` forces the choice (1 fails loudly if it cannot).
* Per-ISA kernels: the elementwise kernels are compiled once per target
  (baseline, and on x86-64 with gcc/clang also AVX2+FMA and AVX-512), each from
  its own small source file so the objects do not overwrite each other; the
  best one the CPU supports is chosen at import.  No flag that targets the
  build machine's own CPU and none that relaxes IEEE semantics (DESIGN.md).
* Cython: the .pyx modules are cythonized at build time (their .c output is
  not committed).
"""

import os
import sys
import sysconfig
import tempfile
import textwrap

import numpy as np
from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

KERNEL_DIR = os.path.join("src", "actcore", "_kernels")

# Flags for every kernel object.  -fno-trapping-math changes no result: it lets
# the compiler evaluate both sides of a select, whose flags the loops clear.
UNIX_KERNEL_FLAGS = ["-O3", "-fno-trapping-math", "-fno-math-errno", "-std=c11"]

# ISA targets on x86-64 (gcc/clang): (name, source, extra flags).
X86_TARGETS = [
    ("avx2", "kernels_avx2.c", ["-mavx2", "-mfma", "-mf16c"]),
    (
        "avx512",
        "kernels_avx512.c",
        ["-mavx512f", "-mavx512dq", "-mavx512bw", "-mavx512vl", "-mavx2", "-mfma",
         "-mf16c", "-mprefer-vector-width=512"],
    ),
]


def _is_x86_64():
    """Target (not host) is x86-64: sysconfig follows cross builds (cibuildwheel)."""
    machine = os.environ.get("ACTCORE_TARGET_MACHINE") or sysconfig.get_platform()
    return machine.lower().endswith(("x86_64", "amd64"))


def _compiler_family(compiler):
    if compiler.compiler_type == "msvc":
        return "msvc"
    if sys.platform == "darwin":
        return "apple"
    return "unix"


def _openmp_flags(family):
    """(compile flags, link flags) that enable OpenMP for this compiler family."""
    if family == "msvc":
        return ["/openmp"], []
    if family == "apple":
        prefix = os.environ.get("ACTCORE_LIBOMP_PREFIX", "/opt/homebrew/opt/libomp")
        return (["-Xpreprocessor", "-fopenmp", f"-I{prefix}/include"],
                [f"-L{prefix}/lib", "-lomp"])
    return ["-fopenmp"], ["-fopenmp"]


OPENMP_PROBE = textwrap.dedent("""
    #include <omp.h>
    int main(void) {
        int n = 0;
        #pragma omp parallel reduction(+:n)
        n += 1;
        return n > 0 && omp_get_max_threads() > 0 ? 0 : 1;
    }
""")


def _probe_openmp(compiler, compile_flags, link_flags):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "probe_omp.c")
        with open(src, "w") as f:
            f.write(OPENMP_PROBE)
        try:
            objs = compiler.compile([src], output_dir=tmp, extra_postargs=compile_flags)
            compiler.link_executable(objs, "probe_omp", output_dir=tmp,
                                     extra_postargs=link_flags)
        except Exception:
            return False
    return True


class BuildExt(build_ext):
    """build_ext with the OpenMP probe and per-ISA kernel objects."""

    def build_extensions(self):
        family = _compiler_family(self.compiler)
        unix = family != "msvc"
        base_flags = UNIX_KERNEL_FLAGS if unix else ["/O2", "/fp:precise"]

        use_openmp = self._decide_openmp(family)
        omp_compile, omp_link = _openmp_flags(family) if use_openmp else ([], [])

        targets = [("baseline", "kernels_baseline.c", [])]
        if unix and _is_x86_64():
            targets += X86_TARGETS
        isa_names = [name for name, _, _ in targets]
        self.announce(f"actcore: ISA targets {isa_names}, OpenMP {'on' if use_openmp else 'off'}", 2)

        defines = [f"-DACT_HAVE_{name.upper()}=1" for name in isa_names]
        defines.append(f"-DACT_OPENMP_FLAGS=\"{' '.join(omp_compile) or 'serial'}\"")
        if not unix:
            defines = [d.replace("-D", "/D", 1) for d in defines]

        for ext in self.extensions:
            ext.extra_compile_args = base_flags + omp_compile + defines
            ext.extra_link_args = omp_link
            if ext.name in ISA_KERNEL_MODULES:
                ext.extra_objects = self._compile_isa_kernels(targets, base_flags, defines)
        super().build_extensions()

    def _decide_openmp(self, family):
        forced = os.environ.get("ACTCORE_OPENMP")
        flags = _openmp_flags(family)
        if forced == "0":
            return False
        works = _probe_openmp(self.compiler, *flags)
        if forced == "1" and not works:
            raise RuntimeError("ACTCORE_OPENMP=1 but the compiler cannot build OpenMP code")
        if not works:
            self.warn("actcore: no OpenMP support found; building a serial extension "
                      "(set ACTCORE_OPENMP=1 to make this an error)")
        return works

    def _compile_isa_kernels(self, targets, base_flags, defines):
        objects = []
        include_dirs = [KERNEL_DIR, np.get_include()]
        for name, source, flags in targets:
            # the ufunc kernels and the softmax rows of a target are separate
            # translation units: each gets GCC's inlining budget to itself
            sources = [source, source.replace("kernels_", "rows_", 1)]
            objects += self.compiler.compile(
                [os.path.join(KERNEL_DIR, s) for s in sources],
                output_dir=self.build_temp,
                include_dirs=include_dirs,
                extra_postargs=base_flags + defines + flags,
            )
        return objects


# Extension modules linked with the per-ISA kernel objects (cythonize copies
# Extension objects, so this is kept by name rather than as an attribute).
ISA_KERNEL_MODULES = {"actcore._ufuncs", "actcore._softmax"}


def _extension(name, sources):
    npymath_dir = os.path.join(os.path.dirname(np.__file__), "_core", "lib")
    ext = Extension(
        name,
        sources=sources,
        include_dirs=[KERNEL_DIR, np.get_include()],
        library_dirs=[npymath_dir],
        libraries=["npymath"],
        define_macros=[("NPY_NO_DEPRECATED_API", "NPY_2_0_API_VERSION")],
    )
    return ext


extensions = [
    _extension(
        "actcore._ufuncs",
        ["src/actcore/_ufuncs.pyx", os.path.join(KERNEL_DIR, "runtime.c")],
    ),
    _extension(
        "actcore._softmax",
        ["src/actcore/_softmax.pyx", os.path.join(KERNEL_DIR, "runtime.c")],
    ),
]

def main():
    setup(
        ext_modules=cythonize(
            extensions,
            compiler_directives={"language_level": "3", "cdivision": True,
                                 "freethreading_compatible": True},
        ),
        cmdclass={"build_ext": BuildExt},
    )


# setuptools runs this file as __main__; tools/ import it for the flags.
if __name__ == "__main__":
    main()
