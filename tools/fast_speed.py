"""Speed table of actcore.fast: ns/element against the accurate function, PyTorch and ONNX Runtime.

One thread everywhere, float32 uniform(-8, 8) input (--data: the others of
actcore.bench.DATA), out= given to actcore (torch and ORT are called as in
actcore/_peers.py); medians of repeated batches (actcore.bench.time_call),
interleaved so that load from other jobs hits every column alike.  Ratios are
other / fast (> 1: fast is faster).

    python tools/fast_speed.py                          # 4K, 256K, 4M, 32M
    python tools/fast_speed.py --sizes 256K --functions sigmoid,gelu
    python tools/fast_speed.py --sizes 256K --functions sigmoid --data normal3
    python tools/fast_speed.py --baseline               # also ACTCORE_ISA=baseline (accurate/fast)
"""

import argparse
import os
import subprocess
import sys

os.environ.setdefault("ACTCORE_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import actcore  # noqa: E402
from actcore import _peers, _registry  # noqa: E402
from actcore.bench import DATA, ns_per_element, sample  # noqa: E402

SIZES = ("4K", "256K", "4M", "32M")   # the default; any "<n>K" or "<n>M"
PEER_NAME = {"swish": "silu"}          # swish(beta=1) is silu for the peers


def elements(label):
    """4K -> 4096, 1M -> 1048576"""
    return int(label[:-1]) << {"K": 10, "M": 20}[label[-1].upper()]


def ns(fn, n, repeats):
    return ns_per_element(fn, n, repeats, batch_seconds=0.05)


def measure(names, sizes, repeats, peers=True, data="uniform8"):
    rows = []
    rng = np.random.default_rng(0)
    for label in sizes:
        n = elements(label)
        x = sample(rng, n, data)
        out = np.empty_like(x)
        for name in names:
            a = _registry.BY_NAME[name]
            params = [np.float32(p.default) for p in a.params]
            fast = getattr(actcore.ufuncs, f"fast_{name}")
            acc = getattr(actcore.ufuncs, name)
            cols = {"fast": lambda: fast(x, *params, out=out),
                    "accurate": lambda: acc(x, *params, out=out)}
            if peers:
                peer = PEER_NAME.get(name, name)
                t = _peers.torch_callable(peer, x, out, 1)
                o = _peers.onnx_callable(peer, x, 1, out)
                if t:
                    cols["torch"] = t
                if o:
                    cols["ort"] = o
            res = {k: [] for k in cols}
            for _ in range(3):                       # interleave the columns
                for k, fn in cols.items():
                    res[k].append(ns(fn, n, repeats))
            rows.append((name, label, {k: float(np.median(v)) for k, v in res.items()}))
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--functions", default=",".join(  # the elementwise ones (softmax: softmax_speed.py)
        a.name for a in _registry.ACTIVATIONS if a.fast is not None))
    p.add_argument("--sizes", default=",".join(SIZES))
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--baseline", action="store_true",
                   help="also run the accurate/fast ratio with ACTCORE_ISA=baseline")
    p.add_argument("--no-peers", action="store_true")
    p.add_argument("--data", choices=list(DATA), default="uniform8")
    args = p.parse_args()
    names = args.functions.split(",")
    sizes = args.sizes.split(",")
    actcore.set_num_threads(1)
    rows = measure(names, sizes, args.repeats, peers=not args.no_peers, data=args.data)
    isa = actcore.config()["isa_selected"]
    print(f"ISA {isa}, 1 thread, float32 {args.data}, ns/element (medians); "
          "ratios = other / fast")
    print(f"{'function':<10}{'size':>5} {'fast':>7} {'accurate':>9} {'torch':>7} {'ort':>7}"
          f" {'acc/fast':>9} {'torch/f':>8} {'ort/f':>7}")
    for name, label, r in rows:
        f = r["fast"]
        cells = [r.get(k, float("nan")) for k in ("accurate", "torch", "ort")]
        print(f"{name:<10}{label:>5} {f:7.3f} {cells[0]:9.3f} {cells[1]:7.3f} {cells[2]:7.3f}"
              f" {cells[0] / f:8.2f}x {cells[1] / f:7.2f}x {cells[2] / f:6.2f}x", flush=True)
    if args.baseline:
        env = dict(os.environ, ACTCORE_ISA="baseline")
        subprocess.run([sys.executable, __file__, "--functions", args.functions,
                        "--sizes", args.sizes, "--repeats", str(args.repeats), "--no-peers",
                        "--data", args.data],
                       env=env, check=True)


if __name__ == "__main__":
    main()
