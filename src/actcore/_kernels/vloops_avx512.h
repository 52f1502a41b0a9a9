/*
 * Explicit AVX-512 loops for the kernels whose best instructions the
 * auto-vectorizer cannot reach from plain C:
 *   - exp and actcore.fast's exp scale by vscalefps (q 2^n with one rounding,
 *     subnormal results included), where the plain-C kernels build 2^n as two
 *     normal factors (four integer operations and a second product), and
 *     clamp x by vminps/vmaxps instead of four integer operations.  Same
 *     reduction, polynomial and constants as act_exp_f32 and
 *     act_fast_exp_f32 (math_f32.h, math_fast_f32.h): the results are bitwise
 *     those of the plain-C kernels (NaN payloads aside; checked over all 2^32
 *     inputs).  10 vector operations for the fast exp (was 17), 14 for the
 *     accurate one (was 21).  sigmoid likewise (its clamp by vminps).
 *   - A vector whose result may be subnormal takes its last scale in double
 *     (actv__scalef_tiny, actv__quot_tiny below): the same bits without the
 *     microcode assist that Intel cores take for a subnormal product.
 *   - erf, erfc, tanh, gelu and actcore.fast's tanh and gelu pick per-lane polynomial
 *     coefficients from 16- or 32-entry tables by vpermps / vpermt2ps
 *     (below): piecewise polynomials instead of exp, division and
 *     polynomials evaluated in full on every lane.  On Zen 4 the one-table
 *     vpermps is the cheaper of the two (5 table lookups per 16 lanes: 0.17
 *     against 0.22 ns/element in L1).
 *   - log1p: the plain-C kernel's steps with FMAs (plain C keeps products and
 *     sums apart to give the same bits on every ISA), its division by
 *     vrcp14ps and a Newton step, its special inputs by vfixupimmps;
 *     pipelined (ACTV_PIPE3_KERNEL, below).  softplus and log_sigmoid at beta
 *     = 1 from a 32-piece table of log1p(e^-t) below 16, mish from one of
 *     tanh(softplus(x)) on [-8, 8), as silu'.
 *     softplus' at beta = 1, log_sigmoid', sigmoid' and tanh' run on
 *     sigmoid's quotient.
 *   - expm1, and elu at alpha = 1 (expm1 of min(x, 0)): clamps by
 *     vminps/vmaxps, and one sum's rounding error not carried (1 ulp still).
 *
 * A loop here replaces the plain-C float32 kernel of its function:
 * kernels_impl.h skips the generic one when ACT_VLOOP_<name> is defined (as
 * `~, ACT__SKIP`) and the table takes act_kernel_<name>_f32 from here.
 */
#ifndef ACTCORE_VLOOPS_AVX512_H
#define ACTCORE_VLOOPS_AVX512_H

#include <immintrin.h>
#include "avx512_halves.h"
#include "math_f32.h"
#include "math_fast_f32.h"
#include "math_smooth_f32.h"

#define ACTV_SET(c) _mm512_set1_ps(c)

/* x clamped to [-104, 88.8]; min/max with the bound first keep a NaN x */
static inline __m512 actv__exp_clamp(__m512 x)
{
    x = _mm512_min_ps(ACTV_SET(act__u2f(ACT__EXP_HI)), x);
    return _mm512_max_ps(ACTV_SET(act__u2f(ACT__EXP_LO)), x);
}

/* round(z c) by the magic bias, as a float (|z c| < 2^22) */
static inline __m512 actv__round_scaled(__m512 z, float c)
{
    const __m512 magic = ACTV_SET(0x1.8p23f);
    return _mm512_sub_ps(_mm512_fmadd_ps(z, ACTV_SET(c), magic), magic);
}

/* n = round(z/ln2) */
static inline __m512 actv__exp_n(__m512 z)
{
    return actv__round_scaled(z, 0x1.715476p0f);
}

/* r = z - n ln2: the first FMA exact, the second rounds r once */
static inline __m512 actv__exp_rem(__m512 z, __m512 nf)
{
    __m512 r = _mm512_fmadd_ps(nf, ACTV_SET(-ACT__LN2HI), z);
    return _mm512_fmadd_ps(nf, ACTV_SET(-ACT__LN2LO), r);
}

/* z = n ln2 + r, *nf = n */
static inline __m512 actv__exp_reduce(__m512 z, __m512 *nf)
{
    *nf = actv__exp_n(z);
    return actv__exp_rem(z, *nf);
}

/* Q(r) of e^r = 1 + r + r^2 Q(r) (ACT__EXPQ0-4) by Estrin, r2 = r^2 */
static inline __m512 actv__expq(__m512 r, __m512 r2)
{
    __m512 A = _mm512_fmadd_ps(ACTV_SET(ACT__EXPQ1), r, ACTV_SET(ACT__EXPQ0));
    __m512 B = _mm512_fmadd_ps(ACTV_SET(ACT__EXPQ3), r, ACTV_SET(ACT__EXPQ2));
    return _mm512_fmadd_ps(_mm512_fmadd_ps(ACTV_SET(ACT__EXPQ4), r2, B), r2, A);
}

/* e^r - 1 = r + r^2 Q(r) for a reduced r, and (lo not null) its rounding
 * error, r - w being exact */
ACT__INLINE __m512 actv__expm1_reduced(__m512 r, __m512 *lo)
{
    __m512 r2 = _mm512_mul_ps(r, r), D = actv__expq(r, r2);
    __m512 w = _mm512_fmadd_ps(D, r2, r);
    if (lo)
        *lo = _mm512_fmadd_ps(D, r2, _mm512_sub_ps(r, w));
    return w;
}

/* e^z = 2^n (1 + w) for a clamped z, *nf = n, *lo (not null): w's rounding error */
ACT__INLINE __m512 actv__exp_w(__m512 z, __m512 *nf, __m512 *lo)
{
    return actv__expm1_reduced(actv__exp_reduce(z, nf), lo);
}

/* -v by its sign bit */
static inline __m512 actv__neg(__m512 v)
{
    return _mm512_xor_ps(v, ACTV_SET(-0.0f));
}

/*
 * On Intel cores a product (vmulps, an FMA) with a subnormal operand or
 * result, and a vscalefps whose result is subnormal or underflows, is a
 * microcode assist for its whole vector: on Sapphire Rapids ~57 and ~95 ns a
 * vector against ~1 ns (additions, min/max, compares and conversions take
 * subnormals at full speed; a product that underflows to 0 too; Zen 4 has
 * no such cost).  Where a kernel's last scale can give a subnormal result,
 * a vector with such a lane takes that scale in double, where it is exact,
 * and one rounding back to float32: the bits of the float32 operation (one
 * rounding), for a compare and a branch on the common path.
 */

/* v 2^k and v k (k a power of two) on 8 lanes in double, rounded once */
static inline __m256 actv__scalef_half_pd(__m256 v, __m256 k)
{
    return _mm512_cvtpd_ps(_mm512_scalef_pd(_mm512_cvtps_pd(v), _mm512_cvtps_pd(k)));
}

static inline __m256 actv__mul_half_pd(__m256 v, __m256 k)
{
    return _mm512_cvtpd_ps(_mm512_mul_pd(_mm512_cvtps_pd(v), _mm512_cvtps_pd(k)));
}

/* v 2^k (scale) or v k, each lane in double, rounded once */
ACT__INLINE __attribute__((cold)) __m512 actv__pow2_in_double(__m512 v, __m512 k, int scale)
{
    return scale ? ACT512_BY_HALVES2(actv__scalef_half_pd, v, k)
                 : ACT512_BY_HALVES2(actv__mul_half_pd, v, k);
}

/* v 2^nf (nf integer-valued) where the result may be subnormal or 0: in
 * double when a lane's nf is below -100 */
ACT__INLINE __m512 actv__scalef_tiny(__m512 v, __m512 nf)
{
    if (__builtin_expect(!_mm512_cmp_ps_mask(nf, ACTV_SET(-100.0f), _CMP_LT_OQ), 1))
        return _mm512_scalef_ps(v, nf);
    return actv__pow2_in_double(v, nf, 1);
}

/* act_exp_f32 (FMA targets): two-step reduction, 1 + (r + r^2 Q(r)) */
static inline __m512 actv_exp(__m512 x)
{
    __m512 nf, r = actv__exp_reduce(actv__exp_clamp(x), &nf);
    __m512 r2 = _mm512_mul_ps(r, r);
    __m512 q = actv__expq(r, r2);
    __m512 T = _mm512_add_ps(ACTV_SET(1.0f), _mm512_fmadd_ps(r2, q, r));
    return actv__scalef_tiny(T, nf);
}

/*
 * sigmoid(-a) for a = |v| in [0, 110] (or NaN) as the exact-numerator
 * quotient of act__sigmoid_neg_fma (its reciprocal by vrcp14ps), in three
 * steps that the pipelined loops (ACTV_QUOT_KERNEL) run on three different
 * blocks at once: t 2^64 = qS (1 + c), qS = q 2^(n+64) by an exponent add
 * (normal for every a here).  The steps carry their values in an
 * actv__quot, with the function's input x and one value of its own (xs)
 * for the last step.
 */
typedef struct {
    __m512 x, xs;       /* the function's input, its own value for the last step */
    __m512 r, dh, dl;   /* reduced argument; denominator e^r + 2^n = dh + dl */
    __m512i E;          /* (n + 64) << 23 */
    __m512 K;           /* x sigmoid(v): the result's scale (actv__x_sigmoid_back) */
    __mmask16 pos;      /* x sigmoid(v): v > 0 */
} actv__quot;

/* -a + zl = n ln2 + r (zl: the low part of -|v|, 0 for an exact a) */
ACT__INLINE void actv__quot_reduce(actv__quot *q, __m512 a, __m512 zl)
{
    const __m512 magic = ACTV_SET(0x1.8p23f + 64.0f);
    __m512 tm = _mm512_fmadd_ps(a, ACTV_SET(-0x1.715476p0f), magic);
    q->E = _mm512_slli_epi32(_mm512_castps_si512(tm), 23);
    __m512 nf = _mm512_sub_ps(tm, magic);
    __m512 r = _mm512_fmadd_ps(nf, ACTV_SET(ACT__LN2HI), a);        /* exact */
    q->r = _mm512_fmadd_ps(nf, ACTV_SET(ACT__LN2LO), _mm512_sub_ps(r, zl));
}

/* dh + dl = 1 + 2^n + (e^r - 1), the sum's error kept exactly */
ACT__INLINE actv__quot actv__quot_denominator(actv__quot q)
{
    const __m512 one = ACTV_SET(1.0f);
    __m512 w = actv__expm1_reduced(q.r, 0);
    __m512 s = _mm512_castsi512_ps(_mm512_max_epi32(                /* 2^n, 0 below 2^-126 */
        _mm512_add_epi32(q.E, _mm512_set1_epi32(63 << 23)), _mm512_setzero_si512()));
    __m512 a1 = _mm512_add_ps(one, s);
    q.dh = _mm512_add_ps(a1, w);
    q.dl = _mm512_add_ps(_mm512_add_ps(_mm512_sub_ps(a1, q.dh), w),
                         _mm512_sub_ps(s, _mm512_sub_ps(a1, one)));     /* all exact */
    return q;
}

/* qS = q 2^(n+64), *c = 1 - q (dh + dl), q = 1/dh by vrcp14ps (relative
 * error below 2^-14): 1/(dh + dl) = q (1 + c + c^2 + ...), and the callers'
 * q (1 + c) leaves out c^2 < 2^-28, 1/16 ulp at most.  The division
 * (RN(1/dh), c ~ 2^-24, as the plain-C kernels) cost 5-11% more: silu
 * 0.430 -> 0.382 ns/el with vrcp14ps, sigmoid 0.328 -> 0.312, gelu_tanh
 * 0.641 -> 0.602 (C harness, 256K). */
ACT__INLINE __m512 actv__quot_divide(actv__quot q, __m512 *c)
{
    const __m512 one = ACTV_SET(1.0f);
    __m512 qd = _mm512_rcp14_ps(q.dh);
    *c = _mm512_fnmadd_ps(qd, q.dl, _mm512_fnmadd_ps(qd, q.dh, one));
    return _mm512_castsi512_ps(_mm512_add_epi32(_mm512_castps_si512(qd), q.E));
}

/* a lane where t = qS 2^-64 is below 2^-120 (qS < 2^-56): t, t (1 - t), or
 * x t with |x| >= 2^-6, may be subnormal */
static inline __mmask16 actv__quot_tiny(__m512 qS)
{
    return _mm512_cmp_ps_mask(qS, ACTV_SET(0x1p-56f), _CMP_LT_OQ);
}

/* in a vector with such a lane, the lanes that take their last product in
 * double: tiny ones, not from a NaN (c is NaN there, and qS's bits may look
 * like a number); the others keep the float32 steps' bits */
static inline __mmask16 actv__quot_tiny_lanes(__m512 qS, __m512 c)
{
    return _mm512_mask_cmp_ps_mask(actv__quot_tiny(qS), c, c, _CMP_ORD_Q);
}

/* v k (k a power of two) lane by lane: in double on the lanes d, the float
 * product (of 0 there, so no subnormal step) on the others */
ACT__INLINE __m512 actv__mul_tiny_lanes(__m512 v, __m512 k, __mmask16 d)
{
    return _mm512_mask_blend_ps(d, _mm512_mul_ps(_mm512_maskz_mov_ps((__mmask16)~d, v), k),
                                actv__pow2_in_double(v, k, 0));
}

/* the three steps in one, zl the low part of -|v| */
ACT__INLINE __m512 actv__sigmoid_neg_lo(__m512 a, __m512 zl, __m512 *c)
{
    actv__quot q;
    actv__quot_reduce(&q, a, zl);
    return actv__quot_divide(actv__quot_denominator(q), c);
}

/* the same for an exact a (no low part) */
static inline __m512 actv__sigmoid_neg(__m512 a, __m512 *c)
{
    return actv__sigmoid_neg_lo(a, _mm512_setzero_ps(), c);
}

/*
 * act_sigmoid_f32 (math_f32.h: the exact-numerator quotient of
 * act__sigmoid_neg_fma, zl = 0) step for step but the reciprocal, which is
 * vrcp14ps's (actv__quot_divide), and the clamp min(|x|, 104) by one
 * vrangeps instead of four integer operations.  0.401 -> 0.376 ns/el with
 * a vminps clamp, -> 0.325 pipelined, -> 0.312 with vrcp14ps (C harness,
 * 256K, any data).  The last step's branch constants K0 (1 or 0) and K1
 * (-+2^-64) come from x by vfixupimmps and one FMA, which also gives a NaN
 * x its NaN (vrangeps turns a QNaN into the bound): two operations fewer
 * than |x| and min, then K1 from the sign bit and K0 from K1, B/A 0.94-0.95
 * (tools/ab_harness.sh, 64K and 256K, Sapphire Rapids), bitwise the same
 * over all 2^32 (tools/kernel_hash.c).
 */
ACT__INLINE actv__quot actv__sigmoid_front(__m512 x)
{
    actv__quot q;
    q.x = q.xs = x;
    actv__quot_reduce(&q, _mm512_range_ps(x, ACTV_SET(104.0f), 0x0a),  /* NaN: 104, see K0 */
                      _mm512_setzero_ps());
    return q;
}

/* log_sigmoid'(x) = sigmoid(-x): sigmoid's steps on -x (its bits) */
ACT__INLINE actv__quot actv__sigmoid_of_neg_front(__m512 x)
{
    return actv__sigmoid_front(actv__neg(x));
}

ACT__INLINE __m512 actv__sigmoid_back(actv__quot q)
{
    __m512 c;
    __m512 qS = actv__quot_divide(q, &c);
    __m512 t64 = _mm512_fmadd_ps(c, qS, qS);
    /* K0 = 1 for x > 0 and +inf, 0 for x <= 0 and -inf, NaN(x) for a NaN */
    __m512 K0 = _mm512_fixupimm_ps(q.x, q.x, _mm512_set1_epi32(0xA8A8A822), 0);
    __m512 K1 = _mm512_fmadd_ps(K0, ACTV_SET(-0x1p-63f), ACTV_SET(0x1p-64f));   /* -+2^-64 */
    if (__builtin_expect(!actv__quot_tiny(qS), 1))
        return _mm512_fmadd_ps(t64, K1, K0);                        /* 1 - t or t */
    __mmask16 d = actv__quot_tiny_lanes(qS, c);                     /* t may be subnormal */
    return _mm512_mask_blend_ps(d, _mm512_fmadd_ps(t64, _mm512_maskz_mov_ps(~d, K1), K0),
                                _mm512_add_ps(actv__pow2_in_double(t64, K1, 0), K0));
}

/*
 * sigmoid'(x) = t (1 - t) and tanh'(x) = 4 t (1 - t), t = sigmoid(-a), a =
 * |x| or 2|x| clamped to 106 (the results round to 0 beyond), as
 * math_f32.h's act__sech2q_fma but on sigmoid's exact-numerator quotient
 * above (its reciprocal by vrcp14ps, pipelined): t 2^64 = th + tl = qS +
 * qS c, 1 - t = uh + ul (uh = 1 - qS 2^-64 rounded, its remainder exact
 * by FMA, then tl's share), the product with its exact error, rounded once
 * after the scale; a tiny lane (t below 2^-120, where 1 - t rounds to 1)
 * as t k 2^64 in double, rounded once (actv__sech2_tiny_half).  C harness,
 * 256K, uniform(-8, 8): sigmoid' 0.648 -> 0.403 ns/el, tanh' 0.724 ->
 * 0.404.  Sweep over all 2^32: 1 ULP each; every 97th input within 0.91
 * (sigmoid') and 0.96 ulp (tanh') of the exact value.
 */
ACT__INLINE actv__quot actv__sech2_front(__m512 a)
{
    actv__quot q;                   /* only the quotient's fields are used */
    actv__quot_reduce(&q, _mm512_min_ps(ACTV_SET(106.0f), a), _mm512_setzero_ps());  /* NaN kept */
    return q;
}

ACT__INLINE actv__quot actv__sigmoid_grad_front(__m512 x)
{
    return actv__sech2_front(_mm512_abs_ps(x));
}

ACT__INLINE actv__quot actv__tanh_grad_front(__m512 x)
{
    __m512 a = _mm512_abs_ps(x);
    return actv__sech2_front(_mm512_add_ps(a, a));                  /* inf beyond 2^127: 106 */
}

/* t (1 - t) 2^64 rounded, times k (2^-64 for sigmoid', 2^-62 for tanh') */
/* a tiny lane's t (1 - t) k 2^64 on 8 lanes: t = th (1 + c) 2^-64 is below
 * 2^-120, so 1 - t rounds to 1 and the result is th (1 + c) k in double,
 * rounded once (the float steps' tl = th c would be subnormal) */
static inline __m256 actv__sech2_tiny_half(__m256 th, __m256 c, __m256 k)
{
    __m512d thd = _mm512_cvtps_pd(th);
    return _mm512_cvtpd_ps(_mm512_mul_pd(_mm512_fmadd_pd(thd, _mm512_cvtps_pd(c), thd),
                                         _mm512_cvtps_pd(k)));
}

ACT__INLINE __m512 actv__sech2_back(actv__quot q, float k)
{
    const __m512 one = ACTV_SET(1.0f), m64 = ACTV_SET(-0x1p-64f);
    __m512 c;
    __m512 th = actv__quot_divide(q, &c), th0 = th;
    __mmask16 d = 0;
    if (__builtin_expect(actv__quot_tiny(th) != 0, 0)) {
        d = actv__quot_tiny_lanes(th, c);
        th = _mm512_maskz_mov_ps((__mmask16)~d, th);                /* 0 there: no subnormal step */
    }
    __m512 tl = _mm512_mul_ps(th, c);
    __m512 uh = _mm512_fmadd_ps(th, m64, one);
    __m512 ul = _mm512_fmadd_ps(tl, m64, _mm512_fmadd_ps(th, m64, _mm512_sub_ps(one, uh)));
    __m512 gh = _mm512_mul_ps(th, uh);
    __m512 gl = _mm512_add_ps(_mm512_fmsub_ps(th, uh, gh), _mm512_fmadd_ps(th, ul, _mm512_mul_ps(tl, uh)));
    __m512 y = _mm512_mul_ps(_mm512_add_ps(gh, gl), ACTV_SET(k));
    if (__builtin_expect(d != 0, 0)) {
        __m512 K = ACTV_SET(k);
        y = _mm512_mask_blend_ps(d, y, ACT512_JOIN8(
            actv__sech2_tiny_half(ACT512_LO8(th0), ACT512_LO8(c), ACT512_LO8(K)),
            actv__sech2_tiny_half(ACT512_HI8(th0), ACT512_HI8(c), ACT512_HI8(K))));
    }
    return y;
}

ACT__INLINE __m512 actv__sigmoid_grad_back(actv__quot q) { return actv__sech2_back(q, 0x1p-64f); }
ACT__INLINE __m512 actv__tanh_grad_back(actv__quot q) { return actv__sech2_back(q, 0x1p-62f); }

/* y with the sign bit of x added (y >= 0 or NaN): y | (x & -0.0) */
static inline __m512 actv__or_sign(__m512 y, __m512 x)
{
    return _mm512_castsi512_ps(_mm512_ternarylogic_epi32(
        _mm512_castps_si512(y), _mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000), 0xF8));
}

/*
 * x sigmoid(v), the last step of silu, swish and gelu_tanh, from t =
 * sigmoid(-|v|) = qS (1 + c) 2^-64 (actv__quot_divide) and the first
 * step's xs = x clamped where x t has rounded to 0 or x, the branch pos =
 * (v > 0) and the scale K = 2^-64 (swish's wide lanes: xs also scaled
 * down by as much as qS is scaled up beyond 2^64, and by 2^64 more where K
 * = 1; x t = xs qS (1 + c) K):
 *   - v <= 0: xs t, the product xs qS with its exact error and xs qS c
 *     added, rounded once, then K (a subnormal result rounds a second time,
 *     after an error below 2^-151);
 *   - v > 0: x - xs t by one FMA with t rounded: t's rounding costs at most
 *     x t 2^-24 < ulp(y) t/(1 - t) <= ulp(y) (t <= 1/2), before the FMA's
 *     own half ulp; x beyond the clamp gives x.
 */
ACT__INLINE __m512 actv__x_sigmoid_back(actv__quot q)
{
    __m512 c;
    __m512 qS = actv__quot_divide(q, &c);
    __m512 ph = _mm512_mul_ps(q.xs, qS);
    __m512 npe = _mm512_fnmadd_ps(q.xs, qS, ph);                    /* -(x qS - ph), exact */
    /* ph - (-(ph c) - pe): ph + ph c + pe with x = -0's sign kept (+0 there) */
    __m512 yh = _mm512_sub_ps(ph, _mm512_fnmadd_ps(ph, c, npe));
    __m512 th = _mm512_fmadd_ps(c, qS, qS);
    if (__builtin_expect(!actv__quot_tiny(qS), 1)) {
        __m512 yn = _mm512_mul_ps(yh, q.K);
        __m512 yp = _mm512_fnmadd_ps(q.xs, _mm512_mul_ps(th, q.K), q.x);
        return _mm512_mask_blend_ps(q.pos, yn, yp);
    }
    /* tiny lanes: yn in double; t raised to 2^-100 (max takes a subnormal
     * at full speed), x - xs t being x either way there */
    __mmask16 d = actv__quot_tiny_lanes(qS, c);
    __m512 t = actv__mul_tiny_lanes(th, q.K, d);
    t = _mm512_mask_max_ps(t, d, t, ACTV_SET(0x1p-100f));
    __m512 yp = _mm512_fnmadd_ps(q.xs, t, q.x);
    return _mm512_mask_blend_ps(q.pos, actv__mul_tiny_lanes(yh, q.K, d), yp);
}

/* the first step's x side for v of x's sign at the scale 2^-64 (silu,
 * gelu_tanh): xs = |x| clamped to amax with x's sign, by one vrangeps.  A
 * NaN x gives +-amax there (and amax as the callers' min(|x|, amax), also
 * by vrangeps), so a NaN lane counts as v > 0 and takes x - xs t, which is
 * NaN.  Against |x|, min and the sign: B/A 0.95 silu, 0.97 gelu_tanh
 * (64K), bitwise the same over all 2^32. */
ACT__INLINE void actv__x_sigmoid_x(actv__quot *q, __m512 x, float amax)
{
    q->x = x;
    q->xs = _mm512_range_ps(x, ACTV_SET(amax), 0x02);
    q->pos = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_NLE_UQ);
    q->K = ACTV_SET(0x1p-64f);
}

/* silu(x) = x sigmoid(x): |x| clamped to 110 (silu rounds to -0 below
 * -108.7).  Every 97th input: within 1.05 ulp of the exact value. */
ACT__INLINE actv__quot actv__silu_front(__m512 x)
{
    actv__quot q;
    __m512 a = _mm512_range_ps(x, ACTV_SET(110.0f), 0x0a);
    actv__x_sigmoid_x(&q, x, 110.0f);
    actv__quot_reduce(&q, a, _mm512_setzero_ps());
    return q;
}

/*
 * swish(x, beta) = x sigmoid(v), v = beta x = vh + vl (FMA split), as silu
 * on sigmoid's quotient with the branch on v's sign (beta < 0) and vl in
 * the reduced argument (0 where |v| is clamped); |v| clamped to 116, where
 * x t rounds to +-0 for |x| < 2^17 and x - x t to x.  A vector with a lane
 * of |x| >= 2^17 (`wide`; the other lanes get the same bits as without it)
 * keeps x qS from overflowing and its error terms normal there: x scaled by
 * 2^-64 and K = 1 while v >= -66 (x t >= 2^-78); below, |v| lowered by
 * 64 ln2 (130 and below: 128 ln2, |v| first clamped to 194, where x e^v
 * rounds to 0 for every float) so that t 2^64 (2^128) comes out, the
 * e^-|v'| <= 2^-31 beside 1 in the quotient negligible, x scaled by 2^-64
 * (2^-128) and K = 2^-64.  x's exponent field is lowered by integer
 * subtraction, so +-inf stays finite there (no invalid operation; their
 * limits come out of the same steps).  C harness 256K, beta = 1.5: 0.73-0.81
 * -> 0.56-0.58 ns/el (silu 0.475); 1 ULP over all 2^32 at beta = 1.5, -0.7, 1e-3,
 * 1e-5, 1e-30; every 97th input within 1.25 ulp of the exact value (10
 * betas), every input of test_swish_wide_inputs's ranges within 1.36.
 */
#define ACTV__SWISH_BIG 0x1p17f
#define ACTV__SWISH_VMAX 116.0f
ACT__INLINE actv__quot actv__swish_lanes(__m512 x, __m512 beta, __mmask16 wide)
{
    __m512 vh = _mm512_mul_ps(beta, x);
    __m512 a = _mm512_abs_ps(vh);
    __mmask16 inside = _mm512_cmp_ps_mask(a, ACTV_SET(ACTV__SWISH_VMAX), _CMP_LE_OQ);
    __mmask16 far = 0, tail = 0;
    if (wide) {
        far = _mm512_mask_cmp_ps_mask(wide, vh, ACTV_SET(-66.0f), _CMP_LT_OQ);
        tail = _mm512_mask_cmp_ps_mask(far, vh, ACTV_SET(-130.0f), _CMP_LT_OQ);
        inside = _kor_mask16(_kandn_mask16(far, inside),
                             _mm512_mask_cmp_ps_mask(far, a, ACTV_SET(194.0f), _CMP_LE_OQ));
    }
    /* vl, 0 where |v| is clamped (it would spoil the reduced argument) */
    __m512 vl = _mm512_maskz_fmsub_ps(inside, beta, x, vh);         /* exact */
    __m512 zl = _mm512_castsi512_ps(_mm512_ternarylogic_epi32(       /* vl ^ (~vh & sign): -|v| = -|vh| + zl */
        _mm512_castps_si512(vl), _mm512_castps_si512(vh), _mm512_set1_epi32((int)0x80000000), 0xD2));
    __m512 xs = x, K = ACTV_SET(0x1p-64f);
    if (wide) {
        /* far: |v| - 64 ln2 (tail: - 128 ln2), exact; its low part into zl */
        __m512 sh = _mm512_mask_blend_ps(tail, ACTV_SET(64 * ACT__LN2HI), ACTV_SET(128 * ACT__LN2HI));
        __m512 sl = _mm512_mask_blend_ps(tail, ACTV_SET(64 * ACT__LN2LO), ACTV_SET(128 * ACT__LN2LO));
        a = _mm512_mask_sub_ps(a, far, _mm512_min_ps(ACTV_SET(194.0f), a), sh);
        zl = _mm512_mask_add_ps(zl, far, zl, sl);
        __m512i dexp = _mm512_set1_epi32(64 << 23);
        __m512i ux = _mm512_mask_sub_epi32(_mm512_castps_si512(x), wide, _mm512_castps_si512(x), dexp);
        xs = _mm512_castsi512_ps(_mm512_mask_sub_epi32(ux, tail, ux, dexp));
        K = _mm512_mask_blend_ps(_kandn_mask16(far, wide), K, ACTV_SET(1.0f));
    }
    actv__quot q;
    q.x = x;
    q.xs = xs;
    q.K = K;
    q.pos = _mm512_cmp_ps_mask(vh, _mm512_setzero_ps(), _CMP_GT_OQ);
    actv__quot_reduce(&q, _mm512_min_ps(ACTV_SET(ACTV__SWISH_VMAX), a), zl);  /* NaN kept */
    return q;
}

ACT__INLINE actv__quot actv__swish_front(__m512 x, __m512 beta)
{
    __mmask16 wide = _mm512_cmp_ps_mask(_mm512_abs_ps(x), ACTV_SET(ACTV__SWISH_BIG), _CMP_GE_OQ);
    return wide ? actv__swish_lanes(x, beta, wide) : actv__swish_lanes(x, beta, 0);
}

/* |v| = vh + *vl for a = |x| <= 16: a (K1 + K3 a^2), K1, K3 and a^2 as
 * hi + lo, the two terms (both positive) summed by Fast2Sum after ordering */
