"""Derive the constants of src/actcore/_kernels/math_smooth_f32.h (prints C).

* erfc(t) = exp(-t^2) * P(y), y = (t - K)/(t + K), t in [0, 10.6]: a weighted
  least-squares fit on Chebyshev nodes of the scaled erfc (erfcx), degree 12
  (gelu') and 10 (erf, erfc, gelu);
* erf(x) = 1 - erfc(x) for t in [0.5, 6]: the same form, degree 6, its error
  weighted by erfc/erf (the factor 1 - erfc scales it by) and made minimax by
  Lawson reweighting;
* erf(x) = x * S(x^2) for |x| < 0.5 (same method);
* the double exp cores: e^r = 1 + r + r^2 Q(r) on |r| <= ln2/2, Q minimax for
  the relative error of e^r (Lawson-reweighted least squares), degree 5 (the
  shared act__expm1r_d) and 4 (act__exp6_d of erf, erfc, gelu);
* the float32 e^r = 1 + r P(r) of actcore.fast.exp (actf__exp4 in
  math_fast_f32.h), P of degree 3, the same method, coefficients rounded to
  float32 and the error measured with float32 Horner steps;
* actcore.fast.gelu (act_fast_gelu_f32): logit(Phi(x)) ~ x P(x^2), P of
  degree 6 on [0, 6], least squares with Lawson reweighting against the weight
  of the gate's error in gelu's, |x| Phi (1 - Phi), floored at 1e-6 |x|/6 so
  the tail (|x| in [4, 6]) keeps the gate within ~20%;
* FMA targets, float32 erf: erf(t) = t S(t^2) on [0, 0.875] (relative
  error) and erf(t) itself on [0.875, 2] and [2, 3.84] as polynomials in
  t - centre (absolute error: the result is in [0.78, 1]), Lawson-minimax;
  float coefficients, the constant term as a hi+lo pair;
* AVX-512 tables (vloops_avx512.h): erf on 16 pieces of [0.875, 3.875);
  tanh as t + t u P(u) below 0.5 and 31 pieces (8 per binade) to 9.1, each
  centre chosen so that its tanh is a float32 to 1/256 ulp; actcore.fast's
  tanh on 16 pieces of width 1/1.95 with relative error 6.2e-7; gelu's
  R(t) = e^(t^2/2) Phi(-t) on 32 pieces (8 per binade of t + 2), degree 5,
  and erfc's erfcx(t) on 16 pieces (4 per binade of t + 1), degree 7,
  centres chosen as tanh's; actcore.fast's gelu as x Phi(x),
  Phi on 16 pieces of width 3/4 over [-6, 6], degree 5; the softmax rows'
  2^(j/16) table and the cubic for e^r - 1 on |r| <= ln2/32 (rowloops_avx512.h);
  silu'(-t) on 32 pieces of width 1/2 to 16, degree 7, c1 as hi + lo, the
  pieces at its zero centred there as a hi + lo centre; gelu'(-t) e^(t^2/2)
  on erfc's 16 pieces the same way; gelu_tanh'(-t) e^v as a function of v
  (gelu_tanh's sigmoid argument) on 32 pieces, 4 per binade of v + 1/2;
* the Taylor expansions of silu', mish', gelu' and gelu_tanh' around their one
  zero (mpmath, 40 digits): near a zero the two terms of f' cancel, so there the
  kernels use f'(x) = sum c_k (x - x0)^k with x0 as a double-double.

Needs scipy and mpmath.  Run: python tools/smooth_coefficients.py
"""

import mpmath as mp
import numpy as np
import scipy.special as sp
from numpy.polynomial import Polynomial

mp.mp.dps = 40
K, T, DEG_P, DEG_S = 2.5, 10.6, 12, 5
DEG_P_SHORT = 10              # ACT__ERFC_PS: erf, erfc, gelu (no amplification)
DEG_EXPQ, DEG_EXPQ_SHORT = 5, 4
ROOT_RADIUS = 1 / 64
ROOT_DEG = 9


def fit(x, f, deg):
    p = Polynomial.fit(x, f, deg, w=1 / np.abs(f)).convert()
    return p.coef


def horner(c, x):
    r = np.zeros_like(x) + c[-1]
    for k in c[-2::-1]:
        r = r * x + k
    return r


def erfc_fit(deg=None):
    deg = DEG_P if deg is None else deg
    m = 4000
    ymax = (T - K) / (T + K)
    y = (np.cos(np.pi * (np.arange(m) + 0.5) / m) + 1) / 2 * (ymax + 1) - 1
    c = fit(y, sp.erfcx(K * (1 + y) / (1 - y)), deg)
    t = np.linspace(0, T, 400001)
    err = np.max(np.abs(horner(c, (t - K) / (t + K)) / sp.erfcx(t) - 1))
    return c, err


def erf_big_fit(deg=6, t0=0.5, t1=6.0, iters=100):
    m = 4000
    y0, y1 = (t0 - K) / (t0 + K), (t1 - K) / (t1 + K)
    y = (np.cos(np.pi * (np.arange(m) + 0.5) / m) + 1) / 2 * (y1 - y0) + y0
    t = K * (1 + y) / (1 - y)
    f = sp.erfcx(t)
    W = sp.erfc(t) / sp.erf(t) / f
    V = np.vander(y, deg + 1, increasing=True)
    w = np.ones(m)
    for _ in range(iters):
        sw = np.sqrt(w)
        c = np.linalg.lstsq(V * (W * sw)[:, None], f * W * sw, rcond=None)[0]
        w = w * np.abs(V @ c - f) * W
        w /= w.sum()
    tt = np.linspace(t0, t1, 400001)
    err = np.max(np.abs(horner(c, (tt - K) / (tt + K)) / sp.erfcx(tt) - 1) * sp.erfc(tt) / sp.erf(tt))
    return c, err


def erf_fit():
    m = 2000
    s = (np.cos(np.pi * (np.arange(m) + 0.5) / m) + 1) / 2 * 0.25
    x = np.sqrt(s)
    f = np.where(s > 0, sp.erf(x) / np.where(x > 0, x, 1), 2 / np.sqrt(np.pi))
    c = fit(s, f, DEG_S)
    x = np.linspace(1e-9, 0.5, 200001)
    err = np.max(np.abs(x * horner(c, x * x) / sp.erf(x) - 1))
    return c, err


