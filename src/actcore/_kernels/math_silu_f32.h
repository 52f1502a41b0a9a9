/*
 * actcore float32 kernels of x*sigmoid(v): silu, swish, gelu_tanh and their
 * derivatives, in float32 on FMA targets (AVX2+FMA, AVX-512).  The baseline
 * (no FMA) keeps the float64-inside kernels of math_smooth_f32.h.
 *
 * All of them are x * sigmoid(v) with v = x, beta*x or 2 sqrt(2/pi)
 * (x + 0.044715 x^3).  The sigmoid quotient of math_f32.h gives t =
 * sigmoid(-|v|) unrounded as T*2^-64, T = th + tl (th = q*2^(n+64) exact).
 * x*T is formed exactly (FMA), R = Y - x*T with Y = x*2^64 for v > 0
 * (x sigmoid(v) = x - x t) and 0 for v <= 0 is rounded once (Fast2Sum) and
 * scaled by +-2^-64 (subnormal tail: one more rounding after an error
 * < 2^-151).  v carries a low part vl (gelu_tanh: v is a cubic in
 * double-float; swish: beta*x split by FMA) fed to the exp core's reduced
 * argument: sigmoid(v)'s relative error grows like |v|*eps(v) otherwise.
 *
 * Derivatives: f' = s(v) (1 + a s(-v)), a = x v' (silu: a = v = x):
 * A (1 + a B) with (A, B) = (u, t) for v > 0 (no cancellation) and (t, u)
 * for v <= 0, every product with its exact error and 1 + a B by TwoSum.
 * At the zero x0 of f' (v < 0) 1 + a u cancels; u = 1 - t carries t's
 * error times t/u (0.28 there), so the result's relative error is about
 * 0.28 eps(t)/|x - x0|: the exp core keeps its low parts (acc) and within
 * 1/16 of x0 f' is a degree-7 Taylor polynomial in (x - x0hi) - x0lo
 * (x - x0hi exact by Sterbenz), the first term with an exact product
 * (constants: tools/silu_coefficients.py).
 *
 * Measured max error over every 17th float32 input (tools/accuracy_sweep.py,
 * AVX-512 and AVX2+FMA): 1 ulp for all six; unrounded error before the last
 * rounding (C harness against long double, every 97th input, AVX-512):
 * silu 1.047, silu' 0.76, gelu_tanh 0.78 (on the shared quotient),
 * gelu_tanh' 0.76, swish (beta 1.5, -0.7, 1e-3, 30, 1e-5, 3e-30) <= 1.25.
 * silu, swish and gelu_tanh on the exact-numerator quotient (rounded result
 * against double, AVX-512 and AVX2+FMA): silu 1.12 (every 7th input; the
 * shared-quotient kernel: 1.08), swish <= 1.47 over 16 betas incl. +-1e-36
 * and 1e-20 (every 97th input; before: 1.41), gelu_tanh 1.21 (every 13th,
 * AVX-512); never 2 ulps from the rounded reference.
 *
 * Rules as in math_f32.h: branchless, clamped exp arguments, x clamped so
 * no product overflows, NaN propagates, +-inf give the limits (-inf: -0).
 */
#ifndef ACTCORE_MATH_SILU_F32_H
#define ACTCORE_MATH_SILU_F32_H

#include <stdint.h>
#include <string.h>
#include "math_f32.h"

#if ACT__HAS_FMA

