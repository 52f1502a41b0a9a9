/*
 * actcore float32 kernels of the ELU family (elu, selu, celu) and softplus,
 * with their derivatives.
 *
 * FMA targets: float32 throughout, on the compensated exp cores of
 * math_f32.h, which give e^r - 1 as w + wlo.  Each result is a value carried
 * as hi + lo (|lo| <~ ulp(hi)) times a constant (alpha, or a hi + lo
 * constant for selu) with one final rounding: FMA(a, hi, a*lo).
 * Measured (AVX-512 and AVX2+FMA, every 17th of the 2^32 inputs, default
 * parameters): 1 ulp for every kernel here; the unrounded error (every 61st
 * input) is given per kernel.  Spot checks with other parameters (alpha from
 * 1e-3 to 1e10, beta from 1e-6 to 1e6, threshold inf): 1 ulp.
 *
 * Baseline (SSE2, no FMA): the float64-inside kernels, rounded once.
 *
 * Rules as in math_f32.h: no libm, no intrinsics, selects on computed values,
 * NaN propagates, every exp argument clamped.
 */
#ifndef ACTCORE_MATH_ELU_F32_H
#define ACTCORE_MATH_ELU_F32_H

#include <stdint.h>
#include "math_f32.h"
#include "math_smooth_f32.h"      /* float64 helpers of the baseline kernels */

#if ACT__HAS_FMA

/* scale and scale*alpha of selu as float hi + lo */
#define ACT__SELU_SCALE_HI 0x1.0cfabep+0f
#define ACT__SELU_SCALE_LO -0x1.2adddap-25f
#define ACT__SELU_SA_HI    0x1.c212ccp+0f
#define ACT__SELU_SA_LO    0x1.903c0cp-26f

/*
 * expm1(z) = hi + lo for z <= 0 or NaN (z clamped to -24, where e^z is
 * below 2^-34): e^z = S (1 + w + wlo), S = 2^n, n in [-35, 0];
 * expm1 = (S - 1) + S w + S wlo.  S - 1 = c + cl (c + 1 exact, cl = 0 for
 * n >= -24); c + S w by Fast2Sum (|c| >= 1/2 > |S w| or c = 0), so hi + lo
 * carries expm1 to the accuracy of the core, without cancellation at n = 0
 * (hi = w, x tiny gives w = x exactly).
 */
ACT__INLINE float act__expm1_neg_fma(float z, float *lo)
{
    z = z < -24.0f ? -24.0f : z;                  /* NaN passes */
    float S64, wlo;
    float w = act__expm1_core_fma(z, 191.0f, &S64, &wlo);
    float S = S64 * 0x1p-64f;                     /* 2^n, exact */
    float c = S - 1.0f;
    float cl = S - (c + 1.0f);                    /* c + 1 exact */
    float Sw = S * w;                             /* exact */
    float hi = c + Sw;
    *lo = (Sw - (hi - c)) + ACT__FMA(S, wlo, cl); /* Fast2Sum */
    return hi;
}

/*
 * e^z = S76 * 2^-76 * (u + ul) for z <= 0 or NaN, z clamped to -140:
 * S76 = 2^(n+76) stays normal for n >= -202, so a*e^z for any |a| < 2^50
 * is formed as (a S76)(u + ul) rounded once (FMA) and scaled back (exact
 * unless subnormal: then a second rounding, below 1 ulp together); for
 * z < -140 it rounds to 0 as the true value.  u + ul = 1 + w + wlo (Fast2Sum).
 */
ACT__INLINE float act__exp_neg_fma(float z, float *ul, float *S76)
{
    z = z < -140.0f ? -140.0f : z;                /* NaN passes */
    float wlo;
    float w = act__expm1_core_fma(z, 203.0f, S76, &wlo);
    float u = 1.0f + w;
    *ul = (w - (u - 1.0f)) + wlo;                 /* u - 1 exact */
    return u;
}