def lawson(f, V, wt, iters=200):
    """min max |V c - f| wt by Lawson's iteratively reweighted least squares"""
    A, b, w = V * wt[:, None], f * wt, np.ones(len(f))
    for _ in range(iters):
        sw = np.sqrt(w)
        c = np.linalg.lstsq(A * sw[:, None], b * sw, rcond=None)[0]
        e = np.abs(A @ c - b)
        w = w * e
        w /= w.sum()
    return c, e.max()


def exp_fit(deg, iters=40):
    m = 3000
    a = float(mp.log(2) / 2) * 1.0005          # |r| after the FMA rounding of n
    r = np.cos(np.pi * (np.arange(m) + 0.5) / m) * a
    f = np.array([float((mp.exp(mp.mpf(v)) - 1 - v) / mp.mpf(v) ** 2) for v in r])
    wt = r * r / np.exp(r)
    c, _ = lawson(f, np.vander(r, deg + 1, increasing=True), wt, iters)
    rr = np.linspace(-a, a, 20001)
    ref = np.array([float(mp.exp(mp.mpf(v))) for v in rr])
    err = np.max(np.abs((1 + rr + rr * rr * horner(c, rr)) / ref - 1))
    return c, err


def fast_exp_fit(deg=3, iters=60):
    m = 3000
    a = float(mp.log(2) / 2) * 1.0005
    r = np.cos(np.pi * (np.arange(m) + 0.5) / m) * a
    f = np.array([float(mp.expm1(mp.mpf(v)) / mp.mpf(v)) for v in r])
    wt = np.abs(r) / np.exp(r)                 # error of 1 + r P(r) relative to e^r
    c, _ = lawson(f, np.vander(r, deg + 1, increasing=True), wt, iters)
    c32 = c.astype(np.float32)
    rr = np.linspace(-a, a, 200001).astype(np.float32)
    p = np.full_like(rr, c32[-1])
    for k in c32[-2::-1]:                       # float32 FMA Horner steps
        p = (p.astype(np.float64) * rr + k).astype(np.float32)
    q = (rr.astype(np.float64) * p + 1.0).astype(np.float32)
    err = np.max(np.abs(q / np.exp(rr.astype(np.float64)) - 1))
    return c32, err


ERF32_T0, ERF32_TM, ERF32_T1 = 0.875, 2.0, 3.84     # erf rounds to 1 from 3.8325
ERF32_DEG = (6, 9, 10)


GELU_LOGIT_X, GELU_LOGIT_DEG = 6.0, 6


def gelu_logit_fit(iters=300):
    """float32 coefficients of P (constant first) and the abs. error of
    x sigmoid(x P(x^2)) against gelu on [-6, 6], relative above |gelu| = 1"""
    def logit_phi(x):
        return sp.log_ndtr(x) - sp.log_ndtr(-x)
    m, X = 8000, GELU_LOGIT_X
    x = (np.cos(np.pi * (np.arange(m) + 0.5) / m) + 1) / 2 * X
    phi = sp.ndtr(x)
    wt = np.maximum(x * phi * (1 - phi), 1e-6 * x / X)
    V = np.stack([x ** (2 * i + 1) for i in range(GELU_LOGIT_DEG + 1)], 1)
    c, _ = lawson(logit_phi(x), V, wt, iters)
    c = c.astype(np.float32).astype(np.float64)
    xx = np.linspace(-X, X, 200001)
    v = xx * horner(c, xx * xx)
    ref = xx * sp.ndtr(xx)
    err = np.abs(xx / (1 + np.exp(-v)) - ref) / np.maximum(np.abs(ref), 1)
    return c, err.max()


def cheb_nodes(lo, hi, m=4000):
    return (np.cos(np.pi * (np.arange(m) + 0.5) / m) + 1) / 2 * (hi - lo) + lo


def erf32_fits():
    """the three pieces of the FMA float32 erf: (name, centre, coef, error)"""
    ds, d1, d2 = ERF32_DEG
    t = cheb_nodes(1e-4, ERF32_T0)
    f = sp.erf(t) / t
    cs, es = lawson(f, np.vander(t * t, ds + 1, increasing=True), 1 / f)
    out = [("S", 0.0, cs, f"rel. error {es:.2e}")]
    for name, lo, hi, deg in (("M", ERF32_T0, ERF32_TM, d1), ("T", ERF32_TM, ERF32_T1, d2)):
        cen = float(np.float32((lo + hi) / 2))
        t = cheb_nodes(lo, hi)
        c, e = lawson(sp.erf(t), np.vander(t - cen, deg + 1, increasing=True), np.ones(len(t)))
        out.append((name, cen, c, f"abs. error {e * 2 ** 24:.3f} x 2^-24"))
    return out


ERF16_T0, ERF16_W, ERF16_K, ERF16_DEG = 0.875, 0.1875, 16, 5   # [0.875, 3.875): 16 pieces


def erf16_fits():
    """AVX-512 erf (vloops_avx512.h): erf(t) on 16 pieces of width 3/16 from
    0.875, each a degree-5 polynomial in t - centre (Lawson-minimax, absolute
    error; fitted 1e-3 past each end, for lanes whose float index rounds
    across a boundary): (centres, coefficient rows, max error)"""
    cens, rows, err = [], [], 0.0
    for j in range(ERF16_K):
        lo = ERF16_T0 + j * ERF16_W
        cen = lo + ERF16_W / 2                       # exact in float32
        t = cheb_nodes(lo - 1e-3, lo + ERF16_W + 1e-3, 800)
        c, e = lawson(sp.erf(t), np.vander(t - cen, ERF16_DEG + 1, increasing=True),
                      np.ones(len(t)), iters=60)
        cens.append(cen)
        rows.append(c)
        err = max(err, e)
    return cens, rows, err


TANH32_T0, TANH32_T1, TANH32_K, TANH32_DEG = 0.5, 9.1, 32, 5   # tanh rounds to 1 from 9.011


def f32_bits(x):
    return int(np.float32(x).view(np.uint32))


def f32_from_bits(b):
    return float(np.uint32(b).view(np.float32))