/* silu'(x) near x0 = -1.2784645427610737951: |x - x0| < 0.0625, degree 7, rel. error 7.9e-10 */
#define ACT__SILU_R0HI -0x1.474974p+0f
#define ACT__SILU_R0LO 0x1.bdf6fap-27f
#define ACT__SILU_C1HI 0x1.be141p-3f
#define ACT__SILU_C1LO 0x1.1814ap-29f
static const float ACT__SILU_RC[6] = {
    0x1.2c5634p-3f, 0x1.353eb6p-6f, -0x1.f2d0e4p-7f, -0x1.b0f82cp-8f, 0x1.098e92p-13f, 0x1.a2a7cap-11f
};
/* gelu_tanh'(x) near x0 = -0.75246142207101625849: |x - x0| < 0.0625, degree 7, rel. error 1.6e-09 */
#define ACT__GELU_TANH_R0HI -0x1.8142ap-1f
#define ACT__GELU_TANH_R0LO 0x1.85a06cp-27f
#define ACT__GELU_TANH_C1HI 0x1.b8bacep-2f
#define ACT__GELU_TANH_C1LO -0x1.a6d28ep-27f
static const float ACT__GELU_TANH_RC[6] = {
    0x1.8cd1a2p-2f, -0x1.029616p-6f, -0x1.d2b774p-4f, -0x1.104a84p-6f, 0x1.427996p-6f, 0x1.58c9eep-8f
};
/* gelu_tanh: v = K1 x + K3 x^3, v' = K1 + 3 K3 x^2, K1 = 2 sqrt(2/pi), K3 = 0.044715 K1 */
#define ACT__GT_K1HI 0x1.988454p+0f
#define ACT__GT_K1LO -0x1.857936p-25f
#define ACT__GT_K3HI 0x1.2444f2p-4f
#define ACT__GT_K3LO 0x1.49b16ap-29f
#define ACT__GT_3K3HI 0x1.b6676cp-3f
#define ACT__GT_3K3LO -0x1.175e2p-32f
#define ACT__ZMIN -116.0f                         /* x e^x, 1000 e^x round to 0 below */

/* t = sigmoid(-|v|) = (th + tl) 2^-64 and u = 1 - t = uh + ul */
typedef struct { float th, tl, uh, ul; act__sigq o; } act__tu;

ACT__INLINE act__tu act__sigmoid_tu_fma(float vh, float vl, int acc)
{
    act__tu r;
    float z = act__u2f(act__f2u(vh) | 0x80000000u); /* -|v| */
    float zl = vh > 0.0f ? -vl : vl;
    z = z < ACT__ZMIN ? ACT__ZMIN : z;            /* NaN passes */
    r.o = act__sigmoid_q_fma(z, zl, acc);
    r.th = r.o.q * r.o.S64;                       /* exact */
    r.tl = r.o.c * ACT__FMA(-r.th, r.o.S, r.o.S64); /* c * 2^(n+64)/d */
    r.uh = ACT__FMA(-r.o.q, r.o.S, 1.0f);
    r.ul = ACT__FMA(-r.o.q, r.o.S, 1.0f - r.uh);  /* 1 - uh exact */
    r.ul = ACT__FMA(-r.tl, 0x1p-64f, r.ul);
    return r;
}

/*
 * x * sigmoid(v) * K, z + zl = -|v| (z in [-116, 0] or NaN; swish's
 * |x| >= 2^17 tail: [-194, 0] with eadd = 128 << 23, T scaled by 2^128),
 * sv = sign bit of v, K = 2^(kexp-127) (2^-64 normally, 1 when the caller
 * scaled x by 2^-64), |x| <= 2^64.  T = sigmoid(-|v|) 2^64 = th (1 + c) by
 * act__sigmoid_neg_fma (math_f32.h, sigmoid's): t = s/(1 + s + w) with an
 * exact numerator, th = q 2^(n+64) by an exponent add, x th c ~ ph c.  x T =
 * ph - nl exactly (FMA); Y = x 2^64 for v > 0 (sign bit clear), else 0: R =
 * Y - x T by Fast2Sum (|Y| >= |x T|), rounded once, then R K or -R K
 * (subnormal tail: a second rounding after an error < 2^-151).  Masks, not
 * ?: (GCC would duplicate the tail per arm).
 */