ACT__INLINE float act__neg_part_f(float x) { return x > 0.0f ? 0.0f : x; }  /* NaN passes */

/*
 * elu(x) = x > 0 ? x : alpha expm1(x) = FMA(alpha, hi, alpha lo)
 * (unrounded <= 0.82 ulp).  elu'(x) = x > 0 ? 1 : alpha e^x (unrounded
 * <= 0.81 ulp; the 1-ulp bound holds for |alpha| < 2^50).
 */
ACT__INLINE float act_elu_f32(float x, float alpha)
{
    float lo;
    float hi = act__expm1_neg_fma(act__neg_part_f(x), &lo);
    float neg = ACT__FMA(alpha, hi, alpha * lo);
    return x > 0.0f ? x : neg;
}
ACT__INLINE float act_elu_grad_f32(float x, float alpha)
{
    float ul, S;
    float u = act__exp_neg_fma(act__neg_part_f(x), &ul, &S);
    float aS = alpha * S;
    float neg = ACT__FMA(aS, u, aS * ul) * 0x1p-76f;
    return x > 0.0f ? 1.0f : neg;
}

/*
 * elu at alpha = 1, the default (kernels_impl.h's unit loop; celu at alpha =
 * 1 runs elu's kernel): expm1(x) for x <= 0 by math_f32.h's kernel, elu' = e^x
 * there (1 ulp each, the bits of the expm1 and exp ufuncs), without the
 * steps that carry alpha.
 */
#define ACT_UNIT_elu_f32 ~, ACT__UNIT_LOOP
#define ACT_UNIT_elu_grad_f32 ~, ACT__UNIT_LOOP
#define ACT_UNIT_elu_backward_f32 ~, ACT__UNIT_LOOP
ACT__INLINE int act_elu_is_unit_f32(float alpha) { return alpha == 1.0f; }
#define act_elu_grad_is_unit_f32 act_elu_is_unit_f32
#define act_elu_backward_is_unit_f32 act_elu_is_unit_f32
ACT__INLINE float act_elu_unit_f32(float x, float alpha)
{
    (void)alpha;
    return x > 0.0f ? x : act_expm1_f32(x);
}
ACT__INLINE float act_elu_grad_unit_f32(float x, float alpha)
{
    (void)alpha;
    return x > 0.0f ? 1.0f : act_exp_f32(x);
}
ACT__INLINE float act_elu_backward_unit_f32(float dy, float x, float alpha)
{
    return dy * act_elu_grad_unit_f32(x, alpha);
}

/* selu = scale x or (scale alpha) expm1(x), both constants as hi + lo
 * (unrounded <= 0.89 ulp for |x| > 2^-100; below, scale_lo*x underflows:
 * 0.998); selu' unrounded <= 0.79. */
ACT__INLINE float act_selu_f32(float x)
{
    float lo;
    float hi = act__expm1_neg_fma(act__neg_part_f(x), &lo);
    float neg = ACT__FMA(ACT__SELU_SA_HI, hi,
                         ACT__FMA(ACT__SELU_SA_HI, lo, ACT__SELU_SA_LO * hi));
    float pos = ACT__FMA(ACT__SELU_SCALE_HI, x, ACT__SELU_SCALE_LO * x);
    pos = x < ACT__INF ? pos : x;                 /* inf - inf */
    float r = x > 0.0f ? pos : neg;
    return act__u2f(act__f2u(r) | (act__f2u(x) & 0x80000000u));   /* x's sign: selu(-0) = -0 */
}
ACT__INLINE float act_selu_grad_f32(float x)
{
    float ul, S;
    float u = act__exp_neg_fma(act__neg_part_f(x), &ul, &S);
    float aS = ACT__SELU_SA_HI * S;
    float neg = ACT__FMA(aS, u, ACT__FMA(aS, ul, (ACT__SELU_SA_LO * S) * u)) * 0x1p-76f;
    return x > 0.0f ? (float)ACT__SELU_SCALE : neg;
}