def float_valued_centre(f, lo, hi):
    """(c, f(c) in float32): the float32 c in [lo, hi) nearest the middle whose
    f(c) is within 1/256 ulp of a float32, so that a piece expanded around c
    has an exact constant term (f a float64 function)."""
    cand = np.arange(f32_bits(lo), f32_bits(hi), dtype=np.uint32).view(np.float32)
    fv = f(cand.astype(np.float64))
    f32 = fv.astype(np.float32)
    ok = np.flatnonzero(np.abs(fv - f32) < np.abs(np.spacing(f32)).astype(np.float64) / 256)
    k = ok[np.argmin(np.abs(cand[ok] - (lo + hi) / 2))]
    return float(cand[k]), float(f32[k])


def float_valued_centre_signed(f, lo, hi, near_zero=(2 ** -11, 2 ** -9)):
    """float_valued_centre for a piece on either side of 0 (mish, mish'); a
    piece that ends at 0 takes its centre in near_zero (mirrored below 0)."""
    if hi <= 0:
        c, v = float_valued_centre(lambda t: f(-t), *((-hi, -lo) if hi < 0 else near_zero))
        return -c, v
    return float_valued_centre(f, *((lo, hi) if lo > 0 else near_zero))


def tanh32_fits():
    """AVX-512 tanh (vloops_avx512.h): 32 pieces picked per lane by
    vpermt2ps.  Piece 0, t = |x| < 0.5: tanh = t + t u P(u), u = t^2, P of
    degree 4 (Lawson-minimax for the error it makes in tanh, relative).
    Pieces j = 1..31: 8 per binade from 0.5, j = (bits(t) - bits(0.5)) >> 20
    plus 1 (the top 3 mantissa bits), the last one reaching to the clamp
    9.1: tanh(t) as a degree-5 polynomial in t - centre, absolute error
    weighted by 1/ulp (tanh < 0.5 on the first piece).  Each centre is the
    float32 nearest the middle of its piece whose tanh is within 1/256 ulp of
    a float32, and that float is the constant term (the last Horner step
    needs no low part).  Returns (centres, coefficient rows, worst fit error
    in ulp of the result)."""
    u = cheb_nodes(0.0, TANH32_T0 ** 2, 800)
    t = np.sqrt(u)
    f = np.array([float((mp.tanh(mp.mpf(v)) - v) / mp.mpf(v) ** 3) if v > 0 else -1 / 3 for v in t])
    wt = u * np.where(t > 0, t / np.tanh(np.where(t > 0, t, 1)), 1.0)
    c, e = lawson(f, np.vander(u, TANH32_DEG, increasing=True), wt, iters=60)
    cens, rows, err = [0.0], [np.concatenate([[0.0], c])], e * 2 ** 24
    base = f32_bits(TANH32_T0)
    for j in range(1, TANH32_K):
        lo = f32_from_bits(base + ((j - 1) << 20))
        hi = TANH32_T1 if j == TANH32_K - 1 else f32_from_bits(base + (j << 20))
        cen, c0 = float_valued_centre(np.tanh, lo, hi)
        t = cheb_nodes(lo, hi, 800)
        f = np.tanh(t)
        wt = np.where(f < 0.5, 2.0, 1.0)
        d = t - cen
        c, e = lawson((f - c0) / d, np.vander(d, TANH32_DEG, increasing=True), wt * np.abs(d), iters=60)
        cens.append(cen)
        rows.append(np.concatenate([[c0], c]))
        err = max(err, e * 2 ** 24)
    return cens, rows, err


SILU_GRAD32_W, SILU_GRAD32_DEG = 0.5, 7   # 32 pieces of width 1/2: the table to 16


def zero_piece(f64, fvec, lo, hi, t0, deg, centre=None, signed=False):
    """One piece [lo, hi) of a table for a function f with one simple zero t0
    (mpmath), as the AVX-512 silu' and gelu' kernels evaluate it: f = c0 + d
    (c1 + d P(d)), d = t - centre, c1 as hi + lo, P of degree deg - 2,
    Lawson-minimax for the relative error (fvec: f to float64 from mpmath).
    The centre is the float32 nearest the middle whose f (f64, float64) is
    within 1/256 ulp of a float32, that float c0, unless the piece holds t0
    or c0 + m (m rounded first) would round m's error past ulp(f)/2 there:
    then the centre is t0 as hi + lo and c0 = 0, so the relative error stays
    bounded through the zero.  centre = (hi, lo, c0) fixes it instead.
    Returns (row: centre, -(centre lo), c0, c1 hi, c1 lo, c2..c_deg; worst
    relative error with these float32 coefficients in exact arithmetic, in
    float32 ulp).  signed: the piece may lie below 0 (the centre given)."""
    floor = -np.inf if signed else 0.0
    t = cheb_nodes(max(lo - 1e-4, floor), hi + 1e-4, 600)
    if centre is None:
        ch, c0 = float_valued_centre(f64, max(lo, 1e-3), hi)   # away from t0: float64 is enough
        cl = 0.0
        m = (f64(t) - c0).astype(np.float32)
        if lo <= t0 < hi or np.max(np.abs(np.spacing(m) / np.spacing(np.float32(f64(t))))) > 1:
            ch = float(np.float32(float(t0)))
            ch, cl, c0 = ch, float(np.float32(float(t0 - ch))), 0.0
        assert c0 == 0 or np.all(np.abs(m) <= abs(c0)), lo   # the kernels' Fast2Sum c0 + m
    else:
        ch, cl, c0 = centre
    f = fvec(t)
    d = (t - ch) - cl
    c, _ = lawson((f - c0) / d, np.vander(d, deg, increasing=True), np.abs(d / f), iters=60)
    c1h = float(np.float32(c[0]))
    row = ([ch, 0.0 - cl, c0, c1h, float(np.float32(c[0] - c1h))]
           + [float(np.float32(v)) for v in c[1:]])
    tt = np.linspace(max(lo, floor + 1e-6), hi, 3001)
    dd = (tt - ch) - cl
    p = np.zeros_like(dd)
    for v in row[:4:-1]:
        p = p * dd + v
    p = p * dd + row[3] + row[4]
    ff = fvec(tt)
    return row, np.max(np.abs(c0 + dd * p - ff) / np.abs(ff)) * 2 ** 24


