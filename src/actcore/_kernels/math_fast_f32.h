/*
 * actcore.fast: float32 kernels of the fast approximate mode.
 *
 * Every function here trades the accurate kernels' <= 1 ULP (and their
 * float64 internals) for plain float32 arithmetic with a documented maximum
 * error below 1e-5 (relative; the bounds and how they are measured live in
 * the registry, Activation.fast, and are checked over all 2^32 inputs by
 * tools/accuracy_sweep.py --fast).  Same rules as math_f32.h: branchless C,
 * no libm, no intrinsics, NaN propagates, every exp argument clamped so no
 * selected result comes from an overflow or inf*0, saturation exact.
 *
 * The shared core is a degree-5 exp: n = round(z/ln2) by the magic bias,
 * r = z - n ln2 in two steps (Cody-Waite), e^r = 1 + r P(r) (minimax,
 * rel. error 1.2e-7 on |r| <= ln2/2), 2^n applied in two factors so that
 * results down to the subnormal range come out right (z >= -150).
 * FMA where the target has it (the build does not contract a*b + c).
 *
 * On AVX-512 (Zen 4) the FMA unit bounds these loops and a float compare
 * feeding a blend costs about one FMA, so the FMA targets clamp with integer
 * minima on the bit patterns (act__clamp_bits, NaN kept) and exp itself
 * reduces in one step and scales with act__pow2_split (math_f32.h).
 *
 * The float64 loops of actcore.fast are the accurate float64 kernels.
 */
#ifndef ACTCORE_MATH_FAST_F32_H
#define ACTCORE_MATH_FAST_F32_H

#include <stdint.h>
#include "math_f32.h"

#if defined(__FMA__) || defined(__AVX512F__)
#define ACTF_FMA(a, b, c) __builtin_fmaf((a), (b), (c))
#else
#define ACTF_FMA(a, b, c) ((a) * (b) + (c))
#endif

#define ACTF_MAXF 0x1.fffffep127f

/* Always inlined: inside a large caller (the softmax rows) GCC may otherwise
 * keep it out of line, and a call in a loop stops vectorization. */
#if defined(__GNUC__)
#define ACTF_INLINE static inline __attribute__((always_inline))
#else
#define ACTF_INLINE static inline
#endif

/* e^r - 1 = r P(r) on |r| <= ln2/2 (P(0) = 1), P's coefficients from the
 * highest (also the AVX-512 softmax rows' fast exp, rowloops_avx512.h) */
#define ACTF_POLY_P4 0x1.0f9f9cp-7f
#define ACTF_POLY_P3 0x1.573a1ap-5f
#define ACTF_POLY_P2 0x1.555a80p-3f
#define ACTF_POLY_P1 0x1.fffdc6p-2f
#define ACTF_POLY_P0 0x1.fffff6p-1f
ACTF_INLINE float actf__poly(float r)
{
    float p = ACTF_FMA(ACTF_POLY_P4, r, ACTF_POLY_P3);
    p = ACTF_FMA(p, r, ACTF_POLY_P2);
    p = ACTF_FMA(p, r, ACTF_POLY_P1);
    return ACTF_FMA(p, r, ACTF_POLY_P0);
}

/*
 * The fast exps' argument reduction: n = round(z/ln2) by the magic bias
 * 1.5 2^23 + bias, so that t's low bits hold n + bias (t << 23 is the float
 * 2^(n + bias - 127) when n + bias is in [1, 254]: actf__scale); returns
 * r = z - n ln2 in two Cody-Waite steps (the first exact for |n| < 256), or
 * with onestep, on FMA targets, in one FMA step with ln2f = ln2 + 1.9e-9
 * (e^r off by |n| 1.9e-9 relative; without FMA the one-step product would be
 * rounded, so two steps there too).
 */