/*
 * celu(x) = x > 0 ? x : alpha expm1(x/alpha).  q = z * (1/alpha) (1/alpha
 * is loop invariant), d = (z - q alpha)/alpha with the remainder by FMA,
 * so x/alpha = q + d to ~2^-44; expm1(q + d) = hi + lo + d (1 + hi) to first
 * order (alpha > 0, as before).  z = min(x, 0) is clamped to qmin*alpha so
 * q stays finite (qmin = -30 for celu, which is -alpha there; -110 for
 * celu', which is 0);
 * 1/alpha capped at 2^126 (tiny alpha: no 0 * inf).
 * |q| < 2^-25 returns x (celu(x) rounds to x there; q may be subnormal).
 * celu' = e^(q + d) = e^q (1 + d).  Unrounded: as elu and elu' at alpha = 1.
 */
ACT__INLINE float act__celu_arg(float x, float alpha, float qmin, float *d)
{
    float inv = 1.0f / alpha;
    inv = inv > 0x1p126f ? 0x1p126f : inv;
    float lim = qmin * alpha;
    float z = act__neg_part_f(x);
    z = z < lim ? lim : z;                        /* NaN passes */
    float q = z * inv;
    *d = ACT__FMA(-q, alpha, z) * inv;
    return q;
}
ACT__INLINE float act_celu_f32(float x, float alpha)
{
    float d, lo;
    float q = act__celu_arg(x, alpha, -30.0f, &d);
    float hi = act__expm1_neg_fma(q, &lo);
    lo = lo + ACT__FMA(d, hi, d);
    float neg = ACT__FMA(alpha, hi, alpha * lo);
    neg = q > -0x1p-25f ? x : neg;
    return x > 0.0f ? x : neg;
}
ACT__INLINE float act_celu_grad_f32(float x, float alpha)
{
    float d, ul, S;
    float q = act__celu_arg(x, alpha, -110.0f, &d);
    float u = act__exp_neg_fma(q, &ul, &S);
    ul = ACT__FMA(u, d, ul);
    float neg = ACT__FMA(S, u, S * ul) * 0x1p-76f;
    return x > 0.0f ? 1.0f : neg;
}

/*
 * softplus(x) = (max(z, 0) + L)/beta, z = beta*x = zh + zl (FMA: exact),
 * L = log1p(e), e = e^-|zh|, by math_f32.h's log_sigmoid core
 * act__log1p_exp_fma (s = e/(2 + e) from a corrected division, L*2^63 = sh + lo with
 * L = 2 atanh(s)); the low part enters to first order, zl*sigmoid(zh),
 * sigmoid(zh) = 2s/(1 + s) for zh <= 0 (1/(1 + s) to O(s^3)) and
 * 1 - 2s/(1 + s) above.  zh <= 0: N = (sh + lo) at the scale 2^63;
 * zh > 0: N = zh + L by TwoSum.  N/beta rounded once: q = Nh/beta from the
 * invariant 1/beta, remainder by FMA.  |zh| clamped to 131, so results are
 * exact for beta >= 2^-38.  beta = 1: zl = 0 and 1/beta = 1, the
 * log_sigmoid(-x) computation.  PyTorch's threshold rule on the float
 * product beta*x.  Unrounded <= 0.99 ulp (log_sigmoid's own bound).
 */