def silu_grad_neg(t):
    """h(t) = silu'(-t) = s(-t) (1 - t s(t)), mpmath"""
    t = mp.mpf(t)
    return sig(-t) * (1 - t * sig(t))


def silu_grad32_fits():
    """AVX-512 silu' (vloops_avx512.h): h(t) = silu'(-t), t = |x| < 16, on
    32 pieces [j/2, (j+1)/2) picked per lane by vpermt2ps, each a zero_piece
    of degree 7 (h's poles at t = +-i pi keep width 1/2 cheap); piece 0 is
    centred at 0, where h = 1/2; h's zero is t0 = 1.2785.  Returns (rows,
    worst relative error in float32 ulp)."""
    t0 = mp.findroot(lambda v: 1 - v * sig(v), 1.28)
    hvec = np.vectorize(lambda v: float(silu_grad_neg(float(v))))

    def h64(t):
        e = np.exp(-t)
        return e / (1 + e) * (1 - t / (1 + e))

    rows, worst = [], 0.0
    for j in range(32):
        row, err = zero_piece(h64, hvec, j * SILU_GRAD32_W, (j + 1) * SILU_GRAD32_W, t0,
                              SILU_GRAD32_DEG, (0.0, 0.0, 0.5) if j == 0 else None)
        rows.append(row)
        worst = max(worst, err)
    return rows, worst


LOG1P_EXP32_W, LOG1P_EXP32_DEG = 0.5, 6   # 32 pieces of width 1/2 to 16


def exact_c0_piece(f64, lo, hi, cen, c0, deg):
    """One piece [lo, hi) of the AVX-512 softplus and mish tables: f = c0 +
    d (c1 + d P(d)), d = x - cen, c0 = f(cen) a float32, P of degree deg - 2,
    Lawson-minimax for the relative error; c1 rounded to float32 first and P
    refitted to it.  Returns (row: cen, c0, c1..c_deg; worst relative error
    with these float32 coefficients, in float32 ulp)."""
    x = cheb_nodes(lo - 1e-4, hi + 1e-4, 600)
    f = f64(x)
    d = x - cen
    c, _ = lawson((f - c0) / d, np.vander(d, deg, increasing=True), np.abs(d / f), iters=60)
    c1 = float(np.float32(c[0]))
    c, _ = lawson((f - c0 - c1 * d) / d ** 2, np.vander(d, deg - 1, increasing=True),
                  np.abs(d * d / f), iters=60)
    row = [cen, c0, c1] + [float(np.float32(v)) for v in c]
    xx = np.linspace(lo, hi, 3001)
    dd = xx - cen
    p = np.zeros_like(dd)
    for v in row[:1:-1]:
        p = p * dd + v
    return row, np.max(np.abs(c0 + dd * p - f64(xx)) / np.abs(f64(xx))) * 2 ** 24


def log1p_exp32_fits():
    """AVX-512 softplus and log_sigmoid at beta = 1 (vloops_avx512.h): L(t) =
    log1p(e^-t), t = |x| < 16, on 32 pieces [j/2, (j+1)/2) picked per lane by
    vpermt2ps, each an exact_c0_piece of degree 6 around the float32 nearest
    its middle whose L is a float32 to 1/256 ulp (L's branch points at t =
    +-i pi keep width 1/2 cheap, as for silu').  Returns (rows: centre, c0,
    c1..c6; worst relative error in float32 ulp)."""
    def l64(t):
        return np.log1p(np.exp(-t))

    rows, worst = [], 0.0
    for j in range(32):
        lo, hi = j * LOG1P_EXP32_W, (j + 1) * LOG1P_EXP32_W
        row, err = exact_c0_piece(l64, lo, hi, *float_valued_centre(l64, max(lo, 1e-3), hi),
                                  LOG1P_EXP32_DEG)
        rows.append(row)
        worst = max(worst, err)
    return rows, worst


MISH32_X0, MISH32_W, MISH32_DEG = -8.0, 0.5, 6   # 32 pieces of width 1/2 over [-8, 8)


def mish32_fits():
    """AVX-512 mish (vloops_avx512.h): T(x) = tanh(softplus(x)), mish = x T,
    on 32 pieces [-8 + j/2, -7.5 + j/2) picked per lane by vpermt2ps, each T
    = c0 + d (c1 + d P(d)), d = x - centre, P of degree 4 (exact_c0_piece).
    Each centre is the float32 nearest its piece's middle whose T is a
    float32 to 1/256 ulp (c0 exact; the two pieces at 0 too: d = x - centre
    then rounds for |x| < 1/8, by 2^-27 at most, 0.1 ulp of T).  T's
    singularities at distance ~2.36 from the real axis keep width 1/2 cheap.
    Returns (rows: centre, c0, c1..c6; worst relative error in float32
    ulp)."""
    def t64(x):
        e = np.exp(x)
        return e * (e + 2) / (e * (e + 2) + 2)

    rows, worst = [], 0.0
    for j in range(32):
        lo = MISH32_X0 + j * MISH32_W
        hi = lo + MISH32_W
        cen, c0 = float_valued_centre_signed(t64, lo, hi, near_zero=(0.2, 0.3))
        row, err = exact_c0_piece(t64, lo, hi, cen, c0, MISH32_DEG)
        rows.append(row)
        worst = max(worst, err)
    return rows, worst


MISH_GRAD32_DEG = 7


def mish_grad32_fits():
    """AVX-512 mish' (vloops_avx512.h): on mish's 32 pieces of [-8, 8), each
    a zero_piece of degree 7 (d = x - centre as hi + lo: the two pieces at 0
    are centred near 1/1024 from it, where mish' is a float32, so that d for
    tiny x stays near exact; the kernel keeps d's rounding error).  The piece
    [-1.5, -1) holds mish''s zero x0 = -1.1924.  Returns (rows, worst
    relative error in float32 ulp)."""
    x0 = mp.findroot(GRADS["mish"][0], GRADS["mish"][1])
    fvec = np.vectorize(lambda v: float(GRADS["mish"][0](mp.mpf(float(v)))))

    def f64(x):
        sp = np.logaddexp(0.0, x)
        t = np.tanh(sp)
        return t + x / (1 + np.exp(-x)) * (1 - t * t)

    rows, worst = [], 0.0
    for j in range(32):
        lo = MISH32_X0 + j * MISH32_W
        hi = lo + MISH32_W
        if lo <= float(x0) < hi:
            ch = float(np.float32(float(x0)))
            centre = (ch, float(np.float32(float(x0 - ch))), 0.0)
        else:
            c, c0 = float_valued_centre_signed(f64, lo, hi)
            centre = (c, 0.0, c0)
        row, err = zero_piece(f64, fvec, lo, hi, x0, MISH_GRAD32_DEG, centre, signed=True)
        rows.append(row)
        worst = max(worst, err)
    return rows, worst


