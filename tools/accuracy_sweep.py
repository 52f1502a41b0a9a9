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
    python tools/accuracy_sweep.py --fast --functions softmax,log_softmax
    python tools/accuracy_sweep.py --functions swish,celu --param beta=1.5,alpha=0.5

--param sets parameters by name in place of their defaults (swish at beta = 1
and celu at alpha = 1 run silu's and elu's kernels; other values their own).

With --fast the functions are the fast kernels (actcore.ufuncs.fast_<name>)
and the error is the registry's fast_error: relative (kind 'rel', with
max(|ref|, 2^-126) as denominator) or absolute below 1 (kind 'abs'),
checked against Activation.fast.bound.  actcore.fast.softmax and log_softmax
are swept over the rows (x, 0) for every x (both outputs checked).

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
        names = [n for n in fast_names(names) if n not in AXISWISE_FAST]
    if names is not None:
        known = {s.name for s in chosen}
        missing = set(names) - known
        if missing:
            raise SystemExit(f"unknown function(s): {', '.join(sorted(missing))}; "
                             f"known: {', '.join(sorted(known))}")
        chosen = [s for s in chosen if s.name in names]
    return chosen


# actcore.fast's axis-wise functions, swept over every x in the row (x, 0):
# that takes exp(x - max) through every float32 difference
AXISWISE_FAST = ("fast_softmax", "fast_log_softmax")


def axiswise_fast_error(name, x):
    """Errors (as fast_error) of both outputs of the rows (x, 0), one per x."""
    fn = getattr(actcore.fast, name[len("fast_"):])
    got = fn(np.stack([x, np.zeros_like(x)], axis=1)).astype(np.float64)
    with np.errstate(all="ignore"):
        x64 = x.astype(np.float64)
        d = np.stack([np.minimum(x64, 0.0), np.minimum(-x64, 0.0)], axis=1)  # x_i - max
        L = np.log1p(np.exp(-np.abs(x64)))[:, None]                          # log(sum) - max
        ref = d - L if name == "fast_log_softmax" else np.exp(d - L)
        ref[np.isnan(x) | (x == np.inf)] = np.nan          # a +inf entry: NaN row
    kind = actcore.fast.MAX_ERROR[name[len("fast_"):]][0]
    return _registry.fast_error(got, ref, kind).max(axis=1)


def sweep_chunk(job):
    """(start, count, step, names, fast, param) -> {name: (max error, worst x bits)}."""
    start, count, step, names, fast, param = job
    bits = np.arange(start, start + count * step, step, dtype=np.uint64)
    x = bits[bits < (1 << 32)].astype(np.uint32).view(np.float32)
    out = {}
    for spec in specs(names, fast):
        a = spec.activation
        params = [np.float32(param.get(p.name, p.default)) for p in a.params]
        got = getattr(actcore.ufuncs, spec.name)(x, *params)
        ref = spec.reference(x, *params)
        if fast:
            err = _registry.fast_error(got, ref, a.fast.kind)
        else:
            err = ulp_error(got, np.asarray(ref, dtype=np.float64))
        i = int(np.argmax(err))
        out[spec.name] = (float(err[i]), int(x[i:i + 1].view(np.uint32)[0]))
    for name in axiswise_names(names, fast):
        err = axiswise_fast_error(name, x)
        i = int(np.argmax(err))
        out[name] = (float(err[i]), int(x[i:i + 1].view(np.uint32)[0]))
    return out


def axiswise_names(names, fast):
    if not fast:
        return []
    return [n for n in AXISWISE_FAST if names is None or n in fast_names(names)]


def fast_names(names):
    return [n if n.startswith("fast_") else f"fast_{n}" for n in names]


def parse_param(text):
    """'beta=1.5,alpha=0.5' -> {'beta': 1.5, 'alpha': 0.5}; names must be parameters"""
    known = {p.name for a in _registry.ACTIVATIONS for p in a.params}
    out = {}
    for item in filter(None, text.split(",")):
        name, sep, value = item.partition("=")
        if not sep or name not in known:
            raise SystemExit(f"--param: expected NAME=VALUE with NAME one of {', '.join(sorted(known))}, "
                             f"got {item!r}")
        out[name] = float(value)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--functions", help="comma-separated ufunc names (forward or _grad)")
    p.add_argument("--step", type=int, default=1, help="sample every Nth bit pattern")
    p.add_argument("--processes", type=int, default=None)
    p.add_argument("--chunk", type=int, default=22, help="log2 of patterns per job")
    p.add_argument("--fast", action="store_true", help="the actcore.fast kernels")
    p.add_argument("--param", default="", help="NAME=VALUE[,NAME=VALUE]: parameters by name "
                   "in place of their defaults")
    args = p.parse_args()
    names = args.functions.split(",") if args.functions else None
    param = parse_param(args.param)
    chosen = specs(names, args.fast)
    # (name, bound, kind): kind None for ULP
    rows = [(s.name, s.activation.fast.bound, s.activation.fast.kind) if args.fast
            else (s.name, s.ulp, None) for s in chosen]
    rows += [(n, actcore.fast.MAX_ERROR[n[5:]][1], actcore.fast.MAX_ERROR[n[5:]][0])
             for n in axiswise_names(names, args.fast)]
    total = -(-(1 << 32) // args.step)
    per = 1 << args.chunk
    jobs = [(k * per * args.step, per, args.step, names, args.fast, param)
            for k in range(-(-total // per))]
    procs = args.processes or len(os.sched_getaffinity(0))
    print(f"{len(rows)} functions, {total} inputs each (step {args.step}), "
          f"{len(jobs)} chunks on {procs} processes, ISA {actcore.config()['isa_selected']}"
          + "".join(f", {k} = {v}" for k, v in param.items()), flush=True)
    best = {name: (0.0, 0) for name, _, _ in rows}
    t0 = time.perf_counter()
    import multiprocessing as mp
    with mp.get_context("fork").Pool(procs) as pool:
        for res in pool.imap_unordered(sweep_chunk, jobs):
            for name, (err, xb) in res.items():
                if err > best[name][0] or (err == best[name][0] and best[name][1] == 0):
                    best[name] = (err, xb)
    failed = False
    for name, bound, kind in rows:
        err, xb = best[name]
        x = np.array([xb], dtype=np.uint32).view(np.float32)[0]
        flag = "" if err <= bound else f"  EXCEEDS {bound:g}"
        if kind:
            where = f"at x = {x!r:<28} ({xb:#010x})" if err else "(exact everywhere)"
            print(f"{name:<22} {kind} max {err:.3e} (bound {bound:g}) {where}{flag}")
        else:
            where = f"at x = {x!r:<28} ({xb:#010x})" if err else "(none off: every input rounds alike)"
            print(f"{name:<22} max {err:8.4f} ULP {where}{flag}")
        failed |= bool(flag)
    print(f"{time.perf_counter() - t0:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