static inline __m512 actv__gelu_tanh_v(__m512 a, __m512 *vl)
{
    __m512 x2 = _mm512_mul_ps(a, a);
    __m512 x2l = _mm512_fmsub_ps(a, a, x2);
    __m512 ph = _mm512_mul_ps(ACTV_SET(ACT__GT_K3HI), x2);
    __m512 pl = _mm512_add_ps(_mm512_fmsub_ps(ACTV_SET(ACT__GT_K3HI), x2, ph),
                              _mm512_fmadd_ps(ACTV_SET(ACT__GT_K3HI), x2l,
                                              _mm512_mul_ps(ACTV_SET(ACT__GT_K3LO), x2)));
    __m512 big = _mm512_max_ps(ph, ACTV_SET(ACT__GT_K1HI));
    __m512 small = _mm512_min_ps(ph, ACTV_SET(ACT__GT_K1HI));
    __m512 yh = _mm512_add_ps(big, small);                            /* Fast2Sum */
    __m512 yl = _mm512_add_ps(_mm512_add_ps(_mm512_sub_ps(big, yh), small),
                              _mm512_add_ps(pl, ACTV_SET(ACT__GT_K1LO)));
    __m512 vh = _mm512_mul_ps(a, yh);
    *vl = _mm512_fmadd_ps(a, yl, _mm512_fmsub_ps(a, yh, vh));
    return vh;
}

/*
 * gelu_tanh(x) = x sigmoid(v), v = K1 x + K3 x^3 as act_gelu_tanh_f32: |x|
 * clamped to 16 (gelu_tanh(x) = x above 5.5, -0 below -10.4), v = vh + vl
 * in double-float (actv__gelu_tanh_v), -|v| = z + zl with |vh| clamped to
 * 110 and zl fed to the quotient's reduced argument (sigmoid(-|v|)'s
 * relative error would grow like |v| eps(v) without it).
 */
ACT__INLINE actv__quot actv__gelu_tanh_front(__m512 x)
{
    actv__quot q;
    __m512 a = _mm512_range_ps(x, ACTV_SET(16.0f), 0x0a);
    __m512 vl, vh = actv__gelu_tanh_v(a, &vl);
    actv__x_sigmoid_x(&q, x, 16.0f);
    actv__quot_reduce(&q, _mm512_min_ps(ACTV_SET(110.0f), vh),
                      _mm512_sub_ps(_mm512_setzero_ps(), vl));
    return q;
}

/* act_fast_exp_f32: one-step reduction with ln2f, actf__exp4's polynomial */
static inline __m512 actv_fast_exp(__m512 x)
{
    __m512 z = actv__exp_clamp(x);
    __m512 nf = actv__exp_n(z);
    __m512 r = _mm512_fmadd_ps(nf, ACTV_SET(-ACTF_LN2F), z);
    __m512 p = _mm512_fmadd_ps(ACTV_SET(ACTF_EXP4_P3), r, ACTV_SET(ACTF_EXP4_P2));
    p = _mm512_fmadd_ps(p, r, ACTV_SET(ACTF_EXP4_P1));
    p = _mm512_fmadd_ps(p, r, ACTV_SET(ACTF_EXP4_P0));
    __m512 q = _mm512_fmadd_ps(r, p, ACTV_SET(1.0f));
    return actv__scalef_tiny(q, nf);
}

/*
 * erf: t = min(|x|, 3.84) (NaN kept); below 0.875 x S(t^2) as act_erf_f32
 * (math_smooth_f32.h); above, 16 pieces of width 3/16, each a degree-5
 * polynomial in t - centre whose coefficients come from 16-entry tables by
 * vpermps (the piece index is trunc((t - 0.875) 16/3), lanes below 0.875
 * take the small form), the last Horner step with its exact error and the
 * constant term as hi + lo.  The plain-C kernel evaluates both of its big
 * pieces (degrees 9 and 10) on every lane: 33 FMA-unit ops here 18.
 * Tables: tools/smooth_coefficients.py (erf16_fits), abs. error 0.008 x 2^-24.
 */
static const float ACTV__ERF16[8][16] __attribute__((aligned(64))) = {
    /* centres */
    {0x1.fp-1f, 0x1.28p+0f, 0x1.58p+0f, 0x1.88p+0f,
     0x1.b8p+0f, 0x1.e8p+0f, 0x1.0cp+1f, 0x1.24p+1f,
     0x1.3cp+1f, 0x1.54p+1f, 0x1.6cp+1f, 0x1.84p+1f,
     0x1.9cp+1f, 0x1.b4p+1f, 0x1.ccp+1f, 0x1.e4p+1f},
    /* c0 */
    {0x1.a89c86p-1f, 0x1.cbc54cp-1f, 0x1.e29e22p-1f, 0x1.f0763p-1f,
     0x1.f848acp-1f, 0x1.fc67bcp-1f, 0x1.fe6e18p-1f, 0x1.ff5b9p-1f,
     0x1.ffc102p-1f, 0x1.ffe96ap-1f, 0x1.fff86cp-1f, 0x1.fffdap-1f,
     0x1.ffff4ep-1f, 0x1.ffffdp-1f, 0x1.fffff4p-1f, 0x1.fffffep-1f},
    /* c1 */
    {0x1.c40b08p-2f, 0x1.2f7cc4p-2f, 0x1.7bd5c8p-3f, 0x1.bb1c96p-4f,
     0x1.e1d4cep-5f, 0x1.e85c44p-6f, 0x1.cd5ec8p-7f, 0x1.9646f4p-8f,
     0x1.4d78bcp-9f, 0x1.fe41dp-11f, 0x1.6be026p-12f, 0x1.e3bd02p-14f,
     0x1.2bb5dap-15f, 0x1.5a2afap-17f, 0x1.74adf6p-19f, 0x1.75fadp-21f},
    /* c2 */
    {-0x1.b5eab2p-2f, -0x1.5ee878p-2f, -0x1.fe67ccp-3f, -0x1.534252p-3f,
     -0x1.9e136p-4f, -0x1.d1783cp-5f, -0x1.e2fefap-6f, -0x1.cf67c8p-7f,
     -0x1.9b9ed2p-8f, -0x1.52d482p-9f, -0x1.02ad82p-10f, -0x1.6e8d3p-12f,
     -0x1.e249c6p-14f, -0x1.26bc3ap-15f, -0x1.4ec1b6p-17f, -0x1.616db8p-19f},
    /* c3 */
    {0x1.084708p-3f, 0x1.52a7d2p-3f, 0x1.4a9feep-3f, 0x1.10796ep-3f,
     0x1.8a282p-4f, 0x1.fe24a2p-5f, 0x1.2aa558p-5f, 0x1.3e8762p-6f,
     0x1.36f214p-7f, 0x1.16c07ap-8f, 0x1.cc19eep-10f, 0x1.5e3a48p-11f,
     0x1.ec80b4p-13f, 0x1.403ep-14f, 0x1.81824ap-16f, 0x1.adeb8ap-18f},
    /* c4 */
    {0x1.47ed46p-4f, 0x1.350e72p-6f, -0x1.9b1c9cp-6f, -0x1.7c1904p-5f,
     -0x1.904428p-5f, -0x1.4abb0ep-5f, -0x1.d09624p-6f, -0x1.1ec05cp-6f,
     -0x1.3c80aep-7f, -0x1.3b99a4p-8f, -0x1.1e3914p-9f, -0x1.da62f8p-11f,
     -0x1.68701ep-12f, -0x1.f775e2p-14f, -0x1.43d7dp-15f, -0x1.804eacp-17f},
    /* c5 */
    {-0x1.1c7676p-4f, -0x1.dbc7bap-5f, -0x1.1cfb7ep-5f, -0x1.76cd32p-7f,
     0x1.347d6cp-8f, 0x1.8aeb08p-7f, 0x1.a1ffc6p-7f, 0x1.4abb8ep-7f,
     0x1.b489f4p-8f, 0x1.f511f8p-9f, 0x1.feb3e4p-10f, 0x1.d3db82p-11f,
     0x1.84440cp-12f, 0x1.257618p-13f, 0x1.95999p-15f, 0x1.010668p-16f},
    /* c0 - (float)c0 */
    {-0x1.e8ae38p-26f, -0x1.6a7d84p-26f, 0x1.59e14ap-26f, -0x1.e318e8p-29f,
     0x1.6e8abp-26f, 0x1.e6e1acp-26f, -0x1.7a959ep-26f, -0x1.3898dcp-27f,
     -0x1.ae4e94p-27f, 0x1.e0e01ap-27f, 0x1.f9ff6p-26f, -0x1.0ba764p-28f,
     -0x1.364034p-27f, -0x1.b80dcep-26f, -0x1.053d7p-26f, -0x1.fc1ac6p-26f},
};
#define ACTV__ERF16_INVW (16.0f / 3.0f)   /* 1 / the pieces' width, from ACT__ERF32_T0 */
#define ACTV__ERF16_CEN 0                 /* rows of ACTV__ERF16 */
#define ACTV__ERF16_C(k) (1 + (k))
#define ACTV__ERF16_C0LO 7

/* row[j] per lane */
static inline __m512 actv__perm(__m512i j, const float *row)
{
    return _mm512_permutexvar_ps(j, _mm512_load_ps(row));
}

/* row[j] per lane, j in [0, 32) */
static inline __m512 actv__perm32(__m512i j, const float *row)
{
    return _mm512_permutex2var_ps(_mm512_load_ps(row), j, _mm512_load_ps(row + 16));
}

/* row[j] per lane of a 16- or 32-entry row */
static inline __m512 actv__permn(__m512i j, const float *row, int n)
{
    return n == 32 ? actv__perm32(j, row) : actv__perm(j, row);
}

/* sum of T[k n + j] d^(k - lo), k = lo..hi, by Horner with per-lane rows of
 * a table of rows of n = 16 or 32 entries (row k, at T + k n, the
 * coefficient of degree k) */
static inline __m512 actv__table_polyn(__m512i j, const float *T, int n, int hi, int lo, __m512 d)
{
    __m512 p = actv__permn(j, T + hi * n, n);
    for (int k = hi - 1; k >= lo; k--)
        p = _mm512_fmadd_ps(p, d, actv__permn(j, T + k * n, n));
    return p;
}

/* the same for a 16-entry table c (c[k] the row of degree k) */
static inline __m512 actv__table_poly(__m512i j, const float (*c)[16], int hi, int lo, __m512 d)
{
    return actv__table_polyn(j, c[0], 16, hi, lo, d);
}


/* p d + c as hi + *lo: the FMA's rounding error recovered exactly (c - hi is
 * exact where |p d| is small beside |c|: the last Horner step of a piece) */
static inline __m512 actv__fma_hilo(__m512 p, __m512 d, __m512 c, __m512 *lo)
{
    __m512 hi = _mm512_fmadd_ps(p, d, c);
    *lo = _mm512_fmadd_ps(p, d, _mm512_sub_ps(c, hi));
    return hi;
}

/* f'(x) from h = f'(-|x|) for an f with f(x) - f(-x) = x (silu, gelu):
 * f'(x) + f'(-x) = 1, so 1 - h for x > 0 */
static inline __m512 actv__odd_part_grad(__m512 h, __m512 x)
{
    __mmask16 pos = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GT_OQ);
    return _mm512_mask_sub_ps(h, pos, ACTV_SET(1.0f), h);
}

/* erf's steps for the pipelined loop: t, t^2 and the piece; the small form
 * and the piece's polynomial, each as hi + lo; the pick */
typedef struct {
    __m512 x, t;            /* the input, |x| clamped */
    __m512 v, vlo;          /* t^2 = v + vlo */
    __m512 d;               /* t - the piece's centre */
    __m512i j;              /* the piece */
    __m512 Sh, Sl, h, l;    /* S(t^2) and the piece's value (second step) */
} actv__erf_st;

ACT__INLINE actv__erf_st actv__erf_front(__m512 x)
{
    actv__erf_st e;
    e.x = x;
    e.t = _mm512_min_ps(ACTV_SET(ACT__ERF32_T1), _mm512_abs_ps(x));
    e.v = _mm512_mul_ps(e.t, e.t);
    e.vlo = _mm512_fmsub_ps(e.t, e.t, e.v);
    e.j = _mm512_cvttps_epi32(_mm512_mul_ps(_mm512_sub_ps(e.t, ACTV_SET(ACT__ERF32_T0)),
                                            ACTV_SET(ACTV__ERF16_INVW)));
    e.d = _mm512_sub_ps(e.t, actv__perm(e.j, ACTV__ERF16[ACTV__ERF16_CEN]));
    return e;
}

ACT__INLINE actv__erf_st actv__erf_mid(actv__erf_st e)
{
    /* the small form, as act_erf_f32 */
    __m512 ps = ACTV_SET(ACT__ERF32_S[6]);
    for (int k = 5; k >= 1; k--)
        ps = _mm512_fmadd_ps(ps, e.v, ACTV_SET(ACT__ERF32_S[k]));
    e.Sh = actv__fma_hilo(ps, e.v, ACTV_SET(ACT__ERF32_S[0]), &e.Sl);
    e.Sl = _mm512_add_ps(e.Sl, _mm512_fmadd_ps(e.vlo, ps, ACTV_SET(ACT__ERF32_S_LO)));
    /* the pieces */
    __m512 p = actv__table_poly(e.j, &ACTV__ERF16[ACTV__ERF16_C(0)], 5, 1, e.d);
    __m512 c0 = actv__perm(e.j, ACTV__ERF16[ACTV__ERF16_C(0)]);
    e.h = actv__fma_hilo(p, e.d, c0, &e.l);
    e.l = _mm512_add_ps(e.l, actv__perm(e.j, ACTV__ERF16[ACTV__ERF16_C0LO]));
    return e;
}

ACT__INLINE __m512 actv__erf_back(actv__erf_st e)
{
    __m512 ys = _mm512_fmadd_ps(e.x, e.Sh, _mm512_mul_ps(e.x, e.Sl));
    __mmask16 small = _mm512_cmp_ps_mask(e.t, ACTV_SET(ACT__ERF32_T0), _CMP_LT_OQ);
    /* x's sign on h + l and on ys's zero (erf(-0) = -0) */
    return actv__or_sign(_mm512_mask_blend_ps(small, _mm512_add_ps(e.h, e.l), ys), e.x);
}

/*
 * tanh: t = |x|, 32 pieces picked per lane by vpermt2ps (two 16-entry
 * halves).  t < 0.5: t + (t u) P(u), u = t^2, P of degree 4 (piece 0's
 * c1..c5); t in [0.5, 9.1]: tanh(t) as a degree-5 polynomial in t - centre,
 * 8 pieces per binade indexed by t's exponent and top three mantissa bits,
 * the last piece reaching from 7 to the clamp 9.1 (tanh rounds to 1 from
 * 9.011).  One Horner chain serves both forms: d is u or t - centre, the last
 * step A + B p with A = t or c0, B = t u or d, one rounding: B p is at most
 * 1/12 of the result and each centre is chosen so that its tanh, c0, is a
 * float32 to 1/256 ulp.  The sign is x's.  No exp and no division: 24
 * vector instructions per 16 lanes, 7 of them on the FMA unit.  Tables:
 * tools/smooth_coefficients.py (tanh32_fits), fit error 0.02 ulp.
 */
static const float ACTV__TANH32[7][32] __attribute__((aligned(64))) = {
    /* centres */
    {0x0p+0f, 0x1.0fff9ep-1f, 0x1.300038p-1f, 0x1.4fffbcp-1f,
     0x1.6fffc8p-1f, 0x1.900032p-1f, 0x1.afff78p-1f, 0x1.cffffp-1f,
     0x1.f00048p-1f, 0x1.0fff3cp+0f, 0x1.2fff9p+0f, 0x1.4fffb4p+0f,
     0x1.6fffa4p+0f, 0x1.8fffe6p+0f, 0x1.affff2p+0f, 0x1.cfff3ep+0f,
     0x1.efffeep+0f, 0x1.0fffa6p+1f, 0x1.2fff94p+1f, 0x1.4fff78p+1f,
     0x1.70003ep+1f, 0x1.90032cp+1f, 0x1.afffbp+1f, 0x1.d00068p+1f,
     0x1.f0001cp+1f, 0x1.0fffdap+2f, 0x1.30015ep+2f, 0x1.4fff8ap+2f,
     0x1.6ffdd4p+2f, 0x1.9002b6p+2f, 0x1.bp+2f, 0x1.03a908p+3f},
    /* c0 */
    {0x0p+0f, 0x1.f2017cp-2f, 0x1.10af7p-1f, 0x1.26d742p-1f,
     0x1.3b75d6p-1f, 0x1.4e8da6p-1f, 0x1.6025c2p-1f, 0x1.704baap-1f,
     0x1.7f0e3ap-1f, 0x1.92bf1ep-1f, 0x1.a8db86p-1f, 0x1.bad4e4p-1f,
     0x1.c9507ep-1f, 0x1.d4e6ecp-1f, 0x1.de1eb2p-1f, 0x1.e56b48p-1f,
     0x1.eb2dfcp-1f, 0x1.f1993ap-1f, 0x1.f73768p-1f, 0x1.faa788p-1f,
     0x1.fcc05p-1f, 0x1.fe0704p-1f, 0x1.fecd6ap-1f, 0x1.ff45f8p-1f,
     0x1.ff8f22p-1f, 0x1.ffcaacp-1f, 0x1.ffec62p-1f, 0x1.fff8c8p-1f,
     0x1.fffd58p-1f, 0x1.ffff06p-1f, 0x1.ffffa4p-1f, 0x1.fffffap-1f},
    /* c1 */
    {-0x1.555552p-2f, 0x1.86e6c8p-1f, 0x1.6ec55cp-1f, 0x1.56367p-1f,
     0x1.3da266p-1f, 0x1.25650ap-1f, 0x1.0dcc12p-1f, 0x1.ee266p-2f,
     0x1.c2d46ep-2f, 0x1.866338p-2f, 0x1.3ee818p-2f, 0x1.01fc2cp-2f,
     0x1.9e1f0ap-3f, 0x1.4a45c2p-3f, 0x1.0612b8p-3f, 0x1.9e415p-4f,
     0x1.465a4cp-4f, 0x1.c65d88p-5f, 0x1.16a9cap-5f, 0x1.5454ccp-6f,
     0x1.9e8642p-7f, 0x1.f802f6p-8f, 0x1.323a36p-8f, 0x1.73cc66p-9f,
     0x1.c3464p-10f, 0x1.aa89d6p-11f, 0x1.39da1cp-12f, 0x1.cdfc4ap-14f,
     0x1.53fe26p-15f, 0x1.f40382p-17f, 0x1.700356p-18f, 0x1.82f21ep-22f},
    /* c2 */
    {0x1.110f22p-3f, -0x1.7c37b8p-2f, -0x1.86ad74p-2f, -0x1.8a2248p-2f,
     -0x1.87694ap-2f, -0x1.7f6bb4p-2f, -0x1.732036p-2f, -0x1.6374c4p-2f,
     -0x1.514a7cp-2f, -0x1.3315b4p-2f, -0x1.08a0f2p-2f, -0x1.be441ap-3f,
     -0x1.71e3eep-3f, -0x1.2e7892p-3f, -0x1.e976d6p-4f, -0x1.88bf56p-4f,
     -0x1.391522p-4f, -0x1.b995aep-5f, -0x1.11e1bep-5f, -0x1.50c71ap-6f,
     -0x1.9be4ep-7f, -0x1.f60f84p-8f, -0x1.318296p-8f, -0x1.7341ecp-9f,
     -0x1.c2e5fep-10f, -0x1.aa5574p-11f, -0x1.39cd18p-12f, -0x1.cdcfbp-14f,
     -0x1.53b7c4p-15f, -0x1.f4f36ep-17f, -0x1.70d5e4p-18f, -0x1.77e038p-22f},
    /* c3 */
    {-0x1.b98accp-5f, -0x1.2ec2fep-4f, -0x1.238e44p-5f, -0x1.2cea08p-10f,
     0x1.d6799ep-6f, 0x1.b7878cp-5f, 0x1.2d9104p-4f, 0x1.6be388p-4f,
     0x1.9846f8p-4f, 0x1.bdb622p-4f, 0x1.c5258ap-4f, 0x1.abf98ap-4f,
     0x1.80af5p-4f, 0x1.4dd71p-4f, 0x1.1a5bbap-4f, 0x1.d48c32p-5f,
     0x1.7f21dp-5f, 0x1.15b5aep-5f, 0x1.6097b6p-6f, 0x1.b7a2b4p-7f,
     0x1.0f1aeep-7f, 0x1.4c219p-8f, 0x1.957098p-9f, 0x1.ed9efap-10f,
     0x1.2c1272p-10f, 0x1.1bfd66p-11f, 0x1.a24206p-13f, 0x1.33ee0ap-14f,
     0x1.c54758p-16f, 0x1.4d510ap-17f, 0x1.eaa94ap-19f, 0x1.e150aep-23f},
    /* c4 */
    {0x1.5cf23cp-6f, 0x1.480266p-3f, 0x1.2e72cep-3f, 0x1.08362cp-3f,
     0x1.c5788cp-4f, 0x1.683c7ep-4f, 0x1.1c867ep-4f, 0x1.ad62bep-5f,
     0x1.225fdap-5f, 0x1.dbc3a8p-7f, -0x1.6dc6e4p-8f, -0x1.2067acp-6f,
     -0x1.8280bep-6f, -0x1.a1342p-6f, -0x1.90066ep-6f, -0x1.6e0bc2p-6f,
     -0x1.3cbbfp-6f, -0x1.eb2fc8p-7f, -0x1.487f38p-7f, -0x1.a5c41p-8f,
     -0x1.08a7e4p-8f, -0x1.48c74p-9f, -0x1.92aa96p-10f, -0x1.ef2dcep-11f,
     -0x1.2a0afap-11f, -0x1.1ecd1cp-12f, -0x1.a5c22cp-14f, -0x1.3b3284p-15f,
     -0x1.da2cp-17f, -0x1.32141ap-18f, -0x1.ba346cp-20f, -0x1.36371ap-23f},
    /* c5 */
    {-0x1.b3a63cp-8f, -0x1.109d04p-5f, -0x1.99801ap-5f, -0x1.e3361ap-5f,
     -0x1.0384b2p-4f, -0x1.053ef4p-4f, -0x1.f43948p-5f, -0x1.cbe96ap-5f,
     -0x1.97d714p-5f, -0x1.4055bap-5f, -0x1.9e4caep-6f, -0x1.c806bep-7f,
     -0x1.7478fep-8f, -0x1.5b14d6p-12f, 0x1.6ad9dap-9f, 0x1.18acf6p-8f,
     0x1.38fb1cp-8f, 0x1.25a204p-8f, 0x1.c00b7ap-9f, 0x1.33fe64p-9f,
     0x1.916ec4p-10f, 0x1.fba66cp-11f, 0x1.3c050cp-11f, 0x1.84f16cp-12f,
     0x1.dc353ap-13f, 0x1.c94984p-14f, 0x1.5179ecp-15f, 0x1.f08d12p-17f,
     0x1.6df156p-18f, 0x1.0dc392p-19f, 0x1.8c12cep-21f, 0x1.1c7f9p-24f},
};
#define ACTV__TANH32_T0 0.5f      /* piece 0 below, 8 pieces per binade above */
#define ACTV__TANH32_T1 9.1f      /* the clamp: tanh rounds to 1 from 9.011 */
#define ACTV__TANH32_CEN 0        /* rows of ACTV__TANH32 */
#define ACTV__TANH32_C(k) (1 + (k))


/* ph + pl = c1 + d (c2 + ... + c_deg d^(deg - 2)) from a zero_piece table
 * (rows of n = 16 or 32 entries at T + k n: centres, -(centre lo), c0, c1
 * hi, c1 lo, c2..c_deg): c1 as hi + lo and the last Horner step's error in
 * pl */
static inline __m512 actv__zero_piece_c1(__m512i j, const float *T, int n, int deg, __m512 d,
                                         __m512 *pl)
{
    __m512 p = actv__permn(j, T + (deg + 3) * n, n);
    for (int k = deg + 2; k >= 5; k--)
        p = _mm512_fmadd_ps(p, d, actv__permn(j, T + k * n, n));
    __m512 ph = actv__fma_hilo(p, d, actv__permn(j, T + 3 * n, n), pl);
    *pl = _mm512_add_ps(*pl, actv__permn(j, T + 4 * n, n));
    return ph;
}

/* The same for a degree-7 table (silu', gelu', gelu_tanh') at d + dl:
 * returns ph and *small = dl ph + d pl, so that d P = d ph + small to first
 * order in dl */
static inline __m512 actv__zero_piece_poly(__m512i j, const float *T, int n, __m512 d,
                                           __m512 dl, __m512 *small)
{
    __m512 pl, ph = actv__zero_piece_c1(j, T, n, 7, d, &pl);
    *small = _mm512_fmadd_ps(dl, ph, _mm512_mul_ps(d, pl));
    return ph;
}

/* d P(d), P = c1 + ... + c6 d^5, from a degree-6 table of exact_c0_piece
 * rows (softplus's and mish's, 32 entries at T + 32 k: centres, c0..c6)
 * rounded twice: f = c0 + d P costs 0.15 ulp of f for each of d P's two
 * roundings where |d P| <= 0.3 f */
static inline __m512 actv__exact_c0_piece(__m512i j, const float *T, __m512 d)
{
    __m512 p = actv__perm32(j, T + 7 * 32);
    for (int k = 6; k >= 2; k--)
        p = _mm512_fmadd_ps(p, d, actv__perm32(j, T + k * 32));
    return _mm512_mul_ps(d, p);
}

static inline __m512 actv_tanh(__m512 x)
{
    __m512 t = _mm512_abs_ps(x);
    __m512 tc = _mm512_min_ps(ACTV_SET(ACTV__TANH32_T1), t);            /* NaN kept */
    /* piece index: 1 + 8 per binade from 0.5, 0 below (the subtraction
     * saturates in the upper 16 bits; base's lower 16 are zero), 31 from 7
     * (and NaN) */
    const int base = (int)(act__f2u(ACTV__TANH32_T0) - (1u << 20));
    __m512i j = _mm512_srli_epi32(_mm512_subs_epu16(_mm512_castps_si512(tc),
                                                    _mm512_set1_epi32(base)), 20);
    j = _mm512_min_epu32(j, _mm512_set1_epi32(31));
    __mmask16 small = _mm512_cmp_ps_mask(t, ACTV_SET(ACTV__TANH32_T0), _CMP_LT_OQ);
    __m512 u = _mm512_mul_ps(t, t);
    __m512 d = _mm512_mask_sub_ps(u, (__mmask16)~small, tc,
                                  actv__perm32(j, ACTV__TANH32[ACTV__TANH32_CEN]));
    __m512 p = actv__perm32(j, ACTV__TANH32[ACTV__TANH32_C(5)]);
    for (int k = 4; k >= 1; k--)
        p = _mm512_fmadd_ps(p, d, actv__perm32(j, ACTV__TANH32[ACTV__TANH32_C(k)]));
    __m512 A = _mm512_mask_blend_ps(small, actv__perm32(j, ACTV__TANH32[ACTV__TANH32_C(0)]), t);
    __m512 B = _mm512_mask_mul_ps(d, small, t, u);
    __m512 y = _mm512_fmadd_ps(B, p, A);
    return actv__or_sign(y, x);
}

/*
 * silu'(x) = s(x) (1 + x s(-x)), s = sigmoid, in float32 on AVX-512 (the
 * plain-C kernel carries s and 1 - s as hi + lo pairs with a Taylor patch at
 * the zero, ~110 operations).  silu'(x) + silu'(-x) = 1, so with t = |x| and
 * h(t) = silu'(-t): silu'(x) = h(t) for x <= 0 and 1 - h(t) for x > 0 (|h| <=
 * 1/2 there: h to absolute accuracy only).
 *   - t < 16: h from 32 pieces [j/2, (j+1)/2) picked by vpermt2ps, each a
 *     degree-7 polynomial in d = t - centre (h's poles at +-i pi keep width
 *     1/2 cheap): h = c0 + (d (ph + pl) rounded), the last Horner step with
 *     its error and c1 as hi + lo.  Each centre is the float32 nearest its
 *     piece's middle whose h is a float32 to 1/256 ulp (c0, so c0 + m rounds
 *     once), except piece 0 (centre 0, c0 = 1/2) and piece 2, centred at h's
 *     zero t0 = 1.2785 as hi + lo with c0 = 0, so the relative error stays
 *     bounded through the zero (d = dh + dl, dl = -(centre lo)).
 *   - t >= 16: h = s (1 - t + t s), s = sigmoid(-t) as sigmoid's quotient at
 *     the scale 2^64, 1 - t + t s as gh + gl, the product with its exact
 *     error, rounded once and scaled back (a subnormal result rounds a second
 *     time); t clamped to 110, where h rounds to -0.  Computed only for a
 *     vector with such a lane: each lane's route depends on its value alone,
 *     so results do not depend on their neighbours.
 * About 36 vector instructions per 16 lanes on the table route and 30 more
 * for a vector with a lane at |x| >= 16: C harness, 256K, 1.37 -> 0.446
 * ns/el on uniform(-8, 8), -> 1.03 on uniform(-20, 20).  Unrounded error
 * (every 97th input): 0.84 ulp on the table, 1.07 on the exp route; 1 ulp
 * over all 2^32.  Table: tools/smooth_coefficients.py (silu_grad32_fits),
 * fit error 0.14 ulp with float32 coefficients.  swish'(x, beta) =
 * silu'(beta x) runs it on v = beta x split by an FMA (actv__swish_grad_front).
 */
