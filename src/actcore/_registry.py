"""The one table of elementwise functions.

Each :class:`Activation` row drives everything built per function: the three
ufuncs (forward, ``_grad``, ``_backward``), the keyword wrappers of parametric
functions, the docstrings, the tests' float64 references, the benchmarks'
NumPy idioms and the parallel threshold.  Adding a function is one row here
plus its scalar math in ``_kernels/functions.h``.

References are float64 NumPy formulations chosen independently of the kernels
(``logaddexp``, ``cosh``...) so a test compares two different computations.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Param:
    name: str
    default: float
    doc: str


@dataclass(frozen=True)
class Fast:
    """The fast approximate kernel of an activation (``actcore.fast.<name>``).

    kind 'rel': |got - ref| / max(|ref|, FLT_MIN) <= bound (relative error,
    with subnormal results measured against the smallest normal, 2^-126).
    kind 'abs': |got - ref| / max(|ref|, 1) <= bound (absolute error where
    |ref| < 1, relative above).  ref is the float64 reference; float32 input.
    """
    kind: str
    bound: float
    method: str
    cost_ns: float = 0.2              # serial ns/element (AVX-512, in L2), tools/tune_threshold.py
    params_note: str = ""             # when the bound depends on the parameters


@dataclass(frozen=True)
class Activation:
    name: str
    group: str
    summary: str
    formula: str                      # forward formula, for docs
    grad_formula: str                 # derivative formula, for docs
    reference: Callable               # float64 reference f(x, *params)
    grad_reference: Callable          # float64 reference f'(x, *params)
    idiom: Callable                   # the NumPy expression people write today
    cost_ns: float                    # serial ns/element (AVX-512, in L2), tools/tune_threshold.py
    params: tuple[Param, ...] = ()
    backward_input: str = "x"         # 'y': backward takes the forward output
    grad_from_output: Callable | None = None  # f' as a function of y = f(x), for 'y'
    ulp: float = 1.0                  # float32 max error, ULP, all 2^32 inputs
    grad_ulp: float = 1.0
    method: str = ""                  # how the float32 kernel computes it
    derivatives: bool = True          # False: no _grad/_backward ufuncs (exp, erf, ...)
    ulp64: float = 64                 # float64 test bound against the float64 reference
    fast: Fast | None = None          # the actcore.fast kernel fast_<name>, if any
    # (other, p): with its one parameter broadcast and equal to p this function
    # is `other` (swish at beta = 1 is silu), and other's faster kernels run
    same_as: tuple[str, float] | None = None

    @property
    def nparams(self):
        return len(self.params)


# ------------------------------------------------------------ float64 references

def _sigmoid(x):
    return np.exp(-np.logaddexp(0.0, -x))


def _relu6(x):
    return np.minimum(np.maximum(x, 0.0), 6.0)


def _inside(x, lo, hi):
    """1.0 strictly inside (lo, hi), 0.0 outside, NaN for NaN."""
    return np.where(np.isnan(x), np.nan, ((x > lo) & (x < hi)).astype(np.float64))


def _relu_grad(x):
    return np.where(np.isnan(x), np.nan, (x > 0).astype(np.float64))


def _hard_swish(x):
    x = np.asarray(x, dtype=np.float64)
    y = np.where(x <= -3, 0.0, x * _relu6(x + 3.0) / 6.0)
    # y = x/2 + x^2/6 lies above x/2, which float64 returns where x^2/6 is
    # below its ulp (x/2 is a float32 midpoint for x an odd multiple of 2^-149)
    tiny = (np.abs(x) < 2.0 ** -60) & (x != 0)
    return np.where(tiny, np.nextafter(x / 2, np.inf), y)


def _softsign(x):
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        y = np.where(np.isinf(x), np.sign(x), x / (1.0 + np.abs(x)))
    # a float32 midpoint in float64 would round twice: there (x = +-0x1.17022cp-7
    # among all float32) the next double towards the exact quotient
    mid = (np.atleast_1d(y).view(np.uint64) & 0x1FFFFFFF) == 0x10000000
    for i in np.flatnonzero(mid):
        xi, yi = float(np.ravel(x)[i]), float(np.ravel(y)[i])
        exact = Fraction(xi) / (1 + abs(Fraction(xi)))
        if exact != yi:
            np.ravel(y)[i] = np.nextafter(yi, np.inf if exact > yi else -np.inf)
    return y


def _hard_swish_grad(x):
    return np.where(x < -3, 0.0, np.where(x > 3, 1.0, (2.0 * x + 3.0) / 6.0))


# The exp-based smooth functions.  scipy.special is imported inside the
# functions that use it: only tests, benchmarks and tools call them.

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _erf(x):
    from scipy.special import erf
    return erf(x)


def _gauss_tail(x, t_min, f, scale=1.0):
    """f(v, e^-v^2) for t_min < |x| < 40 in long double (0 beyond): the
    Gaussian tails, where scipy's erfc and ndtr lose accuracy or flush the
    subnormal results to 0."""
    x = np.asarray(x, dtype=np.float64)
    out = np.zeros(x.shape)
    tail = np.abs(x) * scale > t_min
    inner = tail & (np.abs(x) * scale < 40.0)
    if np.any(inner):
        v = x[inner].astype(np.longdouble) * np.longdouble(scale)
        out[inner] = f(v, np.exp(-v * v)).astype(np.float64)
    return tail, out


def _erfc(x):
    from scipy.special import erfc, erfcx
    tail, out = _gauss_tail(x, 5.0, lambda v, e: e * erfcx(np.abs(v).astype(np.float64)))
    return np.where(tail & (x > 0), out, erfc(x))


def _ndtr(x):
    from scipy.special import ndtr
    return ndtr(x)


def _gelu(x):
    from scipy.special import erfcx
    s2 = np.sqrt(np.longdouble(2))
    tail, out = _gauss_tail(x, 5.0, lambda v, e: (
        v * s2 * 0.5 * e * erfcx(np.abs(v).astype(np.float64))), scale=1 / s2)
    return np.where(tail & (x < 0), out, _times(x, _ndtr(x)))


def _times(x, f):
    """x * f with x -> +-inf where f -> 0 faster giving 0, not inf * 0."""
    return np.where(np.isinf(x) & (f == 0), 0.0, x * f)


def _near_zero(x, value, x0, exact):
    """value, with the points near a zero x0 of the function recomputed with
    mpmath: there a difference of two float64 terms loses digits.  Within
    2^-14 of x0 that matters at float32 precision; within 2^-6 at float64
    precision (done for small inputs only: mpmath is slow)."""
    d = np.abs(x - x0)
    near = d < (2.0 ** -6 if np.size(x) <= 100_000 else 2.0 ** -14)
    if np.any(near):
        import mpmath
        value = np.array(value, dtype=np.float64, copy=True)
        with mpmath.workdps(40):
            value[near] = [float(exact(mpmath.mpf(float(v)))) for v in x[near]]
    return value


def _mp_sigmoid(z):
    import mpmath
    return 1 / (1 + mpmath.exp(-z))


def _silu_grad(z):
    s, sm = _sigmoid(z), _sigmoid(-z)
    g = np.where(np.isinf(z), np.where(z > 0, 1.0, 0.0), s * (1.0 + z * sm))
    return _near_zero(z, g, -1.2784645427610738,
                      lambda v: _mp_sigmoid(v) * (1 + v * _mp_sigmoid(-v)))


def _mish(x):
    return _times(x, np.tanh(np.logaddexp(0.0, x)))


def _mish_grad(x):
    sp = np.logaddexp(0.0, x)
    g = np.tanh(sp) + _times(x, _sigmoid(x) / np.cosh(sp) ** 2)

    def exact(v):
        import mpmath
        sp = mpmath.log1p(mpmath.exp(v))
        return mpmath.tanh(sp) + v * _mp_sigmoid(v) / mpmath.cosh(sp) ** 2
    return _near_zero(x, g, -1.1924312145154952, exact)


def _gelu_grad(x):
    from scipy.special import erfcx
    s2 = np.sqrt(np.longdouble(2))
    tail, out = _gauss_tail(x, 5.0, lambda v, e: e * (
        0.5 * erfcx(np.abs(v).astype(np.float64)) + v * s2 / np.sqrt(2 * np.pi)), scale=1 / s2)
    g = _ndtr(x) + _times(x, np.exp(-0.5 * x * x) / np.sqrt(2.0 * np.pi))
    g = np.where(tail & (x < 0), out, g)

    def exact(v):
        import mpmath
        return mpmath.ncdf(v) + v * mpmath.npdf(v)
    return _near_zero(x, g, -0.7517915246935645, exact)


_LD_PI = np.longdouble("3.14159265358979323846264338327950288")


def _gelu_tanh_sigmoids(x):
    """(x, s(v), s(-v), v') of gelu_tanh in long double (no overflow for any
    float64 x), v = 2 sqrt(2/pi) (x + 0.044715 x^3) with both constants to
    long double: below x ~ -3 s(v) ~ e^v turns v's rounding (|v| 2^-53 in
    double) into relative error, 1e-14 at x = -21."""
    k2 = 2 * np.sqrt(2 / _LD_PI)
    c = np.longdouble("0.044715")
    xl = np.asarray(x, dtype=np.float64).astype(np.longdouble)
    with np.errstate(invalid="ignore"):
        v = k2 * (xl + c * xl ** 3)
        e = np.exp(-np.abs(v))
        r = 1 / (1 + e)
        return xl, np.where(v >= 0, r, e * r), np.where(v >= 0, e * r, r), k2 * (1 + 3 * c * xl * xl)


def _gelu_tanh(x):
    xl, s, _, _ = _gelu_tanh_sigmoids(x)
    y = (xl * s).astype(np.float64)
    return np.where(np.isinf(x), np.where(x > 0, x, -0.0), y)


def _gelu_tanh_grad(x):
    xl, s, sm, dv = _gelu_tanh_sigmoids(x)
    with np.errstate(invalid="ignore"):
        g = (s + xl * dv * (s * sm)).astype(np.float64)
    g = np.where(np.isinf(x), np.where(x > 0, 1.0, 0.0), g)

    def exact(u):
        import mpmath
        c, a = mpmath.sqrt(2 / mpmath.pi), mpmath.mpf("0.044715")
        w = 2 * c * (u + a * u ** 3)
        return (_mp_sigmoid(w)
                + u * 2 * c * (1 + 3 * a * u * u) * _mp_sigmoid(w) * _mp_sigmoid(-w))
    return _near_zero(x, g, -0.7524614220710163, exact)


def _softplus(x, beta, threshold):
    z = x * beta
    return np.where(z > threshold, x, np.logaddexp(0.0, z) / beta)


def _elu(x, alpha, scale=1.0):
    return np.where(x > 0, scale * x, scale * alpha * np.expm1(x))


def _elu_grad(x, alpha, scale=1.0):
    return np.where(x > 0, scale, scale * alpha * np.exp(x))


def _idiom_erf(x):
    import scipy.special
    return scipy.special.erf(x)


def _idiom_erfc(x):
    import scipy.special
    return scipy.special.erfc(x)


def _idiom_gelu(x):
    import scipy.special
    return 0.5 * x * (1 + scipy.special.erf(x / np.sqrt(2)))


# ------------------------------------------------------------------- the table

ACTIVATIONS: tuple[Activation, ...] = (
    Activation(
        name="relu", group="ReLU family", summary="Rectified linear unit.",
        formula="relu(x) = max(x, 0)", grad_formula="relu'(x) = 1 if x > 0 else 0",
        reference=lambda x: np.maximum(x, 0.0), grad_reference=_relu_grad,
        idiom=lambda x: np.maximum(x, 0), cost_ns=0.086, ulp=0, grad_ulp=0,
        method="a select; exact"),
    Activation(
        name="relu6", group="ReLU family", summary="ReLU clipped at 6.",
        formula="relu6(x) = min(max(x, 0), 6)",
        grad_formula="relu6'(x) = 1 if 0 < x < 6 else 0",
        reference=_relu6, grad_reference=lambda x: _inside(x, 0.0, 6.0),
        idiom=lambda x: np.clip(x, 0, 6), cost_ns=0.105, ulp=0, grad_ulp=0,
        method="selects; exact"),
    Activation(
        name="leaky_relu", group="ReLU family", summary="Leaky ReLU.",
        formula="leaky_relu(x, s) = x if x >= 0 else s * x",
        grad_formula="leaky_relu'(x, s) = 1 if x > 0 else s",
        params=(Param("negative_slope", 0.01, "slope for x < 0"),),
        reference=lambda x, s: np.where(x < 0, x * s, x),
        grad_reference=lambda x, s: np.where(np.isnan(x), np.nan, np.where(x > 0, 1.0, s)),
        idiom=lambda x, s: np.where(x > 0, x, x * s), cost_ns=0.095, ulp=0.5, grad_ulp=0,
        method="a select and one product; correctly rounded"),
    Activation(
        name="hard_sigmoid", group="sigmoid family",
        summary="Piecewise-linear sigmoid (PyTorch's hardsigmoid).",
        formula="hard_sigmoid(x) = relu6(x + 3) / 6",
        grad_formula="hard_sigmoid'(x) = 1/6 if -3 < x < 3 else 0",
        reference=lambda x: _relu6(x + 3.0) / 6.0,
        grad_reference=lambda x: _inside(x, -3.0, 3.0) / 6.0,
        idiom=lambda x: np.clip(x / 6 + 0.5, 0, 1), cost_ns=0.133, ulp=1, grad_ulp=0.5,
        method="x + 3 then one division; faithfully rounded"),
    Activation(
        name="hard_tanh", group="sigmoid family", summary="tanh clipped to a line.",
        formula="hard_tanh(x) = min(max(x, -1), 1)",
        grad_formula="hard_tanh'(x) = 1 if -1 < x < 1 else 0",
        reference=lambda x: np.minimum(np.maximum(x, -1.0), 1.0),
        grad_reference=lambda x: _inside(x, -1.0, 1.0),
        idiom=lambda x: np.clip(x, -1, 1), cost_ns=0.104, ulp=0, grad_ulp=0,
        method="selects; exact"),
    Activation(
        name="hard_swish", group="smooth", summary="Hard swish (MobileNetV3).",
        formula="hard_swish(x) = x * relu6(x + 3) / 6",
        grad_formula="hard_swish'(x) = 0 if x < -3, 1 if x > 3, else (2x + 3) / 6",
        reference=_hard_swish,
        grad_reference=_hard_swish_grad,
        idiom=lambda x: x * np.clip(x + 3, 0, 6) / 6, cost_ns=0.248, ulp=0.5, grad_ulp=1,
        method="evaluated in float64 and rounded once; correctly rounded over all 2^32 "
               "(tools/rational_exact.c)"),
    Activation(
        name="softsign", group="sigmoid family", summary="Softsign.",
        formula="softsign(x) = x / (1 + |x|)",
        grad_formula="softsign'(x) = 1 / (1 + |x|)^2",
        reference=_softsign,
        grad_reference=lambda x: (1.0 / (1.0 + np.abs(x))) ** 2,
        idiom=lambda x: x / (1 + np.abs(x)), cost_ns=0.34, ulp=0.5, grad_ulp=0.5,
        method="evaluated in float64 and rounded once; correctly rounded over all 2^32 on "
               "AVX-512 (a quotient on a float midpoint moves towards the exact one), 1 ulp "
               "off at x = +-0x1.17022cp-7 on AVX2 and the baseline (tools/rational_exact.c)"),
    Activation(
        name="sigmoid", group="sigmoid family", summary="Logistic sigmoid.",
        formula="sigmoid(x) = 1 / (1 + exp(-x))",
        grad_formula="sigmoid'(x) = sigmoid(x) * sigmoid(-x)",
        reference=_sigmoid,
        grad_reference=lambda x: _sigmoid(x) * _sigmoid(-x),
        idiom=lambda x: 1 / (1 + np.exp(-x)), cost_ns=0.33,
        backward_input="y", grad_from_output=lambda y: y * (1.0 - y),
        ulp=1, grad_ulp=1,
        method="e = exp(-|x|); e / (1 + e) reflected for x > 0",
        fast=Fast("rel", 5e-7, "e = exp(-|x|) (degree-5 polynomial); 1/(1 + e) or e/(1 + e), one division", cost_ns=0.259)),
    Activation(
        name="log_sigmoid", group="sigmoid family", summary="Log of the sigmoid.",
        formula="log_sigmoid(x) = -log(1 + exp(-x))",
        grad_formula="log_sigmoid'(x) = sigmoid(-x)",
        reference=lambda x: -np.logaddexp(0.0, -x),
        grad_reference=lambda x: _sigmoid(-x),
        idiom=lambda x: -np.logaddexp(0, -x), cost_ns=0.36,
        ulp=1, grad_ulp=1,
        method="min(x, 0) - log1p(exp(-|x|)); on AVX-512 log1p(exp(-t)) below |x| = 16 from 32 degree-6 pieces (vpermt2ps), no exp"),
    Activation(
        name="tanh", group="sigmoid family", summary="Hyperbolic tangent.",
        formula="tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))",
        grad_formula="tanh'(x) = 1 - tanh(x)^2 = 1 / cosh(x)^2",
        reference=np.tanh, grad_reference=lambda x: 1.0 / np.cosh(x) ** 2,
        idiom=np.tanh, cost_ns=0.30, ulp=1, grad_ulp=1,
        backward_input="y", grad_from_output=lambda y: (1.0 - y) * (1.0 + y),
        method="AVX-512: |x| + |x|^3 P(x^2) below 0.5, above one of 31 degree-5 polynomial pieces (8 per binade, picked per lane by vpermt2ps) up to 9.1, where tanh rounds to 1; elsewhere expm1(-2|x|) / (2 + expm1(-2|x|)); the sign restored",
        fast=Fast("rel", 1e-6, "AVX-512: one of 16 degree-5 polynomial pieces in |x| (picked per lane by vpermps), the last the constant 1 from 7.54; elsewhere the odd 13/6 rational c P(c^2)/Q(c^2) (Eigen's coefficients), |x| clamped where it rounds to 1 exactly (7.932 with FMA), one division", cost_ns=0.22)),
    Activation(
        name="exp", group="math", summary="Exponential (float32 kernel of the activations).",
        formula="exp(x) = e^x", grad_formula="",
        reference=np.exp, grad_reference=None, idiom=np.exp, cost_ns=0.178,
        ulp=1, grad_ulp=0, derivatives=False,
        method="Cody-Waite reduction, degree-6 polynomial, 2^n applied with one rounding (vscalefps on AVX-512, two normal factors elsewhere)",
        fast=Fast("rel", 5e-6, "x clamped to [-104, 88.8], one-step reduction with ln2 rounded to float (FMA targets), degree-4 minimax polynomial, 2^n applied with one rounding (vscalefps on AVX-512, two normal factors elsewhere)", cost_ns=0.124)),
    Activation(
        name="expm1", group="math", summary="exp(x) - 1 without cancellation near 0.",
        formula="expm1(x) = e^x - 1", grad_formula="",
        reference=np.expm1, grad_reference=None, idiom=np.expm1, cost_ns=0.31,
        ulp=1, grad_ulp=0, derivatives=False,
        method="2^n (e^r - 1) + (2^n - 1), e^r - 1 as hi + lo, the sum's rounding error kept (AVX-512's explicit loop: not kept, 1.007 ulp before the last rounding, 15% faster)"),
    Activation(
        name="log1p", group="math", summary="log(1 + x) without cancellation near 0.",
        formula="log1p(x) = log(1 + x)", grad_formula="",
        reference=np.log1p, grad_reference=None, idiom=np.log1p, cost_ns=0.43,
        ulp=1, grad_ulp=0, derivatives=False,
        method="1 + x with its rounding error, then an atanh series for log"),
    Activation(
        name="erf", group="math", summary="Error function.",
        formula="erf(x) = 2/sqrt(pi) * integral_0^x exp(-t^2) dt", grad_formula="",
        reference=_erf, grad_reference=None, idiom=_idiom_erf, cost_ns=0.44,
        ulp=1, grad_ulp=0, derivatives=False,
        method="FMA targets: float32, x * S(x^2) below 0.875, erf as polynomials in |x| - centre up to 3.84 (then +-1): two pieces on AVX2, 16 degree-5 pieces picked per lane by vpermps on AVX-512; baseline: x * S(x^2) for |x| < 0.5, else 1 - erfc(|x|) in float64, rounded once"),
    Activation(
        name="erfc", group="math", summary="Complementary error function.",
        formula="erfc(x) = 1 - erf(x)", grad_formula="",
        reference=_erfc, grad_reference=None, idiom=_idiom_erfc, cost_ns=0.55,
        ulp=1, grad_ulp=0, derivatives=False,
        method="AVX-512: exp(-x^2) erfcx(x) in float32, -x^2 split exactly, erfcx one of 16 degree-7 polynomial pieces picked per lane by vpermps, hi + lo products; elsewhere exp(-x^2) * P((x - 2.5)/(x + 2.5)) in float64; 2 - erfc(-x) for x < 0"),
    Activation(
        name="elu", group="ReLU family", summary="Exponential linear unit.",
        formula="elu(x, a) = x if x > 0 else a * expm1(x)",
        grad_formula="elu'(x, a) = 1 if x > 0 else a * exp(x)",
        params=(Param("alpha", 1.0, "value approached for x -> -inf is -alpha"),),
        reference=_elu, grad_reference=_elu_grad,
        idiom=lambda x, a: np.where(x > 0, x, a * np.expm1(x)), cost_ns=0.27,
        ulp=1, grad_ulp=1,
        method="alpha * expm1(x) (never exp(x) - 1) as hi + lo from the FMA exp core, one final rounding (float64 inside on SSE2); alpha = 1 on AVX-512: an explicit loop, expm1(min(x, 0)) in two roundings; other |alpha| <= 2^100 on AVX-512: the same loop with expm1's first rounding error kept",
        fast=Fast("rel", 1e-6, "alpha * expm1(x), expm1 = 2^n r P(r) + (2^n - 1): r P(r) alone when n = 0 (no cancellation); alpha = 1 on AVX-512: the accurate loop (faster)", cost_ns=0.27)),
    Activation(
        name="selu", group="ReLU family", summary="Scaled ELU (self-normalizing networks).",
        formula=f"selu(x) = scale * elu(x, alpha), alpha = {SELU_ALPHA!r}, scale = {SELU_SCALE!r}",
        grad_formula="selu'(x) = scale if x > 0 else scale * alpha * exp(x)",
        reference=lambda x: _elu(x, SELU_ALPHA, SELU_SCALE),
        grad_reference=lambda x: _elu_grad(x, SELU_ALPHA, SELU_SCALE),
        idiom=lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(x)),
        cost_ns=0.35, ulp=1, grad_ulp=1,
        method="scale * x or (scale * alpha) * expm1(x), constants and expm1 as hi + lo, one final rounding (float64 inside on SSE2); on AVX-512: expm1's and exp's loops, (scale * alpha) * expm1 from expm1 in two roundings"),
    Activation(
        name="celu", group="ReLU family", summary="Continuously differentiable ELU.",
        formula="celu(x, a) = max(0, x) + min(0, a * expm1(x / a))",
        grad_formula="celu'(x, a) = 1 if x > 0 else exp(x / a)",
        params=(Param("alpha", 1.0, "value approached for x -> -inf is -alpha"),),
        reference=lambda x, a: np.where(x > 0, x, a * np.expm1(x / a)),   # the formula, -0 kept
        grad_reference=lambda x, a: np.where(x > 0, 1.0, np.exp(x / a)),
        idiom=lambda x, a: np.maximum(0, x) + np.minimum(0, a * np.expm1(x / a)), cost_ns=0.27,
        ulp=1, grad_ulp=1,
        method="alpha * expm1(x / alpha), the division's remainder folded into the exponent, one final rounding (float64 inside on SSE2); on AVX-512 alpha in [2^-20, 2^20] on expm1's and exp's loops",
        same_as=("elu", 1.0)),
    Activation(
        name="softplus", group="smooth", summary="Softplus, with PyTorch's beta and threshold.",
        formula="softplus(x, b, t) = x if b*x > t else log(1 + exp(b*x)) / b",
        grad_formula="softplus'(x, b, t) = 1 if b*x > t else sigmoid(b*x)",
        params=(Param("beta", 1.0, "sharpness"),
                Param("threshold", 20.0, "above beta * x > threshold the result is x")),
        reference=_softplus,
        grad_reference=lambda x, b, t: np.where(x * b > t, 1.0, _sigmoid(x * b)),
        idiom=lambda x, b, t: np.where(x * b > t, x, np.log1p(np.exp(b * x)) / b), cost_ns=0.34,
        ulp=1, grad_ulp=1,
        method="(max(z, 0) + log1p(exp(-|z|))) / beta, z = beta*x as hi + lo, log1p as in log_sigmoid, one final rounding (float64 inside on SSE2); at beta = 1 -log_sigmoid(-x) (on AVX-512 its piece table); on AVX-512 other beta in [2^-20, 2^20] on the same table at beta*x = zh + zl, divided by beta as a product with 1/beta in hi + lo",
        fast=Fast("rel", 1e-6, "max(z, 0) + 2 atanh(e/(2 + e)), e = exp(-|z|), z = beta x, divided by beta; on AVX-512 at beta = 1 the accurate kernel", cost_ns=0.35)),
    Activation(
        name="silu", group="smooth", summary="Sigmoid-weighted linear unit (swish with beta = 1).",
        formula="silu(x) = x * sigmoid(x)",
        grad_formula="silu'(x) = sigmoid(x) * (1 + x * sigmoid(-x))",
        reference=lambda x: _times(x, _sigmoid(x)), grad_reference=_silu_grad,
        idiom=lambda x: x / (1 + np.exp(-x)), cost_ns=0.40, ulp=1, grad_ulp=1,
        method="x * sigmoid(x): the sigmoid quotient kept unrounded (hi + lo) times x with an exact FMA product, rounded once (float32 with FMA; float64 on the baseline)",
        fast=Fast("rel", 1e-6, "x/(1 + e) or x e/(1 + e), e = exp(-|x|), one division", cost_ns=0.318)),
    Activation(
        name="swish", group="smooth", summary="Swish: x * sigmoid(beta * x).",
        formula="swish(x, b) = x * sigmoid(b * x)",
        grad_formula="swish'(x, b) = s + b*x * s * (1 - s), s = sigmoid(b * x)",
        params=(Param("beta", 1.0, "slope of the gate"),),
        reference=lambda x, b: _times(x, _sigmoid(b * x)),
        grad_reference=lambda x, b: _silu_grad(b * x),
        idiom=lambda x, b: x / (1 + np.exp(-b * x)), cost_ns=0.41, ulp=1, grad_ulp=1,
        method="x * sigmoid(beta * x), beta*x split by FMA into the exp core; as silu (float32 with FMA; float64 on the baseline)",
        fast=Fast("rel", 1e-6, "x/(1 + e) or x e/(1 + e), e = exp(-|beta x|), one division", params_note="for beta = 1; otherwise add |beta x| * 2^-24 (beta x is rounded once)", cost_ns=0.324),
        same_as=("silu", 1.0)),
    Activation(
        name="mish", group="smooth", summary="Mish: x * tanh(softplus(x)).",
        formula="mish(x) = x * tanh(log(1 + exp(x)))",
        grad_formula="mish'(x) = tanh(sp) + x * sigmoid(x) / cosh(sp)^2, sp = softplus(x)",
        reference=_mish, grad_reference=_mish_grad,
        idiom=lambda x: x * np.tanh(np.log1p(np.exp(x))), cost_ns=0.33, ulp=1, grad_ulp=1,
        ulp64=256,   # just outside the Taylor patch of the zero of mish' (both cancel)
        method="tanh(log(1 + w)) = w(w + 2)/(w(w + 2) + 2), w = e^x (or e^-x), numerator and denominator as hi + lo, one division (float64 inside on SSE2; the derivative in float64 but on AVX-512); on AVX-512 tanh(softplus(x)) on [-8, 8) from 32 degree-6 pieces (vpermt2ps), no exp, x c0 + x (d P(d)) rounded once, and mish' likewise (degree 7)",
        fast=Fast("rel", 1e-6, "x n/(n + 2), n = w(w + 2), w = e^x (x (1 + 2u)/(1 + 2u + 2u^2), u = e^-x for x > 0), one division; on AVX-512 the accurate kernel", cost_ns=0.35)),
    Activation(
        name="gelu", group="smooth", summary="Gaussian error linear unit (exact, erf form).",
        formula="gelu(x) = x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2)))",
        grad_formula="gelu'(x) = Phi(x) + x * exp(-x^2/2) / sqrt(2 pi)",
        reference=_gelu, grad_reference=_gelu_grad,
        idiom=_idiom_gelu, cost_ns=0.55, ulp=1, grad_ulp=1,
        method="AVX-512: -t Phi(-t) (x < 0) or x - t Phi(-t), t = |x|, Phi(-t) = e^(-t^2/2) R(t) in float32 with hi + lo products, R one of 16 degree-7 polynomial pieces picked per lane by vpermps; elsewhere 0.5 * x * erfc(-x / sqrt(2)) (no cancellation for x < 0), in float64",
        fast=Fast("abs", 1e-6, "AVX-512: x Phi(x), Phi one of 16 degree-5 polynomial pieces on [-6, 6] picked per lane by vpermps; elsewhere x sigmoid(x P(x^2)), x P(x^2) a degree-13 fit of logit(Phi(x)) (one exp, one division), the tail -6 < x < -4 within ~20%; -0 below x = -6 (|gelu| < 6e-9)", cost_ns=0.27)),
    Activation(
        name="gelu_tanh", group="smooth", summary="GELU, tanh approximation.",
        formula="gelu_tanh(x) = 0.5 * x * (1 + tanh(u)), u = sqrt(2/pi) * (x + 0.044715 x^3)",
        grad_formula="gelu_tanh'(x) = s + 2 x u' s (1 - s), s = sigmoid(2u)",
        reference=_gelu_tanh,
        grad_reference=_gelu_tanh_grad,
        idiom=lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3))),
        cost_ns=0.64, ulp=1, grad_ulp=1,
        method="x * sigmoid(2u) (no cancellation), 2u as a double-float into the exp core; as silu (float32 with FMA; float64 on the baseline)",
        fast=Fast("abs", 1e-6, "x sigmoid(2u), 2u = x (a + b x^2) in float32 (its rounding is amplified by |2u| in the tail)", cost_ns=0.41)),
)

BY_NAME = {a.name: a for a in ACTIVATIONS}


# ---------------------------------------------------------------- ufunc specs

@dataclass(frozen=True)
class UfuncSpec:
    """One ufunc to create: the kernel name, its inputs, its cost and its doc."""
    name: str
    activation: Activation
    kind: str        # 'forward', 'grad', 'backward' or 'fast' (actcore.fast.<activation>)
    nin: int
    cost_ns: float
    doc: str

    @property
    def ulp(self):
        """float32 error bound in ULP; backward adds the rounding of dy * f'."""
        a = self.activation
        if self.kind == "fast":
            return float("inf")      # bounded by fast_error, not in ULP
        return {"forward": a.ulp, "grad": a.grad_ulp}.get(self.kind, a.grad_ulp + 1.0)

    @property
    def alias(self):
        """(kernel name, parameter value) that computes this ufunc when its one
        parameter is broadcast and equal to the value, or None."""
        a = self.activation
        if a.same_as is None:
            return None
        other, value = a.same_as
        return self.name.replace(a.name, other, 1), value

    def reference(self, *inputs):
        """float64 reference taking the same inputs as the ufunc."""
        a = self.activation
        with np.errstate(all="ignore"):
            inputs = [np.asarray(v, dtype=np.float64) for v in inputs]
            if self.kind in ("forward", "fast"):
                return a.reference(*inputs)
            if self.kind == "grad":
                return a.grad_reference(*inputs)
            dy, v, *params = inputs
            grad = a.grad_from_output(v) if a.backward_input == "y" else a.grad_reference(v, *params)
            return dy * grad


