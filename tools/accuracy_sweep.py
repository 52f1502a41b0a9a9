"""Exhaustive float32 accuracy sweep of every registry function (forward and grad).

Runs each ufunc of the built package on all 2^32 float32 bit patterns (or every
Nth with --step), compares with the registry's float64 reference
(Activation.reference / grad_reference, parameters at their defaults) rounded
to float32, and prints one line per function: the maximum error in ULPs of the
rounded reference (subnormal spacing as the floor; NaN against non-NaN and
wrong infinities count as inf) and the input where it occurs.

    python tools/accuracy_sweep.py                        # everything, all 2^32
    python tools/accuracy_sweep.py --functions gelu,gelu_grad --step 64
    python tools/accuracy_sweep.py --processes 2 --chunk 22
    python tools/accuracy_sweep.py --fast                 # actcore.fast, all 2^32
    python tools/accuracy_sweep.py --fast --functions sigmoid,gelu --step 64

With --fast the functions are the fast kernels (actcore.ufuncs.fast_<name>)
and the error is the registry's fast_error: relative (kind 'rel', with
max(|ref|, 2^-126) as denominator) or absolute below 1 (kind 'abs'),
checked against Activation.fast.bound.

Chunks of 2^chunk patterns go to a multiprocessing pool (default: every CPU
this process may use); each worker runs actcore with one thread.  Exit status
1 if a function exceeds its registry bound (ulp / grad_ulp).
"""

import argparse
import os
import sys
import time

os.environ.setdefault("ACTCORE_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import actcore  # noqa: E402
from actcore import _registry  # noqa: E402
from actcore._accuracy import ulp_error  # noqa: E402


def specs(names=None, fast=False):
    kinds = ("fast",) if fast else ("forward", "grad")
    chosen = [s for s in _registry.ufunc_specs() if s.kind in kinds]
    if names and fast:
        names = [n if n.startswith("fast_") else f"fast_{n}" for n in names]
    if names:
        known = {s.name for s in chosen}
        missing = set(names) - known
        if missing:
            raise SystemExit(f"unknown function(s): {', '.join(sorted(missing))}; "
                             f"known: {', '.join(sorted(known))}")
        chosen = [s for s in chosen if s.name in names]
    return chosen


def sweep_chunk(job):
    """(start, count, step, names, fast) -> {name: (max error, worst x bits)}."""
    start, count, step, names, fast = job
    bits = np.arange(start, start + count * step, step, dtype=np.uint64)
    x = bits[bits < (1 << 32)].astype(np.uint32).view(np.float32)
    out = {}
    for spec in specs(names, fast):
        a = spec.activation
        params = [np.float32(p.default) for p in a.params]
        got = getattr(actcore.ufuncs, spec.name)(x, *params)
        ref = spec.reference(x, *params)
        if fast:
            err = _registry.fast_error(got, ref, a.fast.kind)
        else:
            err = ulp_error(got, np.asarray(ref, dtype=np.float64))
        i = int(np.argmax(err))
        out[spec.name] = (float(err[i]), int(x[i:i + 1].view(np.uint32)[0]))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--functions", help="comma-separated ufunc names (forward or _grad)")
    p.add_argument("--step", type=int, default=1, help="sample every Nth bit pattern")
    p.add_argument("--processes", type=int, default=None)
    p.add_argument("--chunk", type=int, default=22, help="log2 of patterns per job")
    p.add_argument("--fast", action="store_true", help="the actcore.fast kernels")
    args = p.parse_args()
    names = args.functions.split(",") if args.functions else None
    chosen = specs(names, args.fast)
    total = -(-(1 << 32) // args.step)
    per = 1 << args.chunk
    jobs = [(k * per * args.step, per, args.step, names, args.fast) for k in range(-(-total // per))]
    procs = args.processes or len(os.sched_getaffinity(0))
    print(f"{len(chosen)} functions, {total} inputs each (step {args.step}), "
          f"{len(jobs)} chunks on {procs} processes, ISA {actcore.config()['isa_selected']}",
          flush=True)
    best = {s.name: (0.0, 0) for s in chosen}
    t0 = time.perf_counter()
    import multiprocessing as mp
    with mp.get_context("fork").Pool(procs) as pool:
        for res in pool.imap_unordered(sweep_chunk, jobs):
            for name, (err, xb) in res.items():
                if err > best[name][0] or (err == best[name][0] and best[name][1] == 0):
                    best[name] = (err, xb)
    failed = False
    for s in chosen:
        err, xb = best[s.name]
        x = np.array([xb], dtype=np.uint32).view(np.float32)[0]
        if args.fast:
            bound = s.activation.fast.bound
            flag = "" if err <= bound else f"  EXCEEDS {bound:g}"
            where = f"at x = {x!r:<28} ({xb:#010x})" if err else "(exact everywhere)"
            print(f"{s.name:<22} {s.activation.fast.kind} max {err:.3e} (bound {bound:g}) "
                  f"{where}{flag}")
        else:
            bound = s.ulp
            flag = "" if err <= bound else f"  EXCEEDS {bound:g}"
            where = f"at x = {x!r:<28} ({xb:#010x})" if err else "(none off: every input rounds alike)"
            print(f"{s.name:<22} max {err:8.4f} ULP {where}{flag}")
        failed |= bool(flag)
    print(f"{time.perf_counter() - t0:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