static const float ACTV__SILU_GRAD32[11][32] __attribute__((aligned(64))) = {
    /* centres */
    {0x0p+0f, 0x1.80005ep-1f, 0x1.474974p+0f, 0x1.bfffbp+0f,
     0x1.1fffeap+1f, 0x1.60003cp+1f, 0x1.9fff8ep+1f, 0x1.dfff06p+1f,
     0x1.100128p+2f, 0x1.30012ep+2f, 0x1.50002ep+2f, 0x1.6fff3p+2f,
     0x1.8ffee2p+2f, 0x1.affffcp+2f, 0x1.d00022p+2f, 0x1.f000aep+2f,
     0x1.07ffb6p+3f, 0x1.180038p+3f, 0x1.28000cp+3f, 0x1.37fe42p+3f,
     0x1.48001ep+3f, 0x1.57feep+3f, 0x1.6800b4p+3f, 0x1.77ff78p+3f,
     0x1.87feep+3f, 0x1.97ff8ap+3f, 0x1.a80006p+3f, 0x1.b800b8p+3f,
     0x1.c7ff9cp+3f, 0x1.d7ff92p+3f, 0x1.e7ffecp+3f, 0x1.f7fe2ap+3f},
    /* -(centre lo) */
    {0x0p+0f, 0x0p+0f, 0x1.bdf6fap-27f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f},
    /* c0 */
    {0x1p-1f, 0x1.425a68p-3f, 0x0p+0f, -0x1.29b0eap-4f,
     -0x1.9466d2p-4f, -0x1.860866p-4f, -0x1.457584p-4f, -0x1.f56c86p-5f,
     -0x1.6f86dep-5f, -0x1.049fc4p-5f, -0x1.692412p-6f, -0x1.ebf1bap-7f,
     -0x1.4ab7c8p-7f, -0x1.b81aacp-8f, -0x1.227092p-8f, -0x1.7cba44p-9f,
     -0x1.f0457p-10f, -0x1.41d106p-10f, -0x1.9fa1d8p-11f, -0x1.0b7202p-11f,
     -0x1.56eap-12f, -0x1.b68894p-13f, -0x1.1792b6p-13f, -0x1.63bc28p-14f,
     -0x1.c3a1ep-15f, -0x1.1e1562p-15f, -0x1.69c922p-16f, -0x1.c8bf02p-17f,
     -0x1.1fee42p-17f, -0x1.6a75bp-18f, -0x1.c7a80ep-19f, -0x1.1e1fc4p-19f},
    /* c1 hi */
    {-0x1p-1f, -0x1.824786p-2f, -0x1.be141p-3f, -0x1.8cdb94p-4f,
     -0x1.fa28ap-7f, 0x1.84317cp-6f, 0x1.2889cp-5f, 0x1.2224f4p-5f,
     0x1.e3fa44p-6f, 0x1.73c888p-6f, 0x1.0fd84ep-6f, 0x1.80dadcp-7f,
     0x1.0a4dcap-7f, 0x1.6a6ep-8f, 0x1.e709bp-9f, 0x1.43f7d8p-9f,
     0x1.ab8a44p-10f, 0x1.182ebap-10f, 0x1.6d2ad2p-11f, 0x1.d9b148p-12f,
     0x1.31d10ep-12f, 0x1.898904p-13f, 0x1.f8949ap-14f, 0x1.42a324p-14f,
     0x1.9b7b72p-15f, 0x1.05bbfp-15f, 0x1.4c4036p-16f, 0x1.a4ec1p-17f,
     0x1.0a331ap-17f, 0x1.50193ep-18f, 0x1.a7ae2ap-19f, 0x1.0ab9b8p-19f},
    /* c1 lo */
    {-0x1.6e685cp-27f, -0x1.ae02a4p-27f, -0x1.0c1fc4p-29f, -0x1.1e2c24p-30f,
     0x1.3f9798p-35f, 0x1.78f7dcp-31f, 0x1.fc054cp-30f, -0x1.c98994p-35f,
     0x1.d035d4p-31f, -0x1.2edc54p-32f, -0x1.f3dd68p-32f, -0x1.a3f036p-33f,
     -0x1.260d12p-33f, -0x1.8fe396p-33f, -0x1.61f0fep-34f, -0x1.c7012cp-34f,
     -0x1.0087cep-37f, 0x1.3fe914p-36f, -0x1.7e81c2p-37f, -0x1.ac7a6p-37f,
     0x1.2e0556p-37f, -0x1.b8a598p-38f, -0x1.28fc04p-39f, -0x1.fe1deap-40f,
     -0x1.a93896p-43f, 0x1.fdbe88p-41f, 0x1.d7bcd4p-43f, 0x1.45cd76p-42f,
     -0x1.7a7186p-43f, 0x1.7ebafp-43f, -0x1.e2394ep-46f, -0x1.7f2394p-46f},
    /* c2 */
    {0x1.0e0a8ap-21f, 0x1.234fccp-3f, 0x1.2c5634p-3f, 0x1.b38942p-4f,
     0x1.da4892p-5f, 0x1.7bfd18p-6f, 0x1.0b01c2p-8f, -0x1.198adep-8f,
     -0x1.bda3fap-8f, -0x1.b2722p-8f, -0x1.685a9ep-8f, -0x1.13a9c6p-8f,
     -0x1.91f9aap-9f, -0x1.1bff94p-9f, -0x1.88924ap-10f, -0x1.0af44p-10f,
     -0x1.669a88p-11f, -0x1.dceedp-12f, -0x1.3aa31p-12f, -0x1.9c7154p-13f,
     -0x1.0cb2e8p-13f, -0x1.5c856p-14f, -0x1.c2009p-15f, -0x1.2188e4p-15f,
     -0x1.73540ap-16f, -0x1.dac448p-17f, -0x1.2eb7p-17f, -0x1.8118ecp-18f,
     -0x1.e8efb4p-19f, -0x1.35bcbap-19f, -0x1.87b436p-20f, -0x1.eea748p-21f},
    /* c3 */
    {0x1.554cep-4f, 0x1.d94f1ap-6f, -0x1.353edcp-6f, -0x1.147b68p-5f,
     -0x1.d59a9ep-6f, -0x1.1f94f6p-6f, -0x1.180ccap-7f, -0x1.9f946ap-9f,
     -0x1.0f4faep-11f, 0x1.267432p-11f, 0x1.c3fbc4p-11f, 0x1.b29832p-11f,
     0x1.65a8cep-11f, 0x1.105166p-11f, 0x1.8bfcdp-12f, 0x1.174e9cp-12f,
     0x1.81b92ep-13f, 0x1.0621ep-13f, 0x1.5ffb2p-14f, 0x1.d42102p-15f,
     0x1.34b95ep-15f, 0x1.94a2c4p-16f, 0x1.0799aep-16f, 0x1.55e5cp-17f,
     0x1.b98e68p-18f, 0x1.1c0a3p-18f, 0x1.6c3c54p-19f, 0x1.d1b1dp-20f,
     0x1.28fb4p-20f, 0x1.79d57p-21f, 0x1.dfa2dcp-22f, 0x1.2fe75cp-22f},
    /* c4 */
    {0x1.00cefcp-14f, -0x1.c0427ap-6f, -0x1.f2d52p-7f, -0x1.7d0d5p-10f,
     0x1.4ecfc8p-8f, 0x1.5ec82ap-8f, 0x1.d36b0ap-9f, 0x1.f2b918p-10f,
     0x1.bd5882p-11f, 0x1.358244p-12f, 0x1.595ep-15f, -0x1.dd19a8p-15f,
     -0x1.59154ep-14f, -0x1.45c504p-14f, -0x1.09fe18p-14f, -0x1.933748p-15f,
     -0x1.245ca6p-15f, -0x1.9bcf26p-16f, -0x1.1c295ep-16f, -0x1.8210aep-17f,
     -0x1.031b82p-17f, -0x1.5880d8p-18f, -0x1.c66d1ap-19f, -0x1.29b3a6p-19f,
     -0x1.840798p-20f, -0x1.f70c4p-21f, -0x1.44d9c8p-21f, -0x1.a1e0d4p-22f,
     -0x1.0c0446p-22f, -0x1.56b502p-23f, -0x1.b5093ep-24f, -0x1.161134p-24f},
    /* c5 */
    {-0x1.a19f2cp-7f, 0x1.7000d6p-11f, 0x1.b11a32p-8f, 0x1.224fd4p-8f,
     0x1.10082p-10f, -0x1.174892p-11f, -0x1.8edba4p-11f, -0x1.1dcccp-11f,
     -0x1.427d16p-12f, -0x1.39f9acp-13f, -0x1.088aap-14f, -0x1.5c7e82p-16f,
     -0x1.2b4b84p-19f, 0x1.3507fap-18f, 0x1.a535bap-18f, 0x1.868ad6p-18f,
     0x1.3ba976p-18f, 0x1.dc911cp-19f, 0x1.5953eap-19f, 0x1.e594bap-20f,
     0x1.4efa9cp-20f, 0x1.c6c6ccp-21f, 0x1.31673cp-21f, 0x1.957282p-22f,
     0x1.0ba83p-22f, 0x1.5e3de4p-23f, 0x1.c8c026p-24f, 0x1.27f508p-24f,
     0x1.7e88c8p-25f, 0x1.ec3a18p-26f, 0x1.3ba028p-26f, 0x1.93b1f2p-27f},
    /* c6 */
    {0x1.0dbbd2p-11f, 0x1.cb7b86p-9f, 0x1.2e86eep-13f, -0x1.444098p-10f,
     -0x1.beb7cp-11f, -0x1.001036p-12f, 0x1.05c912p-15f, 0x1.7124c8p-14f,
     0x1.1dfb48p-14f, 0x1.4e5162p-15f, 0x1.54c3e6p-16f, 0x1.37fc74p-17f,
     0x1.142c5ap-18f, 0x1.0347e6p-20f, 0x1.e65b4ap-23f, -0x1.038e62p-22f,
     -0x1.e4b72ep-22f, -0x1.b6b398p-22f, -0x1.301dcep-22f, -0x1.ebbcc4p-23f,
     -0x1.46fcfep-23f, -0x1.dcec2ep-24f, -0x1.2bae5ap-24f, -0x1.cedbb2p-25f,
     -0x1.1e5a32p-25f, -0x1.a7c5bap-26f, -0x1.051c02p-26f, -0x1.66eeeap-27f,
     -0x1.b7bf98p-28f, -0x1.1ac85ep-28f, -0x1.6b2a1cp-29f, -0x1.cf9d8p-30f},
    /* c7 */
    {0x1.3ce39ep-10f, -0x1.6414f4p-11f, -0x1.b01274p-11f, -0x1.57a208p-14f,
     0x1.a2a3fap-13f, 0x1.0cfe4p-13f, 0x1.450e72p-15f, -0x1.1d1682p-20f,
     -0x1.31d4d8p-17f, -0x1.e358d2p-18f, -0x1.1e3ab2p-18f, -0x1.2684f2p-19f,
     -0x1.683516p-20f, -0x1.39bf6p-22f, -0x1.4356b8p-22f, -0x1.dffb5ap-24f,
     0x1.8df99ap-25f, 0x1.f2444p-25f, 0x1.f6ee58p-27f, 0x1.e44244p-26f,
     0x1.5beb36p-27f, 0x1.8715eap-27f, 0x1.3525b6p-29f, 0x1.02d0fap-27f,
     0x1.63f2f6p-29f, 0x1.17e88p-28f, 0x1.df24bap-30f, 0x1.b888d4p-30f,
     0x1.7735eep-31f, 0x1.c95f8p-32f, 0x1.1bfc24p-32f, 0x1.5234f8p-33f},
};
#define ACTV__SILU_GRAD32_TT 16.0f    /* the table's end, the exp route above */
#define ACTV__SILU_GRAD32_TMAX 110.0f /* silu'(-t) rounds to -0 from 108.7 */

/* h(t) = silu'(-t) for t >= 16 (see above); t + tl with has_lo (swish':
 * tl in the quotient's reduced argument and in 1 - t + t s) */
ACT__INLINE __m512 actv__silu_grad_far(__m512 t, __m512 tl, int has_lo)
{
    __m512 a = _mm512_min_ps(ACTV_SET(ACTV__SILU_GRAD32_TMAX), t);
    __m512 c, qS;
    if (has_lo) {
        tl = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(t, a, _CMP_EQ_OQ), tl);   /* 0 if clamped */
        qS = actv__sigmoid_neg_lo(a, _mm512_sub_ps(_mm512_setzero_ps(), tl), &c);
    } else {
        qS = actv__sigmoid_neg(a, &c);                             /* s 2^64 = qS (1 + c) */
    }
    __m512 s = _mm512_mul_ps(qS, ACTV_SET(0x1p-64f));
    __m512 one_t = _mm512_sub_ps(ACTV_SET(1.0f), a);               /* exact */
    __m512 gh = _mm512_fmadd_ps(a, s, one_t);
    __m512 gl = _mm512_fmadd_ps(a, s, _mm512_sub_ps(one_t, gh));   /* one_t - gh exact */
    if (has_lo)
        gl = _mm512_sub_ps(gl, tl);                                /* - tl (1 - s), s < 2^-23 */
    __m512 P = _mm512_mul_ps(qS, gh);
    __m512 e = _mm512_fmsub_ps(qS, gh, P);                         /* exact */
    __m512 tot = _mm512_fmadd_ps(qS, _mm512_fmadd_ps(c, gh, gl), e);
    return _mm512_mul_ps(_mm512_add_ps(P, tot), ACTV_SET(0x1p-64f));   /* exact unless subnormal */
}

/* silu'(v), v = vh + vl (has_lo: swish', v = beta x; the low part of |v|
 * is added to d = t - centre by Fast2Sum and its error to the piece's low
 * part, which keeps the relative error bounded at the zero as for silu'),
 * in the pipelined loops' three steps: the piece and d; its polynomial; the
 * sum, the exp route's lanes and the odd part */
typedef struct {
    __m512 vh, t, tl;       /* v = vh + vl, t = |vh|, |v| = t + tl */
    __m512 dh, dl;          /* the offset in the piece, hi + lo */
    __m512i j;              /* the piece */
    __mmask16 far;          /* |v| >= 16: the exp route */
    __m512 ph, small;       /* the polynomial (second step) */
} actv__silu_grad_st;

ACT__INLINE actv__silu_grad_st actv__silu_grad_front(__m512 vh, __m512 vl, int has_lo)
{
    const float (*T)[32] = ACTV__SILU_GRAD32;
    actv__silu_grad_st g;
    g.vh = vh;
    g.t = _mm512_abs_ps(vh);
    __m512 tc = _mm512_min_ps(ACTV_SET(0x1.fffffep3f), g.t);         /* below 16; NaN kept */
    g.j = _mm512_cvttps_epi32(_mm512_add_ps(tc, tc));                /* NaN: piece 0 */
    g.dh = _mm512_sub_ps(tc, actv__perm32(g.j, T[0]));              /* exact */
    g.dl = actv__perm32(g.j, T[1]);
    g.far = _mm512_cmp_ps_mask(g.t, ACTV_SET(ACTV__SILU_GRAD32_TT), _CMP_GE_OQ);
    g.tl = _mm512_setzero_ps();
    if (has_lo) {
        /* |v| = t + tl; 0 on the far lanes (vl may be huge there) */
        g.tl = _mm512_castsi512_ps(_mm512_ternarylogic_epi32(        /* vl ^ (vh & sign) */
            _mm512_castps_si512(vl), _mm512_castps_si512(vh), _mm512_set1_epi32((int)0x80000000), 0x78));
        __m512 tn = _mm512_maskz_mov_ps(_knot_mask16(g.far), g.tl);
        /* d = dh + tn rounded, its error into dl (Fast2Sum: dh is 0 or at
         * least ulp(t)/2 >= |tn|): P is then taken at d, not at dh (dl P(dh)
         * alone misses dl dh P', 0.7 ulp beside the zero) */
        __m512 d = _mm512_add_ps(g.dh, tn);
        g.dl = _mm512_add_ps(g.dl, _mm512_sub_ps(tn, _mm512_sub_ps(d, g.dh)));
        g.dh = d;
    }
    return g;
}

ACT__INLINE actv__silu_grad_st actv__silu_grad_mid(actv__silu_grad_st g)
{
    g.ph = actv__zero_piece_poly(g.j, ACTV__SILU_GRAD32[0], 32, g.dh, g.dl, &g.small);
    return g;
}

ACT__INLINE __m512 actv__silu_grad_back_lo(actv__silu_grad_st g, int has_lo)
{
    __m512 h = _mm512_add_ps(actv__perm32(g.j, ACTV__SILU_GRAD32[2]),
                             _mm512_fmadd_ps(g.dh, g.ph, g.small));
    if (g.far)
        h = _mm512_mask_mov_ps(h, g.far, actv__silu_grad_far(g.t, g.tl, has_lo));
    return actv__odd_part_grad(h, g.vh);
}

/* silu''s first step (v = x, no low part) */
ACT__INLINE actv__silu_grad_st actv__silu_grad_front_x(__m512 x)
{
    return actv__silu_grad_front(x, _mm512_setzero_ps(), 0);
}

ACT__INLINE __m512 actv__silu_grad_back(actv__silu_grad_st g)
{
    return actv__silu_grad_back_lo(g, 0);
}

/* swish'(x, beta) = silu'(v), v = beta x = vh + vl (FMA split) */
ACT__INLINE actv__silu_grad_st actv__swish_grad_front(__m512 x, __m512 beta)
{
    __m512 vh = _mm512_mul_ps(beta, x);
    return actv__silu_grad_front(vh, _mm512_fmsub_ps(beta, x, vh), 1);
}

ACT__INLINE __m512 actv__swish_grad_back(actv__silu_grad_st g)
{
    return actv__silu_grad_back_lo(g, 1);
}

/*
 * actcore.fast.tanh: t = |x| clamped to 7.9, 16 pieces picked by vpermps
 * (on Zen 4 the one-table vpermps costs less than the two-table vpermt2ps),
 * j = round(1.95 t - 0.2): piece 0 (t < 0.36) t P(t), P of degree 4;
 * pieces 1..14 a degree-5 polynomial in t - j w, w = float(1/1.95); piece 15
 * (from 7.54) the constant 1, so saturation is exact.  The sign is x's: 18
 * vector instructions per 16 lanes, 6 of them table lookups.  Fit
 * error 6.2e-7 relative (tools/smooth_coefficients.py fast_tanh16_fits),
 * within the published 1e-6 with the float32 rounding.
 */
static const float ACTV__FAST_TANH16[6][16] __attribute__((aligned(64))) = {
    /* c0 */
    {0x0p+0f, 0x1.e378aap-2f, 0x1.8b57c8p-1f, 0x1.d2df82p-1f,
     0x1.ef592ap-1f, 0x1.f9f762p-1f, 0x1.fdd40cp-1f, 0x1.ff3862p-1f,
     0x1.ffb864p-1f, 0x1.ffe652p-1f, 0x1.fff6cap-1f, 0x1.fffcb2p-1f,
     0x1.fffedp-1f, 0x1.ffff94p-1f, 0x1.ffffdap-1f, 0x1p+0f},
    /* c1 */
    {0x1.ffffecp-1f, 0x1.8ddd36p-1f, 0x1.9d78bp-2f, 0x1.591b66p-3f,
     0x1.06182cp-4f, 0x1.7fe0e8p-6f, 0x1.15626cp-7f, 0x1.8eed76p-9f,
     0x1.1e5d2p-10f, 0x1.9adda6p-12f, 0x1.26aeb6p-13f, 0x1.a6ac1p-15f,
     0x1.2f1df6p-16f, 0x1.b2c0c6p-18f, 0x1.37c6c2p-19f, 0x0p+0f},
    /* c2 */
    {0x1.41a274p-14f, -0x1.77b9a8p-2f, -0x1.3f39fcp-2f, -0x1.3aacaep-3f,
     -0x1.fb271p-5f, -0x1.7b606ap-6f, -0x1.143a46p-7f, -0x1.8e59b8p-9f,
     -0x1.1e3acep-10f, -0x1.9ad154p-12f, -0x1.26af62p-13f, -0x1.a6b1e8p-15f,
     -0x1.2f2368p-16f, -0x1.b2c93ap-18f, -0x1.37ccfep-19f, 0x0p+0f},
    /* c3 */
    {-0x1.56f5dcp-2f, -0x1.5cc492p-4f, 0x1.b14f92p-4f, 0x1.5779b8p-4f,
     0x1.3bffdp-5f, 0x1.ee3e7p-7f, 0x1.6d83fep-8f, 0x1.0905bcp-9f,
     0x1.7d9cfp-11f, 0x1.120dd4p-12f, 0x1.8943f4p-14f, 0x1.1a1328p-15f,
     0x1.9498cp-17f, 0x1.22280cp-18f, 0x1.a02a3ep-20f, 0x0p+0f},
    /* c4 */
    {0x1.6926a2p-7f, 0x1.4d99d8p-3f, 0x1.593e14p-6f, -0x1.a112a6p-6f,
     -0x1.107766p-6f, -0x1.d41e0ep-8f, -0x1.651334p-9f, -0x1.05b5cep-10f,
     -0x1.7a4a22p-12f, -0x1.100a0cp-13f, -0x1.8690c8p-15f, -0x1.183p-16f,
     -0x1.91ea34p-18f, -0x1.203d5ap-19f, -0x1.9d6b62p-21f, 0x0p+0f},
    /* c5 */
    {0x1.b54e12p-4f, -0x1.8e4ec8p-5f, -0x1.07c3f2p-5f, 0x1.80269cp-10f,
     0x1.1d4954p-8f, 0x1.211534p-9f, 0x1.ce65d4p-11f, 0x1.584eccp-12f,
     0x1.f47186p-14f, 0x1.6897bep-15f, 0x1.03086cp-16f, 0x1.73bf9ep-18f,
     0x1.0aa6bp-19f, 0x1.7e7a82p-21f, 0x1.124c16p-22f, 0x0p+0f},
};
#define ACTV__FAST_TANH16_W 0x1.06906ap-1f   /* float(1/S) */
#define ACTV__FAST_TANH16_S 1.95f     /* pieces per unit of t */
#define ACTV__FAST_TANH16_OFF 0.2f
#define ACTV__FAST_TANH16_TMAX 7.9f   /* in piece 15, where the result is 1 */

/* the piece of v: round(s v + off) by the magic bias; its low 4 bits index a
 * vpermps table (NaN's are 0), *jf is the rounded value as a float */
static inline __m512i actv__piece(__m512 v, float s, float off, __m512 *jf)
{
    const __m512 magic = ACTV_SET(0x1.8p23f);
    __m512 a = _mm512_add_ps(_mm512_fmadd_ps(v, ACTV_SET(s), ACTV_SET(off)), magic);
    *jf = _mm512_sub_ps(a, magic);
    return _mm512_castps_si512(a);
}

static inline __m512 actv_fast_tanh(__m512 x)
{
    __m512 t = _mm512_min_ps(ACTV_SET(ACTV__FAST_TANH16_TMAX), _mm512_abs_ps(x)); /* NaN kept */
    /* S t - OFF rounded to an integer by the magic bias: its low bits are
     * the piece (each piece is fitted a little past its ends); NaN's low
     * bits are 0: piece 0, whose result is NaN through d */
    __m512 jf;
    __m512i j = actv__piece(t, ACTV__FAST_TANH16_S, -ACTV__FAST_TANH16_OFF, &jf);
    __m512 d = _mm512_fmadd_ps(jf, ACTV_SET(-ACTV__FAST_TANH16_W), t);
    __m512 p = actv__table_poly(j, ACTV__FAST_TANH16, 5, 0, d);
    return actv__or_sign(p, x);
}

/*
 * gelu(x) = x Phi(x), in float32 on AVX-512 (the plain-C kernel computes in
 * double).  t = |x| clamped to 14.5 (gelu(-t) rounds to -0 from 14.34), h =
 * Phi(-t) = E R with E = e^(-t^2/2) and R(t) = e^(t^2/2) Phi(-t), smooth and
 * in (0.027, 0.5]: gelu(x) = -t h for x < 0 and x - t h for x >= 0 (h <= 1/2,
 * so 1 - h needs h to absolute accuracy only).
 *   - E = 2^n (1 + m): t^2/2 = p/2 + pl/2 exactly, r1 = -p/2 - n LN2HI exact,
 *     the rest rl = -pl/2 - n LN2LO is small, m = r1 + (rl + rho^2 Q(rho))
 *     with rho = r1 + rl (the exp polynomial of act_exp_f32), 1 + m = Th + Tl
 *     (Fast2Sum); the reduction is carried divided by -1/2
 *     (actv__exp_neg_reduce).
 *   - R: 32 pieces picked by vpermt2ps, 8 per binade of t + 2 (width 1/4 to
 *     t = 2, 1/2 to 6, 1 to 14; the index is the bits of t + 2 with no offset
 *     to take off), each a degree-5 polynomial in t - centre whose constant
 *     term R(centre) is a float32 to 1/256 ulp (the centres are chosen so);
 *     Rh + Rl with the last Horner step's error.
 *   - H + Hl = (Th + Tl)(Rh + Rl), products with their exact errors; u = t
 *     h = t (H + Hl) rounded once, then 2^n by vscalefps (a subnormal u
 *     rounds a second time, within 1 ulp); x < 0: -u; x >= 0: x - u (both as
 *     max(-0, x) - u), where u's rounding costs at most u 2^-24 < ulp(y)
 *     h/(1 - h) <= ulp(y) (h <= 1/2) before the subtraction's own half ulp.
 *     Every 13th input: within 0.90 ulp of the exact value where the result
 *     is normal (0.80 every 97th; 1.10 with x >= 0 as x - t h by one FMA on h
 *     rounded, which took three more FMA-unit operations, a second vscalefps
 *     and a blend: 0.566 -> 0.536 ns/el, C harness 256K, Zen 4).
 * About 45 vector operations per 16 lanes and no division, against the
 * double kernel's two 8-lane halves.  On Sapphire Rapids (two 512-bit ports
 * for all of them, vpermps and vpermt2ps alike on one) each operation
 * counts: against the 16-piece degree-6 table (one lookup and one FMA
 * more, fit error 0.08 ulp, and the index's offset), |x| and its clamp in
 * two steps and a sign step, B/A 0.92 (tools/ab_harness.sh, 64K).  Table:
 * tools/smooth_coefficients.py (gelu32_fits), fit error 0.096 ulp.
 */
static const float ACTV__GELU32[7][32] __attribute__((aligned(64))) = {
    /* centres */
    {0x1.01203cp-3f, 0x1.80008cp-2f, 0x1.400008p-1f, 0x1.c00072p-1f,
     0x1.20009p+0f, 0x1.600038p+0f, 0x1.a00378p+0f, 0x1.dffffep+0f,
     0x1.1fffa2p+1f, 0x1.60005ap+1f, 0x1.a0003cp+1f, 0x1.dffff4p+1f,
     0x1.100018p+2f, 0x1.2fffc2p+2f, 0x1.4fff7ep+2f, 0x1.7000a2p+2f,
     0x1.a00142p+2f, 0x1.dfffecp+2f, 0x1.10002ap+3f, 0x1.300036p+3f,
     0x1.4fffbp+3f, 0x1.6ffff6p+3f, 0x1.8ffff2p+3f, 0x1.afffe8p+3f,
     0x1.c802ecp+3f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f},
    /* c0 */
    {0x1.d07ddep-2f, 0x1.84b6e2p-2f, 0x1.4b1ddep-2f, 0x1.1e7c0ap-2f,
     0x1.f66fcp-3f, 0x1.bdb9c6p-3f, 0x1.8f66p-3f, 0x1.690b34p-3f,
     0x1.3aae2ep-3f, 0x1.0bb93p-3f, 0x1.d0b2e2p-4f, 0x1.99c2cp-4f,
     0x1.6e03ecp-4f, 0x1.4a7288p-4f, 0x1.2d026cp-4f, 0x1.144532p-4f,
     0x1.eba492p-5f, 0x1.ac62a4p-5f, 0x1.7b5efap-5f, 0x1.54525cp-5f,
     0x1.3480a2p-5f, 0x1.1a157cp-5f, 0x1.03cf0ep-5f, 0x1.e18df6p-6f,
     0x1.c872b4p-6f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f},
    /* c1 */
    {-0x1.5e3338p-2f, -0x1.06bf8ap-2f, -0x1.932346p-3f, -0x1.3baf16p-3f,
     -0x1.f793a8p-4f, -0x1.9851aap-4f, -0x1.4ffafap-4f, -0x1.18275p-4f,
     -0x1.b40698p-5f, -0x1.432a98p-5f, -0x1.ef2c52p-6f, -0x1.85dc8ep-6f,
     -0x1.3a0062p-6f, -0x1.01ca1cp-6f, -0x1.ae37ccp-7f, -0x1.6c0592p-7f,
     -0x1.21aceep-7f, -0x1.b9fa8ep-8f, -0x1.5bcad8p-8f, -0x1.188f8cp-8f,
     -0x1.cdef82p-9f, -0x1.82be02p-9f, -0x1.486dcap-9f, -0x1.1a512p-9f,
     -0x1.fb9016p-10f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f},
    /* c2 */
    {0x1.a485bep-3f, 0x1.222ebp-3f, 0x1.9a4568p-4f, 0x1.28be7ep-4f,
     0x1.b6581ap-5f, 0x1.4a02c8p-5f, 0x1.f99fp-6f, 0x1.899954p-6f,
     0x1.15aa72p-6f, 0x1.6c5cd6p-7f, 0x1.f2f49cp-8f, 0x1.621fd4p-8f,
     0x1.031b0cp-8f, 0x1.852c1ep-9f, 0x1.2ae39p-9f, 0x1.d41788p-10f,
     0x1.4ea16p-10f, 0x1.c0f95ap-11f, 0x1.3ae72cp-11f, 0x1.c9ea3p-12f,
     0x1.56ef06p-12f, 0x1.073c46p-12f, 0x1.9ca83ap-13f, 0x1.494a72p-13f,
     0x1.18de5p-13f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f},
    /* c3 */
    {-0x1.afbc28p-4f, -0x1.15c8f6p-4f, -0x1.6e920cp-5f, -0x1.ef9eeap-6f,
     -0x1.56acaep-6f, -0x1.e3d402p-7f, -0x1.5c2c0ep-7f, -0x1.fe2772p-8f,
     -0x1.49bbaep-8f, -0x1.838afap-9f, -0x1.dec494p-10f, -0x1.34a248p-10f,
     -0x1.9ccefap-11f, -0x1.1cffd6p-11f, -0x1.948f9p-12f, -0x1.26295ap-12f,
     -0x1.7b5ac8p-13f, -0x1.c15986p-14f, -0x1.19b954p-14f, -0x1.720654p-15f,
     -0x1.f900cap-16f, -0x1.63daa6p-16f, -0x1.01b37ap-16f, -0x1.7e1a0ep-17f,
     -0x1.3566b2p-17f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f},
    /* c4 */
    {0x1.8aca4p-5f, 0x1.ddaba6p-6f, 0x1.288b2ap-6f, 0x1.798bfcp-7f,
     0x1.ec4f24p-8f, 0x1.481c04p-8f, 0x1.be74f8p-9f, 0x1.357642p-9f,
     0x1.72f33cp-10f, 0x1.89a26ep-11f, 0x1.b99f32p-12f, 0x1.040c44p-12f,
     0x1.3f5378p-13f, 0x1.96f68p-14f, 0x1.0bf4a8p-14f, 0x1.6ade9p-15f,
     0x1.a92a14p-16f, 0x1.bd97fcp-17f, 0x1.f44bap-18f, 0x1.291f5ep-18f,
     0x1.71dd54p-19f, 0x1.df6366p-20f, 0x1.40f5acp-20f, 0x1.b9fd42p-21f,
     0x1.579726p-21f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f},
    /* c5 */
    {-0x1.4690f8p-6f, -0x1.75a554p-7f, -0x1.b75c66p-8f, -0x1.09094ep-8f,
     -0x1.47bf72p-9f, -0x1.9ea422p-10f, -0x1.0c2d58p-10f, -0x1.614dap-11f,
     -0x1.891d3ep-12f, -0x1.7bde68p-13f, -0x1.85d146p-14f, -0x1.a5ce74p-15f,
     -0x1.ddfd3p-16f, -0x1.1a4164p-16f, -0x1.59e74ap-17f, -0x1.b5689cp-18f,
     -0x1.d13e6ap-19f, -0x1.b18528p-20f, -0x1.b56546p-21f, -0x1.d72146p-22f,
     -0x1.0c00d8p-22f, -0x1.3fad8ep-23f, -0x1.8c3cdap-24f, -0x1.fbba04p-25f,
     -0x1.77865p-25f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f},
};
#define ACTV__GELU32_TMAX 14.5f