ACT__INLINE float act_softplus_f32(float x, float beta, float threshold)
{
    float zh = x * beta;
    float zl = ACT__FMA(x, beta, -zh);
    float ib = 1.0f / beta;                       /* loop invariant */
    float z = act__u2f(act__f2u(zh) | 0x80000000u);
    zl = z < -131.0f ? 0.0f : zl;                 /* beta*x may overflow */
    z = z < -131.0f ? -131.0f : z;                /* NaN passes */
    float lo, sr;
    float sh = act__log1p_exp_fma(z, &lo, &sr);   /* L*2^63 = sh + lo */
    float f = ACT__FMA(-sr, 1.0f - sr, 1.0f);     /* 1/(1 + s) */
    float zf = zl * f;
    /* zh <= 0: N*2^63 = sh + lo + zl*sigmoid(zh)*2^63 */
    float nl = ACT__FMA(zf, sh, lo);
    /* zh > 0: N = zh + Lh + (err + lo*2^-63 + zl*(1 - sigmoid(-zh))) */
    float Lh = sh * 0x1p-63f;
    float X = zh > 0x1p100f ? 0x1p100f : zh;
    float s1 = X + Lh;                            /* TwoSum */
    float bb = s1 - X;
    float err = (X - (s1 - bb)) + (Lh - bb);
    float pl = ACT__FMA(lo, 0x1p-63f, err) + ACT__FMA(-zf, Lh, zl);
    int pos = zh > 0.0f;
    float Nh = pos ? s1 : sh;
    float Nl = pos ? pl : nl;
    float qb = Nh * ib;
    float rb = ACT__FMA(-qb, beta, Nh) + Nl;
    float res = ACT__FMA(rb, ib, qb) * (pos ? 1.0f : 0x1p-63f);
    res = beta == 0.0f ? qb : res;                /* +-inf, not inf*0 */
    res = zh <= 0x1p100f ? res : x;               /* +inf */
    return zh > threshold ? x : res;
}

/*
 * softplus'(x) = sigmoid(z), z = beta*x = zh + zl: math_f32.h's FMA sigmoid
 * on zh, t = e/(1 + e) carried at the scale 2^64 as qS + lo, with the low
 * part folded in to first order: e^-|z| = e (1 -+ zl), dt = +-zl t (1 - t).
 * Unrounded <= 0.99 ulp (sigmoid's own bound).
 */
ACT__INLINE float act_softplus_grad_f32(float x, float beta, float threshold)
{
    float zh = x * beta;
    float zl = ACT__FMA(x, beta, -zh);
    float z = act__u2f(act__f2u(zh) | 0x80000000u);  /* -|zh| */
    zl = z < -104.0f ? 0.0f : zl;                 /* beta*x may overflow */
    z = z < -104.0f ? -104.0f : z;                /* NaN passes */
    act__sigq o = act__sigmoid_q_fma(z, -0.0f, 0);   /* sigmoid's quotient */
    float qS = o.q * o.S64;
    float iS = ACT__FMA(-qS, o.S, o.S64);         /* 2^(n+64)/d */
    int pos = zh > 0.0f;
    float zt = pos ? -zl : zl;
    float corr = (zt * ACT__FMA(-o.q, o.S, 1.0f)) * qS;
    float t64 = qS + ACT__FMA(o.c, iS, corr);
    float tn = t64 * 0x1p-64f;
    float tp = ACT__FMA(-t64, 0x1p-64f, 1.0f);
    return zh > threshold ? 1.0f : (pos ? tp : tn);
}

/*
 * softplus at beta = 1, the default (kernels_impl.h's unit loop): log1p(e^x)
 * = -log_sigmoid(-x), the bits of act_softplus_f32 at beta = 1 (checked over
 * all 2^32 inputs) without its steps for beta: 1.17 -> 0.96 ns/el (C, AVX-512,
 * 256K).  softplus' = sigmoid(x) there, 0.72 -> 0.48 (1 ulp; not the bits of
 * the general form, which carries beta x as hi + lo).  On AVX-512 these unit
 * loops run on log_sigmoid's and sigmoid's explicit loops instead
 * (vloops_avx512.h: their bits, within 1 ulp of this general form's).
 */