FAST_TANH16_S, FAST_TANH16_OFF, FAST_TANH16_DEG = 1.95, 0.2, 5   # j = round(1.95 t - 0.2)


def fast_tanh16_fits():
    """AVX-512 actcore.fast.tanh (vloops_avx512.h): t = |x| on 16 pieces
    picked per lane by vpermps, j = round(S t - OFF), w = float(1/S):
    piece 0 (t below 0.7 w) is t P(t), P of degree 4 (c0 = 0: the relative
    error stays bounded down to 0); pieces 1..14 tanh(t) as a degree-5
    polynomial in t - j w; piece 15 (from 14.7 w = 7.54, t clamped to 7.9)
    the constant 1 (tanh(7.54) = 1 - 5.6e-7).  Lawson-minimax, relative
    error.  Returns (coefficient rows, worst relative error with float32
    coefficients in exact arithmetic)."""
    w, deg = float(np.float32(1 / FAST_TANH16_S)), FAST_TANH16_DEG
    rows, err = [], 0.0
    for j in range(16):
        lo = max(0.0, (j - 0.5 + FAST_TANH16_OFF) / FAST_TANH16_S - 1e-4)   # past the ends:
        hi = (j + 0.5 + FAST_TANH16_OFF) / FAST_TANH16_S + 1e-4            # j's rounding
        t = cheb_nodes(max(lo, 1e-6), hi, 800)
        f = np.tanh(t)
        cen = j * w
        if j == 0:
            c, _ = lawson(f / t, np.vander(t, deg, increasing=True), np.ones(len(t)), iters=60)
            c = np.concatenate([[0.0], c])
        elif j == 15:
            c = np.array([1.0] + [0.0] * deg)
        else:
            c, _ = lawson(f, np.vander(t - cen, deg + 1, increasing=True), 1 / f, iters=60)
        c = np.array([float(np.float32(v)) for v in c])
        tt = np.linspace(max(lo, 1e-6), hi, 20001)
        err = max(err, np.max(np.abs(horner(c, tt - cen) / np.tanh(tt) - 1)))
        rows.append(c)
    return rows, err


GELU32_TMAX, GELU32_DEG = 14.5, 5   # gelu(-t) rounds to -0 from t = 14.34
ERFC16_TMAX, ERFC16_DEG = 10.1, 7   # erfc(t) rounds to 0 from t = 10.06
GELU_GRAD16_DEG = 7


def gauss_tail_fits(R, tmax, deg, pieces=16, base=1.0):
    """AVX-512 gelu and erfc (vloops_avx512.h): R(t) = e^(k t^2) times the
    tail (gelu: Phi(-t), k = 1/2, R = erfcx(t/sqrt2)/2; erfc: k = 1, R =
    erfcx(t)) on 16 pieces picked per lane by vpermps (erfc: j from the bits
    of t + 1, 4 per binade of t + 1 in [1, 16): width 1/4 near 0, 2 from t =
    7) or 32 by vpermt2ps (gelu: base 2, 8 per binade of t + 2 in [2, 32):
    width 1/4 below t = 2, 1/2 to 6, 1 to 14; the bits' low five are the
    piece with no offset to take off), the last piece to tmax, each a
    polynomial of degree deg in t - centre, Lawson-minimax for the relative
    error; each centre the float32 nearest the middle of its piece whose R
    is within 1/256 ulp of a float32, that float the constant term.  Returns
    (centres, coefficient rows, worst relative error in float32 ulp)."""
    per = pieces // 4
    cens, rows, err = [], [], 0.0
    for k in range(pieces):
        b, q = divmod(k, per)
        lo = max(0.0, base * (2.0 ** b * (1 + q / per) - 1) - 1e-4)
        hi = base * (2.0 ** b * (1 + (q + 1) / per) - 1) + 1e-4
        if lo > tmax:                                # unused entries
            cens.append(0.0)
            rows.append(np.zeros(deg + 1))
            continue
        hi = min(hi, tmax + 1e-3)
        cen, c0 = float_valued_centre(R, max(lo, 1e-3), hi)
        t = cheb_nodes(lo, hi, 800)
        f = R(t)
        d = t - cen
        c, e = lawson((f - c0) / d, np.vander(d, deg, increasing=True), np.abs(d) / f, iters=60)
        cens.append(cen)
        rows.append(np.concatenate([[c0], c]))
        err = max(err, e * 2 ** 24)
    return cens, rows, err


def gelu32_fits():
    return gauss_tail_fits(lambda v: sp.erfcx(v / np.sqrt(2)) / 2, GELU32_TMAX, GELU32_DEG,
                           pieces=32, base=2.0)


def erfc16_fits():
    return gauss_tail_fits(sp.erfcx, ERFC16_TMAX, ERFC16_DEG)


GELU_GRAD16_TMAX = 14.6             # gelu'(-t) rounds to -0 from t = 14.53


def gelu_grad16_fits(deg=GELU_GRAD16_DEG):
    """AVX-512 gelu' (vloops_avx512.h): gelu'(-t) = e^(-t^2/2) M(t), M(t) =
    e^(t^2/2) Phi(-t) - t/sqrt(2 pi) (gelu's R(t) minus a line), on erfc's
    16 pieces (4 per binade of t + 1, to 14.6), each a zero_piece of
    degree 7; M's zero is t0 = 0.7518.  Returns (rows, worst relative error
    in float32 ulp)."""
    def m_mp(t):
        t = mp.mpf(t)
        return mp.exp(t * t / 2) * mp.ncdf(-t) - t / mp.sqrt(2 * mp.pi)

    def m64(t):
        return sp.erfcx(t / np.sqrt(2)) / 2 - t / np.sqrt(2 * np.pi)

    t0 = mp.findroot(m_mp, 0.75)
    mvec = np.vectorize(lambda v: float(m_mp(float(v))))
    rows, worst = [], 0.0
    for k in range(16):
        b, q = divmod(k, 4)
        lo = max(0.0, 2.0 ** b * (1 + q / 4) - 1)
        hi = min(2.0 ** b * (1 + (q + 1) / 4) - 1, GELU_GRAD16_TMAX)
        if lo > GELU_GRAD16_TMAX:                        # unused entries
            rows.append([0.0] * (deg + 4))
            continue
        row, err = zero_piece(m64, mvec, lo, hi, t0, deg)
        rows.append(row)
        worst = max(worst, err)
    return rows, worst


