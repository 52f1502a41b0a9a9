"""Speed of the exp-based smooth functions against their NumPy/SciPy idiom and PyTorch.

One thread (actcore and torch), float32 uniform(-8, 8) input, out= given to
actcore and torch; ns/element, median of repeated batches (actcore.bench.time_call).
Ratios: idiom / actcore (target >= 4) and torch / actcore.

    python tools/smooth_speed.py                 # 256K and 4M
    python tools/smooth_speed.py --functions gelu,silu --repeats 11
"""

import argparse

import numpy as np

import actcore
from actcore import _registry
from actcore.bench import time_call

try:
    import torch
    F = torch.nn.functional
except ImportError:             # PyTorch is an optional peer
    torch = None

SMOOTH = ["exp", "expm1", "log1p", "erf", "erfc", "elu", "selu", "celu", "softplus",
          "silu", "swish", "mish", "gelu", "gelu_tanh"]
SIZES = {"256K": 256 * 1024, "4M": 4 * 1024 * 1024}

TORCH = {} if torch is None else {
    "exp": lambda t, o: torch.exp(t, out=o),
    "expm1": lambda t, o: torch.expm1(t, out=o),
    "log1p": lambda t, o: torch.log1p(t, out=o),
    "erf": lambda t, o: torch.special.erf(t, out=o),
    "erfc": lambda t, o: torch.special.erfc(t, out=o),
    "elu": lambda t, o: F.elu(t),
    "selu": lambda t, o: F.selu(t),
    "celu": lambda t, o: F.celu(t),
    "softplus": lambda t, o: F.softplus(t),
    "silu": lambda t, o: F.silu(t),
    "swish": lambda t, o: t * torch.sigmoid(t),
    "mish": lambda t, o: F.mish(t),
    "gelu": lambda t, o: F.gelu(t, approximate="none"),
    "gelu_tanh": lambda t, o: F.gelu(t, approximate="tanh"),
}


def ns(fn, n, repeats):
    return 1e9 * time_call(fn, repeats=repeats)[0] / n


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--functions", default=",".join(SMOOTH))
    p.add_argument("--repeats", type=int, default=9)
    args = p.parse_args()
    actcore.set_num_threads(1)
    if torch is not None:
        torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    print(f"ISA {actcore.config()['isa_selected']}, 1 thread, float32, ns/element (medians)")
    print(f"{'function':<11}{'size':>5} {'actcore':>8} {'idiom':>8} {'torch':>8}"
          f" {'idiom/ac':>9} {'torch/ac':>9}")
    for label, n in SIZES.items():
        x = rng.uniform(-8, 8, n).astype(np.float32)
        out = np.empty_like(x)
        copy = ns(lambda: np.copyto(out, x), n, args.repeats)
        print(f"{'copy':<11}{label:>5} {copy:8.3f}")
        tx, tout = (torch.from_numpy(x), torch.from_numpy(out)) if torch else (None, None)
        for name in args.functions.split(","):
            a = _registry.BY_NAME[name]
            uf = getattr(actcore.ufuncs, name)
            params = [np.float32(q.default) for q in a.params]
            t_ac = ns(lambda: uf(x, *params, out=out), n, args.repeats)
            with np.errstate(all="ignore"):
                t_id = ns(lambda: a.idiom(x, *params), n, args.repeats)
            t_to = ns(lambda: TORCH[name](tx, tout), n, args.repeats) if name in TORCH \
                else float("nan")
            print(f"{name:<11}{label:>5} {t_ac:8.3f} {t_id:8.3f} {t_to:8.3f}"
                  f" {t_id / t_ac:8.1f}x {t_to / t_ac:8.2f}x", flush=True)


if __name__ == "__main__":
    main()