#define ACTF_LN2F 0x1.62e430p-1f                 /* ln2 + 1.9e-9 */
ACTF_INLINE float actf__reduce(float z, float bias, int onestep, float *t)
{
    const float magic = 0x1.8p23f + bias;
    *t = ACTF_FMA(z, 0x1.715476p0f, magic);
    float nf = *t - magic;
#if ACT__HAS_FMA
    if (onestep)
        return ACTF_FMA(nf, -ACTF_LN2F, z);
#else
    (void)onestep;
#endif
    float r = ACTF_FMA(nf, -ACT__LN2HI, z);       /* exact */
    return ACTF_FMA(nf, -ACT__LN2LO, r);
}

/* 2^(n + bias - 127) from actf__reduce's t */
static inline float actf__scale(float t) { return act__u2f(act__f2u(t) << 23); }

/*
 * e^z = (p * s1) * s2 for z in [-150, 88.8] or NaN (callers clamp); p in
 * [0.7, 1.42], s1 = 2^(n - n/2) and s2 = 2^(n/2) both normal.
 */
static inline float actf__exp_parts(float z, float *s1, float *s2)
{
    float t;
    float r = actf__reduce(z, 0.0f, 0, &t);
    int32_t n = (int32_t)(act__f2u(t) - 0x4B400000u);
    int32_t n1 = n >> 1;
    *s1 = act__pow2i(n - n1);
    *s2 = act__pow2i(n1);
    return ACTF_FMA(r, actf__poly(r), 1.0f);
}

/*
 * e^z - 1 = m s + (s - 1), s = 2^n, for z in [-26, 0] (or NaN): m = r P(r)
 * is e^r - 1 without cancellation, and when n = 0 (|z| < ln2/2, r = z
 * exactly) s = 1 makes the result m itself (-0 at -0); for n <= -1 the
 * sum loses < 2 bits.  The magic bias carries the exponent bias (127) so 2^n
 * is one shift of t's bits.
 */
static inline float actf__expm1_neg(float z)
{
    float t;
    float r = actf__reduce(z, 127.0f, 0, &t);
    float m = r * actf__poly(r);
    float s = actf__scale(t);
    return ACTF_FMA(m, s, -(1.0f - s));           /* -(1 - s): -0 at z = -0 */
}

/*
 * e^z = p 2^(n+100), times 2^-100 by the caller (*sc), for z in [-150, 0] or
 * NaN: the magic bias carries the exponent bias plus 100 so the scale is one
 * shift of t's bits, and a subnormal result is rounded once, by the last
 * product.
 */
#define ACTF_DOWN 0x1p-100f
static inline float actf__exp_neg(float z, float *sc)
{
    float t;
    float r = actf__reduce(z, 227.0f, 0, &t);
    *sc = actf__scale(t);
    return ACTF_FMA(r, actf__poly(r), 1.0f);
}

/*
 * e^r = 1 + r P(r) on |r| <= ln2/2 (with the reduction's slack), P of degree
 * 3: relative error 2.9e-6 with float32 coefficients (Lawson-reweighted least
 * squares, tools/smooth_coefficients.py), one FMA less than actf__poly.
 */
#define ACTF_EXP4_P3 0x1.54147cp-5f
#define ACTF_EXP4_P2 0x1.57cf56p-3f
#define ACTF_EXP4_P1 0x1.0003f6p-1f
#define ACTF_EXP4_P0 0x1.fffba6p-1f
ACTF_INLINE float actf__exp4(float r)
{
    float p = ACTF_FMA(ACTF_EXP4_P3, r, ACTF_EXP4_P2);
    p = ACTF_FMA(p, r, ACTF_EXP4_P1);
    p = ACTF_FMA(p, r, ACTF_EXP4_P0);
    return ACTF_FMA(r, p, 1.0f);
}

/*
 * e^x, x clamped to [-104, 88.8] (NaN kept): n = round(x/ln2) by the magic
 * bias; r = x - n ln2f in one step on FMA targets (ln2f = ln2 + 1.9e-9: off
 * by |n| 1.9e-9 <= 2.9e-7 relative), in two without FMA (the one-step
 * product would be rounded); e^r by actf__exp4; 2^n in two normal factors
 * (act__pow2_split: a subnormal result is rounded once, e^88.8 overflows).
 * 17 vector ops against the accurate exp's 21; on AVX-512 both run as
 * explicit loops with vscalefps (vloops_avx512.h): 10 against 14; on SSE2
 * (27 ops there) an explicit loop takes one factor for vectors with all
 * |x| <= 87 (vloops_sse2.h): 21.
 */