GELU_TANH_GRAD32_VMAX = 112.0       # gelu_tanh'(-t) rounds to -0 from v(t) = 109.1


def gelu_tanh_grad32_fits(deg=GELU_GRAD16_DEG):
    """AVX-512 gelu_tanh' (vloops_avx512.h): gelu_tanh'(-t) = e^(-v) G(v),
    v = K1 t + K3 t^3 (gelu_tanh's argument of sigmoid), G(v) = s(v) (1 - a
    s(v)), s = sigmoid, a = t v'(t) = K1 t + 3 K3 t^3, as a function of v:
    its singularities stay at s's poles +-i pi and the cubic's branch points
    v = +-2.91i, so pieces may widen with v.  32 pieces picked by vpermt2ps,
    4 per binade of v + 1/2 (j = (bits(v + 1/2) - bits(1/2)) >> 21) to 112,
    each a zero_piece of degree 7; G's zero is v0 = 1.2311 (x = -0.7525).
    Returns (rows, worst relative error in float32 ulp)."""
    k1 = 2 * mp.sqrt(2 / mp.pi)
    k3 = mp.mpf("0.044715") * k1
    k1f, k3f = float(k1), float(k3)

    def t_of_v64(v):
        t = np.minimum(v / k1f, np.cbrt(v / k3f))
        for _ in range(60):
            t = t - (k3f * t ** 3 + k1f * t - v) / (3 * k3f * t * t + k1f)
        return t

    def g64(v):
        t = t_of_v64(v)
        s = 1 / (1 + np.exp(-v))
        return s * (1 - (k1f * t + 3 * k3f * t ** 3) * s)

    def g_mp(v):
        v = mp.mpf(v)
        t = mp.findroot(lambda u: k3 * u ** 3 + k1 * u - v, float(t_of_v64(float(v))))
        s = sig(v)
        return s * (1 - (k1 * t + 3 * k3 * t ** 3) * s)

    t0 = mp.findroot(lambda u: 1 - (k1 * u + 3 * k3 * u ** 3) * sig(k1 * u + k3 * u ** 3), 0.75)
    v0 = k1 * t0 + k3 * t0 ** 3
    gvec = np.vectorize(lambda v: float(g_mp(float(v))))
    rows, worst = [], 0.0
    for k in range(32):
        b, q = divmod(k, 4)
        lo = 2.0 ** b * (1 + q / 4) / 2 - 0.5
        hi = min(2.0 ** b * (1 + (q + 1) / 4) / 2 - 0.5, GELU_TANH_GRAD32_VMAX)
        row, err = zero_piece(g64, gvec, lo, hi, v0, deg)
        rows.append(row)
        worst = max(worst, err)
    return rows, worst


FAST_GELU16_X0, FAST_GELU16_W, FAST_GELU16_DEG = -6.0, 0.75, 5   # 16 pieces on [-6, 6]
FAST_GELU16_XMAX = 5.99                                           # x clamped below 6


def fast_gelu16_fits():
    """AVX-512 actcore.fast.gelu (vloops_avx512.h): Phi(x) on [-6, 6] as 16
    pieces of width 3/4 picked per lane by vpermps, each a degree-5
    polynomial in x - centre (centres -5.625 + 0.75 j), Lawson-minimax for
    gelu's published error |x (P - Phi)| / max(|x Phi|, 1), fitted 1e-3 past
    each end.  Returns (coefficient rows, worst error with float32
    coefficients in exact arithmetic, P(XMAX) in float32 Horner steps: 1
    exactly, so gelu(+big) = big)."""
    rows, err = [], 0.0
    for j in range(16):
        lo = FAST_GELU16_X0 + FAST_GELU16_W * j - 1e-3
        hi = lo + FAST_GELU16_W + 2e-3
        cen = FAST_GELU16_X0 + FAST_GELU16_W * (j + 0.5)
        x = cheb_nodes(lo, hi, 800)
        f = sp.ndtr(x)
        wt = np.maximum(np.abs(x), 1e-3) / np.maximum(np.abs(x * f), 1)
        c, _ = lawson(f, np.vander(x - cen, FAST_GELU16_DEG + 1, increasing=True), wt, iters=60)
        c = np.array([float(np.float32(v)) for v in c])
        xx = np.linspace(lo, hi, 20001)
        ff = sp.ndtr(xx)
        err = max(err, np.max(np.abs(xx * (horner(c, xx - cen) - ff)) / np.maximum(np.abs(xx * ff), 1)))
        rows.append(c)
    d = np.float32(FAST_GELU16_XMAX) - np.float32(FAST_GELU16_X0 + FAST_GELU16_W * 15.5)
    top = np.float32(rows[15][-1])
    for k in range(FAST_GELU16_DEG - 1, -1, -1):
        top = np.float32(top * d + np.float32(rows[15][k]))   # ~ the FMA steps (d is small)
    return rows, err, float(top)