/*
 * e^(-k (p + pl)) = 2^n (Th + Tl) for k = 1/2 or 1, 0 <= k p <= 112, |pl| <=
 * ulp(p)/2 (see above), in two steps: z + zl = -k (p + pl) = n ln2 + r1 + rl
 * (r1 exact) and n, then e^(r1 + rl) = Th + Tl.  The reduction is kept
 * divided by -k (r1s = r1 / -k = p + n LN2HI / k, rls = rl / -k; a sign and
 * a power of 2, so every step rounds as on r1 and rl themselves), which
 * puts -k on the constants: no negation of the argument and no product by
 * -k.
 */
ACT__INLINE __m512 actv__exp_neg_reduce(__m512 p, __m512 pl, float k, __m512 *r1s, __m512 *rls)
{
    __m512 nf = actv__round_scaled(p, -k * 0x1.715476p0f);       /* n = round(-k p/ln2) */
    *r1s = _mm512_fmadd_ps(nf, ACTV_SET(ACT__LN2HI / k), p);      /* exact */
    *rls = _mm512_fmadd_ps(nf, ACTV_SET(ACT__LN2LO / k), pl);
    return nf;
}

/* Th + Tl = e^(r1 + rl) = 1 + r1 + ml, ml = rl + rho^2 Q(rho), rho = r1 +
 * rl = -k rhos: ml = -k (rls + rhos^2 Qs(rhos)) with Qs(s) = -k Q(-k s), whose
 * coefficients (-k)^(i + 1) Q_i are Q's scaled exactly (Estrin as actv__expq) */
ACT__INLINE __m512 actv__exp_neg_finish(__m512 r1s, __m512 rls, float k, __m512 *Tl)
{
    const __m512 one = ACTV_SET(1.0f);
    const float m = -k;
    __m512 rhos = _mm512_add_ps(r1s, rls);
    __m512 rhos2 = _mm512_mul_ps(rhos, rhos);
    __m512 A = _mm512_fmadd_ps(ACTV_SET(m * m * ACT__EXPQ1), rhos, ACTV_SET(m * ACT__EXPQ0));
    __m512 B = _mm512_fmadd_ps(ACTV_SET(m * m * m * m * ACT__EXPQ3), rhos,
                               ACTV_SET(m * m * m * ACT__EXPQ2));
    __m512 C = _mm512_fmadd_ps(ACTV_SET(m * m * m * m * m * ACT__EXPQ4), rhos2, B);
    __m512 mls = _mm512_fmadd_ps(rhos2, _mm512_fmadd_ps(C, rhos2, A), rls);   /* ml / -k */
    __m512 Th = _mm512_fmadd_ps(r1s, ACTV_SET(m), one);                   /* 1 + r1 */
    *Tl = _mm512_fmadd_ps(mls, ACTV_SET(m), _mm512_fmadd_ps(r1s, ACTV_SET(m), _mm512_sub_ps(one, Th)));
    return Th;
}

/* t^2 = p + *pl split exactly */
ACT__INLINE __m512 actv__square_hilo(__m512 t, __m512 *pl)
{
    __m512 p = _mm512_mul_ps(t, t);
    *pl = _mm512_fmsub_ps(t, t, p);
    return p;
}

/* the piece of t >= 0 in the gauss tables: 4 per binade of t + 1 */
static inline __m512i actv__gauss_piece(__m512 t)
{
    const __m512 one = ACTV_SET(1.0f);
    return _mm512_srli_epi32(_mm512_sub_epi32(_mm512_castps_si512(_mm512_add_ps(t, one)),
                                              _mm512_castps_si512(one)), 21);
}

/*
 * An exponential times a table piece in three steps, which the pipelined
 * loops (ACTV_PIPE3_KERNEL) run on three blocks at once: the exponent's
 * reduction and the piece, then the two factors 2^n (Th + Tl) and Rh + Rl,
 * then their product.  The Gaussian tail 2^n (H + Hl) = e^(-k t^2) R(t), k
 * = 1/2 (gelu) or 1 (erfc), t = |x| clamped, R from a 16-piece table (rows:
 * centres, c0..c7; see above), and gelu', gelu_tanh'.
 */
typedef struct {
    __m512 x, t;            /* the function's input, |x| clamped */
    __m512 nf, r1, rl;      /* -k (p + pl) = n ln2 - k (r1 + rl), r1 exact (actv__exp_neg_reduce) */
    __m512 d, dl;           /* the offset in the piece (dl: gelu_tanh''s v low part) */
    __m512i j;              /* the piece */
    __m512 Th, Tl, Rh, Rl;  /* the factors (second step) */
} actv__exp_piece;

/* the first step for e^(-k t^2), t = |x| clamped (the piece: the caller's) */
ACT__INLINE actv__exp_piece actv__gauss_exp_front(__m512 x, __m512 t, float k)
{
    actv__exp_piece g;
    g.x = x;
    g.t = t;
    __m512 pl, p = actv__square_hilo(t, &pl);
    g.nf = actv__exp_neg_reduce(p, pl, k, &g.r1, &g.rl);
    return g;
}

/* the same and t's piece of a 16-piece table, t = min(|x|, tmax) (NaN kept) */
ACT__INLINE actv__exp_piece actv__gauss_front(__m512 x, float tmax, float k, const float (*tab)[16])
{
    actv__exp_piece g = actv__gauss_exp_front(x, _mm512_min_ps(ACTV_SET(tmax), _mm512_abs_ps(x)), k);
    g.j = actv__gauss_piece(g.t);
    g.d = _mm512_sub_ps(g.t, actv__perm(g.j, tab[0]));
    return g;
}

/* the second step: 2^n (Th + Tl) and Rh + Rl from a table of rows of n =
 * 16 or 32 entries at T + k n (centres, c0..c_deg) */
ACT__INLINE actv__exp_piece actv__gauss_factors(actv__exp_piece g, float k, const float *T, int n,
                                                int deg)
{
    g.Th = actv__exp_neg_finish(g.r1, g.rl, k, &g.Tl);
    __m512 p = actv__table_polyn(g.j, T + n, n, deg, 1, g.d);
    g.Rh = actv__fma_hilo(p, g.d, actv__permn(g.j, T + n, n), &g.Rl);
    return g;
}

/* H + Hl = (Th + Tl)(Rh + Rl), the tail 2^n (H + Hl) */
ACT__INLINE __m512 actv__exp_piece_product(actv__exp_piece g, __m512 *Hl)
{
    __m512 H = _mm512_mul_ps(g.Th, g.Rh);
    /* the product's exact error, then the two cross terms (Tl Rl is below
     * 2^-46 of H) */
    *Hl = _mm512_fmadd_ps(g.Th, g.Rl, _mm512_fmadd_ps(g.Tl, g.Rh, _mm512_fmsub_ps(g.Th, g.Rh, H)));
    return H;
}

ACT__INLINE actv__exp_piece actv__gelu_front(__m512 x)
{
    /* min(|x|, TMAX) in one vrangeps (NaN gives TMAX: gelu_back's NaN comes from x) */
    __m512 t = _mm512_range_ps(x, ACTV_SET(ACTV__GELU32_TMAX), 0x0a);
    actv__exp_piece g = actv__gauss_exp_front(x, t, 0.5f);
    /* 8 pieces per binade of t + 2: its bits' low five past 20 */
    g.j = _mm512_srli_epi32(_mm512_castps_si512(_mm512_add_ps(t, ACTV_SET(2.0f))), 20);
    g.d = _mm512_sub_ps(t, actv__perm32(g.j, ACTV__GELU32[0]));
    return g;
}

ACT__INLINE actv__exp_piece actv__gelu_mid(actv__exp_piece g)
{
    return actv__gauss_factors(g, 0.5f, ACTV__GELU32[0], 32, 5);    /* Phi(-t) */
}

ACT__INLINE __m512 actv__gelu_back(actv__exp_piece g)
{
    __m512 x = g.x, t = g.t, Hl;
    __m512 H = actv__exp_piece_product(g, &Hl);
    /* u = t h = 2^n t (H + Hl), rounded once before the scale (a subnormal
     * u rounds a second time, within 1 ulp); x < 0: -u, x >= 0: x - u
     * (see above) */
    __m512 u = actv__scalef_tiny(_mm512_fmadd_ps(t, H, _mm512_mul_ps(t, Hl)), g.nf);
    /* max(-0, x) is x for x >= +0 and NaN, -0 for x <= -0 (vmaxps returns
     * its second operand for two zeros and for a NaN): -0 - u keeps gelu's
     * -0 for x = -0 and where u underflows, without a sign step */
    return _mm512_sub_ps(_mm512_max_ps(ACTV_SET(-0.0f), x), u);
}

/*
 * gelu'(x) = Phi(x) + x phi(x), in float32 on AVX-512 (the plain-C kernel
 * computes in double).  gelu'(x) + gelu'(-x) = 1, so with t = |x| (clamped to
 * 14.6, where gelu'(-t) rounds to -0) and h(t) = gelu'(-t): gelu'(x) = h for
 * x <= 0, 1 - h for x > 0 (h in [-0.13, 1/2]: h rounded first costs under
 * 2^-26).  h = e^(-t^2/2) M(t), M(t) = e^(t^2/2) Phi(-t) - t/sqrt(2 pi):
 *   - e^(-t^2/2) = 2^n (Th + Tl) as gelu's (actv__gauss_front, _factors);
 *   - M from 16 pieces by vpermps (4 per binade of t + 1, as erfc's),
 *     degree 7 in d = t - centre, c1 as hi + lo and the last Horner step with its error: M = c0 + (d + ddl)
 *     (ph + pl), Mh + Ml = c0 + d ph by Fast2Sum (|d ph| <= |c0| in every
 *     piece with c0 != 0) plus the product's exact error and ddl ph + d pl,
 *     so M is carried to ~2^-40 before its product with e^(-t^2/2) (rounding
 *     it there cost up to 1.43 ulp).  M's zero t0 = 0.7518 (x =
 *     -0.7518, where gelu' is 0) is the centre of the two pieces around it,
 *     as hi + lo with c0 = 0 (d = dh + dl), so the relative error stays
 *     bounded through the zero; the other centres are where M is a float32
 *     to 1/256 ulp;
 *   - H + Hl = (Th + Tl)(Mh + Ml), h = 2^n (H + Hl) rounded once (a
 *     subnormal result a second time, below 1 ulp together).
 * About 68 vector operations per 16 lanes, no division.  Table:
 * tools/smooth_coefficients.py (gelu_grad16_fits), fit error 0.022 ulp with
 * float32 coefficients.
 */
static const float ACTV__GELU_GRAD16[11][16] __attribute__((aligned(64))) = {
    /* centres */
    {0x1.0105e8p-3f, 0x1.7fffdep-2f, 0x1.80ead2p-1f, 0x1.80ead2p-1f,
     0x1.3ffd9ep+0f, 0x1.c0019ap+0f, 0x1.20004ap+1f, 0x1.5fffb8p+1f,
     0x1.c0003ep+1f, 0x1.20005cp+2f, 0x1.5fffdep+2f, 0x1.9fff7cp+2f,
     0x1.ffff94p+2f, 0x1.40002ep+3f, 0x1.7ffffap+3f, 0x1.b99a34p+3f},
    /* -(centre lo) */
    {0x0p+0f, 0x0p+0f, 0x1.a03fd4p-27f, 0x1.a03fd4p-27f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f},
    /* c0 */
    {0x1.9d3d96p-2f, 0x1.d70afap-3f, 0x0p+0f, 0x0p+0f,
     -0x1.12541ep-2f, -0x1.069e9ep-1f, -0x1.7ce9ecp-1f, -0x1.eec71ap-1f,
     -0x1.4a3a8ep+0f, -0x1.b5dfcap+0f, -0x1.0fd9ep+1f, -0x1.443c8p+1f,
     -0x1.923a56p+1f, -0x1.f99724p+1f, -0x1.30463ep+2f, -0x1.5e81d2p+2f},
    /* c1 hi */
    {-0x1.7b5e7ap-1f, -0x1.4fa206p-1f, -0x1.25126cp-1f, -0x1.25126cp-1f,
     -0x1.04d4fep-1f, -0x1.e518e8p-2f, -0x1.cf04f8p-2f, -0x1.c0e9c4p-2f,
     -0x1.b3e486p-2f, -0x1.aa4276p-2f, -0x1.a4dd2p-2f, -0x1.a191cep-2f,
     -0x1.9e9f36p-2f, -0x1.9c7c38p-2f, -0x1.9b4bf2p-2f, -0x1.9aa10ap-2f},
    /* c1 lo */
    {0x1.225aacp-27f, -0x1.e6970cp-26f, -0x1.549afcp-29f, -0x1.53c9e2p-29f,
     -0x1.c0798cp-26f, 0x1.879862p-29f, -0x1.73e76cp-27f, 0x1.a0d0dp-27f,
     0x1.ca75ep-28f, 0x1.ddddfp-28f, -0x1.a476e8p-30f, 0x1.981746p-27f,
     -0x1.875c52p-27f, 0x1.f2ae8cp-29f, -0x1.c2fbe4p-27f, 0x1.285326p-31f},
    /* c2 */
    {0x1.a48e78p-3f, 0x1.222f2ap-3f, 0x1.5b297ep-4f, 0x1.5b297ep-4f,
     0x1.7b7dc6p-5f, 0x1.bd4358p-6f, 0x1.15a9dep-6f, 0x1.6c5f26p-7f,
     0x1.a29e22p-8f, 0x1.bfb8ep-9f, 0x1.07e61ep-9f, 0x1.4ea478p-10f,
     0x1.7627eep-11f, 0x1.8af31cp-12f, 0x1.d0eb3ap-13f, 0x1.34c4acp-13f},
    /* c3 */
    {-0x1.afc652p-4f, -0x1.15c90cp-4f, -0x1.2bad42p-5f, -0x1.2bad3ap-5f,
     -0x1.1f37f2p-6f, -0x1.29605p-7f, -0x1.49ba06p-8f, -0x1.838cbp-9f,
     -0x1.7e8202p-10f, -0x1.55bb32p-11f, -0x1.57fcfcp-12f, -0x1.7b639ep-13f,
     -0x1.6189p-14f, -0x1.30539ap-15f, -0x1.2deab2p-16f, -0x1.5ea00ep-17f},
    /* c4 */
    {0x1.898c08p-5f, 0x1.dc5676p-6f, 0x1.d4fef2p-7f, 0x1.d50bf2p-7f,
     0x1.90089ep-8f, 0x1.71dd3cp-9f, 0x1.70bf34p-10f, 0x1.86fce6p-11f,
     0x1.4fe82p-12f, 0x1.fb03b4p-14f, 0x1.b11ac6p-15f, 0x1.aafc22p-16f,
     0x1.48f3ecp-17f, 0x1.cee65p-19f, 0x1.9b1534p-20f, 0x1.39b9f8p-21f},
    /* c5 */
    {-0x1.45f6bap-6f, -0x1.75d388p-7f, -0x1.532ec8p-8f, -0x1.5291dep-8f,
     -0x1.03436p-9f, -0x1.b24e8ep-11f, -0x1.875efp-12f, -0x1.7bb2c2p-13f,
     -0x1.1bb072p-14f, -0x1.6bd3a8p-16f, -0x1.153216p-17f, -0x1.c8a6e6p-19f,
     -0x1.309e3ap-20f, -0x1.61b08ap-22f, -0x1.d633e2p-24f, -0x1.0fe088p-24f},
    /* c6 */
    {0x1.d5da44p-8f, 0x1.ef91ccp-9f, 0x1.b71092p-10f, 0x1.c579d2p-10f,
     0x1.399f9p-11f, 0x1.068374p-12f, 0x1.915858p-14f, 0x1.dcb70cp-15f,
     0x1.c4eb5ep-17f, 0x1.c0dc4p-19f, 0x1.83f6a2p-19f, -0x1.0de252p-22f,
     0x1.3d081ep-23f, 0x1.616ab8p-25f, -0x1.7bcee2p-25f, 0x1.60588p-23f},
    /* c7 */
    {-0x1.01d726p-9f, -0x1.845e1p-12f, -0x1.7b8134p-11f, -0x1.ec7a2ap-12f,
     -0x1.a4dd28p-13f, -0x1.6dfce2p-15f, -0x1.7dcd86p-16f, -0x1.6c3c4ap-19f,
     -0x1.937a4p-19f, -0x1.a853c8p-21f, 0x1.120044p-23f, -0x1.7cb1aep-23f,
     -0x1.b9684ep-27f, -0x1.06df1ap-29f, -0x1.6a1ff2p-28f, 0x1.8e9fc2p-27f},
};
#define ACTV__GELU_GRAD16_TMAX 14.6f   /* gelu'(-t) rounds to -0 from 14.53 */

/* M = Mh + Ml from a table of zero_piece rows of n (16 or 32) entries, row k
 * at T + k n (gelu', gelu_tanh'; see gelu' above): d = (dh + dlo) -
 * (centre lo), dh = u - centre exact, dlo a low part of u (has_lo) */
static inline __m512 actv__zero_table(__m512i j, const float *T, int n, __m512 dh,
                                      int has_lo, __m512 dlo, __m512 *Ml)
{
    __m512 dl = actv__permn(j, T + n, n);
    if (has_lo)
        dl = _mm512_add_ps(dl, dlo);
    __m512 d = _mm512_add_ps(dh, dl);                               /* Fast2Sum: d + ddl */
    __m512 ddl = _mm512_add_ps(_mm512_sub_ps(dh, d), dl);
    /* c1 + d P(d) with d, not dh: dl P / c1 reached 0.8 ulp at gelu_tanh''s zero */
    __m512 small, ph = actv__zero_piece_poly(j, T, n, d, ddl, &small);
    __m512 P = _mm512_mul_ps(d, ph);
    __m512 Pe = _mm512_fmsub_ps(d, ph, P);                          /* exact */
    __m512 c0 = actv__permn(j, T + 2 * n, n);
    __m512 Mh = _mm512_add_ps(c0, P);                               /* |P| <= |c0| or c0 = 0 */
    *Ml = _mm512_add_ps(_mm512_add_ps(_mm512_sub_ps(c0, Mh), P), _mm512_add_ps(Pe, small));
    return Mh;
}

ACT__INLINE actv__exp_piece actv__gelu_grad_front(__m512 x)
{
    return actv__gauss_front(x, ACTV__GELU_GRAD16_TMAX, 0.5f, ACTV__GELU_GRAD16);
}

ACT__INLINE actv__exp_piece actv__gelu_grad_mid(actv__exp_piece g)
{
    g.Th = actv__exp_neg_finish(g.r1, g.rl, 0.5f, &g.Tl);
    g.Rh = actv__zero_table(g.j, ACTV__GELU_GRAD16[0], 16, g.d, 0, g.d, &g.Rl);
    return g;
}

/* gelu' and gelu_tanh''s last step: h = 2^n (Th + Tl)(Rh + Rl) rounded once
 * (a subnormal h a second time) for -|x|, 1 - h for x > 0 */
ACT__INLINE __m512 actv__exp_piece_grad_back(actv__exp_piece g)
{
    __m512 Hl, H = actv__exp_piece_product(g, &Hl);
    return actv__odd_part_grad(actv__scalef_tiny(_mm512_add_ps(H, Hl), g.nf), g.x);
}

/*
 * gelu_tanh'(x) = s(v) (1 + x v' s(-v)), s = sigmoid, v = K1 x + K3 x^3, in
 * float32 on AVX-512 as gelu' (the plain-C kernel: ~2.5x the operations).
 * gelu_tanh'(x) + gelu_tanh'(-x) = 1; with t = |x| (clamped to 16) and V =
 * v(t) = vh + vl (actv__gelu_tanh_v, vh clamped to 112: h rounds to -0 from
 * V = 109.1), h(t) = gelu_tanh'(-t) = e^(-V) G(V), G(V) = s(V) (1 - a
 * s(V)), a = t v'(t), taken as a function of V: its singularities are s's
 * poles +-i pi and the cubic's branch points +-2.91i, so its pieces widen
 * with V:
 *   - e^(-V) = 2^n (Th + Tl) from -vh - vl (actv__exp_neg_reduce, _finish, k = 1);
 *   - G from 32 pieces picked by vpermt2ps, 4 per binade of V + 1/2, degree
 *     7 in d = (V - centre) + vl, as gelu''s M (c1 hi + lo, Mh + Ml, the two
 *     pieces around G's zero V0 = 1.2312 (x = -0.7525) centred there);
 *   - h = 2^n (Th + Tl)(Mh + Ml) rounded once; 1 - h for x > 0.
 * Table: tools/smooth_coefficients.py (gelu_tanh_grad32_fits), fit error
 * 0.048 ulp with float32 coefficients.
 */
static const float ACTV__GELU_TANH_GRAD32[11][32] __attribute__((aligned(64))) = {
    /* centres */
    {0x1.020cc4p-4f, 0x1.7fffb4p-3f, 0x1.40001cp-2f, 0x1.bfffeap-2f,
     0x1.3fff8cp-1f, 0x1.c00004p-1f, 0x1.3b2cf8p+0f, 0x1.3b2cf8p+0f,
     0x1.bfffd2p+0f, 0x1.1fffecp+1f, 0x1.60051ep+1f, 0x1.9fffd6p+1f,
     0x1.fffe56p+1f, 0x1.40009ap+2f, 0x1.7fffdep+2f, 0x1.bffff2p+2f,
     0x1.0ffe4cp+3f, 0x1.500076p+3f, 0x1.9000e2p+3f, 0x1.d0009ep+3f,
     0x1.17ff7ap+4f, 0x1.57ff84p+4f, 0x1.97ff8cp+4f, 0x1.d7ffep+4f,
     0x1.1bffccp+5f, 0x1.5bffdap+5f, 0x1.9bff5ap+5f, 0x1.dc00b8p+5f,
     0x1.1dffa8p+6f, 0x1.5dffd2p+6f, 0x1.9dff4cp+6f, 0x1.beff6p+6f},
    /* -(centre lo) */
    {0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x1.8e0cp-25f, 0x1.8e0cp-25f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f},
    /* c0 */
    {0x1.fef5e6p-2f, 0x1.f66564p-2f, 0x1.e4455p-2f, 0x1.c7b86p-2f,
     0x1.87cf6p-2f, 0x1.08db1p-2f, 0x0p+0f, 0x0p+0f,
     -0x1.12c05cp-1f, -0x1.32f33p+0f, -0x1.f6c5f2p+0f, -0x1.6646eap+1f,
     -0x1.090aa2p+2f, -0x1.8301c2p+2f, -0x1.01c21cp+3f, -0x1.44d09ep+3f,
     -0x1.addf4cp+3f, -0x1.205f9cp+4f, -0x1.6cbefp+4f, -0x1.bb54a6p+4f,
     -0x1.1a273p+5f, -0x1.6cea96p+5f, -0x1.c16832p+5f, -0x1.0b95b8p+6f,
     -0x1.4cca12p+6f, -0x1.a4ee7ap+6f, -0x1.fe0f4cp+6f, -0x1.2bf6fap+7f,
     -0x1.6fdea8p+7f, -0x1.cb1dc2p+7f, -0x1.13783ep+8f, -0x1.2b3b5p+8f},
    /* c1 hi */
    {-0x1.0aede2p-5f, -0x1.a63946p-4f, -0x1.734086p-3f, -0x1.102794p-2f,
     -0x1.9b11ccp-2f, -0x1.2eb952p-1f, -0x1.b79af2p-1f, -0x1.b79af2p-1f,
     -0x1.324d4ep+0f, -0x1.707e04p+0f, -0x1.9bd6a8p+0f, -0x1.b9ce8cp+0f,
     -0x1.d8899ap+0f, -0x1.f5c80cp+0f, -0x1.06e0bap+1f, -0x1.1157d2p+1f,
     -0x1.1e9036p+1f, -0x1.2c2c94p+1f, -0x1.364f7p+1f, -0x1.3e0cfcp+1f,
     -0x1.46b856p+1f, -0x1.4ee38ep+1f, -0x1.54bd5ep+1f, -0x1.592844p+1f,
     -0x1.5e1858p+1f, -0x1.62c2c6p+1f, -0x1.661eb8p+1f, -0x1.68ab92p+1f,
     -0x1.6b89a2p+1f, -0x1.6e4458p+1f, -0x1.703eep+1f, -0x1.711238p+1f},
    /* c1 lo */
    {-0x1.8face6p-30f, 0x1.dd1ea8p-30f, -0x1.0a7c1cp-28f, -0x1.118064p-27f,
     0x1.1ac69cp-27f, -0x1.4899b6p-28f, 0x1.911046p-26f, 0x1.901746p-26f,
     0x1.483a94p-27f, -0x1.492874p-25f, 0x1.dc30c2p-25f, 0x1.b27482p-25f,
     -0x1.da2308p-27f, -0x1.b09c64p-25f, 0x1.ea5d4p-28f, 0x1.f9db5ap-24f,
     0x1.9a3ceap-25f, 0x1.19779p-30f, 0x1.fa56dp-24f, -0x1.438e5p-26f,
     -0x1.f99c64p-26f, 0x1.747fdap-24f, 0x1.6b11fap-24f, 0x1.e965aep-25f,
     0x1.f4bd1cp-26f, 0x1.e80c66p-24f, -0x1.e2d712p-25f, 0x1.4568bap-24f,
     0x1.355a1ep-25f, -0x1.9d96e4p-25f, 0x1.36a6dcp-24f, 0x1.123b2ep-26f},
    /* c2 */
    {-0x1.11819ap-2f, -0x1.31bff6p-2f, -0x1.4e09bap-2f, -0x1.654a7p-2f,
     -0x1.7d5888p-2f, -0x1.8824ep-2f, -0x1.721e9ep-2f, -0x1.721e9ep-2f,
     -0x1.2376dp-2f, -0x1.9fa826p-3f, -0x1.1d83f4p-3f, -0x1.92388ep-4f,
     -0x1.1014aep-4f, -0x1.9e684ap-5f, -0x1.65585p-5f, -0x1.391608p-5f,
     -0x1.f88676p-6f, -0x1.755244p-6f, -0x1.19303cp-6f, -0x1.b4393ap-7f,
     -0x1.39d088p-7f, -0x1.b3ef7p-8f, -0x1.41ebe2p-8f, -0x1.f0f326p-9f,
     -0x1.65bbf2p-9f, -0x1.f34dccp-10f, -0x1.72b9ep-10f, -0x1.1f9e58p-10f,
     -0x1.a0fcacp-11f, -0x1.25370cp-11f, -0x1.b613b6p-12f, -0x1.77977cp-12f},
    /* c3 */
    {-0x1.6b1fcap-4f, -0x1.45748cp-4f, -0x1.145672p-4f, -0x1.b50af6p-5f,
     -0x1.e9e6aap-6f, 0x1.62001cp-10f, 0x1.29790cp-5f, 0x1.297914p-5f,
     0x1.cdedf2p-5f, 0x1.97c972p-5f, 0x1.1b8b5cp-5f, 0x1.585a16p-6f,
     0x1.204ceep-7f, 0x1.92aebap-9f, 0x1.f4b9c6p-10f, 0x1.c72eeap-10f,
     0x1.9349c8p-10f, 0x1.26bae4p-10f, 0x1.939da6p-11f, 0x1.1655dap-11f,
     0x1.515698p-12f, 0x1.7ff17ap-13f, 0x1.decdecp-14f, 0x1.3f411ep-14f,
     0x1.7d2e72p-15f, 0x1.b0a09p-16f, 0x1.0e604p-16f, 0x1.69f346p-17f,
     0x1.b2ddep-18f, 0x1.f183ap-19f, 0x1.391748p-19f, 0x1.e6bed4p-20f},
    /* c4 */
    {0x1.fc0082p-7f, 0x1.61cccep-6f, 0x1.af47e4p-6f, 0x1.eb5d6ap-6f,
     0x1.06bdb4p-5f, 0x1.e38e04p-6f, 0x1.324712p-6f, 0x1.3255dp-6f,
     0x1.9dfeb4p-10f, -0x1.b49378p-8f, -0x1.f6d9f4p-8f, -0x1.77cafcp-8f,
     -0x1.56ca28p-9f, -0x1.456e5ap-11f, -0x1.85916ep-14f, -0x1.a271c6p-16f,
     -0x1.8121ep-15f, -0x1.afd0acp-15f, -0x1.36bf3ap-15f, -0x1.89b58ap-16f,
     -0x1.a23728p-17f, -0x1.8bae26p-18f, -0x1.a6622ep-19f, -0x1.cc47e6p-20f,
     -0x1.e086ccp-21f, -0x1.bacf08p-22f, -0x1.d58daap-23f, -0x1.0d4c1ep-23f,
     -0x1.0bf0dp-24f, -0x1.f6801ep-26f, -0x1.11186ep-26f, -0x1.54108cp-12f},
    /* c5 */
    {0x1.540bcap-7f, 0x1.2247aep-7f, 0x1.c049acp-8f, 0x1.1713ap-8f,
     0x1.5f6292p-12f, -0x1.14e102p-8f, -0x1.d7fed2p-8f, -0x1.d7e8ecp-8f,
     -0x1.52e18ap-8f, -0x1.9989dcp-10f, 0x1.ca168ap-12f, 0x1.ea0f9p-11f,
     0x1.526e6cp-11f, 0x1.aa6b54p-13f, 0x1.50be1ap-15f, -0x1.53c06p-23f,
     -0x1.78fedp-19f, 0x1.108accp-20f, 0x1.8c9952p-20f, 0x1.232912p-20f,
     0x1.11c3f6p-21f, 0x1.afdca2p-23f, 0x1.806258p-24f, 0x1.a6aa5ep-25f,
     0x1.45466ap-26f, 0x1.efd79p-28f, 0x1.b5aadep-29f, 0x1.bb5d6ap-30f,
     0x1.7087b4p-31f, 0x1.15a044p-32f, 0x1.e00c2ep-34f, 0x1.3fe12p-17f},
    /* c6 */
    {-0x1.69bc3ap-6f, -0x1.1d10acp-5f, 0x1.f90fe8p-11f, -0x1.b5779cp-6f,
     -0x1.1b1f3ep-8f, -0x1.98b7f8p-9f, -0x1.a08236p-12f, -0x1.3d5198p-12f,
     0x1.40691ap-10f, 0x1.03fa52p-10f, 0x1.adaabp-12f, 0x1.238f42p-14f,
     -0x1.7bd826p-14f, -0x1.72523cp-15f, -0x1.585f5cp-16f, 0x1.d047a2p-19f,
     0x1.fe34f2p-22f, 0x1.633796p-22f, 0x1.817ccep-23f, -0x1.04287p-22f,
     -0x1.645f88p-26f, -0x1.c7c592p-29f, 0x1.04fbf6p-28f, -0x1.fcb80cp-27f,
     -0x1.563ff8p-32f, -0x1.575102p-33f, -0x1.33c702p-37f, -0x1.6e748p-35f,
     -0x1.94a53ep-37f, -0x1.460e3ep-39f, 0x1.ab8d2ep-39f, 0x1.c48e9ap-9f},
    /* c7 */
    {-0x1.cd83b2p-7f, 0x1.81be24p-8f, -0x1.20d9p-9f, 0x1.bebfdcp-7f,
     0x1.3ebc58p-10f, 0x1.311958p-9f, 0x1.99f77p-11f, 0x1.46f6a4p-11f,
     0x1.94013cp-14f, -0x1.6b82bep-13f, -0x1.dd69ecp-14f, -0x1.c9395cp-16f,
     0x1.fbc524p-20f, 0x1.10a1aep-17f, 0x1.f8bb5p-21f, 0x1.04f0b8p-19f,
     0x1.6863e2p-25f, 0x1.8fe4aep-30f, 0x1.2ab252p-26f, -0x1.2f4404p-26f,
     0x1.ba7464p-31f, 0x1.0f51b4p-31f, 0x1.ba286ap-32f, -0x1.198516p-31f,
     0x1.eee908p-37f, 0x1.12622p-39f, 0x1.e18d4p-40f, -0x1.55c0dep-44f,
     0x1.e54734p-46f, 0x1.913aa2p-46f, 0x1.ad4efep-45f, -0x1.62224ap-13f},
};
#define ACTV__GELU_TANH_GRAD32_VMAX 112.0f