ACT__INLINE float act__x_sigmoid_fma(float x, float z, float zl, uint32_t sv,
                                     uint32_t kbits, uint32_t eadd)
{
    float a = act__u2f(act__f2u(z) & 0x7fffffffu);  /* |v|, NaN */
    uint32_t E;
    float c;
    float q = act__sigmoid_neg_fma(a, zl, &E, &c);
    float th = act__u2f(act__f2u(q) + E + eadd);  /* q 2^(n+64) (x 2^128) */
    float ph = x * th;
    float nl = ACT__FMA(-x, th, ph);              /* -(x th - ph), exact */
    nl = ACT__FMA(-ph, c, nl);
    uint32_t neg = (uint32_t)((int32_t)sv >> 31);
    float Y = act__u2f(act__f2u(x * 0x1p64f) & ~neg);
    float s = Y - ph;
    float R = s + (((Y - s) - ph) + nl);
    return R * act__u2f(kbits | sv);
}

/*
 * sigmoid(v) (1 + a sigmoid(-v)) for v = vh + vl, a = ah + al with the sign
 * of v: A (1 + a B) with (A, B) = (u, t) for v > 0, (T, u) for v <= 0 (then
 * scaled by 2^-64), a B with its exact product error, 1 + a B by TwoSum, the
 * last product with its error, one rounding.  Near the zero of f' (v < 0)
 * 1 + a u cancels: u's error is t's times t/u (0.28 at silu's zero), so the
 * result's relative error is about 0.28 eps(t)/|x - x0|, kept small by the
 * accurate core outside the Taylor patch.
 */
ACT__INLINE float act__sigmoid_grad_fma(float vh, float vl, float ah, float al)
{
    act__tu s = act__sigmoid_tu_fma(vh, vl, 1);
    int pos = vh > 0.0f;
    float t2h = s.th * 0x1p-64f, t2l = s.tl * 0x1p-64f;
    float Ah = pos ? s.uh : s.th, Al = pos ? s.ul : s.tl;
    float Bh = pos ? t2h : s.uh, Bl = pos ? t2l : s.ul;
    float mh = ah * Bh;
    float ml = ACT__FMA(ah, Bh, -mh) + ACT__FMA(ah, Bl, al * Bh);
    float Mh = 1.0f + mh;                         /* TwoSum */
    float mb = Mh - mh;
    float Ml = ((1.0f - mb) + (mh - (Mh - mb))) + ml;
    float Gh = Ah * Mh;
    float Gl = ACT__FMA(Ah, Mh, -Gh) + ACT__FMA(Ah, Ml, Al * Mh);
    return (Gh + Gl) * (pos ? 1.0f : 0x1p-64f);
}

/* c1 d + d^2 P(d), d = (xh - r0h) + (xl - r0l) as dh + dl (Fast2Sum) */
ACT__INLINE float act__root_poly_f32(float xh, float xl, float r0h, float r0l,
                                       float c1h, float c1l, const float *c)
{
    float d0 = xh - r0h;                          /* exact near the root */
    float d1 = xl - r0l;
    float d = d0 + d1;
    float dl = d1 - (d - d0);
    float p = c[5];
    for (int k = 4; k >= 0; k--)
        p = ACT__FMA(p, d, c[k]);
    float Lh = c1h * d;
    float Ll = ACT__FMA(c1h, d, -Lh) + ACT__FMA(c1h, dl, c1l * d);
    return Lh + ACT__FMA(d * d, p, Ll);
}

/* k1 x + k3 x^3 = x (k1 + k3 x^2) as hi + lo (|x| <= 16, both terms one sign) */
ACT__INLINE float act__cubic_fma(float x, float k1h, float k1l, float k3h,
                                   float k3l, float *lo)
{
    float x2 = x * x;
    float x2l = ACT__FMA(x, x, -x2);
    float ph = k3h * x2;
    float pl = ACT__FMA(k3h, x2, -ph) + ACT__FMA(k3h, x2l, k3l * x2);
    float yh = k1h + ph;                          /* TwoSum */
    float yb = yh - k1h;
    float yl = ((k1h - (yh - yb)) + (ph - yb)) + (pl + k1l);
    float vh = x * yh;
    *lo = ACT__FMA(x, yh, -vh) + x * yl;
    return vh;
}