#define ACT_UNIT_softplus_f32 ~, ACT__UNIT_LOOP
#define ACT_UNIT_softplus_grad_f32 ~, ACT__UNIT_LOOP
#define ACT_UNIT_softplus_backward_f32 ~, ACT__UNIT_LOOP
ACT__INLINE int act_softplus_is_unit_f32(float beta, float threshold)
{ (void)threshold; return beta == 1.0f; }
#define act_softplus_grad_is_unit_f32 act_softplus_is_unit_f32
#define act_softplus_backward_is_unit_f32 act_softplus_is_unit_f32
ACT__INLINE float act_softplus_unit_f32(float x, float beta, float threshold)
{
    (void)beta;
    return x > threshold ? x : 0.0f - act_log_sigmoid_f32(-x);   /* +0 at -inf */
}
ACT__INLINE float act_softplus_grad_unit_f32(float x, float beta, float threshold)
{
    (void)beta;
    return x > threshold ? 1.0f : act_sigmoid_f32(x);
}
ACT__INLINE float act_softplus_backward_unit_f32(float dy, float x, float beta, float threshold)
{
    return dy * act_softplus_grad_unit_f32(x, beta, threshold);
}

/*
 * mish(x) = x t, t = tanh(softplus(x)), from e = e^-|x| = S (P + Plo)
 * (S = 2^n, P + Plo = e^r - as u + ul of the exp core, wlo kept):
 * x <= 0, w = e: t = w(w + 2)/(w(w + 2) + 2) = S N/D, N = P (S P + 2),
 * D = S N + 2; x > 0, u = e: t = N/D, N = 1 + 2u, D = N + 2u^2.  Every sum
 * is a Fast2Sum (the larger term's exponent is at least the other's: 2 vs
 * S P <= 1 and S N <= 3, 1 vs 2u < 2, N vs 2u^2 < N) and every product
 * keeps its FMA error, so N and D are hi + lo pairs; q = N/D from 1/Dh
 * with the remainder by FMA and one first-order correction c; then
 * x (q + c) rounded once: FMA(x, q, x c), at the scale S64 = 2^(n+64) for
 * x <= 0 (subnormal tail rounded once more, below 1 ulp together).
 * x clamped to -131 (the result rounds to -0 below).  Measured: 1 ulp
 * (unrounded <= 0.84, in the subnormal tail; every 61st input).  mish'
 * keeps the float64 kernel of math_smooth_f32.h (near its zero the two
 * terms cancel; a float32 version is left to do).
 */
ACT__INLINE float act_mish_f32(float x)
{
    float z = act__u2f(act__f2u(x) | 0x80000000u);  /* -|x| */
    z = z < -131.0f ? -131.0f : z;                /* NaN passes */
    float S64, wlo;
    float w = act__expm1_core_fma(z, 191.0f, &S64, &wlo);
    float S = S64 * 0x1p-64f;                     /* 2^n, maybe subnormal */
    float P = 1.0f + w;
    float Plo = (w - (P - 1.0f)) + wlo;           /* P - 1 exact */
    float SP = S * P;
    /* x <= 0 */
    float A = 2.0f + SP;
    float Al = ACT__FMA(S, Plo, SP - (A - 2.0f));
    float Nh = P * A;
    float Nl = ACT__FMA(P, A, -Nh) + ACT__FMA(P, Al, Plo * A);
    float SN = S * Nh;
    float Dh = 2.0f + SN;
    float Dl = ACT__FMA(S, Nl, SN - (Dh - 2.0f));
    /* x > 0 */
    float U = SP + SP;
    float Ul = (S + S) * Plo;
    float Mh = 1.0f + U;
    float Ml = (U - (Mh - 1.0f)) + Ul;
    float hU = 0.5f * U;
    float Vh = hU * U;
    float Vl = ACT__FMA(hU, U, -Vh) + U * Ul;
    float Eh = Mh + Vh;
    float El = (Vh - (Eh - Mh)) + (Ml + Vl);
    int pos = x > 0.0f;
    float nh = pos ? Mh : Nh, nl = pos ? Ml : Nl;
    float dh = pos ? Eh : Dh, dl = pos ? El : Dl;
    float r = 1.0f / dh;
    float q = nh * r;
    float rem = ACT__FMA(-q, dh, nh);
    float c = (rem + ACT__FMA(-q, dl, nl)) * r;
    float xc = x < -131.0f ? -131.0f : (x > 0x1p100f ? 0x1p100f : x);
    float m = ACT__FMA(x, q, xc * c);             /* x t (times S for x <= 0) */
    float mn = (ACT__FMA(xc, q, xc * c) * S64) * 0x1p-64f;
    float y = pos ? m : mn;
    return act__u2f(act__f2u(y) | (act__f2u(x) & 0x80000000u));   /* x's sign: mish(-0) = -0 */
}