ACT__INLINE actv__exp_piece actv__gelu_tanh_grad_front(__m512 x)
{
    const __m512 half = ACTV_SET(0.5f);
    actv__exp_piece g;
    g.x = x;
    __m512 a = _mm512_min_ps(ACTV_SET(16.0f), _mm512_abs_ps(x));    /* NaN kept */
    __m512 vh = actv__gelu_tanh_v(a, &g.dl);
    __m512 v = _mm512_min_ps(ACTV_SET(ACTV__GELU_TANH_GRAD32_VMAX), vh);   /* NaN kept */
    g.nf = actv__exp_neg_reduce(v, g.dl, 1.0f, &g.r1, &g.rl);
    /* 4 pieces per binade of v + 1/2 (NaN: its bits' low five) */
    g.j = _mm512_srli_epi32(_mm512_sub_epi32(_mm512_castps_si512(_mm512_add_ps(v, half)),
                                             _mm512_castps_si512(half)), 21);
    g.d = _mm512_sub_ps(v, actv__perm32(g.j, ACTV__GELU_TANH_GRAD32[0]));
    return g;
}

ACT__INLINE actv__exp_piece actv__gelu_tanh_grad_mid(actv__exp_piece g)
{
    g.Th = actv__exp_neg_finish(g.r1, g.rl, 1.0f, &g.Tl);
    g.Rh = actv__zero_table(g.j, ACTV__GELU_TANH_GRAD32[0], 32, g.d, 1, g.dl, &g.Rl);
    return g;
}

/*
 * erfc(x): t = |x| clamped to 10.1 (erfc rounds to 0 from 10.06), erfc(t) =
 * e^(-t^2) erfcx(t) by the same tail with k = 1 and erfcx's table; x < 0:
 * 2 - h, h = erfc(t) <= 1 rounded first (its rounding at most 1/4 ulp of the
 * result in [1, 2]).  Fit error 0.008 ulp.
 */
static const float ACTV__ERFC16[9][16] __attribute__((aligned(64))) = {
    /* centres */
    {0x1.011c6ep-3f, 0x1.7fffb8p-2f, 0x1.40006p-1f, 0x1.c001fcp-1f,
     0x1.400024p+0f, 0x1.bffffep+0f, 0x1.200002p+1f, 0x1.60003p+1f,
     0x1.bfff5p+1f, 0x1.1fff52p+2f, 0x1.60023ap+2f, 0x1.9fffe8p+2f,
     0x1p+3f, 0x1.319b3ep+3f, 0x0p+0f, 0x0p+0f},
    /* c0 */
    {0x1.bed64p-1f, 0x1.5f28c4p-1f, 0x1.1d168cp-1f, 0x1.db733ep-2f,
     0x1.78a674p-2f, 0x1.23cfc4p-2f, 0x1.d94444p-3f, 0x1.8c9e86p-3f,
     0x1.3e0b0ep-3f, 0x1.f5b3c2p-4f, 0x1.9d8806p-4f, 0x1.5f75d8p-4f,
     0x1.1ea8c4p-4f, 0x1.e15778p-5f, 0x0p+0f, 0x0p+0f},
    /* c1 */
    {-0x1.d1893cp-1f, -0x1.3a5c88p-1f, -0x1.babcap-2f, -0x1.436878p-2f,
     -0x1.abaa9p-3f, -0x1.0c3d56p-3f, -0x1.6a70cep-4f, -0x1.03053cp-4f,
     -0x1.5286c4p-5f, -0x1.aa4098p-6f, -0x1.238922p-6f, -0x1.a6e2fep-7f,
     -0x1.1a5882p-7f, -0x1.8ee7c4p-8f, 0x0p+0f, 0x0p+0f},
    /* c2 */
    {0x1.846468p-1f, 0x1.d28c4p-2f, 0x1.2576d8p-2f, 0x1.80ed36p-3f,
     0x1.b56efap-4f, 0x1.c8d0c6p-5f, 0x1.06156ap-5f, 0x1.43b916p-6f,
     0x1.5d5984p-7f, 0x1.62c382p-8f, 0x1.951de8p-9f, 0x1.f75f62p-10f,
     0x1.14109ap-10f, 0x1.48dbdcp-11f, 0x0p+0f, 0x0p+0f},
    /* c3 */
    {-0x1.15d9ccp-1f, -0x1.2e83p-2f, -0x1.59c2c2p-3f, -0x1.9d5552p-4f,
     -0x1.9b63p-5f, -0x1.6cb526p-6f, -0x1.6883fcp-7f, -0x1.84e8f6p-8f,
     -0x1.5e5f58p-9f, -0x1.219156p-10f, -0x1.1590e4p-11f, -0x1.2878cep-12f,
     -0x1.0bfdfp-13f, -0x1.0db778p-14f, 0x0p+0f, 0x0p+0f},
    /* c4 */
    {0x1.618c88p-2f, 0x1.612e06p-3f, 0x1.72ec3ep-4f, 0x1.98063cp-5f,
     0x1.6895bep-6f, 0x1.136b5ap-7f, 0x1.da45b6p-9f, 0x1.c2dc72p-10f,
     0x1.5623e8p-11f, 0x1.cffbd8p-13f, 0x1.774788p-14f, 0x1.59932cp-15f,
     0x1.024542p-16f, 0x1.b88dc4p-18f, 0x0p+0f, 0x0p+0f},
    /* c5 */
    {-0x1.992216p-3f, -0x1.7a396p-4f, -0x1.6ff47ap-5f, -0x1.7764bp-6f,
     -0x1.298aaep-7f, -0x1.8c0668p-9f, -0x1.2bc436p-10f, -0x1.f9bad6p-12f,
     -0x1.4601ap-13f, -0x1.6d4c1ap-15f, -0x1.f4d82ap-17f, -0x1.8efe7ep-18f,
     -0x1.ee820ap-20f, -0x1.65b62cp-21f, 0x0p+0f, 0x0p+0f},
    /* c6 */
    {0x1.b07626p-4f, 0x1.6d433ep-5f, 0x1.460f3p-6f, 0x1.60a79p-7f,
     0x1.da7458p-9f, 0x1.105718p-10f, 0x1.76527ap-12f, 0x1.0d24f6p-13f,
     0x1.36df4p-15f, 0x1.20a934p-17f, 0x1.4ba006p-19f, 0x1.e05cp-21f,
     0x1.e3459p-23f, 0x1.d9e072p-25f, 0x0p+0f, 0x0p+0f},
    /* c7 */
    {-0x1.a9f446p-5f, -0x1.496cb6p-6f, -0x1.11966cp-7f, -0x1.2ed09p-8f,
     -0x1.628d18p-10f, -0x1.65d24p-12f, -0x1.bacfeep-14f, -0x1.1a97a6p-15f,
     -0x1.1a716ap-17f, -0x1.b7e19ap-20f, -0x1.af7d5cp-22f, -0x1.10c096p-23f,
     -0x1.c8275p-26f, -0x1.760ec2p-28f, 0x0p+0f, 0x0p+0f},
};
#define ACTV__ERFC16_TMAX 10.1f

ACT__INLINE actv__exp_piece actv__erfc_front(__m512 x)
{
    return actv__gauss_front(x, ACTV__ERFC16_TMAX, 1.0f, ACTV__ERFC16);
}

ACT__INLINE actv__exp_piece actv__erfc_mid(actv__exp_piece g)
{
    return actv__gauss_factors(g, 1.0f, ACTV__ERFC16[0], 16, 7);
}

ACT__INLINE __m512 actv__erfc_back(actv__exp_piece gs)
{
    __m512 Hl, H = actv__exp_piece_product(gs, &Hl);
    __m512 h = actv__scalef_tiny(_mm512_add_ps(H, Hl), gs.nf);
    return _mm512_mask_sub_ps(h, _mm512_movepi32_mask(_mm512_castps_si512(gs.x)), ACTV_SET(2.0f), h);
}

/*
 * actcore.fast.gelu: x Phi(x), Phi on [-6, 6] as 16 pieces of width 3/4
 * picked by vpermps (j = round(4/3 x + 7.5) by the magic bias, the fits
 * reaching 1e-3 past each end for the rounding of 4/3 and 7.5; centres
 * -5.625 + 0.75 j), each of degree 5, fitted to gelu's published error
 * |x (P - Phi)| / max(|gelu|, 1): 2.2e-7 (tools/smooth_coefficients.py
 * fast_gelu16_fits).  x is clamped to [-6, 5.99] inside Phi, where the
 * last piece is exactly 1 (gelu(+big) = big); below -6 the result is -0 as
 * in the plain-C kernel.  No exp and no division: 21 instructions per 16
 * lanes, 6 of them table lookups.
 */
static const float ACTV__FAST_GELU16[6][16] __attribute__((aligned(64))) = {
    /* c0 */
    {0x1.3fac8cp-27f, 0x1.246628p-21f, 0x1.37168cp-16f, 0x1.83062ep-12f,
     0x1.1bedf8p-8f, 0x1.f20318p-6f, 0x1.0ad7e8p-3f, 0x1.6a527ap-2f,
     0x1.4ad6c4p-1f, 0x1.bd4a06p-1f, 0x1.f06fe8p-1f, 0x1.fdc824p-1f,
     0x1.ffcfap-1f, 0x1.fffd92p-1f, 0x1.ffffeep-1f, 0x1p+0f},
    /* c1 */
    {0x1.ce477cp-25f, 0x1.720e48p-19f, 0x1.51d47cp-14f, 0x1.5f8f84p-10f,
     0x1.a0f19ep-7f, 0x1.19bffcp-4f, 0x1.b1ec58p-3f, 0x1.7cc6fp-2f,
     0x1.7cc6fp-2f, 0x1.b1ec76p-3f, 0x1.19bf9cp-4f, 0x1.a0f12ap-7f,
     0x1.5f912ep-10f, 0x1.51dbc4p-14f, 0x1.722378p-19f, 0x1.ce8018p-25f},
    /* c2 */
    {0x1.3cdd98p-23f, 0x1.bdc582p-18f, 0x1.5ae29p-13f, 0x1.285b04p-9f,
     0x1.11ad5ap-6f, 0x1.08337cp-4f, 0x1.e81b04p-4f, 0x1.1d8ecp-4f,
     -0x1.1d8ecp-4f, -0x1.e81b66p-4f, -0x1.0833bcp-4f, -0x1.11ad54p-6f,
     -0x1.285abep-9f, -0x1.5ae27cp-13f, -0x1.bdc72ap-18f, -0x1.3ce1dp-23f},
    /* c3 */
    {0x1.222d76p-22f, 0x1.5cc18ep-17f, 0x1.c2327cp-13f, 0x1.307d3ep-9f,
     0x1.997898p-7f, 0x1.d85bb4p-6f, 0x1.33352p-7f, -0x1.b35688p-5f,
     -0x1.b35688p-5f, 0x1.32fcc8p-7f, 0x1.d886d6p-6f, 0x1.99857ap-7f,
     0x1.3065b6p-9f, 0x1.c1cb64p-13f, 0x1.5c2bb8p-17f, 0x1.21655ep-22f},
    /* c4 */
    {0x1.ca31fcp-22f, 0x1.b50daep-17f, 0x1.b2c33p-13f, 0x1.a96b58p-10f,
     0x1.5e9ef6p-8f, 0x1.454abap-9f, -0x1.15bdd4p-6f, -0x1.0b238ap-6f,
     0x1.0b238ap-6f, 0x1.15c7f8p-6f, -0x1.4510fp-9f, -0x1.5e9f8ap-8f,
     -0x1.a96f52p-10f, -0x1.b2c3c6p-13f, -0x1.b507dp-17f, -0x1.ca231p-22f},
    /* c5 */
    {0x1.c079p-22f, 0x1.6447dcp-17f, 0x1.166726p-13f, 0x1.783acep-11f,
     0x1.df010ep-11f, -0x1.a73c0ap-9f, -0x1.50736ap-8f, 0x1.733c44p-8f,
     0x1.733c44p-8f, -0x1.4df296p-8f, -0x1.aee5eap-9f, 0x1.da7092p-11f,
     0x1.7a5074p-11f, 0x1.18aebp-13f, 0x1.6797a4p-17f, 0x1.c4e4f2p-22f},
};
#define ACTV__FAST_GELU16_XMAX 5.99f

static inline __m512 actv_fast_gelu(__m512 x)
{
    __m512 xc = _mm512_min_ps(ACTV_SET(ACTV__FAST_GELU16_XMAX),
                              _mm512_max_ps(ACTV_SET(-6.0f), x));          /* NaN kept */
    /* 7.5 + 2^-12: float(4/3) > 4/3 would send x = -6 to piece -1 (15) */
    __m512 jf;
    __m512i j = actv__piece(xc, 4.0f / 3.0f, 7.5f + 0x1p-12f, &jf);
    __m512 cen = _mm512_fmadd_ps(jf, ACTV_SET(0.75f), ACTV_SET(-5.625f));
    __m512 d = _mm512_sub_ps(xc, cen);
    __m512 p = actv__table_poly(j, ACTV__FAST_GELU16, 5, 0, d);
    __mmask16 far = _mm512_cmp_ps_mask(x, ACTV_SET(-6.0f), _CMP_LT_OQ);
    return _mm512_mask_blend_ps(far, _mm512_mul_ps(x, p), ACTV_SET(-0.0f));
}

/* y[i] = VALUE for i0 <= i < n, 16 lanes at a time, the tail under a mask:
 * VALUE reads its inputs by ACTV__LOAD(p), at i under the mask m (all lanes
 * in the main loop, where the compiler drops it).  In place is fine: each
 * block is loaded before it is stored. */
/* an input 2 KB ahead fetched too (the hardware's streams alone left the
 * pipelined kernels waiting at 4M: B/A gelu 0.94, sigmoid 0.91, exp 0.99;
 * 256K 0.86-0.99) */
static inline __m512 actv__load_ahead(const float *p, __mmask16 m)
{
    ACT_PREFETCH(p, ACT_AHEAD_IN_BYTES);
    return _mm512_maskz_loadu_ps(m, p);
}
#define ACTV__LOAD(p) actv__load_ahead((p) + i, m)
/*
 * The output 1 KB ahead of the store, fetched into L1 before the store needs
 * it: on the Xeon (Sapphire Rapids) of 2026-11-28 the kernels ran 4M arrays
 * (in L3) slower per element than 256K ones (in L2), the stores waiting on
 * their lines (gelu 0.63 -> 0.74, exp 0.28 -> 0.47 ns/el, C harness); with
 * the prefetch, B/A at 4M (tools/ab_harness.sh):
 * exp 0.91, tanh 0.94, sigmoid 0.92, erf 0.90, gelu 0.92-0.94; at 256K 0.96
 * to 1.00.  A prefetch past the end of the array is harmless (a hint, no
 * fault).
 */
#define ACTV__PREFETCH_OUT(y, i) ACT_PREFETCH((y) + (i), ACT_AHEAD_OUT_BYTES)

#define ACTV__EACH16_FROM(i0, n, y, VALUE)                                      \
    do {                                                                        \
        ptrdiff_t i = (i0);                                                     \
        for (; i + 16 <= (n); i += 16) {                                        \
            ACTV__PREFETCH_OUT(y, i);                                           \
            const __mmask16 m = (__mmask16)0xffffu;                             \
            _mm512_mask_storeu_ps((y) + i, m, VALUE);                           \
        }                                                                       \
        if (i < (n)) {                                                          \
            const __mmask16 m = (__mmask16)((1u << ((n) - i)) - 1u);            \
            _mm512_mask_storeu_ps((y) + i, m, VALUE);                           \
        }                                                                       \
    } while (0)
#define ACTV__EACH16(n, y, VALUE) ACTV__EACH16_FROM(0, n, y, VALUE)

/*
 * Kernels in three steps, software-pipelined: front (the block at i ->
 * T; FRONT is its call, reading by ACTV__LOAD) runs on block k, mid (T ->
 * T) on block k - 1 and back (T -> y) on block k - 2 in each iteration.
 * One block's steps form a chain of 60 cycles or more of latency
 * (sigmoid's division alone 11+), and block after block in program order
 * kept the out-of-order scheduler full of operations waiting on it.  C
 * harness, 256K, uniform(-8, 8), bitwise the same results: sigmoid 0.376
 * -> 0.325 ns/el, silu 0.514 -> 0.425, gelu_tanh 0.752 -> 0.628, gelu
 * 0.670 -> 0.588, erfc 0.716 -> 0.596, erf 0.497 -> 0.421, gelu' 0.789 ->
 * 0.671, gelu_tanh' 1.124 -> 0.933, swish (beta 1.5) 0.590 -> 0.531,
 * swish' 0.520 -> 0.482 (silu', a short chain, 0.444 -> 0.439; tanh 0.321
 * -> 0.317: left as it was).  In place is fine: block k is loaded before
 * block k - 2 is stored.
 */
#define ACTV__PIPE3_LOOP(n, FRONT, dy, y, T, mid, back)                         \
    do {                                                                        \
        ptrdiff_t k = 0;                                                        \
        if ((n) >= 48) {                                                        \
            const __mmask16 m = (__mmask16)0xffffu;                             \
            T a, b, next;                                                       \
            { const ptrdiff_t i = 0; b = mid(FRONT); }                          \
            { const ptrdiff_t i = 16; a = FRONT; }                              \
            for (k = 32; k + 16 <= (n); k += 16) {                              \
                ACTV__PREFETCH_OUT(y, k);                                       \
                { const ptrdiff_t i = k; next = FRONT; }                        \
                T b2 = mid(a);                                                  \
                { const ptrdiff_t i = k - 32; _mm512_storeu_ps((y) + i, ACTV__TIMES_DY(dy, back(b))); } \
                b = b2;                                                         \
                a = next;                                                       \
            }                                                                   \
            { const ptrdiff_t i = k - 32; _mm512_storeu_ps((y) + i, ACTV__TIMES_DY(dy, back(b))); } \
            { const ptrdiff_t i = k - 16; _mm512_storeu_ps((y) + i, ACTV__TIMES_DY(dy, back(mid(a)))); } \
        }                                                                       \
        ACTV__EACH16_FROM(k, n, y, ACTV__TIMES_DY(dy, back(mid(FRONT))));       \
    } while (0)

/* v, or dy[i] v for a backward kernel (dy a null constant: folded away) */
#define ACTV__TIMES_DY(dy, v) ((dy) ? _mm512_mul_ps(ACTV__LOAD(dy), v) : (v))

/* the loop for a dy known only at run time (a forward and a backward kernel
 * sharing one function): one loop each, so that neither tests dy per block */
#define ACTV__PIPE3_LOOP_DY(n, FRONT, dy, y, T, mid, back)                      \
    do {                                                                        \
        if (dy)                                                                 \
            ACTV__PIPE3_LOOP(n, FRONT, dy, y, T, mid, back);                    \
        else                                                                    \
            ACTV__PIPE3_LOOP(n, FRONT, (const float *)0, y, T, mid, back);      \
    } while (0)

#define ACTV_PIPE3_KERNEL(name, T, front, mid, back)                            \
static void act_kernel_##name##_f32(const void *const *in, void *out,           \
                                     ptrdiff_t n, int scalar_params)            \
{                                                                               \
    const float *x = (const float *)in[0];                                      \
    (void)scalar_params;                                                        \
    ACTV__PIPE3_LOOP(n, front(ACTV__LOAD(x)), (const float *)0, (float *)out, T, mid, back); \
}

/* <name>_backward(dy, x) = dy * f'(x), f' pipelined as above (one rounding
 * of the product, as the plain-C backward) */
#define ACTV_PIPE3_BACKWARD_KERNEL(name, T, front, mid, back)                   \
static void act_kernel_##name##_f32(const void *const *in, void *out,           \
                                     ptrdiff_t n, int scalar_params)            \
{                                                                               \
    const float *dy = (const float *)in[0], *x = (const float *)in[1];          \
    (void)scalar_params;                                                        \
    ACTV__PIPE3_LOOP(n, front(ACTV__LOAD(x)), dy, (float *)out, T, mid, back);  \
}

/* a function of x and one parameter p (front(x, p)): p broadcast (the
 * ufunc's scalar_params) or one per element; dy for a backward kernel */
#define ACTV__PIPE3_PARAM1(n, x, p, dy, y, scalar, T, front, mid, back)         \
    do {                                                                        \
        if (scalar) {                                                           \
            const __m512 pv = _mm512_set1_ps(*(p));                             \
            ACTV__PIPE3_LOOP(n, front(ACTV__LOAD(x), pv), dy, y, T, mid, back); \
        } else {                                                                \
            ACTV__PIPE3_LOOP(n, front(ACTV__LOAD(x), ACTV__LOAD(p)), dy, y, T, mid, back); \
        }                                                                       \
    } while (0)

#define ACTV_PIPE3_PARAM1_KERNEL(name, T, front, mid, back)                     \
static void act_kernel_##name##_f32(const void *const *in, void *out,           \
                                     ptrdiff_t n, int scalar_params)            \
{                                                                               \
    const float *x = (const float *)in[0], *p = (const float *)in[1];           \
    ACTV__PIPE3_PARAM1(n, x, p, (const float *)0, (float *)out, scalar_params,  \
                       T, front, mid, back);                                    \
}

#define ACTV_PIPE3_BACKWARD_PARAM1_KERNEL(name, T, front, mid, back)            \
static void act_kernel_##name##_f32(const void *const *in, void *out,           \
                                     ptrdiff_t n, int scalar_params)            \
{                                                                               \
    const float *dy = (const float *)in[0], *x = (const float *)in[1];          \
    const float *p = (const float *)in[2];                                      \
    ACTV__PIPE3_PARAM1(n, x, p, dy, (float *)out, scalar_params, T, front, mid, back); \
}

/*
 * log1p(x) as act_log1p_f32 (math_f32.h: m = 1 + x with its rounding error
 * c by Fast2Sum, m = 2^k f, g = f - 1, s = g/(2 + g), log f = g - hg + s (hg
 * + R(s^2)), c/m to first order, k ln2 in two parts), with AVX-512's
 * instructions: FMAs where the plain-C kernel rounds a product and a sum
 * apart (it keeps them apart to be bitwise the same on every ISA), s from
 * vrcp14ps and one Newton step (relative error ~2^-28 before s's rounding)
 * instead of the division, Fast2Sum's operands ordered by vmaxps/vminps, and
 * the special inputs by one vfixupimmps on the class of m: m = 0 (x = -1)
 * gives -inf, m < 0 or -inf (x < -1) NaN, +inf +inf, NaN a quiet NaN; tiny x
 * (m = 1) come out as x through c (x's sign ORed onto the zero of x = -0).
 * 83 vector instructions and a vdivps per 16 lanes before (GCC keeps the
 * plain C's products and sums apart), 40 now, in three steps for the
 * pipelined loop: C harness, 256K, uniform(-0.9, 8), 0.716 -> 0.451 ns/el,
 * 0.411 pipelined.  Sweep over all 2^32: 1 ULP; every 97th input within
 * 0.90 ulp of the exact value (the plain-C kernel: 0.89).
 */
typedef struct {
    __m512 x, m, c, kf, g, d, q;    /* first step: m = 1 + x = 2^k (1 + g) + c, q ~ 1/d */
    __m512 s, hg, R, cm;            /* second step */
    __mmask16 small_k;              /* |k| <= 1 */
} actv__log1p_st;

ACT__INLINE actv__log1p_st actv__log1p_front(__m512 x)
{
    const __m512 one = ACTV_SET(1.0f);
    actv__log1p_st L;
    L.x = x;
    L.m = _mm512_add_ps(one, x);
    L.c = _mm512_sub_ps(_mm512_min_ps(x, one),                      /* Fast2Sum: exact */
                        _mm512_sub_ps(L.m, _mm512_max_ps(x, one)));
    /* m = 2^k f, f in [sqrt(1/2), sqrt(2)) */
    __m512i im = _mm512_add_epi32(_mm512_castps_si512(L.m), _mm512_set1_epi32(0x3f800000 - 0x3f3504f3));
    __m512i k = _mm512_sub_epi32(_mm512_srli_epi32(im, 23), _mm512_set1_epi32(127));
    L.small_k = _mm512_cmple_epu32_mask(_mm512_add_epi32(k, _mm512_set1_epi32(1)),
                                        _mm512_set1_epi32(2));
    L.kf = _mm512_cvtepi32_ps(k);
    __m512 f = _mm512_castsi512_ps(_mm512_add_epi32(
        _mm512_and_si512(im, _mm512_set1_epi32(0x007fffff)), _mm512_set1_epi32(0x3f3504f3)));
    L.g = _mm512_sub_ps(f, one);                                    /* exact */
    L.d = _mm512_add_ps(ACTV_SET(2.0f), L.g);
    L.q = _mm512_rcp14_ps(L.d);
    return L;
}

ACT__INLINE actv__log1p_st actv__log1p_mid(actv__log1p_st L)
{
    const __m512 one = ACTV_SET(1.0f);
    __m512 g = L.g, s0 = _mm512_mul_ps(g, L.q);
    L.s = _mm512_fmadd_ps(_mm512_fnmadd_ps(s0, L.d, g), L.q, s0);   /* g/d */
    __m512 zz = _mm512_mul_ps(L.s, L.s);
    __m512 R = _mm512_fmadd_ps(zz, ACTV_SET(0x1.33199ap-2f), ACTV_SET(0x1.995186p-2f));
    L.R = _mm512_mul_ps(zz, _mm512_fmadd_ps(zz, R, ACTV_SET(0x1.55558ap-1f)));
    L.hg = _mm512_mul_ps(_mm512_mul_ps(g, g), ACTV_SET(0.5f));
    /* c/m = c 2^-k / f, 1/f ~ 1 - g + g^2 - g^3; k clamped to 100 as the
     * plain-C kernel does: x < -1 lanes (their k is garbage, ~130) and x >=
     * 2^100 (c is 0 or 1 there, c/m far below the result's ulp) would make
     * 2^-k f^-1 subnormal, and on Intel cores every vector holding one costs
     * a microcode assist: uniform(-8, 8) took 7.3 ns/el instead of 0.6 */
    __m512 invf = _mm512_fnmadd_ps(g, _mm512_fnmadd_ps(g, _mm512_sub_ps(one, g), one), one);
    __m512 kc = _mm512_min_ps(L.kf, ACTV_SET(100.0f));
    L.cm = _mm512_mul_ps(L.c, _mm512_scalef_ps(invf, _mm512_sub_ps(_mm512_setzero_ps(), kc)));
    return L;
}