/* --------------------------------------------------------------- silu
 * silu(x) = x sigmoid(x); |x| clamped to 116 (silu(x) = x above 17, and
 * rounds to -0 below -108.7).  No low parts in the exp core: 5% faster.
 */
ACT__INLINE float act_silu_f32(float x)
{
    uint32_t ux = act__f2u(x);
    uint32_t ua = ux & 0x7fffffffu;
    ua = ua < 0x42e80000u ? ua : 0x42e80000u;     /* |x| <= 116; NaN too */
    float xc = act__u2f(ua | (ux & 0x80000000u));
    float z = act__u2f(ua | 0x80000000u);
    float r = act__x_sigmoid_fma(xc, z, 0.0f, ux & 0x80000000u, 0x1f800000u, 0);
    return x <= 64.0f ? r : x;                    /* silu(x) = x above; NaN */
}

/* swish'(x, beta) = silu'(z), z = beta x = zh + zl (FMA split) */
ACT__INLINE float act__silu_grad2_fma(float zh, float zl)
{
    float zc = zh < ACT__ZMIN ? ACT__ZMIN : zh;
    zc = zc > -ACT__ZMIN ? -ACT__ZMIN : zc;       /* NaN passes */
    zl = zc == zh ? zl : 0.0f;
    float g = act__sigmoid_grad_fma(zc, zl, zc, zl);
    float near = act__root_poly_f32(zh, zl, ACT__SILU_R0HI, ACT__SILU_R0LO,
                                    ACT__SILU_C1HI, ACT__SILU_C1LO, ACT__SILU_RC);
    float d = zh - ACT__SILU_R0HI;
    return (d < 0x1p-4f) & (d > -0x1p-4f) ? near : g;
}

/* silu'(x) = s(x) (1 + x s(-x)) */
ACT__INLINE float act_silu_grad_f32(float x)
{
    return act__silu_grad2_fma(x, 0.0f);
}

/*
 * swish(x, beta) = x sigmoid(v), v = beta x = vh + vl (FMA split); beta = 1
 * gives silu's results.  |x| >= 2^17: x scaled by 2^-64 and K = 1 (no
 * overflow in x T) while v >= -66; below, x T would come near the subnormal
 * range (its error terms below it: 2 ulps at beta = 1e-5, x = -1.0225e7),
 * so T is scaled by 2^64 more (T 2^64 = t 2^128) and K = 2^-64; below v =
 * -116, x e^v may still be nonzero (down to v = -192.7): -|v| is clamped to
 * -194 (not -116) for every lane, and on those x is scaled by 2^-128 and T
 * by 2^128 instead (q 2^(n+192) stays normal; the exponent field of q
 * 2^(n+64) would wrap).  Else |v| > 116: x or +-0 (the selects also cover
 * the lanes whose T wrapped).
 */
ACT__INLINE float act_swish_f32(float x, float beta)
{
    float vh = beta * x;
    float vl = ACT__FMA(beta, x, -vh);
    uint32_t uv = act__f2u(vh), sv = uv & 0x80000000u;
    float z = act__u2f(uv | 0x80000000u);
    z = z < -194.0f ? -194.0f : z;                /* NaN passes */
    float zl = act__u2f(act__f2u(vl) ^ sv ^ 0x80000000u); /* -|v| = z + zl */
    uint32_t ux = act__f2u(x);
    int big = (ux & 0x7fffffffu) >= 0x48000000u;  /* |x| >= 2^17 */
    int tail = vh < ACT__ZMIN;
    int useb = big & tail;
    int usef = big & (vh < -66.0f);               /* x t may be < 2^-78: T 2^64 */
    /* x 2^-64 or x 2^-128 by the exponent field (a product would be
     * evaluated on every lane, subnormal and slow on AVX2 for small x) */
    float xs = act__u2f(ux - (useb ? 128u << 23 : (big ? 64u << 23 : 0u)));
    float r = act__x_sigmoid_fma(xs, z, zl, sv,
                                 big & !usef ? 0x3f800000u : 0x1f800000u,
                                 useb ? 128u << 23 : (usef ? 64u << 23 : 0u));
    int zero = tail & !(big & (vh >= -194.0f));
    r = zero ? act__u2f(ux & 0x80000000u) : r;
    return vh > -ACT__ZMIN ? x : r;
}

