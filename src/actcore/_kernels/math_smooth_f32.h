/*
 * actcore float32 kernels of the exp-based smooth activations and of erf/erfc.
 *
 * Plain branchless C for the auto-vectorizer, like math_f32.h (whose float
 * cores exp/expm1/log1p are used as they are).  These functions are
 * compositions of several transcendental steps (x*sigmoid(x), tanh(softplus),
 * erfc, ...): carried out in float32, each step adds a rounding and the result
 * lands at 1.5-3 ULP.  So the float32 kernels widen x to double, evaluate a
 * double-precision formulation accurate to about 1e-10 (relative; 6e-9 for
 * erf, erfc and gelu, which do not amplify it), and round once: the error is
 * 0.5 ULP plus at most 0.1 ULP.  On AVX2 that costs half the lanes; it is
 * still far below the memory-bound cost of the NumPy idioms (measured:
 * tools/smooth_speed.py).  FMA targets fuse the double steps explicitly
 * (ACT__FMAD); the polynomial degrees are the least that keep the bounds.
 *
 * A float32 erf/erfc/gelu (erfc = e^-t^2 R(t), R a float fit) was costed and
 * left out: R needs a transform such as u = 1/(t + K) and degree ~10 for 2^-27
 * over t in [0.5, 10], and its inner roundings and the rounding of u must be
 * carried as hi+lo pairs to stay under 1 ULP; a prototype with that op count
 * (~50 multiplies/FMAs per 16 lanes, the port that bounds these loops) ran
 * 1.18 ns/element at 256K on AVX-512, no faster than this double gelu.
 * Costed again without the division (h = Phi(-|x|) directly on [0, 1], R a
 * degree-9 polynomial on [1, 3.5], R = u G(u^2), u = 1/|x| beyond, float exp
 * core, hi+lo products): 1.39 against 1.16 ns in a C loop.  Every lane runs
 * every piece, and the relative accuracy the Gaussian tail of gelu, gelu'
 * and erfc needs costs float32 its factor of two.  erf needs neither (its
 * tail is 1 - erfc, absolute error suffices): on FMA targets it is float32.
 * On AVX-512 per-lane coefficient tables (vpermps) remove the every-lane-
 * every-piece cost: there gelu and erfc are float32 (vloops_avx512.h, 0.80
 * against 1.14 and 0.72 against 1.09 ns/element).
 *
 * Rules as in math_f32.h: no libm, no intrinsics, selects on computed values,
 * every exp argument clamped (no overflow into a selected result, never
 * inf*0 or inf-inf), NaN propagates through every path.
 *
 * Near the one zero of silu', mish', gelu' and gelu_tanh' the two terms of
 * f' cancel: there (|x - x0| < 1/64) f' is a Taylor polynomial in x - x0 with
 * x0 a double-double, so the result keeps its relative accuracy right up to
 * the zero.  Constants: tools/smooth_coefficients.py.
 */
#ifndef ACTCORE_MATH_SMOOTH_F32_H
#define ACTCORE_MATH_SMOOTH_F32_H

#include <stdint.h>
#include <string.h>
#include "math_f32.h"

static inline uint64_t act__d2u(double f) { uint64_t u; memcpy(&u, &f, sizeof u); return u; }
static inline double act__u2d(uint64_t u) { double f; memcpy(&f, &u, sizeof f); return f; }

#define ACT__D_LN2HI 0x1.62e42feep-1           /* 32 bits: n*LN2HI exact for |n| < 2^21 */
#define ACT__D_LN2LO 0x1.a39ef35793c76p-33
#define ACT__D_LN2   0x1.62e42fefa39efp-1
#define ACT__SELU_SCALE 0x1.0cfabd6a91132p+0     /* 1.0507009873554804934... */
#define ACT__SELU_SA    0x1.c212cc640f031p+0     /* scale * alpha, alpha = 1.6732632423543772848... */
#define ACT__RSQRT2     0x1.6a09e667f3bcdp-1     /* 1/sqrt(2) */
#define ACT__RSQRT2PI   0x1.9884533d43651p-2     /* 1/sqrt(2 pi) */
#define ACT__SQRT2_PI   0x1.9884533d43651p-1     /* sqrt(2/pi) */
#define ACT__SQRT2_2P5  0x1.c48c6001f0ac0p+1     /* 2.5 sqrt(2) */

