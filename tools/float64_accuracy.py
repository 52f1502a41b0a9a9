"""Accuracy of the float64 loops against mpmath: max ULP of float64 per function.

The float32 kernels are swept over all 2^32 inputs (tools/accuracy_sweep.py);
the float64 loops cannot be, and the registry's float64 references are
themselves some ULP off (they are NumPy/SciPy formulas, long double in the
Gaussian and gelu_tanh tails).  This script evaluates each smooth function and
derivative at random inputs (uniform on [-40, 40] and [-5, 5], both tails out
to 700) in mpmath at 50 digits, from the mathematical definitions written out
here, and prints the largest distance of actcore's float64 result (and of the
registry's reference) in ulps of the exact value rounded to float64.

    python tools/float64_accuracy.py                     # every function, 1500 inputs each
    python tools/float64_accuracy.py --functions gelu_tanh,gelu_tanh_grad --seed 4
"""

import argparse

import mpmath as mp
import numpy as np

import actcore
from actcore import _registry

mp.mp.dps = 50
_SELU_SCALE = mp.mpf("1.0507009873554804934193349852946")
_SELU_SA = _SELU_SCALE * mp.mpf("1.6732632423543772848170429916717")
_K = mp.sqrt(2 / mp.pi)
_C = mp.mpf("0.044715")


def _sig(v):
    return 1 / (1 + mp.exp(-v))


def _sp(v):
    return mp.log1p(mp.exp(v))


def _gt_v(v):
    return 2 * _K * (v + _C * v ** 3)


# the definitions at the default parameters (softplus: beta 1, threshold 20)
EXACT = {
    "sigmoid": _sig,
    "sigmoid_grad": lambda v: _sig(v) * _sig(-v),
    "log_sigmoid": lambda v: -_sp(-v),
    "log_sigmoid_grad": lambda v: _sig(-v),
    "tanh": mp.tanh,
    "tanh_grad": lambda v: 1 / mp.cosh(v) ** 2,
    "exp": mp.exp,
    "expm1": mp.expm1,
    "log1p": mp.log1p,
    "erf": mp.erf,
    "erfc": mp.erfc,
    "elu": lambda v: v if v > 0 else mp.expm1(v),
    "elu_grad": lambda v: mp.mpf(1) if v > 0 else mp.exp(v),
    "selu": lambda v: _SELU_SCALE * v if v > 0 else _SELU_SA * mp.expm1(v),
    "selu_grad": lambda v: _SELU_SCALE if v > 0 else _SELU_SA * mp.exp(v),
    "softplus": lambda v: v if v > 20 else _sp(v),
    "softplus_grad": lambda v: mp.mpf(1) if v > 20 else _sig(v),
    "silu": lambda v: v * _sig(v),
    "silu_grad": lambda v: _sig(v) * (1 + v * _sig(-v)),
    "mish": lambda v: v * mp.tanh(_sp(v)),
    "mish_grad": lambda v: mp.tanh(_sp(v)) + v * _sig(v) / mp.cosh(_sp(v)) ** 2,
    "gelu": lambda v: v * mp.ncdf(v),
    "gelu_grad": lambda v: mp.ncdf(v) + v * mp.npdf(v),
    "gelu_tanh": lambda v: v * _sig(_gt_v(v)),
    "gelu_tanh_grad": lambda v: (_sig(_gt_v(v)) + v * 2 * _K * (1 + 3 * _C * v * v)
                                 * _sig(_gt_v(v)) * _sig(-_gt_v(v))),
}


def inputs(seed, n):
    rng = np.random.default_rng(seed)
    k = n // 5
    return np.concatenate([rng.uniform(-40, 40, n - 3 * k), rng.uniform(-5, 5, k),
                           -np.geomspace(1e-6, 700, k), np.geomspace(1e-6, 700, k)])


def ulps(got, exact):
    """|got - exact| in ulps of exact rounded to float64 (the subnormal spacing as the floor)"""
    rounded = float(exact)
    return float(abs(mp.mpf(float(got)) - exact) / np.spacing(abs(rounded)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--functions", default=",".join(EXACT))
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--n", type=int, default=1500)
    args = p.parse_args()
    x = inputs(args.seed, args.n)
    print(f"float64, {len(x)} inputs per function (seed {args.seed}), max ULP against mpmath")
    print(f"{'function':<17}{'actcore':>9} {'at x':>12}  {'reference':>9} {'at x':>12}  ulp64")
    for name in args.functions.split(","):
        base = name[:-5] if name.endswith("_grad") else name
        spec = _registry.BY_NAME[base]
        ref_fn = spec.grad_reference if name.endswith("_grad") else spec.reference
        params = [np.float64(q.default) for q in spec.params]
        with np.errstate(all="ignore"):
            got, ref = getattr(actcore, name)(x, *params), ref_fn(x, *params)
        worst_got, worst_ref = (0.0, np.nan), (0.0, np.nan)
        for v, g, r in zip(x, got, ref):
            e = EXACT[name](mp.mpf(float(v)))
            if not isinstance(e, mp.mpf):                   # log1p below -1: NaN
                continue
            worst_got = max(worst_got, (ulps(g, e), v))
            worst_ref = max(worst_ref, (ulps(r, e), v))
        print(f"{name:<17}{worst_got[0]:9.2f} {worst_got[1]:12.5g}  {worst_ref[0]:9.2f} "
              f"{worst_ref[1]:12.5g}  {spec.ulp64}", flush=True)


if __name__ == "__main__":
    main()