static inline float act_fast_exp_f32(float x)
{
    float z = act__clamp_bits(x, ACT__EXP_HI, ACT__EXP_LO);
    float t;
    float r = actf__reduce(z, 254.0f, 1, &t);       /* t as ACT__EXP_MAGIC makes it */
    float q = actf__exp4(r);
    float s2, s1 = act__pow2_split(t, z, &s2);
    return (q * s1) * s2;
}

/* sigmoid(x) = q = e/(1 + e) (x <= 0) or 1 - q, e = e^-|x|: one division,
 * taken as E/(2^100 + E), E = 2^100 e, so a subnormal q is rounded once */
static inline float act_fast_sigmoid_f32(float x)
{
    float z = act__u2f(act__f2u(x) | 0x80000000u); /* -|x| */
    z = act__clamp_lo(z, 0xc2d00000u);           /* -104 */
    float sc;
    float E = actf__exp_neg(z, &sc) * sc;
    float q = E / (0x1p100f + E);
    return x > 0.0f ? 1.0f - q : q;               /* 1 exactly once e < 2^-25; NaN: q */
}

/*
 * x * sigmoid(v) = x/(1 + e) (v > 0) or x e/(1 + e), e = e^-|v|, with x e
 * formed before the last scale factor so a subnormal result is rounded once.
 * xc: x clamped so that xc * e^-150 rounds to 0 and xc 2^100 stays finite
 * (|xc| <= 1000).
 */
static inline float actf__xsigmoid(float x, float xc, float v)
{
    float z = act__u2f(act__f2u(v) | 0x80000000u);
    z = act__clamp_lo(z, 0xc3160000u);           /* -150 */
    float sc;
    float ps = actf__exp_neg(z, &sc) * sc;
    float e = ps * ACTF_DOWN;
    float xe = (xc * ps) * ACTF_DOWN;
    float num = v > 0.0f ? x : xe;                /* NaN v: e is NaN */
    return num / (1.0f + e);
}

/*
 * The same gate where the caller needs no result below 1e-30 (gelu): -|v|
 * stops at -87, so e = e^-|v| is normal (an underflowing product stalls the
 * whole vector) and comes out of one scale factor; r = z - n ln2f in one FMA
 * step on FMA targets (ln2f = ln2 + 1.9e-9: e off by at most 2.4e-7 relative, where n is
 * large and the gate's slope e/(1 + e)^2 tiny).  x e may be subnormal (tiny x).
 */
static inline float actf__xsigmoid87(float x, float v)
{
    float z = act__u2f(act__f2u(v) | 0x80000000u);
    z = act__clamp_lo(z, 0xc2ae0000u);           /* -87 */
    float t;
    float r = actf__reduce(z, 127.0f, 1, &t);
    float e = ACTF_FMA(r, actf__poly(r), 1.0f) * actf__scale(t);
    float num = v > 0.0f ? x : x * e;             /* NaN v: e is NaN */
    return num / (1.0f + e);
}

static inline float act_fast_silu_f32(float x)
{
    return actf__xsigmoid(x, act__clamp_lo(x, 0xc3160000u), x);
}

/* swish(x, beta) = x sigmoid(beta x); beta x is rounded once (exact for beta = 1) */
ACT__INLINE float act_fast_swish_f32(float x, float beta)
{
    float v = x * beta;
    float z = act__u2f(act__f2u(v) | 0x80000000u);
    z = z < -150.0f ? -150.0f : z;
    float xc = x < -ACTF_MAXF ? -ACTF_MAXF : (x > ACTF_MAXF ? ACTF_MAXF : x);
    float s1, s2;
    float p = actf__exp_parts(z, &s1, &s2);       /* x is not bounded: two factors */
    float ps = p * s1;
    float e = ps * s2;
    float xe = (xc * ps) * s2;
    float y = (v > 0.0f ? x : xe) / (1.0f + e);
    return v < -150.0f ? xc * 0.0f : y;           /* x e^v rounds to 0 */
}