ACT__INLINE __m512 actv__log1p_back(actv__log1p_st L)
{
    __m512 kf = L.kf, g = L.g;
    __m512 lo = _mm512_add_ps(_mm512_fmsub_ps(L.s, _mm512_add_ps(L.hg, L.R), L.hg),
                              _mm512_fmadd_ps(kf, ACTV_SET(ACT__LN2LO), L.cm));
    /* k ln2 + g + lo, k LN2HI + g exact for |k| <= 1 */
    __m512 near = _mm512_add_ps(_mm512_fmadd_ps(kf, ACTV_SET(ACT__LN2HI), g), lo);
    __m512 far = _mm512_fmadd_ps(kf, ACTV_SET(ACT__LN2HI), _mm512_add_ps(g, lo));
    __m512 y = actv__or_sign(_mm512_mask_blend_ps(L.small_k, far, near), L.x);
    /* by m's class (nibble per class, QNaN first): QNaN, SNaN -> quiet src;
     * 0 -> -inf; 1 -> y; -inf -> NaN; +inf -> +inf; < 0 -> NaN; > 0 -> y */
    return _mm512_fixupimm_ps(y, L.m, _mm512_set1_epi32(0x03530422), 0);
}

/*
 * softplus(x) = max(x, 0) + L(t), L(t) = log1p(e^-t), t = |x|, at beta = 1,
 * and log_sigmoid(x) = -softplus(-x), with no exponential for |x| < 16:
 *   - L from 32 pieces [j/2, (j+1)/2) picked by vpermt2ps, each a degree-6
 *     polynomial in d = t - centre (L's branch points at t = +-i pi keep
 *     width 1/2 cheap): L = c0 + m, m = d P(d) (actv__exact_c0_piece, |m|
 *     <= 0.28 L), each centre the float32 nearest its piece's middle whose
 *     L is a float32 to 1/256 ulp (c0); d is exact but for t < 1/8 (2^-26
 *     at most, 1/8 ulp of L there).  Until 2026-11-28 c1 was hi + lo and
 *     the last Horner step kept its error (as silu''s table): 0.80 ulp
 *     from the exact value (every 97th input) against 1.016 now, 0.380
 *     against 0.318 ns/el (log_sigmoid 0.404 against 0.336; C harness,
 *     256K, uniform(-8, 8)).
 *   - X + c0, X = max(x, 0) clamped to 16, by Fast2Sum on the larger and the
 *     smaller, its error added to m, one last rounding; x <= 0: L alone.
 *   - x > 16: y = x (L(16) < ulp(x)/2); x <= -16 (and -inf): y = L = e^x (1
 *     - e^x/2) as exp's kernel (actv__softplus_far), computed only for a
 *     vector with such a lane (each lane's route depends on its value alone).
 * Table: tools/smooth_coefficients.py (log1p_exp32_fits), fit error 0.058
 * ulp with float32 coefficients.
 */
static const float ACTV__LOG1P_EXP32[8][32] __attribute__((aligned(64))) = {
    /* centres */
    {0x1.00839ap-2f, 0x1.7ffffp-1f, 0x1.40007cp+0f, 0x1.c0008ap+0f,
     0x1.20001ap+1f, 0x1.5fffe6p+1f, 0x1.9ffd54p+1f, 0x1.e0022ap+1f,
     0x1.0ffeep+2f, 0x1.2fffb6p+2f, 0x1.4fffcp+2f, 0x1.7000b6p+2f,
     0x1.900066p+2f, 0x1.afffe6p+2f, 0x1.d00022p+2f, 0x1.efff56p+2f,
     0x1.08005ep+3f, 0x1.180028p+3f, 0x1.27ffbap+3f, 0x1.37ff48p+3f,
     0x1.47fdeap+3f, 0x1.580004p+3f, 0x1.67ff54p+3f, 0x1.780052p+3f,
     0x1.87fef6p+3f, 0x1.97ffc2p+3f, 0x1.a8007ep+3f, 0x1.b8000ap+3f,
     0x1.c7ffb8p+3f, 0x1.d80006p+3f, 0x1.e7ffe4p+3f, 0x1.f800bap+3f},
    /* c0 */
    {0x1.26c4bap-1f, 0x1.8c27f4p-2f, 0x1.01f944p-2f, 0x1.4822f6p-3f,
     0x1.9a71e2p-4f, 0x1.fba3d8p-5f, 0x1.37a8ecp-5f, 0x1.7cd42ep-6f,
     0x1.d023cap-7f, 0x1.1a48ccp-7f, 0x1.5701e6p-8f, 0x1.a07e3p-9f,
     0x1.f98e8ep-10f, 0x1.32c2ecp-10f, 0x1.743364p-11f, 0x1.c3965cp-12f,
     0x1.11e6c2p-12f, 0x1.4c48eap-13f, 0x1.931d96p-14f, 0x1.e90a2cp-15f,
     0x1.28aba6p-15f, 0x1.67ca2ap-16f, 0x1.b47c46p-17f, 0x1.08b5dep-17f,
     0x1.4129ecp-18f, 0x1.858dc6p-19f, 0x1.d882b4p-20f, 0x1.1e9bacp-20f,
     0x1.5bafd6p-21f, 0x1.a5bff6p-22f, 0x1.ff9de4p-23f, 0x1.364794p-23f},
    /* c1 */
    {-0x1.c0346ap-2f, -0x1.488568p-2f, -0x1.c81658p-3f, -0x1.2f32d4p-3f,
     -0x1.868ce2p-4f, -0x1.ec3b34p-5f, -0x1.31ce4ep-5f, -0x1.786fdcp-6f,
     -0x1.ccde3ep-7f, -0x1.19126cp-7f, -0x1.561c82p-8f, -0x1.9fd4f8p-9f,
     -0x1.f911d6p-10f, -0x1.3294fep-10f, -0x1.741194p-11f, -0x1.c37d78p-12f,
     -0x1.11dd9ap-12f, -0x1.4c422cp-13f, -0x1.9318ap-14f, -0x1.e90686p-15f,
     -0x1.28aa4ep-15f, -0x1.67c92ep-16f, -0x1.b47b8cp-17f, -0x1.08b59ap-17f,
     -0x1.4129bap-18f, -0x1.858da2p-19f, -0x1.d88298p-20f, -0x1.1e9ba2p-20f,
     -0x1.5bafcep-21f, -0x1.a5bffp-22f, -0x1.ff9dep-23f, -0x1.364792p-23f},
    /* c2 */
    {0x1.f80d2p-4f, 0x1.be3fcp-4f, 0x1.628464p-4f, 0x1.024fa8p-4f,
     0x1.614fccp-5f, 0x1.cea79ap-6f, 0x1.2663e4p-6f, 0x1.6fc9b8p-7f,
     0x1.c662dep-8f, 0x1.16a93ap-8f, 0x1.545354p-9f, 0x1.9e833cp-10f,
     0x1.f818b6p-11f, 0x1.323934p-11f, 0x1.73cep-12f, 0x1.c34bb2p-13f,
     0x1.11cb4cp-13f, 0x1.4c34bp-14f, 0x1.930eb6p-15f, 0x1.e8ff3cp-16f,
     0x1.28a79ep-16f, 0x1.67c736p-17f, 0x1.b47a18p-18f, 0x1.08b512p-18f,
     0x1.412954p-19f, 0x1.858d58p-20f, 0x1.d88262p-21f, 0x1.1e9b8ap-21f,
     0x1.5bafcp-22f, 0x1.a5bfe2p-23f, 0x1.ff9dd8p-24f, 0x1.36479p-24f},
    /* c3 */
    {-0x1.4eee5ep-8f, -0x1.aa7086p-7f, -0x1.06253ap-6f, -0x1.e4dcep-7f,
     -0x1.7d3e66p-7f, -0x1.0f5fbap-7f, -0x1.6b357p-8f, -0x1.d3d804p-9f,
     -0x1.2666eep-9f, -0x1.6d2c2ap-10f, -0x1.c10652p-11f, -0x1.1295c4p-11f,
     -0x1.4ec4d4p-12f, -0x1.975714p-13f, -0x1.ef0858p-14f, -0x1.2c9abp-14f,
     -0x1.6cdd8cp-15f, -0x1.bace7cp-16f, -0x1.0ca794p-16f, -0x1.45f57p-17f,
     -0x1.8b8322p-18f, -0x1.dfad06p-19f, -0x1.22f9e8p-19f, -0x1.60eee6p-20f,
     -0x1.ac350cp-21f, -0x1.03b1f2p-21f, -0x1.3b01d8p-22f, -0x1.7e244ap-23f,
     -0x1.cf95cap-24f, -0x1.192aecp-24f, -0x1.5513a8p-25f, -0x1.9db586p-26f},
    /* c4 */
    {-0x1.407b2p-8f, -0x1.6dc0f2p-9f, -0x1.247296p-12f, 0x1.4f0308p-10f,
     0x1.c6782cp-10f, 0x1.97d3ap-10f, 0x1.33dde4p-10f, 0x1.a852dcp-11f,
     0x1.15b9eap-11f, 0x1.609364p-12f, 0x1.b79802p-13f, 0x1.0f1a3cp-13f,
     0x1.4c3202p-14f, 0x1.956e82p-15f, 0x1.ed9398p-16f, 0x1.2c17dp-16f,
     0x1.6c7904p-17f, 0x1.ba8d0ep-18f, 0x1.0c8d42p-18f, 0x1.45df7ap-19f,
     0x1.8b7888p-20f, 0x1.df9ce2p-21f, 0x1.22f626p-21f, 0x1.60ea22p-22f,
     0x1.ac33ap-23f, 0x1.03b04ap-23f, 0x1.3b02a6p-24f, 0x1.7e2b7ep-25f,
     0x1.cf984ap-26f, 0x1.192f5ap-26f, 0x1.55148ap-27f, 0x1.9db496p-28f},
    /* c5 */
    {0x1.0119aep-11f, 0x1.1199e6p-10f, 0x1.bf14fap-11f, 0x1.8b7454p-12f,
     0x1.5521a8p-16f, -0x1.134a0ap-13f, -0x1.4c614ap-13f, -0x1.129c58p-13f,
     -0x1.8948a2p-14f, -0x1.06e188p-14f, -0x1.5249fp-15f, -0x1.a89e76p-16f,
     -0x1.061fa8p-16f, -0x1.425e08p-17f, -0x1.89f11cp-18f, -0x1.df6f78p-19f,
     -0x1.23fffp-19f, -0x1.60f3fep-20f, -0x1.ad8738p-21f, -0x1.053a6p-21f,
     -0x1.3cadf6p-22f, -0x1.81dbf6p-23f, -0x1.d2939ep-24f, -0x1.1ba916p-24f,
     -0x1.57eb78p-25f, -0x1.a2286ap-26f, -0x1.f7f3b6p-27f, -0x1.325f7ep-27f,
     -0x1.72b66cp-28f, -0x1.c1fc9cp-29f, -0x1.1175c4p-29f, -0x1.4adafp-30f},
    /* c6 */
    {0x1.4bd4a2p-12f, 0x1.8d3cb8p-15f, -0x1.21845p-13f, -0x1.388f8ap-13f,
     -0x1.4f2b2ep-14f, -0x1.982222p-16f, 0x1.411438p-18f, 0x1.9fe87p-17f,
     0x1.85458ap-17f, 0x1.2fa602p-17f, 0x1.a6d4e2p-18f, 0x1.0b31f8p-18f,
     0x1.4f9f2cp-19f, 0x1.a6e48cp-20f, 0x1.0c7942p-20f, 0x1.3b1308p-21f,
     0x1.8807e6p-22f, 0x1.ca63e2p-23f, 0x1.1c79d6p-23f, 0x1.5e4d52p-24f,
     0x1.a0ac2ep-25f, 0x1.05d082p-25f, 0x1.3654bcp-26f, 0x1.7dc85p-27f,
     0x1.cabea2p-28f, 0x1.198d9cp-28f, 0x1.4ca886p-29f, 0x1.8f7e88p-30f,
     0x1.e83b0ap-31f, 0x1.25958ep-31f, 0x1.6afc78p-32f, 0x1.b7949ap-33f},
};

typedef struct {
    __m512 x, d;        /* the input, t - centre */
    __m512i j;          /* the piece */
    __mmask16 far;      /* x <= -16: the exponential route */
    __m512 m;           /* d P(d) (second step) */
} actv__softplus_st;

ACT__INLINE actv__softplus_st actv__softplus_front(__m512 x)
{
    actv__softplus_st s;
    s.x = x;
    __m512 t = _mm512_min_ps(ACTV_SET(0x1.fffffep3f), _mm512_abs_ps(x));   /* below 16; NaN kept */
    s.j = _mm512_cvttps_epi32(_mm512_add_ps(t, t));                 /* NaN: piece 0 */
    s.d = _mm512_sub_ps(t, actv__perm32(s.j, ACTV__LOG1P_EXP32[0]));
    s.far = _mm512_cmp_ps_mask(x, ACTV_SET(-16.0f), _CMP_LE_OQ);
    return s;
}

ACT__INLINE actv__softplus_st actv__softplus_mid(actv__softplus_st s)
{
    s.m = actv__exact_c0_piece(s.j, ACTV__LOG1P_EXP32[0], s.d);
    return s;
}

/* e^z = 2^n (P + Pw + lo) for z <= -8 (the far routes of softplus, mish and
 * mish'): P = 1 + w rounded, Pw its error by Fast2Sum, w + lo = e^r - 1
 * with w's rounding error; z clamped to -131 by the caller (2^n then scales
 * anything to 0) */
ACT__INLINE __m512 actv__exp_parts(__m512 z, __m512 *nf, __m512 *Pw, __m512 *lo)
{
    const __m512 one = ACTV_SET(1.0f);
    __m512 w = actv__exp_w(z, nf, lo);
    __m512 P = _mm512_add_ps(one, w);
    *Pw = _mm512_add_ps(_mm512_sub_ps(one, P), w);                  /* exact */
    return P;
}

/* e^z (1 - e^z/2) = 2^n (P + Pl), Pl = Pw + lo - (E/2)(1 + w), E = e^z */
ACT__INLINE __m512 actv__exp_less_half(__m512 z, __m512 *nf, __m512 *Pl)
{
    __m512 Pw, lo, P = actv__exp_parts(z, nf, &Pw, &lo);
    __m512 hE = actv__scalef_tiny(P, _mm512_sub_ps(*nf, ACTV_SET(1.0f)));   /* E/2 */
    *Pl = _mm512_add_ps(Pw, _mm512_fnmadd_ps(hE, P, lo));
    return P;
}

/* softplus(x) = L(-x) = E (1 - E/2 + E^2/3 ...) for x <= -16, E = e^x <
 * 2^-23 (E^2/3 is below 2^-46 of L), rounded once and scaled by vscalefps
 * (a subnormal result rounds a second time); x clamped to -104, where L
 * rounds to 0.  Without w's rounding error: 1.22 ulp from the exact value
 * at x = -16.95 (1 ULP from the rounded one) */
ACT__INLINE __m512 actv__softplus_far(__m512 x)
{
    __m512 nf, Pl, P = actv__exp_less_half(_mm512_max_ps(ACTV_SET(act__u2f(ACT__EXP_LO)), x), &nf, &Pl);
    return actv__scalef_tiny(_mm512_add_ps(P, Pl), nf);
}

/* h + *e = X + c0 exactly, X = max(s.x, 0) clamped to 16, c0 the piece's
 * constant term (*c0): Fast2Sum on the larger and the smaller */
ACT__INLINE __m512 actv__softplus_head(actv__softplus_st s, __m512 *c0, __m512 *e)
{
    *c0 = actv__perm32(s.j, ACTV__LOG1P_EXP32[1]);
    __m512 X = _mm512_min_ps(ACTV_SET(16.0f), _mm512_max_ps(s.x, _mm512_setzero_ps()));  /* NaN: 0 */
    __m512 big = _mm512_max_ps(X, *c0), small = _mm512_min_ps(X, *c0);
    __m512 h = _mm512_add_ps(big, small);
    *e = _mm512_sub_ps(small, _mm512_sub_ps(h, big));                /* exact */
    return h;
}

/* softplus(x), x for x > xmax (min(threshold, 16)) */
ACT__INLINE __m512 actv__softplus_back(actv__softplus_st s, __m512 xmax)
{
    __m512 c0, e, h = actv__softplus_head(s, &c0, &e);
    __m512 y = _mm512_add_ps(h, _mm512_add_ps(e, s.m));
    if (s.far)
        y = _mm512_mask_mov_ps(y, s.far, actv__softplus_far(s.x));
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(s.x, xmax, _CMP_GT_OQ), y, s.x);
}

ACT__INLINE actv__softplus_st actv__log_sigmoid_front(__m512 x)
{
    return actv__softplus_front(actv__neg(x));
}

ACT__INLINE __m512 actv__log_sigmoid_back(actv__softplus_st s)
{
    return _mm512_sub_ps(_mm512_setzero_ps(), actv__softplus_back(s, ACTV_SET(16.0f)));
}

/*
 * softplus, softplus' and softplus_backward at beta = 1, the default:
 * kernels_impl.h's unit loop for math_elu_f32.h's unit formulas, x >
 * threshold ? x : -log_sigmoid(-x) and x > threshold ? 1 : sigmoid(x), on
 * the pipelined steps of log_sigmoid and sigmoid above (their bits).  C
 * harness, 256K, uniform(-8, 8): softplus 0.916 -> 0.662 ns/el, softplus'
 * 0.483 -> 0.354, softplus_backward 0.423 -> 0.342.  Sweep over all 2^32:
 * 1 ULP (softplus, softplus').
 */
ACT__INLINE __m512 actv__softplus_grad_unit_back(actv__quot q, __m512 threshold)
{
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(q.x, threshold, _CMP_GT_OQ),
                                actv__sigmoid_back(q), ACTV_SET(1.0f));
}

#define ACTV__SOFTPLUS_BACK(s) actv__softplus_back(s, xmax)
#define ACTV__SOFTPLUS_GRAD_BACK(q) actv__softplus_grad_unit_back(q, thr)

static void actv__softplus_unit(const float *x, float *y, ptrdiff_t n, float threshold)
{
    const __m512 xmax = _mm512_min_ps(_mm512_set1_ps(threshold), ACTV_SET(16.0f));
    ACTV__PIPE3_LOOP(n, actv__softplus_front(ACTV__LOAD(x)), (const float *)0, y,
                     actv__softplus_st, actv__softplus_mid, ACTV__SOFTPLUS_BACK);
}

/* dy (0 for softplus' itself) times softplus'(x) */
static void actv__softplus_grad_unit(const float *dy, const float *x, float *y, ptrdiff_t n,
                                     float threshold)
{
    const __m512 thr = _mm512_set1_ps(threshold);
    ACTV__PIPE3_LOOP_DY(n, actv__sigmoid_front(ACTV__LOAD(x)), dy, y, actv__quot,
                        actv__quot_denominator, ACTV__SOFTPLUS_GRAD_BACK);
}

#undef ACT_UNIT_softplus_f32
#undef ACT_UNIT_softplus_grad_f32
#undef ACT_UNIT_softplus_backward_f32
#define ACT_UNIT_softplus_f32 ~, ACTV__SOFTPLUS_ANY_BETA
#define ACT_UNIT_softplus_grad_f32 ~, ACTV__SOFTPLUS_GRAD_ANY_BETA
#define ACT_UNIT_softplus_backward_f32 ~, ACTV__SOFTPLUS_BACKWARD_ANY_BETA
/*
 * softplus at other beta in [2^-20, 2^20] (the plain-C kernel, 1.2-2.2
 * ns/el, serves the rest): softplus(x, beta) = softplus(z)/beta on z =
 * beta x = zh + zl (zl by FMA; x clamped to -2^64 first so that -inf
 * leaves zl finite), softplus(zh) on the table and the far route above:
 *   - |zh| < 16: Y = h + Yl, h + e = max(zh, 0) + c0 (Fast2Sum), Yl = e + m
 *     + s zl, s = sigmoid(zh) (the first-order term of zl) to 0.2% from L
 *     = c0 + m: sigmoid(-|zh|) = 1 - e^-L = L (1 - L/2 (1 - L/3 (1 - L/4))),
 *     which costs at most 0.03 ulp (|zl| <= 2^-24 |zh|);
 *   - zh <= -16: E (1 - E/2) (1 + zl) = 2^n (P + (Pl + P zl)), z clamped to
 *     -200 (E/beta underflows below for every beta here);
 *   - y = Y/beta as Y (ih + il) rounded once, 1/beta = ih + il (loop
 *     invariant; the far route's scale 2^n last); zh > min(threshold, 16):
 *     x (softplus(z)/beta rounds to x from z = 16).
 * Every 97th input within 0.97-1.21 ulp of the exact value (beta = 2, 100,
 * 0.5, 1e-3, 3.7, 2^20, 2^-20), 1 ulp over all 2^32 (beta = 100, 1e-3,
 * 3.7).  C harness, 256K, uniform(-8, 8): 1.175 -> 0.524 ns/el at beta =
 * 2, 1.782 -> 0.939 at 100 (most vectors there have a lane on the far
 * route).
 */
typedef struct {
    actv__softplus_st s;    /* the table's steps on zh (s.x = zh) */
    __m512 zl, x;           /* beta x - zh; the input */
} actv__softplus_beta_st;

ACT__INLINE actv__softplus_beta_st actv__softplus_beta_front(__m512 x, __m512 beta)
{
    actv__softplus_beta_st b;
    __m512 xc = _mm512_max_ps(ACTV_SET(-0x1p64f), x);                /* NaN kept */
    __m512 zh = _mm512_mul_ps(xc, beta);
    b.zl = _mm512_fmsub_ps(xc, beta, zh);
    b.s = actv__softplus_front(zh);
    b.x = x;
    return b;
}

ACT__INLINE actv__softplus_beta_st actv__softplus_beta_mid(actv__softplus_beta_st b)
{
    b.s = actv__softplus_mid(b.s);
    return b;
}

/* the far route: 2^n (P + Pl)(1 + zl)(ih + il), rounded once before 2^n */
ACT__INLINE __m512 actv__softplus_beta_far(__m512 zh, __m512 zl, __m512 ih, __m512 il)
{
    __m512 nf, Pl, P = actv__exp_less_half(_mm512_max_ps(ACTV_SET(-200.0f), zh), &nf, &Pl);
    __m512 low = _mm512_fmadd_ps(P, zl, Pl);
    low = _mm512_fmadd_ps(P, il, _mm512_mul_ps(low, ih));
    return actv__scalef_tiny(_mm512_fmadd_ps(P, ih, low), nf);
}

ACT__INLINE __m512 actv__softplus_beta_back(actv__softplus_beta_st b, __m512 ih, __m512 il,
                                            __m512 xmax)
{
    const __m512 one = ACTV_SET(1.0f);
    actv__softplus_st s = b.s;
    __m512 zh = s.x, m = s.m;
    __m512 c0, e, h = actv__softplus_head(s, &c0, &e);
    /* sigmoid(-|zh|) from L = c0 + m, then sigmoid(zh) */
    __m512 L = _mm512_add_ps(c0, m);
    __m512 g = _mm512_fmadd_ps(L, ACTV_SET(-1.0f / 24), ACTV_SET(1.0f / 6));
    g = _mm512_fmadd_ps(L, g, ACTV_SET(-0.5f));
    g = _mm512_mul_ps(L, _mm512_fmadd_ps(L, g, one));
    __mmask16 pos = _mm512_cmp_ps_mask(zh, _mm512_setzero_ps(), _CMP_GT_OQ);
    __m512 sg = _mm512_mask_sub_ps(g, pos, one, g);
    __m512 Yl = _mm512_fmadd_ps(sg, b.zl, _mm512_add_ps(e, m));
    __m512 y = _mm512_fmadd_ps(h, ih, _mm512_fmadd_ps(h, il, _mm512_mul_ps(Yl, ih)));
    if (s.far)
        y = _mm512_mask_mov_ps(y, s.far, actv__softplus_beta_far(zh, b.zl, ih, il));
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(zh, xmax, _CMP_GT_OQ), y, b.x);
}

#define ACTV__SOFTPLUS_BETA_BACK(b) actv__softplus_beta_back(b, ih, il, xmax)

static void actv__softplus_beta(const float *x, float *y, ptrdiff_t n, float beta, float threshold)
{
    const __m512 bv = _mm512_set1_ps(beta);
    const double inv = 1.0 / beta;
    const __m512 ih = _mm512_set1_ps((float)inv), il = _mm512_set1_ps((float)(inv - (float)inv));
    const __m512 xmax = _mm512_min_ps(_mm512_set1_ps(threshold), ACTV_SET(16.0f));
    ACTV__PIPE3_LOOP(n, actv__softplus_beta_front(ACTV__LOAD(x), bv), (const float *)0, y,
                     actv__softplus_beta_st, actv__softplus_beta_mid, ACTV__SOFTPLUS_BETA_BACK);
}

/* softplus'(x, beta) = sigmoid(z) at the same beta: swish's steps on z =
 * beta x = zh + zl (actv__swish_lanes, no wide lanes: no product with x
 * follows), with zh for x, the sign and the threshold test.  C harness,
 * 256K, uniform(-8, 8): softplus' 0.689 -> 0.409 ns/el at beta = 2, 1.060
 * -> 0.408 at 100; softplus_backward 0.733 -> 0.418, 1.216 -> 0.438 */
ACT__INLINE actv__quot actv__softplus_grad_beta_front(__m512 x, __m512 beta)
{
    actv__quot q = actv__swish_lanes(x, beta, 0);
    q.x = q.xs = _mm512_mul_ps(beta, x);
    return q;
}

static void actv__softplus_grad_beta(const float *dy, const float *x, float *y, ptrdiff_t n,
                                     float beta, float threshold)
{
    const __m512 bv = _mm512_set1_ps(beta), thr = _mm512_set1_ps(threshold);
    ACTV__PIPE3_LOOP_DY(n, actv__softplus_grad_beta_front(ACTV__LOAD(x), bv), dy, y, actv__quot,
                        actv__quot_denominator, ACTV__SOFTPLUS_GRAD_BACK);
}

/* the beta the loop above serves */
static inline int actv__softplus_beta_ok(float beta)
{
    return beta >= 0x1p-20f && beta <= 0x1p20f;
}

/* the unit formula's loop for kernels_impl.h's ACT_KERNEL when the scalar
 * parameters take the unit value: a vector loop's call in place of the
 * plain-C one (y, n, a0, a1 and s0, s1 are ACT_KERNEL's) */
#define ACTV__RUN_IF(cond, loop)                                                \
    if (cond) {                                                                 \
        loop;                                                                   \
        return;                                                                 \
    }
#define ACTV__UNIT_IF(name, np, S, loop)                                        \
    ACTV__RUN_IF(act_##name##_is_unit_##S(ACT_PLIST_##np), loop)
/* the plain 16-lane loop of VALUE (a broadcast in it is loop invariant: hoisted) */
#define ACTV__EACH16_IF(cond, VALUE) ACTV__RUN_IF(cond, ACTV__EACH16(n, y, VALUE))
#define ACTV__SOFTPLUS_UNIT(name, na, np, S)                                    \
    ACTV__UNIT_IF(name, np, S, actv__softplus_unit(a0, y, n, s1))
/* the accurate softplus, softplus' and softplus_backward: at beta = 1 as
 * above, other beta in range by their loops */
#define ACTV__BETA_IF(loop) ACTV__RUN_IF(actv__softplus_beta_ok(s0), loop)
#define ACTV__SOFTPLUS_ANY_BETA(name, na, np, S)                                \
    ACTV__SOFTPLUS_UNIT(name, na, np, S)                                        \
    ACTV__BETA_IF(actv__softplus_beta(a0, y, n, s0, s1))
#define ACTV__SOFTPLUS_GRAD_ANY_BETA(name, na, np, S)                           \
    ACTV__SOFTPLUS_GRAD_UNIT(name, na, np, S)                                   \
    ACTV__BETA_IF(actv__softplus_grad_beta((const float *)0, a0, y, n, s0, s1))
#define ACTV__SOFTPLUS_BACKWARD_ANY_BETA(name, na, np, S)                       \
    ACTV__SOFTPLUS_BACKWARD_UNIT(name, na, np, S)                               \
    ACTV__BETA_IF(actv__softplus_grad_beta(a0, a1, y, n, s0, s1))
#define ACTV__SOFTPLUS_GRAD_UNIT(name, na, np, S)                               \
    ACTV__UNIT_IF(name, np, S, actv__softplus_grad_unit((const float *)0, a0, y, n, s1))
#define ACTV__SOFTPLUS_BACKWARD_UNIT(name, na, np, S)                           \
    ACTV__UNIT_IF(name, np, S, actv__softplus_grad_unit(a0, a1, y, n, s1))

/*
 * expm1 on AVX-512: the expm1 ufunc, and elu, elu' and elu_backward at alpha
 * = 1, the default (celu at alpha = 1 runs elu's ufunc): x >= 0 gives x
 * (elu' 1), below it expm1(x) (elu' e^x, exp's loop above).
 *
 * z (x clamped to [-17.4, 88.8]; below -17.4 expm1 rounds to -1) = n ln2 +
 * r with n >= -24 (so h below is exact; r then reaches -0.77, where w's fit
 * error is lost against h), S = 2^(n-1) or 2^n from the magic bias's low
 * bits, w + lo = e^r - 1.  expm1 = 2 (S w + h) + 2 S lo, h = S - 1/2 (S =
 * 2^(n-1): normal up to n = 128; h's low part hlo for n >= 26; |x| < 2^-25
 * gives x, where S w would halve a subnormal w), or for z <= 0 (elu) (S w +
 * h) + S lo with S = 2^n, h = S - 1.  Two roundings, S w + h's and the
 * last: every 97th input within 1.007 ulp of the exact value (expm1; elu
 * 0.98), 1 ulp over all 2^32 after rounding.  Keeping the first rounding's
 * error (Fast2Sum, 2 more operations, as act_expm1_f32) gives 0.80 ulp at
 * 1.15x the time (C harness, 256K, uniform(-8, 8): expm1 0.324 against
 * 0.282 ns/el, elu 0.287 against 0.249).
 */
ACT__INLINE __m512 actv__expm1_parts(__m512 z, float bias, __m512 *S, __m512 *lo)
{
    const __m512 magic = ACTV_SET(0x1.8p23f + bias);
    z = _mm512_max_ps(ACTV_SET(-17.4f), z);                           /* NaN kept */
    __m512 t = _mm512_fmadd_ps(z, ACTV_SET(0x1.715476p0f), magic);
    t = _mm512_max_ps(_mm512_sub_ps(magic, ACTV_SET(24.0f)), t);     /* n >= -24 */
    *S = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_castps_si512(t), 23));
    return actv__expm1_reduced(actv__exp_rem(z, _mm512_sub_ps(t, magic)), lo);
}