def exp2_16_table(iters=60):
    """The softmax rows' table exp (rowloops_avx512.h): 2^(j/16) / (1 + j/16)
    = hi + lo for j = 0..15 (the kernel's scale 2^n (1 + j/16) is t's bits
    shifted once), hi with 19 significant bits so that hi times that scale (5
    bits) is exact, lo a float32 (the sum to about 2^-45); and e^r - 1 = r +
    r^2 (c2 + c3 r) on |r| <= ln2/32, c2, c3 float32, minimax for the relative
    error of e^r."""
    def hi19(v):
        q = mp.mpf(2) ** (18 - int(mp.floor(mp.log(v, 2))))
        return float(mp.nint(v * q) / q)

    exact = [mp.mpf(2) ** (mp.mpf(j) / 16) / (1 + mp.mpf(j) / 16) for j in range(16)]
    hi = [hi19(v) for v in exact]
    lo = [float(np.float32(float(v - mp.mpf(h)))) for v, h in zip(exact, hi)]
    a = float(mp.log(2) / 32) * 1.0005            # |r| after the rounding of n16
    r = np.cos(np.pi * (np.arange(3000) + 0.5) / 3000) * a
    f = np.array([float((mp.expm1(mp.mpf(v)) - v) / mp.mpf(v) ** 2) for v in r])
    c, _ = lawson(f, np.vander(r, 2, increasing=True), r * r / np.exp(r), iters)
    c = [float(np.float32(v)) for v in c]
    rr = np.linspace(-a, a, 20001)
    ref = np.array([float(mp.exp(mp.mpf(v))) for v in rr])
    err = np.max(np.abs((1 + rr + rr * rr * (c[0] + c[1] * rr)) / ref - 1))
    return hi, lo, c, err


def print_piece_table(name, what, cens, rows, c0lo=False):
    """An AVX-512 piece table: centres (if any), the coefficients c0..cd of
    each piece, and with c0lo the low parts of c0 (vloops_avx512.h)."""
    deg = len(rows[0]) - 1
    table = ([cens] if cens is not None else []) + [[r[k] for r in rows] for k in range(deg + 1)]
    labels = (["centres"] if cens is not None else []) + [f"c{k}" for k in range(deg + 1)]
    if c0lo:
        table.append([r[0] - float(np.float32(r[0])) for r in rows])
        labels.append("c0 - (float)c0")
    print(f"/* AVX-512 {what} */")
    print(c_table16(name, table, labels))


def print_zero_piece_table(name, what, rows, err):
    """A table of zero_piece rows (vloops_avx512.h), one row per coefficient"""
    deg = len(rows[0]) - 4
    print(f"/* AVX-512 {what}, degree {deg}: rel. error {err:.3f} ulp (float32 coefficients) */")
    print(c_table16(name, [list(r) for r in zip(*rows)],
                    ["centres", "-(centre lo)", "c0", "c1 hi", "c1 lo"]
                    + [f"c{k}" for k in range(2, deg + 1)]))


def print_exact_c0_table(name, what, rows, err):
    """A table of exact_c0_piece rows (vloops_avx512.h), one row per coefficient"""
    deg = len(rows[0]) - 2
    print(f"/* AVX-512 {what}, degree {deg}: rel. error {err:.3f} ulp (float32 coefficients) */")
    print(c_table16(name, [list(r) for r in zip(*rows)],
                    ["centres"] + [f"c{k}" for k in range(deg + 1)]))


def c_table16(name, rows, labels):
    """rows of 16 (or 32) float32 values as one table of 64-byte aligned rows
    (each a vpermps or vpermt2ps operand), one comment label per row"""
    n = len(rows[0])
    out = [f"static const float {name}[{len(rows)}][{n}] __attribute__((aligned(64))) = {{"]
    for label, values in zip(labels, rows):
        v = [fhex(x) for x in values]
        body = ",\n     ".join(", ".join(v[i:i + 4]) for i in range(0, n, 4))
        out.append(f"    /* {label} */\n    {{{body}}},")
    return "\n".join(out) + "\n};"


def fhex(x):
    """float32 value as a C float hex literal, trailing zero digits dropped"""
    m, e = float(np.float32(x)).hex().split("p")
    return f"{m.rstrip('0').rstrip('.')}p{e}f"


def c_array_f(name, coef):
    """float32 coefficients; [0] also as hi + lo (the _LO define)"""
    v = [float(np.float32(c)) for c in coef]
    body = ",\n    ".join(", ".join(fhex(x) for x in v[i:i + 4]) for i in range(0, len(v), 4))
    return (f"static const float {name}[{len(v)}] = {{\n    {body}\n}};\n"
            f"#define {name}_LO {fhex(coef[0] - v[0])}")


def sig(z):
    return 1 / (1 + mp.exp(-z))


def _gelu_tanh_grad(x):
    c, a = mp.sqrt(2 / mp.pi), mp.mpf("0.044715")
    v = 2 * c * (x + a * x ** 3)
    return sig(v) + x * 2 * c * (1 + 3 * a * x * x) * sig(v) * sig(-v)


GRADS = {
    "silu": (lambda x: sig(x) * (1 + x * sig(-x)), -1.28),
    "mish": (lambda x: mp.tanh(mp.log1p(mp.exp(x)))
             + x * (1 - mp.tanh(mp.log1p(mp.exp(x))) ** 2) * sig(x), -1.19),
    "gelu": (lambda x: mp.ncdf(x) + x * mp.npdf(x), -0.75),
    "gelu_tanh": (lambda x: _gelu_tanh_grad(x), -0.75),
}


def root_taylor(name):
    f, guess = GRADS[name]
    x0 = mp.findroot(f, guess)
    hi = float(x0)
    lo = float(x0 - hi)
    coef = mp.taylor(f, x0, ROOT_DEG)
    return hi, lo, [float(c) for c in coef[1:]], x0


def c_array(name, coef):
    body = ",\n    ".join(", ".join(f"{float(v).hex()}" for v in coef[i:i + 3])
                          for i in range(0, len(coef), 3))
    return f"static const double {name}[{len(coef)}] = {{\n    {body}\n}};"