/* erfc(t) = exp(-t^2) P((t - 2.5)/(t + 2.5)) on [0, 10.6]: rel. error 3.26e-11 */
static const double ACT__ERFC_P[13] = {
    0x1.afbb3f3b66dbap-3, -0x1.7ca88dea82c7dp-2, 0x1.01c11a73e561bp-2,
    -0x1.001154e5a5abdp-3, 0x1.470ba321ad2e1p-5, -0x1.05b9e2ca591d8p-8,
    -0x1.5a5817ea63121p-9, 0x1.caf52aac8d0d0p-11, 0x1.df1c6676c0004p-13,
    -0x1.0a7de517ffc3bp-13, -0x1.1c718997ea833p-15, 0x1.032d7ed6cd2b0p-16,
    0x1.9960433c1ae1dp-18
};
/* the same with degree 10: rel. error 2.69e-09 */
static const double ACT__ERFC_PS[11] = {
    0x1.afbb3f46e89c2p-3, -0x1.7ca88da2a379fp-2, 0x1.01c117c66372cp-2,
    -0x1.0011661a01abdp-3, 0x1.470d164dcf153p-5, -0x1.05a3aa4ce4e60p-8,
    -0x1.5ade7cf4936a7p-9, 0x1.c7749f5690902p-11, 0x1.f17cce49214cep-13,
    -0x1.d004d8541cfa7p-14, -0x1.3c4339860995fp-15
};
/* erf(x) = 1 - exp(-t^2) P((t - 2.5)/(t + 2.5)) on [0.5, 6]: error relative to erf 1.91e-10 */
static const double ACT__ERF_P[7] = {
    0x1.afbb4c7f0cb19p-3, -0x1.7ca7ee21a7511p-2, 0x1.01c61a4829f4bp-2,
    -0x1.ffe286c2faaf6p-4, 0x1.474259e890634p-5, -0x1.1b9cab0c84b8cp-8,
    -0x1.ce64ed23d8b53p-9
};
/* erf(x) = x S(x^2) on |x| < 0.5: rel. error 1.20e-11 */
static const double ACT__ERF_S[6] = {
    0x1.20dd75041ad9ep+0, -0x1.8127466de3e98p-2, 0x1.ce2ef17ef58d9p-4,
    -0x1.b8200fa379c9bp-6, 0x1.54ce25e748d2bp-8, -0x1.934cbd5aa6f5cp-11
};
/* silu'(x) near its zero x0 = -1.2784645427610737951: sum c_k (x - x0)^k, k = 1..9, |x - x0| < 0.015625 */
#define ACT__SILU_X0HI -0x1.474973c84120bp+0
#define ACT__SILU_X0LO -0x1.f8d74bc9ac154p-54
static const double ACT__SILU_ROOT[9] = {
    0x1.be1410460527fp-3, 0x1.2c563458cc0adp-3, 0x1.353eb573ca457p-6,
    -0x1.f2d0e32bc2994p-7, -0x1.b0f82c498fd2fp-8, 0x1.098e92b8f076dp-13,
    0x1.a2a7caf0ee747p-11, 0x1.8574d136d4cb4p-13, -0x1.57238dca12615p-15
};
/* mish'(x) near its zero x0 = -1.1924312145154952121: sum c_k (x - x0)^k, k = 1..9, |x - x0| < 0.015625 */
#define ACT__MISH_X0HI -0x1.31432c0d12d84p+0
#define ACT__MISH_X0LO -0x1.bf319154da210p-55
static const double ACT__MISH_ROOT[9] = {
    0x1.115acb42500bbp-2, 0x1.a34a251d8ad7bp-3, 0x1.574f121a868dbp-5,
    -0x1.4c222fe64d4fbp-6, -0x1.03369d4ac90fap-6, -0x1.b87ddfb51b745p-9,
    0x1.1e5e184a0fe00p-10, 0x1.03799182b217fp-10, 0x1.0a7954e868670p-12
};
/* gelu'(x) near its zero x0 = -0.75179152469356445746: sum c_k (x - x0)^k, k = 1..9, |x - x0| < 0.015625 */
#define ACT__GELU_X0HI -0x1.80ead197f00b4p-1
#define ACT__GELU_X0LO 0x1.13e74c58cada8p-56
static const double ACT__GELU_ROOT[9] = {
    0x1.b9d98fa5a3215p-2, 0x1.8d9a941de3ac5p-2, -0x1.2a2ef9bb865aep-6,
    -0x1.d2fa4c17c7e84p-4, -0x1.e4088244f901dp-7, 0x1.3e346def42057p-6,
    0x1.297b9d6ffaacdp-8, -0x1.258a6d85633afp-9, -0x1.8680f74e6b6bap-11
};
/* gelu_tanh'(x) near its zero x0 = -0.75246142207101625849: sum c_k (x - x0)^k, k = 1..9, |x - x0| < 0.015625 */
#define ACT__GELU_TANH_X0HI -0x1.81429f9e97e4dp-1
#define ACT__GELU_TANH_X0LO 0x1.4f523ed77dbdcp-55
static const double ACT__GELU_TANH_ROOT[9] = {
    0x1.b8bacd2c96b91p-2, 0x1.8cd1a2b2fff33p-2, -0x1.029615edb077ap-6,
    -0x1.d2b77346470abp-4, -0x1.104a83edc0ddcp-6, 0x1.427996dc249cep-6,
    0x1.58c9ed713486cp-8, -0x1.3d8d64170bb72p-9, -0x1.e63f294331885p-11
};