FLT_MIN = 2.0 ** -126


def fast_error(got, ref64, kind):
    """Elementwise error of a fast kernel as :class:`Fast` defines it.

    'rel': |got - ref| / max(|ref|, FLT_MIN); 'abs': |got - ref| / max(|ref|, 1).
    Equal values (same infinity, NaN and NaN) count 0; a NaN or infinity
    mismatch counts inf.
    """
    got = np.asarray(got).astype(np.float64)
    ref = np.asarray(ref64, dtype=np.float64)
    floor = FLT_MIN if kind == "rel" else 1.0
    with np.errstate(all="ignore"):
        same = (got == ref) | (np.isnan(got) & np.isnan(ref))
        # references beyond the float32 range compare as their float32 rounding
        ref32 = ref.astype(np.float32).astype(np.float64)
        same |= np.isinf(got) & (got == ref32)
        err = np.abs(got - ref) / np.maximum(np.abs(ref), floor)
    err = np.where(same, 0.0, err)
    return np.where(np.isnan(err), np.inf, err)


def fast_bound_text(f):
    what = ("relative error |y - f| / max(|f|, 2^-126)" if f.kind == "rel" else
            "absolute error where |f| < 1, relative above: |y - f| / max(|f|, 1)")
    note = f" ({f.params_note})" if f.params_note else ""
    return f"{what} <= {f.bound:g}{note}"