def main():
    for deg in (DEG_EXPQ, DEG_EXPQ_SHORT):
        c, err = exp_fit(deg)
        print(f"/* e^r = 1 + r + r^2 Q(r), Q of degree {deg}, |r| <= ln2/2: rel. error {err:.2e} */")
        print(c_array(f"ACT__EXP_Q{deg}", c))
    c, err = fast_exp_fit()
    print(f"/* actf__exp4: e^r = 1 + r P(r), P of degree 3 (float32): rel. error {err:.2e} */")
    print("/* P = " + ", ".join(fhex(v) for v in c) + " (constant term first) */")
    c, err = gelu_logit_fit()
    print(f"/* act_fast_gelu_f32: logit(Phi(x)) ~ x P(x^2): gelu abs. error {err:.2e} */")
    print("/* P = " + ", ".join(fhex(v) for v in c) + " (constant term first) */")
    c, err = erfc_fit()
    print(f"/* erfc(t) = exp(-t^2) P((t - {K})/(t + {K})) on [0, {T}]: rel. error {err:.2e} */")
    print(c_array("ACT__ERFC_P", c))
    c, err = erfc_fit(DEG_P_SHORT)
    print(f"/* the same with degree {DEG_P_SHORT}: rel. error {err:.2e} */")
    print(c_array("ACT__ERFC_PS", c))
    c, err = erf_big_fit()
    print(f"/* erf(x) = 1 - exp(-t^2) P((t - {K})/(t + {K})) on [0.5, 6]: error relative to erf {err:.2e} */")
    print(c_array("ACT__ERF_P", c))
    c, err = erf_fit()
    print(f"/* erf(x) = x S(x^2) on |x| < 0.5: rel. error {err:.2e} */")
    print(c_array("ACT__ERF_S", c))
    for name, cen, c, err in erf32_fits():
        print(f"/* float32 erf piece {name} (centre {fhex(cen)}): {err} */")
        print(c_array_f(f"ACT__ERF32_{name}", c))
        if cen:
            print(f"#define ACT__ERF32_{name}_C {fhex(cen)}")
    print(f"#define ACT__ERF32_T0 {fhex(ERF32_T0)}\n#define ACT__ERF32_TM {fhex(ERF32_TM)}\n"
          f"#define ACT__ERF32_T1 {fhex(ERF32_T1)}")
    cens, rows, err = erf16_fits()
    print_piece_table("ACTV__ERF16", f"erf: 16 pieces of width {ERF16_W} from {ERF16_T0}, degree "
                      f"{ERF16_DEG} in t - centre: abs. error {err * 2 ** 24:.3f} x 2^-24",
                      cens, rows, c0lo=True)
    cens, rows, err = tanh32_fits()
    print_piece_table("ACTV__TANH32", f"tanh: t u P(u) below {TANH32_T0}, then {TANH32_K - 1} pieces "
                      f"(8 per binade) to {TANH32_T1}, degree {TANH32_DEG}: error {err:.3f} ulp "
                      "(float64 coefficients)", cens, rows)
    print_zero_piece_table("ACTV__SILU_GRAD32", "silu': h(t) = silu'(-t) on 32 pieces of width "
                           f"{SILU_GRAD32_W}", *silu_grad32_fits())
    print_zero_piece_table("ACTV__MISH_GRAD32", "mish': on mish's 32 pieces of [-8, 8)",
                           *mish_grad32_fits())
    print_exact_c0_table("ACTV__MISH32", f"mish: T(x) = tanh(softplus(x)) on 32 pieces of width "
                         f"{MISH32_W} from {MISH32_X0}", *mish32_fits())
    print_exact_c0_table("ACTV__LOG1P_EXP32", "softplus, log_sigmoid: L(t) = log1p(e^-t) on 32 "
                         f"pieces of width {LOG1P_EXP32_W}", *log1p_exp32_fits())
    rows, err = fast_tanh16_fits()
    print_piece_table("ACTV__FAST_TANH16", f"fast tanh: 16 pieces, j = round({FAST_TANH16_S} t - "
                      f"{FAST_TANH16_OFF}), degree {FAST_TANH16_DEG}: rel. error {err:.2e} (float32 "
                      "coefficients)", None, rows)
    print(f"#define ACTV__FAST_TANH16_W {fhex(1 / FAST_TANH16_S)}   /* float(1/S) */")
    cens, rows, err = gelu32_fits()
    print_piece_table("ACTV__GELU32", "gelu: R(t) = e^(t^2/2) Phi(-t) on 32 pieces (8 per binade of "
                      f"t + 2), degree {GELU32_DEG}: rel. error {err:.3f} ulp (float64 coefficients)",
                      cens, rows)
    cens, rows, err = erfc16_fits()
    print_piece_table("ACTV__ERFC16", "erfc: erfcx(t) on 16 pieces (4 per binade of t + 1, the last "
                      f"to {ERFC16_TMAX}), degree {ERFC16_DEG}: rel. error {err:.3f} ulp (float64 "
                      "coefficients)", cens, rows)
    print_zero_piece_table("ACTV__GELU_GRAD16", "gelu': M(t) = e^(t^2/2) gelu'(-t) on erfc's 16 "
                           "pieces", *gelu_grad16_fits())
    print_zero_piece_table("ACTV__GELU_TANH_GRAD32", "gelu_tanh': G(v) = e^v gelu_tanh'(-t) on 32 "
                           "pieces (4 per binade of v + 1/2)", *gelu_tanh_grad32_fits())
    rows, err, top = fast_gelu16_fits()
    print_piece_table("ACTV__FAST_GELU16", f"fast gelu: Phi on 16 pieces of width {FAST_GELU16_W} "
                      f"from {FAST_GELU16_X0}, degree {FAST_GELU16_DEG}: gelu error {err:.2e} (float32 "
                      f"coefficients); P({FAST_GELU16_XMAX}) = {top!r}", None, rows)
    hi, lo, c, err = exp2_16_table()
    print("/* softmax rows (rowloops_avx512.h): 2^(j/16) / (1 + j/16) = hi + lo; "
          "e^r - 1 = r + r^2 (c2 + c3 r) "
          f"on |r| <= ln2/32: rel. error {err / 2 ** -24:.3f} x 2^-24 with c2 = {fhex(c[0])}, "
          f"c3 = {fhex(c[1])} */")
    print(c_table16("ACTR__EXP2_16", [hi, lo], ["hi", "lo"]))
    for name in GRADS:
        hi, lo, coef, x0 = root_taylor(name)
        print(f"/* {name}'(x) near its zero x0 = {mp.nstr(x0, 20)}: sum c_k (x - x0)^k, "
              f"k = 1..{ROOT_DEG}, |x - x0| < {ROOT_RADIUS} */")
        print(f"#define ACT__{name.upper()}_X0HI {hi.hex()}")
        print(f"#define ACT__{name.upper()}_X0LO {lo.hex()}")
        print(c_array(f"ACT__{name.upper()}_ROOT", coef))


if __name__ == "__main__":
    main()