/* a*b + c in double, fused on FMA targets (-std=c11 never contracts) */
#if ACT__HAS_FMA
#define ACT__FMAD(a, b, c) __builtin_fma((a), (b), (c))
#else
#define ACT__FMAD(a, b, c) ((a) * (b) + (c))
#endif

static inline double act__poly(const double *c, int n, double x)
{
    double r = c[n - 1];
    for (int k = n - 2; k >= 0; k--)
        r = ACT__FMAD(r, x, c[k]);
    return r;
}

/* x - x0 for x near x0 = hi + lo: x - hi is exact (Sterbenz) */
static inline double act__root_poly(const double *c, double x, double hi, double lo)
{
    double d = (x - hi) - lo;
    return d * act__poly(c, 9, d);
}
#define ACT__NEAR(x, hi) (((x) - (hi) < 0x1p-6) & ((x) - (hi) > -0x1p-6))

/*
 * e^z = 2^n (1 + m), m = e^r - 1 = r + r^2 Q(r), Q a degree-5 minimax fit
 * (rel. error of e^r 5.2e-11 on |r| <= ln2/2; the float32 results need
 * ~1e-9 even where f' cancels 34-64x next to the root intervals).  For z in
 * [-708, 708] or NaN (callers clamp): n = round(z/ln2) by the 1.5*2^52
 * magic bias, whose low bits, shifted into the exponent field, give 2^n.
 * Q by Estrin for a short dependency chain.
 */