ACT__INLINE __m512 actv_expm1(__m512 x)
{
    const __m512 half = ACTV_SET(0.5f);
    __m512 S, lo, w = actv__expm1_parts(_mm512_min_ps(ACTV_SET(act__u2f(ACT__EXP_HI)), x),
                                        126.0f, &S, &lo);             /* NaN kept */
    __m512 h = _mm512_sub_ps(S, half);
    __m512 hlo = _mm512_sub_ps(_mm512_sub_ps(S, h), half);
    __m512 y = _mm512_add_ps(_mm512_fmadd_ps(S, w, h), _mm512_fmadd_ps(S, lo, hlo));
    __mmask16 tiny = _mm512_cmp_ps_mask(_mm512_abs_ps(x), ACTV_SET(0x1p-25f), _CMP_LT_OQ);
    return _mm512_mask_mul_ps(x, ~tiny, y, ACTV_SET(2.0f));
}

/* expm1(min(x, 0)) */
ACT__INLINE __m512 actv__expm1_nonpos(__m512 x)
{
    __m512 S, lo, w = actv__expm1_parts(_mm512_min_ps(_mm512_setzero_ps(), x), 127.0f, &S, &lo);
    return _mm512_fmadd_ps(S, lo, _mm512_fmadd_ps(S, w, _mm512_sub_ps(S, ACTV_SET(1.0f))));
}

ACT__INLINE __m512 actv__elu_unit(__m512 x)
{
    __mmask16 nonneg = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GE_OQ);
    return _mm512_mask_blend_ps(nonneg, actv__expm1_nonpos(x), x);
}

ACT__INLINE __m512 actv__elu_grad_unit(__m512 x)
{
    __mmask16 pos = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GT_OQ);
    return _mm512_mask_blend_ps(pos, actv_exp(x), ACTV_SET(1.0f));
}

/* expm1(z) = A + *Al for z <= 0 (or NaN): A = S w + h rounded, its error by
 * Fast2Sum (|h| >= 1/2 > |S w| or h = 0) plus S lo */
ACT__INLINE __m512 actv__expm1_nonpos_hilo(__m512 z, __m512 *Al)
{
    __m512 S, lo, w = actv__expm1_parts(z, 127.0f, &S, &lo);
    __m512 h = _mm512_sub_ps(S, ACTV_SET(1.0f));
    __m512 Sw = _mm512_mul_ps(S, w);                                  /* exact */
    __m512 A = _mm512_add_ps(Sw, h);
    *Al = _mm512_fmadd_ps(S, lo, _mm512_sub_ps(Sw, _mm512_sub_ps(A, h)));
    return A;
}

/*
 * elu, elu' and elu_backward at other alpha, finite with |alpha| <= 2^100
 * (the plain-C kernel serves the rest): the same steps with alpha.
 *   - elu(x <= 0) = alpha (A + Al), A = S w + h and Al its error by Fast2Sum
 *     plus S lo (actv__expm1_nonpos_hilo: alpha's significand can take A's
 *     rounding past 1 ulp of the result, selu's 0.88 with no bound), rounded
 *     once; x = +-0 gives alpha x, the formula's signed zero (alpha
 *     expm1(-0) = alpha (-0)).
 *   - elu'(x <= 0) = alpha e^x = 2^n alpha (1 + w), alpha (1 + w) rounded
 *     once by an FMA; x clamped to -180, where e^x 2^100 underflows.
 * C harness, 256K, uniform(-8, 8), alpha = 0.5: elu 0.437 -> 0.377 ns/el,
 * elu' 0.380 -> 0.212, elu_backward 0.411 -> 0.241.  Every 97th input
 * within 0.93 ulp (elu) and 1.08 (elu') of the exact value at alpha = 0.5,
 * 3, -1.3, 1e-3, 2^100; 1 ulp over all 2^32 at alpha = 0.5, 3 and -1.3.
 */
ACT__INLINE __m512 actv__elu_alpha(__m512 x, __m512 alpha)
{
    __m512 Al, A = actv__expm1_nonpos_hilo(_mm512_min_ps(_mm512_setzero_ps(), x), &Al);
    __m512 neg = _mm512_fmadd_ps(alpha, A, _mm512_mul_ps(alpha, Al));
    /* x = +-0: alpha x, the formula's signed zero */
    neg = _mm512_mask_mul_ps(neg, _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_EQ_OQ), alpha, x);
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GT_OQ), neg, x);
}

ACT__INLINE __m512 actv__elu_grad_alpha(__m512 x, __m512 alpha)
{
    __m512 nf, w = actv__exp_w(_mm512_max_ps(ACTV_SET(-180.0f), _mm512_min_ps(_mm512_setzero_ps(), x)),
                               &nf, 0);                               /* NaN kept */
    __m512 neg = actv__scalef_tiny(_mm512_fmadd_ps(alpha, w, alpha), nf);
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GT_OQ), neg,
                                ACTV_SET(1.0f));
}

static inline int actv__elu_alpha_ok(float alpha)
{
    return alpha >= -0x1p100f && alpha <= 0x1p100f;
}

/* elu at alpha = 1 by the unit loop, other alpha in range by the loops above */
#define ACTV__ALPHA_IF(VALUE) ACTV__EACH16_IF(actv__elu_alpha_ok(s0), VALUE)
#define ACTV__ELU_ANY_ALPHA(name, na, np, S)                                    \
    ACTV__ELU_UNIT(name, na, np, S)                                             \
    ACTV__ALPHA_IF(actv__elu_alpha(ACTV__LOAD(a0), _mm512_set1_ps(s0)))
#define ACTV__ELU_GRAD_ANY_ALPHA(name, na, np, S)                               \
    ACTV__ELU_GRAD_UNIT(name, na, np, S)                                        \
    ACTV__ALPHA_IF(actv__elu_grad_alpha(ACTV__LOAD(a0), _mm512_set1_ps(s0)))
#define ACTV__ELU_BACKWARD_ANY_ALPHA(name, na, np, S)                           \
    ACTV__ELU_BACKWARD_UNIT(name, na, np, S)                                    \
    ACTV__ALPHA_IF(_mm512_mul_ps(ACTV__LOAD(a0),                               \
                                 actv__elu_grad_alpha(ACTV__LOAD(a1), _mm512_set1_ps(s0))))

/*
 * celu, celu' and celu_backward at alpha in [2^-20, 2^20] (the plain-C
 * kernel serves the rest; at alpha = 1 the ufunc runs elu's): x/alpha = q +
 * d, q = z (1/alpha) and d = (z - q alpha)/alpha with the remainder exact
 * by FMA, z = min(x, 0) clamped to qmin alpha (q >= qmin, -30 for celu,
 * where it is -alpha, -110 for celu', where it is 0), as
 * math_elu_f32.h's kernels:
 *   - celu = alpha (A + Al + d (1 + A)), A + Al = expm1(q) as elu's above,
 *     rounded once; |q| < 2^-25 gives x (celu rounds to x there; this
 *     covers x >= 0 and +-0 with its sign too);
 *   - celu' = e^(q + d) = 2^n (1 + (w + d (1 + w))), rounded once before
 *     2^n; x > 0: 1.
 * C harness, 256K, uniform(-8, 8), alpha = 0.5: celu 0.520 -> 0.409 ns/el,
 * celu' 0.423 -> 0.264, celu_backward 0.430 -> 0.284.
 */
static inline int actv__celu_alpha_ok(float alpha)
{
    return alpha >= 0x1p-20f && alpha <= 0x1p20f;
}

/* q + *d = x/alpha for z = min(x, 0) clamped to qmin alpha */
ACT__INLINE __m512 actv__celu_arg(__m512 x, __m512 alpha, __m512 inv, float qmin, __m512 *d)
{
    __m512 z = _mm512_max_ps(_mm512_mul_ps(ACTV_SET(qmin), alpha),
                             _mm512_min_ps(_mm512_setzero_ps(), x));       /* NaN kept */
    __m512 q = _mm512_mul_ps(z, inv);
    *d = _mm512_mul_ps(_mm512_fnmadd_ps(q, alpha, z), inv);
    return q;
}

ACT__INLINE __m512 actv__celu_alpha(__m512 x, __m512 alpha, __m512 inv)
{
    __m512 d, q = actv__celu_arg(x, alpha, inv, -30.0f, &d);
    __m512 Al, A = actv__expm1_nonpos_hilo(q, &Al);
    Al = _mm512_add_ps(Al, _mm512_fmadd_ps(d, A, d));
    __m512 neg = _mm512_fmadd_ps(alpha, A, _mm512_mul_ps(alpha, Al));
    __mmask16 tiny = _mm512_cmp_ps_mask(_mm512_abs_ps(q), ACTV_SET(0x1p-25f), _CMP_LT_OQ);
    return _mm512_mask_blend_ps(tiny, neg, x);
}

ACT__INLINE __m512 actv__celu_grad_alpha(__m512 x, __m512 alpha, __m512 inv)
{
    __m512 d, q = actv__celu_arg(x, alpha, inv, -110.0f, &d);
    __m512 nf, w = actv__exp_w(q, &nf, 0);
    __m512 T = _mm512_add_ps(ACTV_SET(1.0f), _mm512_add_ps(w, _mm512_fmadd_ps(d, w, d)));
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GT_OQ),
                                actv__scalef_tiny(T, nf), ACTV_SET(1.0f));
}

#define ACTV__CELU_IF(VALUE) ACTV__EACH16_IF(actv__celu_alpha_ok(s0), VALUE)
#define ACTV__CELU_ARGS _mm512_set1_ps(s0), _mm512_set1_ps(1.0f / s0)
#define ACTV__CELU_ANY_ALPHA(name, na, np, S)                                   \
    ACTV__CELU_IF(actv__celu_alpha(ACTV__LOAD(a0), ACTV__CELU_ARGS))
#define ACTV__CELU_GRAD_ANY_ALPHA(name, na, np, S)                              \
    ACTV__CELU_IF(actv__celu_grad_alpha(ACTV__LOAD(a0), ACTV__CELU_ARGS))
#define ACTV__CELU_BACKWARD_ANY_ALPHA(name, na, np, S)                          \
    ACTV__CELU_IF(_mm512_mul_ps(ACTV__LOAD(a0), actv__celu_grad_alpha(ACTV__LOAD(a1), ACTV__CELU_ARGS)))
#define ACT_UNIT_celu_f32 ~, ACTV__CELU_ANY_ALPHA
#define ACT_UNIT_celu_grad_f32 ~, ACTV__CELU_GRAD_ANY_ALPHA
#define ACT_UNIT_celu_backward_f32 ~, ACTV__CELU_BACKWARD_ANY_ALPHA

#undef ACT_UNIT_elu_f32
#undef ACT_UNIT_elu_grad_f32
#undef ACT_UNIT_elu_backward_f32
#define ACT_UNIT_elu_f32 ~, ACTV__ELU_ANY_ALPHA
#define ACT_UNIT_elu_grad_f32 ~, ACTV__ELU_GRAD_ANY_ALPHA
#define ACT_UNIT_elu_backward_f32 ~, ACTV__ELU_BACKWARD_ANY_ALPHA
#define ACTV__ELU_UNIT(name, na, np, S)                                         \
    ACTV__UNIT_IF(name, np, S, ACTV__EACH16(n, y, actv__elu_unit(ACTV__LOAD(a0))))
#define ACTV__ELU_GRAD_UNIT(name, na, np, S)                                    \
    ACTV__UNIT_IF(name, np, S, ACTV__EACH16(n, y, actv__elu_grad_unit(ACTV__LOAD(a0))))
#define ACTV__ELU_BACKWARD_UNIT(name, na, np, S)                                \
    ACTV__UNIT_IF(name, np, S, ACTV__EACH16(n, y, _mm512_mul_ps(ACTV__LOAD(a0),     \
                                                                actv__elu_grad_unit(ACTV__LOAD(a1)))))
/* actcore.fast's elu at alpha = 1 likewise (C harness, 256K: 0.274 -> 0.249
 * ns/el; its own kernel: an expm1 to 1e-6 relative, then alpha times it) */
#undef ACT_UNIT_fast_elu_f32
#define ACT_UNIT_fast_elu_f32 ~, ACTV__ELU_UNIT
#define act_fast_elu_is_unit_f32 act_elu_is_unit_f32

/*
 * selu, selu' and selu_backward on expm1's and exp's loops above: 0.332,
 * 0.233 and 0.246 ns/el against the plain-C kernels' 0.477, 0.417 and
 * 0.425 (math_elu_f32.h's compensated cores; C harness, 256K, uniform(-8,
 * 8)).
 *   - selu(x <= 0) = SA expm1(x), SA = scale alpha as SAh + SAl:
 *     expm1(min(x, 0)) = A + S lo, A = S w + h rounded once (h = S - 1),
 *     then SAh A + (SAh S lo + SAl A) rounded once.  A's rounding,
 *     carried through SA, reaches 0.88 ulp of the result where SA A's
 *     significand is just below 2: every 97th input within 1.43 ulp of
 *     the exact value, 1 ulp over all 2^32 after rounding.  A with its
 *     error (Fast2Sum, three more operations) gave 1.00 ulp at 1.07x the
 *     time (0.355 against 0.332 ns/el).  x > 0: scale x with scale as hi
 *     + lo, in the same FMAs (A = S lo = 0 there; the float nearest scale
 *     alone, as PyTorch's, overflows from x = 3.2386e38, where selu is
 *     FLT_MAX); -0 gives -0 by x's sign bit.
 *   - selu'(x <= 0) = SA e^x = 2^n SA (1 + w): SAh + (SAh w + SAl (1 + w))
 *     rounded once, then 2^n; x clamped to -105, where SA e^x rounds to 0.
 */
/* scale = hi + lo with lo > 0 (hi rounded down), so that inf x gives inf + inf */
#define ACTV__SELU_SCALE_HI 0x1.0cfabcp+0f
#define ACTV__SELU_SCALE_LO ((float)(ACT__SELU_SCALE - (double)ACTV__SELU_SCALE_HI))

ACT__INLINE __m512 actv_selu(__m512 x)
{
    __m512 S, lo, w = actv__expm1_parts(_mm512_min_ps(_mm512_setzero_ps(), x), 127.0f, &S, &lo);
    __m512 h = _mm512_sub_ps(S, ACTV_SET(1.0f));
    __m512 A = _mm512_fmadd_ps(S, w, h);
    __m512 Al = _mm512_mul_ps(S, lo);
    /* x > 0: A = Al = 0, y = scale x; x <= 0: xp = 0 (NaN: from A) */
    __m512 xp = _mm512_max_ps(_mm512_setzero_ps(), x);
    __m512 low = _mm512_fmadd_ps(ACTV_SET(ACT__SELU_SA_LO), A,
                                 _mm512_mul_ps(ACTV_SET(ACTV__SELU_SCALE_LO), xp));
    low = _mm512_fmadd_ps(ACTV_SET(ACTV__SELU_SCALE_HI), xp,
                          _mm512_fmadd_ps(ACTV_SET(ACT__SELU_SA_HI), Al, low));
    return actv__or_sign(_mm512_fmadd_ps(ACTV_SET(ACT__SELU_SA_HI), A, low), x);
}

ACT__INLINE __m512 actv_selu_grad(__m512 x)
{
    const __m512 sah = ACTV_SET(ACT__SELU_SA_HI), sal = ACTV_SET(ACT__SELU_SA_LO);
    __m512 nf, w = actv__exp_w(_mm512_max_ps(ACTV_SET(-105.0f), _mm512_min_ps(_mm512_setzero_ps(), x)),
                               &nf, 0);                               /* NaN kept */
    __m512 T = _mm512_add_ps(sah, _mm512_fmadd_ps(sah, w, _mm512_fmadd_ps(sal, w, sal)));
    __mmask16 gt0 = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GT_OQ);
    return _mm512_mask_blend_ps(gt0, actv__scalef_tiny(T, nf), ACTV_SET((float)ACT__SELU_SCALE));
}

ACT__INLINE __m512 actv_selu_backward(__m512 dy, __m512 x)
{
    return _mm512_mul_ps(dy, actv_selu_grad(x));
}

/* actcore.fast's softplus at beta = 1 and its mish run the accurate tables
 * above: faster than the fast formulas' exp and division on AVX-512 (C
 * harness, 256K: fast softplus 0.565 -> 0.455, fast mish 0.458 -> 0.440
 * ns/el) and within 1 ulp */
#undef ACT_UNIT_fast_softplus_f32
#define ACT_UNIT_fast_softplus_f32 ~, ACTV__SOFTPLUS_UNIT
#define act_fast_softplus_is_unit_f32 act_softplus_is_unit_f32

/*
 * mish(x) = x T(x), T = tanh(softplus(x)), in float32 with no exponential
 * for |x| < 8 (the plain-C kernel: e^x, a quotient of two hi + lo pairs):
 *   - T from 32 pieces [-8 + j/2, -7.5 + j/2) picked by vpermt2ps, each
 *     c0 + d P(d), d = x - centre, P of degree 5 (8 lookups: the centre,
 *     c0..c6); each centre the float32 nearest its piece's middle whose T
 *     is a float32 to 1/256 ulp, so c0 is exact; d is exact but for |x| <
 *     1/8, where its rounding (2^-27 at most) moves T by 0.1 ulp;
 *   - y = x c0 + x (d P) rounded once (|d P| <= 0.3 T: d P's and x (d P)'s
 *     roundings cost 0.15 ulp each).  Every 97th normal input within 0.96
 *     ulp of the exact value, 1 ulp over all 2^32 after rounding.  Until
 *     2026-11-28 c1 was hi + lo, the last Horner step kept its error and x c0
 *     was split exactly, the two pieces at 0 centred at 0 with T(0) = 3/5 as
 *     hi + lo: 10 lookups and 8 more operations, 0.91 ulp, 0.440 against
 *     0.335 ns/el now (C harness, 256K, uniform(-8, 8); uniform(-20, 20)
 *     0.885 -> 0.790);
 *   - |x| > 8 (and +-inf, and 8 - 2^-21 so that the piece index needs no
 *     clamp: 6% faster) by one exponential (actv__mish_far), computed only
 *     for a vector with such a lane (each lane's route depends on its
 *     value alone): x < -8: T = E (1 - E/2) to E^3/4 (E = e^x <= 2^-11.5),
 *     as softplus's far route, x T rounded once, then 2^n; x >= 8 - 2^-21:
 *     1 - T = 2 e^-2x to 0.07%, y = x - x 2 e^-2x rounded once.
 * Table: tools/smooth_coefficients.py (mish32_fits), fit error 0.053 ulp
 * with float32 coefficients.
 */
static const float ACTV__MISH32[8][32] __attribute__((aligned(64))) = {
    /* centres */
    {-0x1.efffecp+2f, -0x1.cfff6cp+2f, -0x1.afff66p+2f, -0x1.8fff92p+2f,
     -0x1.700086p+2f, -0x1.500036p+2f, -0x1.2ffeccp+2f, -0x1.0fff9ep+2f,
     -0x1.e000bcp+1f, -0x1.a00062p+1f, -0x1.5fffeap+1f, -0x1.1fff82p+1f,
     -0x1.c00044p+0f, -0x1.400028p+0f, -0x1.7fffep-1f, -0x1.ffff04p-3f,
     0x1.ffff82p-3f, 0x1.8000bep-1f, 0x1.3ffdc4p+0f, 0x1.bffe9ap+0f,
     0x1.200024p+1f, 0x1.5fffe6p+1f, 0x1.9fff5ap+1f, 0x1.e00008p+1f,
     0x1.100056p+2f, 0x1.2ffe6ep+2f, 0x1.5002e2p+2f, 0x1.6ffa14p+2f,
     0x1.8fe39p+2f, 0x1.afedccp+2f, 0x1.cfd112p+2f, 0x1.f1223p+2f},
    /* c0 */
    {0x1.c39238p-12f, 0x1.743782p-11f, 0x1.32c548p-10f, 0x1.f994eep-10f,
     0x1.a07f0cp-9f, 0x1.56fea2p-8f, 0x1.1a4b06p-7f, 0x1.d0168p-7f,
     0x1.7cc6d4p-6f, 0x1.377b2ap-5f, 0x1.fafdb2p-5f, 0x1.991564p-4f,
     0x1.455bc2p-3f, 0x1.f94deep-3f, 0x1.7981fap-2f, 0x1.0a173ap-1f,
     0x1.5b48bep-1f, 0x1.a0709ap-1f, 0x1.cf9c94p-1f, 0x1.ea095ep-1f,
     0x1.f6c634p-1f, 0x1.fc50f4p-1f, 0x1.fe934p-1f, 0x1.ff75acp-1f,
     0x1.ffcc2ap-1f, 0x1.ffecb6p-1f, 0x1.fff8dcp-1f, 0x1.fffd5cp-1f,
     0x1.ffff06p-1f, 0x1.ffffa4p-1f, 0x1.ffffdep-1f, 0x1.fffff4p-1f},
    /* c1 */
    {0x1.c3795p-12f, 0x1.7415a8p-11f, 0x1.329746p-10f, 0x1.f917ep-10f,
     0x1.9fd51cp-9f, 0x1.5617a8p-8f, 0x1.19111p-7f, 0x1.ccc14ep-7f,
     0x1.783feap-6f, 0x1.31561cp-5f, 0x1.ea588p-5f, 0x1.82a936p-4f,
     0x1.278c1cp-3f, 0x1.ac52fcp-3f, 0x1.1bdf34p-2f, 0x1.473d1ep-2f,
     0x1.36d124p-2f, 0x1.d6c436p-3f, 0x1.1ead64p-3f, 0x1.24f758p-4f,
     0x1.08ab4p-5f, 0x1.b998c4p-7f, 0x1.5ea56ep-8f, 0x1.0e2824p-9f,
     0x1.98c664p-11f, 0x1.31f45ep-12f, 0x1.c69ab2p-14f, 0x1.50eb86p-15f,
     0x1.f30494p-17f, 0x1.6f89a2p-18f, 0x1.0fbe6ep-19f, 0x1.80164cp-21f},
    /* c2 */
    {0x1.c34782p-13f, 0x1.73d1f6p-12f, 0x1.323b4p-11f, 0x1.f81dc4p-11f,
     0x1.9e813cp-10f, 0x1.5449bap-9f, 0x1.169d36p-8f, 0x1.c6177p-8f,
     0x1.6f33eep-7f, 0x1.251294p-6f, 0x1.c93c4cp-6f, 0x1.566dap-5f,
     0x1.dbc7c2p-5f, 0x1.1dddc8p-4f, 0x1.f699f2p-5f, 0x1.185d14p-6f,
     -0x1.93d42ep-5f, -0x1.711664p-4f, -0x1.53b38ep-4f, -0x1.b265c2p-5f,
     -0x1.bd0058p-6f, -0x1.8ecfp-7f, -0x1.4a1362p-8f, -0x1.0491acp-9f,
     -0x1.9004f4p-11f, -0x1.2de88ep-12f, -0x1.c3487p-14f, -0x1.4ec3ecp-15f,
     -0x1.ef6e84p-17f, -0x1.6a8594p-18f, -0x1.06c582p-19f, -0x1.9ed77p-21f},
    /* c3 */
    {0x1.2c989cp-14f, 0x1.ef0f52p-14f, 0x1.975ad4p-13f, 0x1.4ec6fap-12f,
     0x1.128fdcp-11f, 0x1.c0e78p-11f, 0x1.6cf168p-10f, 0x1.25d9d6p-9f,
     0x1.d1829cp-9f, 0x1.663082p-8f, 0x1.05256ep-7f, 0x1.55b716p-7f,
     0x1.59f346p-7f, 0x1.ac4388p-9f, -0x1.10ef84p-6f, -0x1.501adap-5f,
     -0x1.520e7ap-5f, -0x1.52e9bep-7f, 0x1.0b7ea6p-6f, 0x1.4dd1aap-6f,
     0x1.bb65e4p-7f, 0x1.c3adbcp-8f, 0x1.907eap-9f, 0x1.48aa66p-10f,
     0x1.01fdb8p-11f, 0x1.8ab99ep-13f, 0x1.291b6cp-14f, 0x1.bbdf96p-16f,
     0x1.4a43eep-17f, 0x1.e7e844p-19f, 0x1.695d1p-20f, 0x1.ff54ep-22f},
    /* c4 */
    {0x1.2c14b6p-16f, 0x1.edaa1cp-16f, 0x1.95787cp-15f, 0x1.4c3042p-14f,
     0x1.0f03aep-13f, 0x1.b743e4p-13f, 0x1.5fdadap-12f, 0x1.141bd6p-11f,
     0x1.a1725p-11f, 0x1.258cep-10f, 0x1.5f200cp-10f, 0x1.edd374p-11f,
     -0x1.46a60ap-10f, -0x1.b0713ep-8f, -0x1.a36d1ap-7f, -0x1.1e9d04p-7f,
     0x1.35bfdap-7f, 0x1.21fe48p-6f, 0x1.e5c78p-8f, -0x1.099672p-9f,
     -0x1.fb3dc6p-9f, -0x1.565d6ap-9f, -0x1.57cd7p-10f, -0x1.2d1326p-11f,
     -0x1.e5f4ap-13f, -0x1.89ea34p-14f, -0x1.0d7daep-15f, -0x1.09c954p-16f,
     -0x1.fb897ap-18f, -0x1.31ba36p-18f, -0x1.c312ccp-19f, 0x1.ff0dccp-20f},
    /* c5 */
    {0x1.de2286p-19f, 0x1.884b1p-18f, 0x1.40d6c8p-17f, 0x1.057a62p-16f,
     0x1.a8b704p-16f, 0x1.50ba08p-15f, 0x1.05978cp-14f, 0x1.8012b4p-14f,
     0x1.029b6cp-13f, 0x1.0ab38p-13f, 0x1.c4960ep-17f, -0x1.b991ep-12f,
     -0x1.7d5cdap-10f, -0x1.6396cp-9f, -0x1.5c03b6p-10f, 0x1.523d9cp-8f,
     0x1.d4802cp-8f, -0x1.545e76p-10f, -0x1.4b08d4p-8f, -0x1.119d6cp-9f,
     0x1.7e5278p-13f, 0x1.3be328p-11f, 0x1.a96f8ep-12f, 0x1.a4b0d4p-13f,
     0x1.6c2382p-14f, 0x1.260f0cp-15f, 0x1.c93e58p-17f, 0x1.5a5e3ap-18f,
     0x1.05331ap-19f, 0x1.835fep-21f, 0x1.2026e8p-22f, 0x1.94c8b4p-24f},
    /* c6 */
    {0x1.3981ap-21f, 0x1.fd3e18p-21f, 0x1.9715f2p-20f, 0x1.4af65ep-19f,
     0x1.0fdbp-18f, 0x1.9dabb6p-18f, 0x1.2b32acp-17f, 0x1.6850e6p-17f,
     0x1.3a302p-17f, -0x1.2fc944p-17f, -0x1.39ea16p-14f, -0x1.e22c96p-13f,
     -0x1.d84454p-12f, -0x1.ec2a8ap-13f, 0x1.6b58e2p-10f, 0x1.325c9ep-9f,
     -0x1.937702p-10f, -0x1.76cccp-9f, 0x1.608b6ep-12f, 0x1.29f1ccp-10f,
     0x1.8f1662p-12f, -0x1.03cabcp-16f, -0x1.8d95f4p-14f, -0x1.e78dbep-15f,
     -0x1.9113bcp-15f, 0x1.1739eap-16f, -0x1.11dc4ap-15f, 0x1.d02516p-16f,
     0x1.cc97bp-16f, 0x1.e23232p-16f, 0x1.d41a68p-16f, -0x1.4e33e4p-16f},
};

typedef struct {
    __m512 x, xc, d;    /* the input, clamped (actv__mish_piece), x - centre */
    __m512i j;          /* the piece */
    __mmask16 far;      /* x outside [-8, 8 - 2^-20]: one exponential */
    __m512 dP;          /* d P(d) (second step) */
} actv__mish_st;

/* the exponent of mish's and mish''s far routes: x for x < 0, -2x above;
 * *xc = x clamped to [-131, 16]: mish rounds to -0 from -130.6 and to x
 * from 9.4, mish' to -0 and 1 */
ACT__INLINE __m512 actv__mish_far_arg(__m512 x, __m512 *xc, __mmask16 *neg)
{
    *neg = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_LT_OQ);
    *xc = _mm512_max_ps(ACTV_SET(-131.0f), _mm512_min_ps(ACTV_SET(16.0f), x));
    return _mm512_mask_blend_ps(*neg, _mm512_mul_ps(*xc, ACTV_SET(-2.0f)), *xc);
}

/* mish(x) for the far lanes (see above) */
ACT__INLINE __m512 actv__mish_far(__m512 x)
{
    __m512 xc;
    __mmask16 neg;
    __m512 z = actv__mish_far_arg(x, &xc, &neg);
    __m512 nf, Pl, P = actv__exp_less_half(z, &nf, &Pl);
    __m512 yn = actv__scalef_tiny(_mm512_fmadd_ps(xc, P, _mm512_mul_ps(xc, Pl)), nf);
    __m512 U = actv__scalef_tiny(P, _mm512_add_ps(nf, ACTV_SET(1.0f)));   /* 2 e^-2x */
    return _mm512_mask_blend_ps(neg, _mm512_fnmadd_ps(xc, U, x), yn);
}

/* the piece of x in mish's (and mish''s) 32 of [-8, 8): *xc = x clamped to
 * [-8, 8 - 2^-20] (NaN kept), where 2 xc + 16 < 32 exactly; *far = the
 * lanes it clamped, which take the far routes (8 - 2^-21 too: mish and
 * mish' are flat there, the routes exact) */
ACT__INLINE __m512i actv__mish_piece(__m512 x, __m512 *xc, __mmask16 *far)
{
    *xc = _mm512_min_ps(ACTV_SET(8.0f - 0x1p-20f), _mm512_max_ps(ACTV_SET(-8.0f), x));
    *far = _mm512_cmp_ps_mask(x, *xc, _CMP_NEQ_OQ);
    return _mm512_cvttps_epi32(_mm512_fmadd_ps(*xc, ACTV_SET(2.0f), ACTV_SET(16.0f)));
}