ACT__INLINE float act_swish_grad_f32(float x, float beta)
{
    float zh = beta * x;
    return act__silu_grad2_fma(zh, ACT__FMA(beta, x, -zh));
}

/* ---------------------------------------------------------- gelu_tanh
 * gelu_tanh(x) = x sigmoid(v), v = K1 x + K3 x^3 as vh + vl (double-float,
 * relative error ~2^-46); x clamped to [-16, 16] (gelu_tanh(x) = x above).
 * On silu's exact-numerator quotient with vl in the reduced
 * argument (1.16 -> 1.06 ns/el against the shared quotient with the core's
 * low parts) and integer clamps, v's sign taken from x's (0.86):
 * rounded result against double <= 1.21 ulp (every 13th input, AVX-512),
 * 1 ulp over all 2^32 inputs (AVX-512, AVX2+FMA).
 */
ACT__INLINE float act_gelu_tanh_f32(float x)
{
    uint32_t ux = act__f2u(x), sx = ux & 0x80000000u;
    uint32_t ua = ux & 0x7fffffffu;
    ua = ua < 0x41800000u ? ua : 0x41800000u;     /* |x| <= 16; NaN too */
    float xc = act__u2f(ua | sx);
    float vl;
    float vh = act__cubic_fma(xc, ACT__GT_K1HI, ACT__GT_K1LO, ACT__GT_K3HI,
                              ACT__GT_K3LO, &vl);
    uint32_t uz = act__f2u(vh) | 0x80000000u;     /* -|v|, never NaN */
    uz = uz < 0xc2e80000u ? uz : 0xc2e80000u;     /* >= -116 */
    float zl = act__u2f(act__f2u(vl) ^ sx ^ 0x80000000u);   /* -|v| = z + zl */
    float r = act__x_sigmoid_fma(xc, act__u2f(uz), zl, sx, 0x1f800000u, 0);
    return x <= 16.0f ? r : x;                    /* x above; NaN */
}

/* gelu_tanh'(x) = s(v) (1 + x v' s(-v)), a = x v' = K1 x + 3 K3 x^3 */
ACT__INLINE float act_gelu_tanh_grad_f32(float x)
{
    float xc = x < -16.0f ? -16.0f : x;
    xc = xc > 16.0f ? 16.0f : xc;
    float vl, al;
    float vh = act__cubic_fma(xc, ACT__GT_K1HI, ACT__GT_K1LO, ACT__GT_K3HI,
                              ACT__GT_K3LO, &vl);
    float ah = act__cubic_fma(xc, ACT__GT_K1HI, ACT__GT_K1LO, ACT__GT_3K3HI,
                              ACT__GT_3K3LO, &al);
    float g = act__sigmoid_grad_fma(vh, vl, ah, al);
    float near = act__root_poly_f32(x, 0.0f, ACT__GELU_TANH_R0HI, ACT__GELU_TANH_R0LO,
                                    ACT__GELU_TANH_C1HI, ACT__GELU_TANH_C1LO,
                                    ACT__GELU_TANH_RC);
    float d = x - ACT__GELU_TANH_R0HI;
    return (d < 0x1p-4f) & (d > -0x1p-4f) ? near : g;
}

#endif /* ACT__HAS_FMA */
#endif /* ACTCORE_MATH_SILU_F32_H */
