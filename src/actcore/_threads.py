"""Thread count for the OpenMP loops: default, setter, context manager.

The default honours ACTCORE_NUM_THREADS, then OMP_NUM_THREADS, then the CPUs
this process may use (its affinity mask and any cgroup CPU quota).  A child
forked from a process that had started OpenMP threads runs serial: GNU libgomp's
thread pool does not survive fork().
"""

import contextlib
import math
import os

from actcore import _ufuncs


def _cgroup_cpu_limit():
    """CPUs allowed by a cgroup quota (v2 cpu.max or v1 cfs), or None."""
    try:
        with open("/sys/fs/cgroup/cpu.max") as f:
            quota, period = f.read().split()[:2]
        if quota != "max":
            return max(1, math.ceil(int(quota) / int(period)))
        return None
    except (OSError, ValueError):
        pass
    try:
        with open("/sys/fs/cgroup/cpu/cpu.cfs_quota_us") as f:
            quota = int(f.read())
        with open("/sys/fs/cgroup/cpu/cpu.cfs_period_us") as f:
            period = int(f.read())
        if quota > 0 and period > 0:
            return max(1, math.ceil(quota / period))
    except (OSError, ValueError):
        pass
    return None


def available_cpus():
    """CPUs this process may run on: affinity mask, capped by a cgroup quota."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    limit = _cgroup_cpu_limit()
    return min(n, limit) if limit else n


def _env_threads(name):
    value = os.environ.get(name, "").split(",")[0].strip()
    if not value:
        return None
    try:
        n = int(value)
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a positive integer") from None
    if n < 1:
        raise ValueError(f"{name}={value!r} is not a positive integer")
    return n


def default_num_threads():
    """ACTCORE_NUM_THREADS, else OMP_NUM_THREADS, else the usable CPUs."""
    for name in ("ACTCORE_NUM_THREADS", "OMP_NUM_THREADS"):
        n = _env_threads(name)
        if n is not None:
            return n
    return available_cpus()


def get_num_threads():
    """Threads the next large call will use (1 in a serial build or a forked child)."""
    if not _ufuncs.build_info()["openmp"] or _ufuncs._forked_child():
        return 1
    return _ufuncs._get_num_threads()


def set_num_threads(n):
    """Set the number of OpenMP threads used for large inputs.

    Parameters
    ----------
    n : int
        A positive thread count.  Results are bitwise identical for any n.
    """
    if isinstance(n, bool) or not isinstance(n, (int,)) and not hasattr(n, "__index__"):
        raise TypeError(f"set_num_threads() needs an integer, got {type(n).__name__}")
    n = int(n.__index__())
    if n < 1:
        raise ValueError(f"set_num_threads() needs a positive integer, got {n}")
    _ufuncs._set_num_threads(n)


@contextlib.contextmanager
def threads(n):
    """Context manager: use n threads inside the block, then restore.

    The setting is process-wide, like torch.set_num_threads.

    Examples
    --------
    >>> import actcore
    >>> with actcore.threads(1):
    ...     pass
    """
    previous = _ufuncs._get_num_threads()
    set_num_threads(n)
    try:
        yield
    finally:
        _ufuncs._set_num_threads(previous)
