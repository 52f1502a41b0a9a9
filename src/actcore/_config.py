"""show_config(): what this build is and what it runs with."""

import platform
import sys

import numpy as np

from actcore import _api, _threads, _ufuncs


def config():
    """Build and runtime facts as a dict."""
    info = _ufuncs.build_info()
    from actcore import __version__
    openmp = (f"yes (OpenMP {info['openmp_version']}, flags {info['openmp_flags']})"
              if info["openmp"] else "no: serial build")
    return {
        "actcore": __version__,
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "platform": f"{platform.system()} {platform.machine()}",
        "compiler": info["compiler"],
        "openmp": openmp,
        "isa_compiled": ", ".join(info["isa_compiled"]),
        "isa_supported": ", ".join(info["isa_supported"]),
        "isa_selected": _api.ISA,
        "threads": _threads.get_num_threads(),
        "available_cpus": _threads.available_cpus(),
        "parallel_work_ns": _ufuncs._get_parallel_work_ns(),
    }


def show_config():
    """Print the version, compiler, OpenMP runtime, ISA targets and threads."""
    for key, value in config().items():
        print(f"{key:>16}: {value}")