ACT__INLINE double act__expm1r_d(double z, double *scale)
{
    const double magic = 0x1.8p52;
    double t = ACT__FMAD(z, 0x1.71547652b82fep0, magic);
    double nf = t - magic;
    double r = ACT__FMAD(nf, -ACT__D_LN2HI, z);    /* exact */
    r = ACT__FMAD(nf, -ACT__D_LN2LO, r);
    double r2 = r * r;
    double q01 = ACT__FMAD(0x1.5555544292de0p-3, r, 0x1.0000003a47f3ep-1);
    double q23 = ACT__FMAD(0x1.1112713e5819ep-7, r, 0x1.55548d714f1b7p-5);
    double q45 = ACT__FMAD(0x1.9f0869b8ad496p-13, r, 0x1.6d8d54c1812e1p-10);
    double q = ACT__FMAD(ACT__FMAD(q45, r2, q23), r2, q01);
    *scale = act__u2d((act__d2u(t) + 1023) << 52);
    return ACT__FMAD(r2, q, r);
}
ACT__INLINE double act__exp_d(double z)       /* z in [-708, 708] or NaN */
{
    double s;
    double m = act__expm1r_d(z, &s);
    return ACT__FMAD(s, m, s);
}
static inline double act__expm1_d(double z)     /* z in [-40, 40] or NaN */
{
    double s;
    double m = act__expm1r_d(z, &s);
    double r = ACT__FMAD(s, m, s - 1.0);          /* s - 1 exact; no cancellation */
    return z == 0.0 ? z : r;                      /* expm1(-0) = -0 */
}
static inline double act__clamp_d(double z, double lo, double hi)
{
    z = z < lo ? lo : z;                          /* NaN passes both */
    return z > hi ? hi : z;
}

/* sigmoid(z) and sigmoid(-z) from e = e^-|z|: no cancellation anywhere */
ACT__INLINE double act__sigmoid2_d(double z, double *sm)
{
    double a = z < 0 ? -z : z;
    double e = act__exp_d(a > 700.0 ? -700.0 : -a);
    double r = 1.0 / (1.0 + e);
    double er = e * r;
    *sm = z > 0 ? er : r;
    return z > 0 ? r : er;                        /* NaN: e*r is NaN */
}

/*
 * log1p(e) for e in [0, 1] or NaN: m = 1 + e with its rounding error c,
 * m = 2^k f with f in [sqrt(1/2), sqrt(2)), log f = 2 atanh(s),
 * s = (f - 1)/(f + 1), |s| < 0.172 (series to s^11: rel. error < 6e-11).
 */
static inline double act__log1p01_d(double e)
{
    double m = 1.0 + e;
    double c = e - (m - 1.0);                     /* exact */
    int big = m > 0x1.6a09e667f3bcdp0;
    double f = big ? 0.5 * m : m;                 /* exact */
    double g = f - 1.0;                           /* exact */
    double s = g / (2.0 + g);
    double s2 = s * s;
    double s4 = s2 * s2;
    double B = ACT__FMAD(1.0 / 11, s4, ACT__FMAD(1.0 / 9, s2, 1.0 / 7));
    double R = ACT__FMAD(B, s4, ACT__FMAD(1.0 / 5, s2, 1.0 / 3));
    double lf = ACT__FMAD(2.0 * s, s2 * R, 2.0 * s);
    /* c/m: c is below ulp(m)/2, so 1/m ~ 1.5 - m/2 (off by < 12%, exact at
     * m = 1 where c = e may be the whole result) is plenty and saves a division */
    return (big ? ACT__D_LN2 : 0.0) + ACT__FMAD(c, ACT__FMAD(-0.5, m, 1.5), lf);
}

/* e^z (half = 0) or e^z / 2 (half = 1, free in the exponent: 2^(n-1) is
 * normal for z >= -708) as act__exp_d with a degree-4 Q (rel. error 3.1e-9)
 * and a one-constant ln2 reduction (its error, n (ln2 - LN2), is below
 * 1e-13 even on the FMA-free target): for erf, erfc and gelu, which do not
 * amplify it (<= 0.06 ULP) */
static inline double act__exp6_d(double z, int half)   /* z in [-708, 708] or NaN */
{
    const double magic = 0x1.8p52;
    double t = ACT__FMAD(z, 0x1.71547652b82fep0, magic);
    double nf = t - magic;
    double r = ACT__FMAD(nf, -ACT__D_LN2, z);    /* |n| <= 1100: error < 1e-13 */
    double r2 = r * r;
    double q01 = ACT__FMAD(0x1.555491026a8a7p-3, r, 0x1.fffffb978f0abp-2);
    double q23 = ACT__FMAD(0x1.123a2049eb2d1p-7, r, 0x1.5558f3048b836p-5);
    double q = ACT__FMAD(ACT__FMAD(0x1.6a23c6b534d7ep-10, r2, q23), r2, q01);
    double s = act__u2d((act__d2u(t) + (uint64_t)(1023 - half)) << 52);
    return ACT__FMAD(s, ACT__FMAD(r2, q, r), s);
}