def _fast_doc(a):
    f = a.fast
    return (f"{a.summary}  Fast approximate version (actcore.fast).\n\n    {a.formula}\n\n"
            f"float32 method: {f.method}; float32 arithmetic only.\n\n"
            f"Maximum error (float32, over all 2^32 inputs, against the float64 "
            f"reference): {fast_bound_text(f)}.  Same edge behaviour as actcore.{a.name} "
            f"(NaN propagates, +-inf give the limits, saturation exact, no floating-point "
            f"warnings).  float64 input runs the accurate float64 kernel; float16 "
            f"computes in float32.\n\n"
            f"Parameters\n----------\nx : array_like\n    Input.\n{_params_doc(a)}"
            f"out, where, casting, dtype, ...\n    As for any NumPy ufunc.\n\n"
            f"Returns\n-------\nndarray\n    float32 for float32 input, float64 for float64, "
            f"float16 for float16.\n")


def _bound(ulp):
    if ulp == 0:
        return "exact"
    if ulp <= 0.5:
        return "correctly rounded (at most 0.5 ULP)"
    return f"at most {ulp:g} ULP"


def _params_doc(a):
    return "".join(f"{p.name} : array_like, default {p.default!r}\n    {p.doc}.\n"
                   for p in a.params)


def _doc(a, kind):
    params = _params_doc(a)
    if kind == "forward":
        head = f"{a.summary}\n\n    {a.formula}\n"
        inputs = f"x : array_like\n    Input.\n{params}"
        bound = a.ulp
    elif kind == "grad":
        head = f"Derivative of {a.name} with respect to its input.\n\n    {a.grad_formula}\n"
        inputs = f"x : array_like\n    Input of the forward function.\n{params}"
        bound = a.grad_ulp
    else:
        which = "y : array_like\n    Output of the forward function." if a.backward_input == "y" \
            else "x : array_like\n    Input of the forward function."
        head = (f"Backward pass of {a.name}: dy * {a.name}'(.), fused in one pass.\n\n"
                f"    {a.grad_formula}\n")
        inputs = f"dy : array_like\n    Upstream gradient.\n{which}\n{params}"
        bound = a.grad_ulp + 1.0
    method = f"\nfloat32 method: {a.method}.\n" if a.method and kind == "forward" else ""
    return (f"{head}{method}\n"
            f"Accuracy (float32, over all 2^32 inputs, against a float64 reference "
            f"rounded to float32): {_bound(bound)}.  float64 uses the same formulation "
            f"on libm; float16 computes in float32.\n\n"
            f"Parameters\n----------\n{inputs}out, where, casting, dtype, ...\n"
            f"    As for any NumPy ufunc.\n\n"
            f"Returns\n-------\nndarray\n    float32 for float32 input, float64 for float64, "
            f"float16 for float16.\n")


def ufunc_specs():
    """Every ufunc the registry asks for, in a stable order.

    The fast kernels are specs of kind 'fast' named fast_<name> (forward only):
    actcore.ufuncs.fast_<name>, exposed as actcore.fast.<name>."""
    specs = []
    for a in ACTIVATIONS:
        n = 1 + a.nparams
        specs.append(UfuncSpec(a.name, a, "forward", n, a.cost_ns, _doc(a, "forward")))
        if a.fast is not None:
            specs.append(UfuncSpec(f"fast_{a.name}", a, "fast", n, a.fast.cost_ns, _fast_doc(a)))
        if not a.derivatives:
            continue
        specs.append(UfuncSpec(f"{a.name}_grad", a, "grad", n, a.cost_ns, _doc(a, "grad")))
        specs.append(UfuncSpec(f"{a.name}_backward", a, "backward", n + 1, a.cost_ns,
                               _doc(a, "backward")))
    return specs