/* gelu_tanh(x) = x sigmoid(2u), 2u = x (a + b x^2): no cancellation.  x
 * clamped to [-1000, 8]: above 8 the result is x (2u > 49) and a larger 2u
 * made e = e^-2u subnormal (a microcode assist per vector: 1.5x slower) */
static inline float act_fast_gelu_tanh_f32(float x)
{
    float xc = act__clamp_bits(x, 0x41000000u, 0xc47a0000u);   /* [-1000, 8] */
    float v = xc * ACTF_FMA(xc * xc, 0x1.2444f2p-4f, 0x1.988454p+0f);
    return actf__xsigmoid(x, xc, v);
}

/*
 * tanh(x) = c P(c^2)/Q(c^2), c = x clamped to [-C, C] (an odd 13/6
 * rational, the coefficients of Eigen's float tanh: rel. error 1.3e-7 in
 * exact arithmetic); odd, so the sign and tanh(-0) = -0 come for free.  C is
 * the smallest float at which this evaluation (with or without FMA) rounds
 * to 1 exactly, so every |x| above it gives +-1 (the rational wobbles around
 * 1 in its last bit between 7.9 and 8; tanh(7.93) = 1 - 2.6e-7): no select.
 * The clamp is act__clamp_bits' integer minima (NaN kept).  AVX-512 runs
 * vloops_avx512.h's fast tanh instead (16 polynomial pieces, no division).
 */
#if ACT__HAS_FMA
#define ACTF_TANH_CLAMP 0x40fdd48fu                   /* 0x1.fba91ep+2 = 7.9321971 */
#else
#define ACTF_TANH_CLAMP 0x40fcf84fu                   /* 7.90531110763549805 (Eigen's) */
#endif
static inline float act_fast_tanh_f32(float x)
{
    float c = act__clamp_bits(x, ACTF_TANH_CLAMP, ACTF_TANH_CLAMP | 0x80000000u);
    float w = c * c;
    float p = ACTF_FMA(w, -2.76076847742355e-16f, 2.00018790482477e-13f);
    p = ACTF_FMA(p, w, -8.60467152213735e-11f);
    p = ACTF_FMA(p, w, 5.12229709037114e-08f);
    p = ACTF_FMA(p, w, 1.48572235717979e-05f);
    p = ACTF_FMA(p, w, 6.37261928875436e-04f);
    p = ACTF_FMA(p, w, 4.89352455891786e-03f);
    float q = ACTF_FMA(w, 1.19825839466702e-06f, 1.18534705686654e-04f);
    q = ACTF_FMA(q, w, 2.26843463243900e-03f);
    q = ACTF_FMA(q, w, 4.89352518554385e-03f);
    return c * (p / q);                           /* p/q ~ 1: subnormal x keeps its bits */
}

/*
 * elu(x, alpha) = x (x > 0) or alpha expm1(x), z = x clamped to [-20, 0]
 * (e^-20 < 2^-25, so -alpha exactly below).
 */
static inline float act_fast_elu_f32(float x, float alpha)
{
    float z = x > 0.0f ? 0.0f : x;                /* NaN passes */
    z = z < -20.0f ? -20.0f : z;
    return x > 0.0f ? x : alpha * actf__expm1_neg(z);
}

/*
 * softplus(x, beta, threshold) = x if beta x > threshold, else
 * (max(z, 0) + log1p(e))/beta, z = beta x, e = e^-|z| (two-step scale: the
 * z < -87 tail is subnormal and right).  log1p(e) = 2 atanh(s),
 * s = e/(2 + e) in [0, 1/3]: 2s (1 + s^2 R(s^2)), rel. error < 1e-8.
 */