/*
 * erfc(t) = E P(y), E = e^-t^2, y = (t - 2.5)/(t + 2.5), for t >= 0 or NaN,
 * t clamped to 10.6; t2 = t^2 exactly.  half = 1: erfc(t)/2 and E/2.  The
 * caller passes s = k t and K = 2.5 k (gelu: s = |x|, k = sqrt2, y unchanged
 * and no multiply).  fit (a constant once inlined): 1 the degree-12 fit and
 * the shared exp (rel. 1e-10 together: gelu' cancels up to 34x next to its
 * root interval); 0 the degree-10 fit and act__exp6_d (rel. 6e-9, <= 0.1 ULP
 * for erfc and gelu, which amplify it at most ~1x); 2 for erf (t in [0.5, 6])
 * a degree-6 fit whose error is weighted by erfc/erf, the factor by which
 * 1 - erfc scales it (1.9e-10 relative to erf).
 */
static inline double act__erfc_core_d(double s, double K, double t2, double *E,
                                      int fit, int half)
{
    int over = s > 10.6 / 2.5 * K;
    s = over ? 10.6 / 2.5 * K : s;
    t2 = over ? 10.6 * 10.6 : t2;
    double y = (s - K) / (s + K);
    *E = fit == 1 ? (half ? 0.5 : 1.0) * act__exp_d(-t2) : act__exp6_d(-t2, half);
    double P = fit == 1 ? act__poly(ACT__ERFC_P, 13, y)
             : fit == 2 ? act__poly(ACT__ERF_P, 7, y) : act__poly(ACT__ERFC_PS, 11, y);
    return *E * P;
}

/* ---------------------------------------------------------------- erf, erfc
 * erf = x S(x^2) for |x| < 0.5, else sign(x) (1 - erfc(|x|)) with erfc from
 * the short erf fit (ACT__ERF_P); erfc(x) = 2 - erfc(|x|) for x < 0.
 * Measured (--step 17, baseline): 1 ULP.  AVX-512 runs vloops_avx512.h's
 * float32 erfc (e^(-t^2) times a piecewise erfcx; 1 ULP over all 2^32).
 *
 * FMA targets, erf in float32 without exp or division: t = |x|;
 * t < 0.875: x S(t^2), S of degree 6 (relative fit), its last Horner step
 * and the rounding of t^2 kept as a low part, x (Sh + Sl) rounded once;
 * t in [0.875, 2) and [2, 3.84]: erf(t) itself, degree 9 and 10 in
 * t - centre (absolute fits, 0.02 and 0.07 x 2^-24: the result is in
 * [0.78, 1], so absolute accuracy is all it needs), last Horner step
 * compensated; t clamped to 3.84 (erf rounds to 1 from 3.8325).  All three
 * pieces run on every lane (GCC evaluates the selected polynomials in full
 * anyway) and still cost about half the float64 kernel.
 * Measured: 1 ULP (--step 17 avx512 and avx2, --step 5 avx512; unrounded
 * error <= 0.81 against glibc erf over every 11th input; all 2^32 on AVX2).
 * AVX-512 runs vloops_avx512.h's erf instead: the same small form, then 16
 * pieces whose coefficients each lane picks by vpermps (1 ULP, all 2^32).
 */