ACT__INLINE actv__mish_st actv__mish_front(__m512 x)
{
    actv__mish_st M;
    M.x = x;
    M.j = actv__mish_piece(x, &M.xc, &M.far);
    M.d = _mm512_sub_ps(M.xc, actv__perm32(M.j, ACTV__MISH32[0]));  /* exact from |x| = 1/8 */
    return M;
}

ACT__INLINE actv__mish_st actv__mish_mid(actv__mish_st M)
{
    M.dP = actv__exact_c0_piece(M.j, ACTV__MISH32[0], M.d);
    return M;
}

ACT__INLINE __m512 actv__mish_back(actv__mish_st M)
{
    __m512 y = _mm512_fmadd_ps(M.xc, actv__perm32(M.j, ACTV__MISH32[1]), _mm512_mul_ps(M.xc, M.dP));
    if (M.far)
        y = _mm512_mask_mov_ps(y, M.far, actv__mish_far(M.x));
    return actv__or_sign(y, M.x);                                   /* mish(-0) = -0 */
}

/*
 * mish'(x) = T + x s (1 - T^2), T = tanh(softplus(x)), s = sigmoid(x), in
 * float32 with no exponential for |x| < 8 (the plain-C kernel computes in
 * double: 1.7 ns/el):
 *   - mish' on mish's 32 pieces of [-8, 8) by vpermt2ps, each a degree-7
 *     zero_piece as gelu''s (actv__zero_table: c0 + d P(d) as Mh + Ml, c1 as
 *     hi + lo), rounded once.  The piece [-1.5, -1) is centred at mish''s
 *     zero x0 = -1.1924 as hi + lo with c0 = 0 (the relative error stays
 *     bounded through it); the two pieces at 0 at +-0.00122, where mish' is
 *     a float32 (mish'(0) = 3/5 is not); d = x - centre with its rounding
 *     error (TwoSum: inexact only in those two).
 *   - x < -8: mish' = E ((1 + x) - E (x + 1/2)) to E^3 (E = e^x), the
 *     bracket by Fast2Sum, the product with its exact error, rounded once
 *     and scaled (a subnormal result rounds twice); x >= 8 - 2^-21: 1 +
 *     2 e^-2x (2x - 1) to 0.03 ulp; computed only for a vector with such a
 *     lane.
 * Table: tools/smooth_coefficients.py (mish_grad32_fits), fit error 0.17
 * ulp with float32 coefficients (the piece at the zero; 0.12 and below
 * elsewhere).
 */
static const float ACTV__MISH_GRAD32[11][32] __attribute__((aligned(64))) = {
    /* centres */
    {-0x1.efffcap+2f, -0x1.cffe32p+2f, -0x1.b00018p+2f, -0x1.8ffff2p+2f,
     -0x1.6ffffcp+2f, -0x1.500036p+2f, -0x1.2fff44p+2f, -0x1.0fffaap+2f,
     -0x1.dfffcep+1f, -0x1.a0009ep+1f, -0x1.60007ap+1f, -0x1.200024p+1f,
     -0x1.bffffcp+0f, -0x1.31432cp+0f, -0x1.800042p-1f, -0x1.400144p-10f,
     0x1.400284p-10f, 0x1.80002cp-1f, 0x1.400012p+0f, 0x1.bffe86p+0f,
     0x1.20000ap+1f, 0x1.6001a2p+1f, 0x1.a000c2p+1f, 0x1.e00044p+1f,
     0x1.100012p+2f, 0x1.2fffd4p+2f, 0x1.4fffaep+2f, 0x1.700018p+2f,
     0x1.8ffcc4p+2f, 0x1.b00eb6p+2f, 0x1.cffee2p+2f, 0x1.f00e2ep+2f},
    /* -(centre lo) */
    {0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x1.a25b08p-29f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f,
     0x0p+0f, 0x0p+0f, 0x0p+0f, 0x0p+0f},
    /* c0 */
    {-0x1.7cebdap-9f, -0x1.22b0f2p-8f, -0x1.b8a94ap-8f, -0x1.4b660cp-7f,
     -0x1.eda6b2p-7f, -0x1.6b3facp-6f, -0x1.072ecap-5f, -0x1.7586e4p-5f,
     -0x1.018be2p-4f, -0x1.546e7cp-4f, -0x1.a4ba12p-4f, -0x1.cce5dep-4f,
     -0x1.7fb318p-4f, 0x0p+0f, 0x1.493496p-3f, 0x1.32cccap-1f,
     0x1.339998p-1f, 0x1.f8b56p-1f, 0x1.14993cp+0f, 0x1.150fa4p+0f,
     0x1.0dff2ap+0f, 0x1.07a51ep+0f, 0x1.03bd28p+0f, 0x1.01b56p+0f,
     0x1.00bf4p+0f, 0x1.00512cp+0f, 0x1.0021bcp+0f, 0x1.000dcep+0f,
     0x1.000596p+0f, 0x1.00023cp+0f, 0x1.0000e4p+0f, 0x1.00005ap+0f},
    /* c1 hi */
    {-0x1.444f6ep-9f, -0x1.e7e87p-9f, -0x1.6b748cp-8f, -0x1.0b8faep-7f,
     -0x1.83f26ep-7f, -0x1.139536p-6f, -0x1.7c9ffcp-6f, -0x1.f82eeep-6f,
     -0x1.38433ap-5f, -0x1.55d104p-5f, -0x1.14b5cap-5f, 0x1.6d70ep-11f,
     0x1.5d936cp-4f, 0x1.115accp-2f, 0x1.d9813ap-2f, 0x1.47bd58p-1f,
     0x1.479e9ep-1f, 0x1.4c5c32p-2f, 0x1.296ce8p-4f, -0x1.5c821ap-5f,
     -0x1.d7eae8p-5f, -0x1.478bc8p-5f, -0x1.6905dp-6f, -0x1.617b26p-7f,
     -0x1.42cf0ap-8f, -0x1.1a0e74p-9f, -0x1.de7ef6p-11f, -0x1.8d7ce2p-12f,
     -0x1.4556bep-13f, -0x1.069bfp-14f, -0x1.a5b53cp-16f, -0x1.4ef736p-17f},
    /* c1 lo */
    {-0x1.a750cap-34f, -0x1.644f5ap-34f, -0x1.8df7bap-34f, 0x1.355b54p-34f,
     0x1.8be2bep-33f, 0x1.d3a3ccp-35f, 0x1.3589e6p-31f, -0x1.f8d5bp-31f,
     -0x1.f5f206p-30f, -0x1.a42902p-30f, -0x1.e7de7ap-30f, -0x1.34c948p-36f,
     0x1.c15d4cp-31f, -0x1.5e12f8p-27f, -0x1.bbe9d4p-28f, 0x1.7740cep-27f,
     -0x1.f93318p-27f, 0x1.6a333p-28f, 0x1.c8f618p-32f, 0x1.4e8f88p-30f,
     0x1.be40b4p-30f, 0x1.cd5476p-30f, 0x1.0fe854p-31f, -0x1.2b6316p-32f,
     -0x1.bc478p-33f, 0x1.ef2386p-37f, -0x1.dcc522p-36f, 0x1.8ec94ep-39f,
     0x1.b3b1b4p-39f, -0x1.dc5c82p-39f, -0x1.efc7dap-41f, -0x1.eb4f9ep-42f},
    /* c2 */
    {-0x1.0b9252p-10f, -0x1.8a1e9cp-10f, -0x1.1dde12p-9f, -0x1.968832p-9f,
     -0x1.192a04p-8f, -0x1.755a84p-8f, -0x1.d04182p-8f, -0x1.feff32p-8f,
     -0x1.9f512ap-8f, 0x1.87432ep-12f, 0x1.267b54p-6f, 0x1.c2a4c2p-5f,
     0x1.e6a488p-4f, 0x1.a34a24p-3f, 0x1.c5b47p-3f, -0x1.83abdp-5f,
     -0x1.8ebcp-5f, -0x1.2ca3fep-2f, -0x1.802078p-3f, -0x1.aaf398p-5f,
     0x1.42ca8ap-7f, 0x1.4d5bap-6f, 0x1.e11204p-7f, 0x1.0ac348p-7f,
     0x1.05301ap-8f, 0x1.dc8c58p-10f, 0x1.9ff54p-11f, 0x1.60a25cp-12f,
     0x1.248fa4p-13f, 0x1.df266ap-15f, 0x1.81111ep-16f, 0x1.3a38cep-17f},
    /* c3 */
    {-0x1.18cd6ap-12f, -0x1.8fb13cp-12f, -0x1.14cecep-11f, -0x1.7078e8p-11f,
     -0x1.cc2654p-11f, -0x1.fea032p-11f, -0x1.a7332p-11f, 0x1.ee7716p-17f,
     0x1.287d68p-9f, 0x1.dea1ccp-8f, 0x1.18e06p-6f, 0x1.103d3ap-5f,
     0x1.a166e6p-5f, 0x1.574e54p-5f, -0x1.ce71bap-6f, -0x1.778baep-3f,
     -0x1.77b17p-3f, 0x1.80c524p-7f, 0x1.a34664p-4f, 0x1.13c1dap-4f,
     0x1.3c24eap-6f, -0x1.2faa44p-10f, -0x1.3d7a6p-8f, -0x1.d8d3d4p-9f,
     -0x1.071d64p-9f, -0x1.016924p-10f, -0x1.d5077ap-12f, -0x1.98ee56p-13f,
     -0x1.5a73e6p-14f, -0x1.1eeecp-15f, -0x1.d6106ap-17f, -0x1.7b247cp-18f},
    /* c4 */
    {-0x1.98a094p-15f, -0x1.10823p-14f, -0x1.55b8a2p-14f, -0x1.7e856p-14f,
     -0x1.452a8ep-14f, -0x1.1d97d6p-18f, 0x1.a83e1p-13f, 0x1.657866p-11f,
     0x1.b802fcp-10f, 0x1.cf9ef6p-9f, 0x1.a78b7p-8f, 0x1.32c49cp-7f,
     0x1.a83b98p-8f, -0x1.4c224cp-6f, -0x1.e17146p-5f, -0x1.8214f2p-10f,
     -0x1.dea7b8p-10f, 0x1.556c4ap-4f, 0x1.47fed2p-8f, -0x1.cef3fp-6f,
     -0x1.17b966p-6f, -0x1.349ccp-8f, 0x1.c1efc6p-16f, 0x1.c9375ep-11f,
     0x1.5e641ap-11f, 0x1.868e5ep-12f, 0x1.7e21dcp-13f, 0x1.4b717cp-14f,
     0x1.5b4274p-15f, 0x1.46c512p-17f, 0x1.8dc388p-17f, -0x1.947dd8p-19f},
    /* c5 */
    {-0x1.96148cp-18f, -0x1.c9456cp-18f, -0x1.8e042cp-18f, -0x1.9ce9bp-21f,
     0x1.d77902p-17f, 0x1.9d408cp-15f, 0x1.0612aap-13f, 0x1.203d32p-12f,
     0x1.1e7c8p-11f, 0x1.f7ada8p-11f, 0x1.5c5ffep-10f, 0x1.52afd4p-11f,
     -0x1.029c1ep-8f, -0x1.02d8a2p-6f, -0x1.df36c6p-7f, 0x1.97b794p-5f,
     0x1.886054p-5f, -0x1.5d3f24p-6f, -0x1.c8a244p-6f, -0x1.26b208p-11f,
     0x1.9bdebep-8f, 0x1.ab7d6p-9f, 0x1.bd0b84p-11f, 0x1.2dbf9ep-16f,
     -0x1.0c9dd8p-13f, -0x1.9ef714p-14f, -0x1.cdf00ap-15f, -0x1.c23c5p-16f,
     -0x1.9b53dcp-17f, -0x1.7814d8p-18f, -0x1.30102cp-19f, -0x1.4bf1d8p-20f},
    /* c6 */
    {-0x1.590cd4p-22f, -0x1.ec2c72p-23f, 0x1.42a4aap-21f, 0x1.6118f4p-19f,
     0x1.00da1ep-17f, 0x1.25fbap-16f, 0x1.222c12p-15f, 0x1.1f27b4p-14f,
     0x1.d92bd8p-14f, 0x1.37f948p-13f, 0x1.48242ap-15f, -0x1.5f9b16p-11f,
     -0x1.57615cp-9f, -0x1.b3a0f6p-9f, 0x1.a95f44p-8f, 0x1.a4bc78p-7f,
     0x1.1b5962p-8f, -0x1.0d9da4p-6f, 0x1.19f19p-7f, 0x1.8ed4c8p-8f,
     -0x1.020bd6p-12f, -0x1.2fe57ap-10f, -0x1.1a9ffcp-11f, -0x1.652bd4p-14f,
     -0x1.386728p-16f, 0x1.ac18cep-18f, 0x1.2db924p-18f, 0x1.735686p-15f,
     -0x1.ca233p-15f, 0x1.f316b6p-15f, -0x1.e9ca74p-15f, 0x1.f5651ap-15f},
    /* c7 */
    {0x1.71b966p-24f, 0x1.216a82p-26f, 0x1.cbeeep-23f, 0x1.555378p-21f,
     0x1.027ccep-19f, 0x1.1053d2p-18f, 0x1.acdfd4p-18f, 0x1.985f32p-17f,
     0x1.bb6526p-17f, -0x1.e98f5ap-21f, -0x1.65841ap-14f, -0x1.7a9fe2p-12f,
     -0x1.6f6144p-11f, 0x1.80ae6ep-11f, 0x1.4119b2p-8f, -0x1.2f9cd2p-9f,
     -0x1.47ffbp-7f, 0x1.f5f3cap-8f, 0x1.8f22bp-9f, -0x1.4bef5ep-9f,
     -0x1.ba9f76p-11f, 0x1.1249fep-13f, 0x1.4b5736p-13f, 0x1.fbd0ecp-15f,
     0x1.de8488p-17f, 0x1.4f0d2cp-21f, -0x1.b9729ap-20f, -0x1.5c18fap-20f,
     0x1.9c2946p-22f, 0x1.374f36p-18f, 0x1.ebaf1ep-23f, 0x1.46b06p-18f},
};

typedef struct {
    __m512 x, dh, dlo;  /* the input, x (clamped to [-8, 8)) - centre as hi + lo */
    __m512i j;          /* the piece */
    __mmask16 far;      /* as mish's */
    __m512 Mh, Ml;      /* the piece's value (second step) */
} actv__mish_grad_st;

ACT__INLINE __m512 actv__mish_grad_far(__m512 x)
{
    const __m512 one = ACTV_SET(1.0f);
    __m512 xc;
    __mmask16 neg;
    __m512 z = actv__mish_far_arg(x, &xc, &neg);
    __m512 nf, Pw, lo, P = actv__exp_parts(z, &nf, &Pw, &lo);
    /* x < -8 */
    __m512 a = _mm512_add_ps(one, xc);                              /* exact */
    __m512 cE = _mm512_mul_ps(actv__scalef_tiny(P, nf), _mm512_add_ps(xc, ACTV_SET(0.5f)));
    __m512 ih = _mm512_sub_ps(a, cE);
    __m512 il = _mm512_sub_ps(_mm512_sub_ps(a, ih), cE);            /* exact */
    __m512 H = _mm512_mul_ps(P, ih);
    __m512 Hl = _mm512_add_ps(_mm512_fmsub_ps(P, ih, H),
                              _mm512_fmadd_ps(P, il, _mm512_mul_ps(_mm512_add_ps(Pw, lo), ih)));
    __m512 yn = actv__scalef_tiny(_mm512_add_ps(H, Hl), nf);
    /* x >= 8 - 2^-21: U = 2 e^-2x */
    __m512 U = actv__scalef_tiny(P, _mm512_add_ps(nf, one));
    __m512 yp = _mm512_fmadd_ps(U, _mm512_fmsub_ps(xc, ACTV_SET(2.0f), one), one);
    return _mm512_mask_blend_ps(neg, yp, yn);
}

ACT__INLINE actv__mish_grad_st actv__mish_grad_front(__m512 x)
{
    actv__mish_grad_st G;
    G.x = x;
    __m512 xc;
    G.j = actv__mish_piece(x, &xc, &G.far);
    __m512 c = actv__perm32(G.j, ACTV__MISH_GRAD32[0]);
    G.dh = _mm512_sub_ps(xc, c);
    __m512 bb = _mm512_sub_ps(G.dh, xc);                            /* TwoSum: dh + dlo = xc - c */
    G.dlo = _mm512_sub_ps(_mm512_sub_ps(xc, _mm512_sub_ps(G.dh, bb)), _mm512_add_ps(c, bb));
    return G;
}

ACT__INLINE actv__mish_grad_st actv__mish_grad_mid(actv__mish_grad_st G)
{
    G.Mh = actv__zero_table(G.j, ACTV__MISH_GRAD32[0], 32, G.dh, 1, G.dlo, &G.Ml);
    return G;
}

ACT__INLINE __m512 actv__mish_grad_back(actv__mish_grad_st G)
{
    __m512 y = _mm512_add_ps(G.Mh, G.Ml);
    if (G.far)
        y = _mm512_mask_mov_ps(y, G.far, actv__mish_grad_far(G.x));
    return y;
}

/* the same for a function on sigmoid's quotient (actv__quot) */
#define ACTV_QUOT_KERNEL(name, front, back)                                     \
    ACTV_PIPE3_KERNEL(name, actv__quot, front, actv__quot_denominator, back)

/*
 * softsign(x) = x/(1 + |x|): act_softsign_f32's double quotient, 8 lanes a
 * half, then correctly rounded over all 2^32 (its bits elsewhere): a
 * quotient that is a float midpoint (its low 29 bits 1 and 28 zeros; x =
 * +-0x1.17022cp-7) moves one double ulp towards the exact one, by the sign
 * of x - q (1 + |x|) = (x - q) - q|x|, whose terms are exact there (q has 25
 * bits, x - q is within 2^53) and whose difference rounds to its own sign.
 * C harness, 256K: 0.642 -> 0.31 ns/el (the plain-C loop's selects and
 * tails around vdivpd gone), 0.33 with the midpoint test.  float32 alone
 * misses the correct rounding where the quotient lies within 2^-29 ulp of a
 * midpoint (x = 1.0323828e-07: a float quotient with its remainder's
 * correction, 0.19 ns/el, was 1 ulp off there).
 */
static inline __m256 actv__softsign_half(__m256 x)
{
    __m512d xd = _mm512_cvtps_pd(x), a = _mm512_abs_pd(xd);
    __m512d q = _mm512_div_pd(xd, _mm512_add_pd(_mm512_set1_pd(1.0), a));
    __m512i b = _mm512_castpd_si512(q);
    __mmask8 mid = _mm512_cmpeq_epi64_mask(_mm512_and_si512(b, _mm512_set1_epi64(0x1fffffff)),
                                           _mm512_set1_epi64(0x10000000));
    if (mid) {
        /* a float midpoint: towards the exact quotient (see above) */
        __m512d r = _mm512_sub_pd(_mm512_sub_pd(xd, q), _mm512_mul_pd(q, a));
        __m512d rq = _mm512_mul_pd(r, q);                   /* >= 2^-109 unless 0 */
        __mmask8 up = _mm512_mask_cmp_pd_mask(mid, rq, _mm512_setzero_pd(), _CMP_GT_OQ);
        __mmask8 down = _mm512_mask_cmp_pd_mask(mid, rq, _mm512_setzero_pd(), _CMP_LT_OQ);
        b = _mm512_mask_add_epi64(b, up, b, _mm512_set1_epi64(1));
        b = _mm512_mask_sub_epi64(b, down, b, _mm512_set1_epi64(1));
    }
    return _mm512_cvtpd_ps(_mm512_castsi512_pd(b));
}

ACT__INLINE __m512 actv_softsign(__m512 x)
{
    /* +-inf: +-1, not inf/inf (softsign rounds to +-1 from 2^25) */
    x = _mm512_min_ps(ACTV_SET(0x1p100f), _mm512_max_ps(ACTV_SET(-0x1p100f), x));  /* NaN kept */
    return ACT512_BY_HALVES(actv__softsign_half, x);
}

/*
 * hard_swish(x) = x (x + 3)/6 on (-3, 3), correctly rounded (as
 * act_hard_swish_f32; tools/rational_exact.c: 0 of 2^32 differ): in double,
 * 8 lanes a half, x/2 + (x/6) min(x, 3) by one FMA rounded up (x >= 3: x (1/2
 * + 3 RN(1/6)) rounds to x), then to float.  The double's error (~2^-52) stays
 * below every result's distance from a float midpoint but the midpoints'
 * own, which come out exact; rounding up keeps x^2/6 where it is below the
 * double's ulp, from |x| < 2^-125, where y lies just above x/2, a midpoint
 * for odd multiples of 2^-149.  C harness, 256K: 0.327 -> 0.237 ns/el (the
 * plain-C loop's vdivpd and selects gone; the conversions alone take 0.10).
 */
static inline __m256 actv__hard_swish_half(__m256 x)
{
    __m512d xd = _mm512_cvtps_pd(x);
    __m512d x6 = _mm512_mul_pd(xd, _mm512_set1_pd(1.0 / 6));
    __m512d xc = _mm512_min_pd(_mm512_set1_pd(3.0), xd);           /* NaN kept */
    __m512d y = _mm512_fmadd_round_pd(x6, xc, _mm512_mul_pd(xd, _mm512_set1_pd(0.5)),
                                      _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC);
    return _mm512_cvtpd_ps(y);
}

ACT__INLINE __m512 actv_hard_swish(__m512 x)
{
    /* y has x's sign (-0 for -0, which the rounding up lost); +0 from -3 down */
    __m512 y = actv__or_sign(ACT512_BY_HALVES(actv__hard_swish_half, x), x);
    return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(x, ACTV_SET(-3.0f), _CMP_NLE_UQ), y);
}

/* The kernel of a one-input function with no parameters */
#define ACTV_UNARY_KERNEL(name, vfn)                                            \
static void act_kernel_##name##_f32(const void *const *in, void *out,          \
                                     ptrdiff_t n, int scalar_params)            \
{                                                                               \
    const float *x = (const float *)in[0];                                      \
    (void)scalar_params;                                                        \
    ACTV__EACH16(n, (float *)out, vfn(ACTV__LOAD(x)));                          \
}

/* The kernel of a backward function with no parameters: dy, x */
#define ACTV_BACKWARD_KERNEL(name, vfn)                                         \
static void act_kernel_##name##_f32(const void *const *in, void *out,          \
                                     ptrdiff_t n, int scalar_params)            \
{                                                                               \
    const float *dy = (const float *)in[0], *x = (const float *)in[1];          \
    (void)scalar_params;                                                        \
    ACTV__EACH16(n, (float *)out, vfn(ACTV__LOAD(dy), ACTV__LOAD(x)));          \
}

#define ACT_VLOOP_exp ~, ACT__SKIP
#define ACT_VLOOP_expm1 ~, ACT__SKIP
#define ACT_VLOOP_fast_exp ~, ACT__SKIP
#define ACT_VLOOP_erf ~, ACT__SKIP
#define ACT_VLOOP_tanh ~, ACT__SKIP
#define ACT_VLOOP_log1p ~, ACT__SKIP
#define ACT_VLOOP_log_sigmoid ~, ACT__SKIP
#define ACT_VLOOP_mish ~, ACT__SKIP
#define ACT_VLOOP_fast_mish ~, ACT__SKIP
#define ACT_VLOOP_mish_grad ~, ACT__SKIP
#define ACT_VLOOP_mish_backward ~, ACT__SKIP
#define ACT_VLOOP_sigmoid_grad ~, ACT__SKIP
#define ACT_VLOOP_tanh_grad ~, ACT__SKIP
#define ACT_VLOOP_log_sigmoid_grad ~, ACT__SKIP
#define ACT_VLOOP_log_sigmoid_backward ~, ACT__SKIP
#define ACT_VLOOP_fast_tanh ~, ACT__SKIP
#define ACT_VLOOP_gelu ~, ACT__SKIP
#define ACT_VLOOP_erfc ~, ACT__SKIP
#define ACT_VLOOP_fast_gelu ~, ACT__SKIP
#define ACT_VLOOP_sigmoid ~, ACT__SKIP
#define ACT_VLOOP_silu ~, ACT__SKIP
#define ACT_VLOOP_swish ~, ACT__SKIP
#define ACT_VLOOP_swish_grad ~, ACT__SKIP
#define ACT_VLOOP_swish_backward ~, ACT__SKIP
#define ACT_VLOOP_gelu_tanh ~, ACT__SKIP
#define ACT_VLOOP_silu_grad ~, ACT__SKIP
#define ACT_VLOOP_gelu_grad ~, ACT__SKIP
#define ACT_VLOOP_gelu_backward ~, ACT__SKIP
#define ACT_VLOOP_gelu_tanh_grad ~, ACT__SKIP
#define ACT_VLOOP_gelu_tanh_backward ~, ACT__SKIP
#define ACT_VLOOP_silu_backward ~, ACT__SKIP
#define ACT_VLOOP_selu ~, ACT__SKIP
#define ACT_VLOOP_softsign ~, ACT__SKIP
#define ACT_VLOOP_hard_swish ~, ACT__SKIP
#define ACT_VLOOP_selu_grad ~, ACT__SKIP
#define ACT_VLOOP_selu_backward ~, ACT__SKIP
ACTV_UNARY_KERNEL(exp, actv_exp)
ACTV_UNARY_KERNEL(expm1, actv_expm1)
ACTV_UNARY_KERNEL(selu, actv_selu)
ACTV_UNARY_KERNEL(softsign, actv_softsign)
ACTV_UNARY_KERNEL(hard_swish, actv_hard_swish)
ACTV_UNARY_KERNEL(selu_grad, actv_selu_grad)
ACTV_BACKWARD_KERNEL(selu_backward, actv_selu_backward)
ACTV_UNARY_KERNEL(fast_exp, actv_fast_exp)
ACTV_PIPE3_KERNEL(erf, actv__erf_st, actv__erf_front, actv__erf_mid, actv__erf_back)
ACTV_UNARY_KERNEL(tanh, actv_tanh)
ACTV_UNARY_KERNEL(fast_tanh, actv_fast_tanh)
ACTV_PIPE3_KERNEL(gelu, actv__exp_piece, actv__gelu_front, actv__gelu_mid, actv__gelu_back)
ACTV_PIPE3_KERNEL(erfc, actv__exp_piece, actv__erfc_front, actv__erfc_mid, actv__erfc_back)
ACTV_UNARY_KERNEL(fast_gelu, actv_fast_gelu)
ACTV_QUOT_KERNEL(sigmoid, actv__sigmoid_front, actv__sigmoid_back)
ACTV_PIPE3_KERNEL(log1p, actv__log1p_st, actv__log1p_front, actv__log1p_mid, actv__log1p_back)
ACTV_PIPE3_KERNEL(log_sigmoid, actv__softplus_st, actv__log_sigmoid_front, actv__softplus_mid,
                  actv__log_sigmoid_back)
ACTV_QUOT_KERNEL(log_sigmoid_grad, actv__sigmoid_of_neg_front, actv__sigmoid_back)
ACTV_PIPE3_KERNEL(mish, actv__mish_st, actv__mish_front, actv__mish_mid, actv__mish_back)
ACTV_PIPE3_KERNEL(fast_mish, actv__mish_st, actv__mish_front, actv__mish_mid, actv__mish_back)
ACTV_PIPE3_KERNEL(mish_grad, actv__mish_grad_st, actv__mish_grad_front, actv__mish_grad_mid, actv__mish_grad_back)
ACTV_PIPE3_BACKWARD_KERNEL(mish_backward, actv__mish_grad_st, actv__mish_grad_front, actv__mish_grad_mid,
                           actv__mish_grad_back)
ACTV_QUOT_KERNEL(sigmoid_grad, actv__sigmoid_grad_front, actv__sigmoid_grad_back)
ACTV_QUOT_KERNEL(tanh_grad, actv__tanh_grad_front, actv__tanh_grad_back)
ACTV_PIPE3_BACKWARD_KERNEL(log_sigmoid_backward, actv__quot, actv__sigmoid_of_neg_front,
                           actv__quot_denominator, actv__sigmoid_back)
ACTV_QUOT_KERNEL(silu, actv__silu_front, actv__x_sigmoid_back)
ACTV_PIPE3_PARAM1_KERNEL(swish, actv__quot, actv__swish_front, actv__quot_denominator, actv__x_sigmoid_back)
ACTV_PIPE3_PARAM1_KERNEL(swish_grad, actv__silu_grad_st, actv__swish_grad_front, actv__silu_grad_mid, actv__swish_grad_back)
ACTV_PIPE3_BACKWARD_PARAM1_KERNEL(swish_backward, actv__silu_grad_st, actv__swish_grad_front, actv__silu_grad_mid, actv__swish_grad_back)
ACTV_QUOT_KERNEL(gelu_tanh, actv__gelu_tanh_front, actv__x_sigmoid_back)
ACTV_PIPE3_KERNEL(silu_grad, actv__silu_grad_st, actv__silu_grad_front_x, actv__silu_grad_mid, actv__silu_grad_back)
ACTV_PIPE3_BACKWARD_KERNEL(silu_backward, actv__silu_grad_st, actv__silu_grad_front_x, actv__silu_grad_mid, actv__silu_grad_back)
ACTV_PIPE3_KERNEL(gelu_grad, actv__exp_piece, actv__gelu_grad_front, actv__gelu_grad_mid, actv__exp_piece_grad_back)
ACTV_PIPE3_BACKWARD_KERNEL(gelu_backward, actv__exp_piece, actv__gelu_grad_front, actv__gelu_grad_mid, actv__exp_piece_grad_back)
ACTV_PIPE3_KERNEL(gelu_tanh_grad, actv__exp_piece, actv__gelu_tanh_grad_front, actv__gelu_tanh_grad_mid, actv__exp_piece_grad_back)
ACTV_PIPE3_BACKWARD_KERNEL(gelu_tanh_backward, actv__exp_piece, actv__gelu_tanh_grad_front, actv__gelu_tanh_grad_mid, actv__exp_piece_grad_back)

#endif /* ACTCORE_VLOOPS_AVX512_H */