ACT__INLINE float act_fast_softplus_f32(float x, float beta, float threshold)
{
    float zb = x * beta;
    float z = act__u2f(act__f2u(zb) | 0x80000000u);
    z = z < -104.0f ? -104.0f : z;
    float sc;
    float e = (actf__exp_neg(z, &sc) * sc) * ACTF_DOWN;
    float s = e / (2.0f + e);
    float w = s * s;
    float R = ACTF_FMA(w, 0x1.16edf2p-3f, 0x1.20475cp-3f);     /* ~1/9, ~1/7: fit */
    R = ACTF_FMA(R, w, 0x1.99bb0ep-3f);                         /* ~1/5 */
    R = ACTF_FMA(R, w, 0x1.555532p-2f);                         /* ~1/3 */
    float s2x = s + s;
    float l = ACTF_FMA(s2x * w, R, s2x);
    float pos = zb > 0.0f ? zb : 0.0f;
    float sp = (pos + l) / beta;
    return zb > threshold ? x : sp;
}

/*
 * mish(x) = x tanh(log(1 + e^x)) = x n/(n + 2), n = w(w + 2), w = e^x; for
 * x > 0 with u = e^-x: x (1 + 2u)/(1 + 2u + 2u^2).  e = e^-|x|, x e formed
 * before the last scale factor (subnormal tail right).  All terms positive.
 */
static inline float act_fast_mish_f32(float x)
{
    float z = act__u2f(act__f2u(x) | 0x80000000u);
    z = z < -150.0f ? -150.0f : z;
    float xc = x < -150.0f ? -150.0f : x;
    float sc;
    float ps = actf__exp_neg(z, &sc) * sc;
    float e = ps * ACTF_DOWN;
    float xe = (xc * ps) * ACTF_DOWN;
    float e2 = e + 2.0f;
    int pos = x > 0.0f;
    float num = pos ? x * ACTF_FMA(2.0f, e, 1.0f) : xe * e2;
    float den = pos ? ACTF_FMA(2.0f * e, e + 1.0f, 1.0f) : ACTF_FMA(e, e2, 2.0f);
    return num / den;
}

/*
 * gelu(x) = x Phi(x) = x sigmoid(g(x)), g = logit(Phi), an odd function:
 * g(x) ~ x P(x^2), P of degree 6 fitted on [0, 6] against the weight of g's
 * error in gelu's, |x| Phi (1 - Phi) (tools/smooth_coefficients.py
 * gelu_logit_fit): abs. error 2.0e-7 in exact arithmetic; the gate stays
 * within ~20% in the tail 4 < |x| < 6.  x P(x^2) increases to +inf (inf for
 * huge |x|, never NaN).  The gate (actf__xsigmoid87) stops at e^-87: x
 * above 6 gives x exactly; below -6, where |gelu| < 6e-9, the result is -0.
 * One exp, one division, no erfc.  AVX-512 runs vloops_avx512.h's fast gelu
 * instead (Phi from 16 polynomial pieces, no exp or division).
 */
static inline float act_fast_gelu_f32(float x)
{
    float w = x * x;
    float p = ACTF_FMA(w, 0x1.64a12cp-29f, -0x1.e2872ap-23f);
    p = ACTF_FMA(p, w, 0x1.ea68ccp-18f);
    p = ACTF_FMA(p, w, -0x1.bd9f3ep-14f);
    p = ACTF_FMA(p, w, -0x1.4c8d9cp-14f);
    p = ACTF_FMA(p, w, 0x1.29b7c8p-4f);
    p = ACTF_FMA(p, w, 0x1.9883e2p+0f);
    float y = actf__xsigmoid87(x, x * p);
    return x < -6.0f ? -0.0f : y;
}

/* float64: the accurate kernels */
#define ACTF_F64(name) \
static inline double act_fast_##name##_f64(double x) { return act_##name##_f64(x); }
#define ACTF_F64_1(name) \
static inline double act_fast_##name##_f64(double x, double p) { return act_##name##_f64(x, p); }
#define ACTF_F64_2(name) \
static inline double act_fast_##name##_f64(double x, double p, double q) \
{ return act_##name##_f64(x, p, q); }

#endif /* ACTCORE_MATH_FAST_F32_H */