#if ACT__HAS_FMA
/* float32 erf piece S (centre 0x0p+0f): rel. error 2.00e-10 */
static const float ACT__ERF32_S[7] = {
    0x1.20dd76p+0f, -0x1.812744p-2f, 0x1.ce2e84p-4f, -0x1.b819a8p-6f,
    0x1.553abep-8f, -0x1.ae7fb4p-11f, 0x1.6bdfbap-14f
};
#define ACT__ERF32_S_LO -0x1.f99d46p-25f
/* float32 erf piece M (centre 0x1.7p+0f): abs. error 0.019 x 2^-24 */
static const float ACT__ERF32_M[10] = {
    0x1.ea773p-1f, 0x1.24a7b6p-3f, -0x1.a4b12ap-3f, 0x1.319ceep-3f,
    -0x1.3daef8p-5f, -0x1.705346p-6f, 0x1.595bbp-6f, -0x1.a7351cp-9f,
    -0x1.a77a5cp-9f, 0x1.793ec6p-10f
};
#define ACT__ERF32_M_LO 0x1.e708cep-26f
#define ACT__ERF32_M_C 0x1.7p+0f
/* float32 erf piece T (centre 0x1.75c29p+1f): abs. error 0.071 x 2^-24 */
static const float ACT__ERF32_T[11] = {
    0x1.fffb3cp-1f, 0x1.d4d4e8p-13f, -0x1.56502ep-11f, 0x1.39fac2p-10f,
    -0x1.90f6a4p-10f, 0x1.73f7e8p-10f, -0x1.00e0e2p-10f, 0x1.071c4p-11f,
    -0x1.2b6042p-13f, -0x1.043264p-15f, 0x1.008c1ap-15f
};
#define ACT__ERF32_T_LO 0x1.05516cp-28f
#define ACT__ERF32_T_C 0x1.75c29p+1f
#define ACT__ERF32_T0 0x1.cp-1f
#define ACT__ERF32_TM 0x1p+1f
#define ACT__ERF32_T1 0x1.eb851ep+1f

/* c[1..n-1] by Horner in float: the caller does the last step */
static inline float act__polyf1(const float *c, int n, float x)
{
    float r = c[n - 1];
    for (int k = n - 2; k >= 1; k--)
        r = ACT__FMA(r, x, c[k]);
    return r;
}

static inline float act_erf_f32(float x)
{
    float a = act__u2f(act__f2u(x) & 0x7fffffffu);
    float t = a > ACT__ERF32_T1 ? ACT__ERF32_T1 : a;   /* NaN passes */
    float v = t * t;
    float vlo = ACT__FMA(t, t, -v);
    float ps = act__polyf1(ACT__ERF32_S, 7, v);
    float Sh = ACT__FMA(ps, v, ACT__ERF32_S[0]);
    float Sl = ACT__FMA(ps, v, ACT__ERF32_S[0] - Sh)    /* S[0] - Sh exact */
             + ACT__FMA(vlo, ps, ACT__ERF32_S_LO);
    float ys = ACT__FMA(x, Sh, x * Sl);
    float d1 = t - ACT__ERF32_M_C, d2 = t - ACT__ERF32_T_C;
    float p1 = act__polyf1(ACT__ERF32_M, 10, d1);
    float p2 = act__polyf1(ACT__ERF32_T, 11, d2);
    int mid = t < ACT__ERF32_TM;
    float p = mid ? p1 : p2, d = mid ? d1 : d2;
    float c0 = mid ? ACT__ERF32_M[0] : ACT__ERF32_T[0];
    float h = ACT__FMA(p, d, c0);
    float l = ACT__FMA(p, d, c0 - h) + (mid ? ACT__ERF32_M_LO : ACT__ERF32_T_LO);
    float y = t < ACT__ERF32_T0 ? ys : h + l;
    return act__u2f(act__f2u(y) | (act__f2u(x) & 0x80000000u));   /* x's sign; erf(-0) = -0 */
}
#else
static inline float act_erf_f32(float x)
{
    double xd = x;
    double a = xd < 0 ? -xd : xd;
    double small = xd * act__poly(ACT__ERF_S, 6, xd * xd);
    double t = a > 6.0 ? 6.0 : a;                 /* erf rounds to +-1 from 3.92 */
    double E;
    double big = 1.0 - act__erfc_core_d(t, 2.5, t * t, &E, 2, 0);
    big = xd < 0 ? -big : big;
    return (float)(a < 0.5 ? small : big);
}