#else /* !ACT__HAS_FMA: float64 inside, rounded once */

/* ------------------------------------------------------------- ELU family
 * elu(x) = x > 0 ? x : alpha expm1(x);  elu'(x) = x > 0 ? 1 : alpha e^x
 * (PyTorch: the x <= 0 branch at 0).  selu = scale * elu(x, alpha) with the
 * constants at double precision; celu(x) = x > 0 ? x : alpha expm1(x/alpha).
 */
static inline double act__neg_part(double x) { return x > 0 ? 0.0 : x; }   /* NaN passes */

static inline float act_elu_f32(float x, float alpha)
{
    double z = act__clamp_d(act__neg_part(x), -40.0, 0.0);
    float neg = (float)((double)alpha * act__expm1_d(z));
    return x > 0 ? x : neg;
}
static inline float act_elu_grad_f32(float x, float alpha)
{
    double z = act__clamp_d(act__neg_part(x), -700.0, 0.0);
    float neg = (float)((double)alpha * act__exp_d(z));
    return x > 0 ? 1.0f : neg;
}
static inline float act_selu_f32(float x)
{
    double xd = x;
    double z = act__clamp_d(act__neg_part(xd), -40.0, 0.0);
    double neg = ACT__SELU_SA * act__expm1_d(z);
    return (float)(xd > 0 ? ACT__SELU_SCALE * xd : neg);
}
static inline float act_selu_grad_f32(float x)
{
    double z = act__clamp_d(act__neg_part(x), -700.0, 0.0);
    double neg = ACT__SELU_SA * act__exp_d(z);
    return (float)(x > 0 ? ACT__SELU_SCALE : neg);
}
static inline float act_celu_f32(float x, float alpha)
{
    double z = act__clamp_d(act__neg_part(x) / (double)alpha, -40.0, 0.0);
    float neg = (float)((double)alpha * act__expm1_d(z));
    return x > 0 ? x : neg;
}
static inline float act_celu_grad_f32(float x, float alpha)
{
    double z = act__clamp_d(act__neg_part(x) / (double)alpha, -700.0, 0.0);
    float neg = (float)act__exp_d(z);
    return x > 0 ? 1.0f : neg;
}

/* --------------------------------------------------------------- softplus
 * PyTorch: x when beta*x > threshold (the float product), else
 * log1p(e^(beta x))/beta = (max(z, 0) + log1p(e^-|z|))/beta, z = beta*x.
 * softplus' = 1 above the threshold, else sigmoid(beta x).
 */
static inline float act_softplus_f32(float x, float beta, float threshold)
{
    double z = (double)x * (double)beta;          /* exact */
    double a = z < 0 ? -z : z;
    double e = act__exp_d(a > 700.0 ? -700.0 : -a);
    double sp = ((z > 0 ? z : 0.0) + act__log1p01_d(e)) / (double)beta;
    return x * beta > threshold ? x : (float)sp;
}
ACT__INLINE float act_softplus_grad_f32(float x, float beta, float threshold)
{
    double sm;
    float s = (float)act__sigmoid2_d((double)x * (double)beta, &sm);
    return x * beta > threshold ? 1.0f : s;
}

#endif /* ACT__HAS_FMA */

#endif /* ACTCORE_MATH_ELU_F32_H */
