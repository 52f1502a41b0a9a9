"""Measure the parallel threshold and the per-function costs it is built on.

A team of OpenMP threads pays off only when a call's serial work is longer than
the cost of starting and joining the team.  actcore expresses the threshold as
serial work in nanoseconds (actcore._api.PARALLEL_WORK_NS); each function's
element threshold is that divided by its serial ns/element (the registry's
cost_ns).  This script measures both:

1. cost_ns: serial ns/element of every forward function and every fast
   one on 64K float32 elements (in L2), to compare with the registry;
2. the crossover: for relu and sigmoid, the size at which all threads beat one
   thread, expressed as serial work in ns.

    python tools/tune_threshold.py

Run it on a quiet machine; it prints medians of repeated runs.
"""

import numpy as np

import actcore
from actcore import _registry, _threads, _ufuncs
from actcore.bench import time_call


def median_seconds(fn):
    return time_call(fn, repeats=15)[0]


def function_costs(n=64 * 1024):
    """Serial ns/element of every forward ufunc and of every fast_ one, with
    the registry's cost_ns: {ufunc name: (measured, registry)}."""
    x = np.random.default_rng(0).uniform(-8, 8, n).astype(np.float32)
    out = np.empty_like(x)
    costs = {}
    with actcore.threads(1):
        for a in _registry.ACTIVATIONS:
            params = [np.float32(p.default) for p in a.params]
            kinds = [(a.name, a.cost_ns)]
            if a.fast is not None:
                kinds.append((f"fast_{a.name}", a.fast.cost_ns))
            for name, registered in kinds:
                uf = getattr(actcore.ufuncs, name)
                ns = 1e9 * median_seconds(lambda: uf(x, *params, out=out)) / n
                costs[name] = (ns, registered)
    return costs


def crossover(name, threads):
    """Smallest tested size at which `threads` threads beat one, as serial ns."""
    uf = getattr(actcore.ufuncs, name)
    saved = _ufuncs._get_parallel_work_ns()
    result = None
    try:
        for n in [1 << k for k in range(10, 21)]:
            x = np.random.default_rng(0).uniform(-8, 8, n).astype(np.float32)
            out = np.empty_like(x)
            _ufuncs._set_parallel_work_ns(1e-3)          # always start a team
            with actcore.threads(1):
                serial = median_seconds(lambda: uf(x, out=out))
            with actcore.threads(threads):
                team = median_seconds(lambda: uf(x, out=out))
            print(f"  {name:<8} n={n:>8}: 1 thread {1e6 * serial:9.2f} us, "
                  f"{threads} threads {1e6 * team:9.2f} us")
            if result is None and team < 0.9 * serial:
                result = 1e9 * serial
    finally:
        _ufuncs._set_parallel_work_ns(saved)
    return result


def main():
    print(f"ISA {actcore.config()['isa_selected']}, {_threads.available_cpus()} CPUs")
    print("serial ns/element at 64K (registry cost_ns in brackets):")
    for name, (ns, registered) in function_costs().items():
        print(f"  {name:<19}{ns:7.3f}  [{registered}]")
    threads = _threads.available_cpus()
    if threads < 2:
        print("one CPU: no crossover to measure")
        return
    found = [c for c in (crossover("relu", threads), crossover("sigmoid", threads)) if c]
    if found:
        print(f"crossover at about {max(found):.0f} ns of serial work "
              f"(current PARALLEL_WORK_NS = {_ufuncs._get_parallel_work_ns():.0f})")


if __name__ == "__main__":
    main()