#endif

static inline float act_erfc_f32(float x)
{
    double xd = x;
    double a = xd < 0 ? -xd : xd;
    double E;
    double c = act__erfc_core_d(a, 2.5, xd * xd, &E, 0, 0);
    return (float)(xd < 0 ? 2.0 - c : c);
}

/* -------------------------------------------------------- silu and swish
 * swish(x, beta) = x sigmoid(beta x), silu = swish(x, 1);
 * swish'(x, beta) = s(z) (1 + z s(-z)) = silu'(z), z = beta x (exact in double).
 */
static inline float act__swish_d_f32(float x, float beta)
{
    double sm, xd = x;
    double s = act__sigmoid2_d(xd * (double)beta, &sm);
    return (float)((xd < -0x1p128 ? -0x1p128 : xd) * s);   /* -inf: -2^128 e^-700 -> -0 */
}
#if !ACT__HAS_FMA   /* FMA targets: math_silu_f32.h */
static inline float act_silu_f32(float x)
{
    double sm, xd = x;
    double s = act__sigmoid2_d(xd, &sm);
    return (float)((xd < -800.0 ? -800.0 : xd) * s);   /* -inf: -800 * e^-700 -> -0 */
}
static inline float act_swish_f32(float x, float beta) { return act__swish_d_f32(x, beta); }
ACT__INLINE double act__silu_grad_d(double z)
{
    double sm;
    double s = act__sigmoid2_d(z, &sm);
    double zc = act__clamp_d(z, -800.0, 800.0);
    double g = s * (1.0 + zc * sm);
    double near = act__root_poly(ACT__SILU_ROOT, z, ACT__SILU_X0HI, ACT__SILU_X0LO);
    return ACT__NEAR(z, ACT__SILU_X0HI) ? near : g;
}
static inline float act_silu_grad_f32(float x) { return (float)act__silu_grad_d(x); }
ACT__INLINE float act_swish_grad_f32(float x, float beta)
{
    return (float)act__silu_grad_d((double)x * (double)beta);
}
#endif

/* ------------------------------------------------------------------- mish
 * mish(x) = x tanh(softplus(x)).  With w = e^x, tanh(log(1 + w)) = n/(n + 2),
 * n = w(w + 2); for x > 0, with u = e^-x, (1 + 2u)/(1 + 2u + 2u^2).  One
 * e = e^-|x| serves both, no log and no cancellation.
 * mish'(x) = t + x sech^2(sp) sigmoid(x) = t + 4 x w (w + 1)/(n + 2)^2
 *          = t + 4 x u^2 (1 + u)/D^2 for x > 0.
 */
static inline double act__mish_t(double xd, double *e_out, double *q_out)
{
    double a = xd < 0 ? -xd : xd;
    double e = act__exp_d(a > 700.0 ? -700.0 : -a);
    int pos = xd > 0;
    double num = pos ? 1.0 + 2.0 * e : e * (e + 2.0);
    double den = num + (pos ? 2.0 * (e * e) : 2.0);
    double q = 1.0 / den;
    *e_out = e;
    *q_out = q;
    return num * q;
}
#if !ACT__HAS_FMA   /* FMA targets: math_elu_f32.h */
static inline float act_mish_f32(float x)
{
    double e, q, xd = x;
    double t = act__mish_t(xd, &e, &q);
    return (float)((xd < -800.0 ? -800.0 : xd) * t);
}
#endif
ACT__INLINE float act_mish_grad_f32(float x)
{
    double e, q, xd = x;
    double t = act__mish_t(xd, &e, &q);
    double xc = act__clamp_d(xd, -800.0, 800.0);
    double g = t + 4.0 * xc * (e * (1.0 + e)) * (xd > 0 ? e : 1.0) * (q * q);
    double near = act__root_poly(ACT__MISH_ROOT, xd, ACT__MISH_X0HI, ACT__MISH_X0LO);
    return (float)(ACT__NEAR(xd, ACT__MISH_X0HI) ? near : g);
}

/* ------------------------------------------------------------------- gelu
 * gelu(x) = x Phi(x), Phi(x) = erfc(-x/sqrt2)/2: for x < 0 that is h =
 * erfc(|x|/sqrt2)/2 (no cancellation: gelu(-10) = -7.7e-23), for x >= 0
 * 1 - h.  t^2 = x^2/2 is exact in double, and y = (t - 2.5)/(t + 2.5) is
 * formed from |x| and 2.5 sqrt2 (no rounding of |x|/sqrt2).  gelu'(x) =
 * Phi(x) + x phi(x), phi(x) = e^(-x^2/2)/sqrt(2 pi) = E/sqrt(2 pi), the E of
 * erfc's core (there the degree-12 fit: next to the root interval the terms
 * cancel up to 34x).  Measured (--step 17, avx512, avx2, baseline): 1 ULP.
 * AVX-512 runs vloops_avx512.h's float32 gelu instead (e^(-t^2/2) times a
 * piecewise R(t), hi + lo products; 1 ULP over all 2^32).
 */
static inline float act_gelu_f32(float x)
{
    double xd = x, E;
    double a = xd < 0 ? -xd : xd;
    double h = act__erfc_core_d(a, ACT__SQRT2_2P5, 0.5 * (xd * xd), &E, 0, 1);
    double xc = xd < -15.0 ? -15.0 : xd;
    return (float)(xc * (xd < 0 ? h : 1.0 - h));
}
ACT__INLINE float act_gelu_grad_f32(float x)
{
    double xd = x, Eh;
    double a = xd < 0 ? -xd : xd;
    double h = act__erfc_core_d(a, ACT__SQRT2_2P5, 0.5 * (xd * xd), &Eh, 1, 1);
    double xc = act__clamp_d(xd, -15.0, 15.0);
    double g = (xd < 0 ? h : 1.0 - h) + xc * (Eh * (2.0 * ACT__RSQRT2PI));
    /* |d| < 1/64: the Taylor series cut at d^5 is off by < 1e-10 relative */
    double dn = (xd - ACT__GELU_X0HI) - ACT__GELU_X0LO;
    double near = dn * act__poly(ACT__GELU_ROOT, 5, dn);
    return (float)(ACT__NEAR(xd, ACT__GELU_X0HI) ? near : g);
}

/* gelu_tanh(x) = 0.5 x (1 + tanh(u)) = x sigmoid(2u), u = sqrt(2/pi)(x + 0.044715 x^3);
 * gelu_tanh'(x) = s(2u) + 2 x u' s(2u) s(-2u), u' = sqrt(2/pi)(1 + 3*0.044715 x^2). */
#if !ACT__HAS_FMA   /* FMA targets: math_silu_f32.h */
static inline float act_gelu_tanh_f32(float x)
{
    double sm, xd = x;
    double xc = act__clamp_d(xd, -800.0, 800.0);
    double v = 2.0 * ACT__SQRT2_PI * (xc + 0.044715 * (xc * xc * xc));
    double s = act__sigmoid2_d(v, &sm);
    return (float)((xd < -800.0 ? -800.0 : xd) * s);
}
static inline float act_gelu_tanh_grad_f32(float x)
{
    double sm, xd = x;
    double xc = act__clamp_d(xd, -800.0, 800.0);
    double x2 = xc * xc;
    double v = 2.0 * ACT__SQRT2_PI * (xc + 0.044715 * (x2 * xc));
    double s = act__sigmoid2_d(v, &sm);
    double dv = 2.0 * ACT__SQRT2_PI * (1.0 + 3.0 * 0.044715 * x2);
    double g = s + xc * dv * (s * sm);
    double near = act__root_poly(ACT__GELU_TANH_ROOT, xd, ACT__GELU_TANH_X0HI,
                                 ACT__GELU_TANH_X0LO);
    return (float)(ACT__NEAR(xd, ACT__GELU_TANH_X0HI) ? near : g);
}
#endif

#endif /* ACTCORE_MATH_SMOOTH_F32_H */
