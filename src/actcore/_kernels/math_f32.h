/*
 * actcore float32 scalar math core.
 *
 * Plain branchless C meant to be inlined into `for (i) y[i] = f(x[i]);` loops
 * and auto-vectorized by GCC (SSE2, AVX2+FMA, AVX-512).  No libm, no
 * intrinsics.  Selects are `c ? a : b` on computed values; exponent tricks go
 * through memcpy.  Floating-point flags may be raised (callers clear them);
 * no result depends on traps.
 *
 * Error bounds are max |y - ref| in ulps of the correctly rounded float32
 * reference over all 2^32 inputs, measured both without FMA (-O3) and with
 * FMA contraction (-O3 -mavx2 -mfma).  Every step's bound holds with or
 * without contraction (a*b+c fused or not).
 */
#ifndef ACTCORE_MATH_F32_H
#define ACTCORE_MATH_F32_H

#include <stdint.h>
#include <string.h>

static inline uint32_t act__f2u(float f) { uint32_t u; memcpy(&u, &f, sizeof u); return u; }
static inline float act__u2f(uint32_t u) { float f; memcpy(&f, &u, sizeof f); return f; }
/* 2^k for -126 <= k <= 127 */
static inline float act__pow2i(int32_t k) { return act__u2f((uint32_t)(k + 127) << 23); }

/*
 * FMA targets (AVX2+FMA, AVX-512) use fused multiply-adds explicitly: the
 * package builds with -std=c11, which turns contraction off, so `a*b + c`
 * would never fuse.  __builtin_fmaf becomes vfmadd there; on targets without
 * FMA it would be a libm call, so the baseline keeps the FMA-free code.
 */
#if defined(__FMA__) || defined(__AVX512F__)
#define ACT__HAS_FMA 1
#define ACT__FMA(a, b, c) __builtin_fmaf((a), (b), (c))
#else
#define ACT__HAS_FMA 0
#endif

/* large kernels inlined into the loops whatever GCC's size heuristics say
 * (a call in a loop kills its vectorization) */
#if defined(__GNUC__)
#define ACT__INLINE static inline __attribute__((always_inline))
#else
#define ACT__INLINE static inline
#endif

#define ACT__INF   __builtin_inff()
#define ACT__LN2HI 0x1.62e4p-1f            /* 16 bits: n*LN2HI exact for |n| < 256 */
#define ACT__LN2LO 0x1.7f7d1cp-20f         /* ln2 - LN2HI */
/* e^r = 1 + r + r^2 Q(r), Q = Q0 + Q1 r + ... + Q4 r^4 (minimax, rel. error
 * 2^-28 on |r| <= 0.354 with these float32 coefficients): every accurate
 * float32 exp core (exp, expm1, the sigmoid family, the softmax rows) */
#define ACT__EXPQ0 0x1.fffffcp-2f
#define ACT__EXPQ1 0x1.555486p-3f
#define ACT__EXPQ2 0x1.5558c2p-5f
#define ACT__EXPQ3 0x1.124338p-7f
#define ACT__EXPQ4 0x1.6a4cdcp-10f

/*
 * x clamped to [lo, hi] (given as bit patterns, lo < 0 < hi) by two integer
 * minima, NaN kept: adding 2^23 - 1 to the bits moves every NaN pattern (and
 * only those) below all others, +-inf still above the bounds.  Four integer
 * instructions; a float compare and blend costs more on AVX-512 than the
 * whole clamp.  SSE2 has no 32-bit integer minimum: there act__clamp_bits
 * selects on x, but act__clamp_lo stays integer (emulated): with a float
 * clamp of the exp argument GCC built a second, constant-folded copy of
 * gelu_tanh for the clamped lanes, computed on every lane, whose product
 * underflowed and stalled every vector (3x slower); the integer clamp is
 * opaque to that.
 */
static inline float act__clamp_bits(float x, uint32_t hi, uint32_t lo)
{
#if ACT__HAS_FMA
    const uint32_t k = 0x7fffffu;
    uint32_t v = act__f2u(x) + k;
    int32_t sv = (int32_t)v;                      /* x > hi (and +inf): hi */
    sv = sv > (int32_t)(hi + k) ? (int32_t)(hi + k) : sv;
    v = (uint32_t)sv;                             /* x < lo (and -inf): lo */
    v = v > lo + k ? lo + k : v;
    return act__u2f(v - k);
#else
    float z = x > act__u2f(hi) ? act__u2f(hi) : x;   /* SSE2: no 32-bit integer min */
    return x < act__u2f(lo) ? act__u2f(lo) : z;
#endif
}

/* max(x, lo) for lo < 0 given as bits, NaN kept (the bias wraps NaNs below lo) */
static inline float act__clamp_lo(float x, uint32_t lo)
{
    const uint32_t k = 0x7fffffu;
    uint32_t v = act__f2u(x) + k;
    v = v > lo + k ? lo + k : v;
    return act__u2f(v - k);
}

/*
 * 2^n as two normal factors, e^z = (p * s1) * s2 for the exp kernels: t is
 * z/ln2 + ACT__EXP_MAGIC (the magic-bias sum whose low bits are n + 254),
 * z the argument clamped to [-104, 88.8].  s2 = 2^(64h + 1), h = round(z/128)
 * by a float add of 1.5*2^30 (h's low bits land where one shift makes them an
 * exponent), s1 = 2^(n - 64h - 1): both normal for every n in [-150, 128], so
 * a subnormal result is rounded once, by the last product, and e^88.8
 * overflows.  Four integer/float ops; the split n/2, n - n/2 took seven.
 */
#define ACT__EXP_MAGIC (0x1.8p23f + 254.0f)
#define ACT__EXP_HI 0x42b1999au                /* 88.8: the exps' argument clamp, as bits */
#define ACT__EXP_LO 0xc2d00000u                /* -104 */
static inline float act__pow2_split(float t, float z, float *s2)
{
    uint32_t s2b = act__f2u(z + (0x1.8p30f + 256.0f)) << 29;
    *s2 = act__u2f(s2b);
    return act__u2f((act__f2u(t) << 23) - s2b);
}

/*
 * e^z = 2^n * (p + plo), for finite z in [-106, 89] (NaN propagates to p).
 * n = round(z/ln2) by the 1.5*2^23 magic bias; r = z - n*ln2 by Cody-Waite
 * with the rounding error of the second step kept in rlo; e^r = 1 + r +
 * r^2*Q(r), Q a degree-4 minimax fit (rel. error 2^-28 on |r| <= 0.354 with
 * float32 coefficients).  p = e^r rounded once (1 + r kept exact as a
 * Fast2Sum pair) and plo the remainder, so p + plo carries e^r to ~2^-28.
 */
ACT__INLINE float act__expcore(float z, int32_t *n, float *plo)
{
    const float magic = 0x1.8p23f;
    float t = z * 0x1.715476p0f + magic;          /* fused or not: |r| <= 0.354 */
    *n = (int32_t)(act__f2u(t) - 0x4B400000u);
    float nf = t - magic;
    float r1 = z - nf * ACT__LN2HI;               /* exact */
    float c = nf * ACT__LN2LO;
    float r = r1 - c;
    float rlo = (r1 - r) - c;                     /* rounding error of r */
    float q = ACT__EXPQ0 + r * (ACT__EXPQ1 + r * (ACT__EXPQ2
            + r * (ACT__EXPQ3 + r * ACT__EXPQ4)));
    float w = (r * r) * q + rlo;
    float a = 1.0f + r;
    float alo = r - (a - 1.0f);                   /* exact (Fast2Sum) */
    float tl = alo + w;
    float pe = a + tl;                            /* e^r rounded once */
    *plo = tl - (pe - a);                         /* |plo| <~ ulp(pe)/2 */
    return pe;
}

#if !ACT__HAS_FMA   /* the FMA targets' exp and expm1 are at the end of the file */
/*
 * exp(x) = 2^n * e^r.  Same reduction as the core without the compensation
 * (cheaper; the unrounded error stays < 0.8 ulp): T = 1 + (r + r^2*Q(r)),
 * then T * 2^(n-n/2) * 2^(n/2) so a subnormal result is rounded only by the
 * last product.  x clamped to [-104, 88.8]: below -103.98 the result rounds
 * to 0, above 88.73 to +inf.  Measured: 1 ulp (unrounded error <= 1.01).
 */
static inline float act_exp_f32(float x)
{
    float z = x < -104.0f ? -104.0f : x;
    z = z > 88.8f ? 88.8f : z;                    /* NaN passes both */
    const float magic = 0x1.8p23f;
    float t = z * 0x1.715476p0f + magic;
    int32_t n = (int32_t)(act__f2u(t) - 0x4B400000u);
    float nf = t - magic;
    float r = z - nf * ACT__LN2HI;                /* exact */
    r = r - nf * ACT__LN2LO;
    float q = ACT__EXPQ0 + r * (ACT__EXPQ1 + r * (ACT__EXPQ2
            + r * (ACT__EXPQ3 + r * ACT__EXPQ4)));
    float T = 1.0f + (r + (r * r) * q);
    int32_t n1 = n >> 1;
    return (T * act__pow2i(n - n1)) * act__pow2i(n1);
}

/*
 * expm1(x) = 2^n * ((1 - 2^-n) + e^r - 1), summed as (cc + r) + small with
 * the rounding error of cc + r kept (Fast2Sum, |cc| >= |r| or cc = 0), so the
 * cancellation for n = +-1 costs nothing.  cc = 1 - 2^-n is split in two when
 * it is not a float (|n| >= 25).  Clamp to [-18, 88.8]; -0 and tiny x return
 * x.  Measured: 1 ulp (unrounded error <= 1.01).
 */
static inline float act_expm1_f32(float x)
{
    float z = x < -18.0f ? -18.0f : x;
    z = z > 88.8f ? 88.8f : z;
    int32_t n; float plo;
    float p = act__expcore(z, &n, &plo);
    float r = p - 1.0f;                           /* exact: p = fl(1+r) */
    float rlo = plo;                              /* e^r - 1 = r + rlo  */
    int32_t nc = n > 100 ? 100 : n;
    float two = act__pow2i(-nc);                  /* 2^-n (n >= -26)     */
    float cc = n > 24 ? 1.0f : (n < -24 ? -two : 1.0f - two);
    float cl = n > 24 ? -two : (n < -24 ? 1.0f : 0.0f);
    float A = cc + r;
    float Alo = r - (A - cc);
    float T = A + (Alo + (rlo + cl));
    float res = (T + T) * act__pow2i(n - 1);
    uint32_t ax = act__f2u(x) & 0x7fffffffu;
    return ax < 0x33000000u ? x : res;            /* |x| < 2^-25, keeps -0 */
}
#endif

/*
 * log(m + c) for m > 0 finite, |c| <= ulp(m)/2:  m = 2^k*f, f in
 * [sqrt(.5), sqrt(2)), g = f - 1 exact.  log f = g - hg + s*(hg + R(s^2)),
 * s = g/(2+g), hg = g^2/2 (fdlibm form: the rounded terms are < 1/4 of the
 * result).  Returns H = k*LN2HI + g (exact when |k| <= 1) and lo, the rest.
 */
static inline float act__logcore(float m, float c, int32_t *k, float *g)
{
    uint32_t im = act__f2u(m) + (0x3f800000u - 0x3f3504f3u);
    *k = (int32_t)(im >> 23) - 127;
    float f = act__u2f((im & 0x007fffffu) + 0x3f3504f3u);
    float gg = f - 1.0f;
    float s = gg / (2.0f + gg);
    float zz = s * s;
    float R = zz * (0x1.55558ap-1f + zz * (0x1.995186p-2f + zz * 0x1.33199ap-2f));
    float hg = 0.5f * (gg * gg);
    int32_t kc = *k > 100 ? 100 : (*k < -100 ? -100 : *k);
    /* c/m = c * 2^-k / f, 1/f ~ 1 - g + g^2 - g^3: c/m is a sub-ulp term */
    float invm = act__pow2i(-kc) * (1.0f - gg * (1.0f - gg * (1.0f - gg)));
    *g = gg;
    return (s * (hg + R) - hg) + ((float)*k * ACT__LN2LO + c * invm);
}

/*
 * log1p(x): m = fl(1+x), c = exact rounding error (Fast2Sum), then logcore.
 * Final sum k*LN2HI + g + lo is ordered so only one rounding is visible.
 * Measured: 1 ulp (unrounded error <= 0.92).
 */
static inline float act_log1p_f32(float x)
{
    float m = 1.0f + x;
    float c = x < 1.0f ? x - (m - 1.0f) : 1.0f - (m - x);
    float mm = (m > 0.0f) & (m < ACT__INF) ? m : 1.0f; /* keep logcore finite */
    int32_t k; float g;
    float lo = act__logcore(mm, c, &k, &g);
    float kf = (float)k;
    float hi = kf * ACT__LN2HI + g;               /* exact for |k| <= 1 */
    float res = (k >= -1 && k <= 1) ? hi + lo : kf * ACT__LN2HI + (g + lo);
    float sp = x < -1.0f ? __builtin_nanf("") : x; /* NaN, +inf pass through */
    sp = x == -1.0f ? -ACT__INF : sp;
    int ok = (x > -1.0f) & (x < ACT__INF);
    res = ok ? res : sp;
    uint32_t ax = act__f2u(x) & 0x7fffffffu;
    return ax < 0x33000000u ? x : res;            /* |x| < 2^-25, keeps -0 */
}

#if ACT__HAS_FMA
/*
 * e^(z + zlo) = 2^n * (1 + w) for z in [-116, 0] (NaN propagates to w),
 * |zlo| small (a low part of the argument; -0 when there is none).
 * n = round(z/ln2) by the magic bias 1.5*2^23 + bias, whose low bits give
 * S = 2^(n+bias-127) by one shift (bias 191: 2^(n+64), always normal); r = z - n*ln2 (rr2, the
 * first step exact); w = e^r - 1 = r + r^2*Q(r) with Q the degree-4 fit of
 * the exp core, evaluated Estrin-style for a short dependency chain, and
 * returned as w + wlo, wlo the rounding error of the last FMA (|r^2*Q| <
 * |r|/4, so r - w is exact).  acc (a constant): r's rounding error and zlo
 * go into wlo too (to first order), so w + wlo carries e^r - 1 to ~2^-28
 * (the rounding of Q's evaluation); without it zlo is added to r.
 */
ACT__INLINE float act__expm1_core2_fma(float z, float zlo, int acc, float bias,
                                         float *S64, float *wlo)
{
    const float magic = 0x1.8p23f + bias;
    float t = ACT__FMA(z, 0x1.715476p0f, magic);
    *S64 = act__u2f(act__f2u(t) << 23);
    float nf = t - magic;
    float r1 = ACT__FMA(nf, -ACT__LN2HI, z);      /* exact */
    float c = nf * ACT__LN2LO;
    float r = acc ? r1 - c : ACT__FMA(nf, -ACT__LN2LO, r1 + zlo);
    float rlo = ((r1 - r) - c) + zlo;             /* r1 - r exact */
    float r2 = r * r;
    float A = ACT__FMA(ACT__EXPQ1, r, ACT__EXPQ0);
    float B = ACT__FMA(ACT__EXPQ3, r, ACT__EXPQ2);
    float E = ACT__FMA(ACT__EXPQ4, r2, B);
    float D = ACT__FMA(E, r2, A);
    float w = ACT__FMA(D, r2, r);
    float lo = ACT__FMA(D, r2, r - w);            /* r - w exact */
    *wlo = acc ? ACT__FMA(rlo, w, rlo) + lo : lo;
    return w;
}

static inline float act__expm1_core_fma(float z, float bias, float *S64,
                                        float *wlo)
{
    return act__expm1_core2_fma(z, -0.0f, 0, bias, S64, wlo);
}

/*
 * The sigmoid quotient: for e = e^(z + zlo) = S*(P + Plo) (S = 2^n,
 * S64 = 2^(n+64), z in [-116, 0]), t = e/(1 + e) unrounded as
 * 2^-64 * (q*S64 + c*(S64 - q*S64*S)): d = 1 + S + S*w rounded once with its
 * error dlo (the sum (1 - d) + S is exact), q = P/d, the exact remainder
 * P - q*d (FMA), dlo and Plo in one first-order correction c (1/d =
 * 1 - S*q).  acc: wlo (see the core) is kept in P's low part.
 */
typedef struct { float q, c, S, S64, P, Plo; } act__sigq;

ACT__INLINE act__sigq act__sigmoid_q_fma(float z, float zlo, int acc)
{
    act__sigq o;
    float wlo;
    float w = act__expm1_core2_fma(z, zlo, acc, 191.0f, &o.S64, &wlo);
    o.S = o.S64 * 0x1p-64f;                       /* 2^n, or 0 */
    float d = ACT__FMA(o.S, w, 1.0f + o.S);
    float dlo = ACT__FMA(o.S, w, (1.0f - d) + o.S); /* (1 - d) + S exact */
    o.P = 1.0f + w;
    o.Plo = w - (o.P - 1.0f);                     /* exact */
    if (acc) {
        o.Plo = o.Plo + wlo;
        dlo = ACT__FMA(o.S, wlo, dlo);
    }
    o.q = o.P / d;
    float rem = ACT__FMA(-o.q, d, o.P);           /* exact */
    o.c = ACT__FMA(-o.q, dlo, o.Plo) + rem;
    return o;
}

/*
 * The exact-numerator sigmoid quotient: for a = |v| in [0, 116] (or NaN),
 * zl the low part of -|v| (+0 when there is none: r1 - 0 folds away),
 * t = sigmoid(-|v|) = s/(1 + s + w) with e^|v| = 2^-n (1 + w), s = 2^n
 * (n <= 0), w = e^r - 1 the core's polynomial at r = |v| + n ln2 (rr2).  The
 * numerator is exact, so one division q = 1/dh and one correction suffice:
 * dh + dl = (1 + s) + w by Fast2Sum plus the rounding error of 1 + s
 * (n < -23), rem = 1 - q dh exact (FMA), *c = rem - q dl; then t 2^64 =
 * q 2^(n+64) (1 + c), where q 2^(n+64) = q with *E = (n + 64) << 23 added
 * to its bits (always normal).  Shared by sigmoid, silu and swish.
 */
ACT__INLINE float act__sigmoid_neg_fma(float a, float zl, uint32_t *E, float *c)
{
    const float magic = 0x1.8p23f + 64.0f;
    float t = ACT__FMA(a, -0x1.715476p0f, magic);
    *E = act__f2u(t) << 23;                       /* (n + 64) << 23 */
    float nf = t - magic;                         /* n */
    float r1 = ACT__FMA(nf, ACT__LN2HI, a);       /* exact */
    float r = ACT__FMA(nf, ACT__LN2LO, r1 - zl);
    float r2 = r * r;
    float A = ACT__FMA(ACT__EXPQ1, r, ACT__EXPQ0);
    float B = ACT__FMA(ACT__EXPQ3, r, ACT__EXPQ2);
    float C = ACT__FMA(ACT__EXPQ4, r2, B);
    float D = ACT__FMA(C, r2, A);
    float w = ACT__FMA(D, r2, r);                 /* e^r - 1 */
    int32_t sb = (int32_t)(*E + (63u << 23));
    float s = act__u2f((uint32_t)(sb > 0 ? sb : 0)); /* 2^n, 0 below 2^-126 */
    float a1 = 1.0f + s;
    float dh = a1 + w;
    float dl = ((a1 - dh) + w) + (s - (a1 - 1.0f)); /* all exact */
    float q = 1.0f / dh;
    float rem = ACT__FMA(-q, dh, 1.0f);           /* exact */
    *c = ACT__FMA(-q, dl, rem);
    return q;
}

/*
 * sigmoid(x) = t or 1 - t, t = sigmoid(-|x|) by the quotient above (|x|
 * clamped to 104 by an integer minimum that keeps NaN), formed at the scale
 * 2^(n+64) and rounded once by the last FMA: x > 0 ? 1 - t : t with the sign
 * and the 1 taken from x's bits (no compare).  30 vector ops, 16 of them on
 * the FMA unit (on the shared quotient above: 33 and 21).  Measured against
 * double (AVX-512 and AVX2+FMA, every 7th input): max error of the rounded
 * result 0.96 ulp (1.01 before); sweep (all 2^32 inputs, AVX-512): 1 ulp.
 */
ACT__INLINE float act_sigmoid_f32(float x)
{
    uint32_t ux = act__f2u(x);
    const uint32_t k = 0x7fffffu;                 /* NaN + k < 0: kept */
    int32_t va = (int32_t)((ux & 0x7fffffffu) + k);
    va = va > (int32_t)(0x42d00000u + k) ? (int32_t)(0x42d00000u + k) : va;
    float ax = act__u2f((uint32_t)va - k);        /* min(|x|, 104) */
    uint32_t E;
    float c;
    float q = act__sigmoid_neg_fma(ax, 0.0f, &E, &c);
    float qS = act__u2f(act__f2u(q) + E);         /* q 2^(n+64) */
    float t64 = ACT__FMA(c, qS, qS);
    float K1 = act__u2f((ux & 0x80000000u) ^ 0x9f800000u);   /* -+2^-64 */
    float K0 = ACT__FMA(K1, -0x1p63f, 0.5f);     /* 1 or 0 */
    return ACT__FMA(t64, K1, K0);                 /* 1 - t or t */
}
#else
/*
 * sigmoid(x) = 1/(1+e^-x).  e = exp(-|x|) = 2^n(p+plo); d = 1 + e with its
 * rounding error dlo; q = num/d with num = 1 (x > 0) or p (x <= 0, result
 * scaled by 2^n afterwards, in two steps so subnormal results round once);
 * then first-order correction q + (num_lo - q*dlo)/d, 1/d from q.
 * Measured: 1 ulp (unrounded error <= 1.16; bound on paper < 1.5).
 */
ACT__INLINE float act_sigmoid_f32(float x)
{
    uint32_t ux = act__f2u(x);
    float z = act__u2f(ux | 0x80000000u);         /* -|x| */
    z = z < -105.0f ? -105.0f : z;
    int32_t n; float plo;
    float p = act__expcore(z, &n, &plo);
    int32_t nd = n < -64 ? -64 : n;
    float Sd = act__pow2i(nd);
    float e = p * Sd, elo = plo * Sd;
    float d = 1.0f + e;
    float dlo = (e - (d - 1.0f)) + elo;
    int pos = x > 0.0f;
    /* bit select: written as ?: GCC duplicates the division per arm */
    uint32_t msk = (uint32_t)0 - (uint32_t)pos;
    float num = act__u2f((act__f2u(p) & ~msk) | (0x3f800000u & msk));
    float nlo = act__u2f(act__f2u(plo) & ~msk);
    float q = num / d;
    float invd = pos ? q : 1.0f - Sd * q;
    float t = q + (nlo - q * dlo) * invd;
    int32_t ns = pos ? 0 : n;
    return (t * act__pow2i(ns + 64)) * 0x1p-64f;
}
#endif

#if ACT__HAS_FMA
/*
 * The core of log_sigmoid (and of softplus, math_elu_f32.h): L = log1p(e^z)
 * for z <= 0 (clamped by the caller; NaN passes), as L*2^63 = hi + *lo, and
 * *s = e/(2+e) rounded (the atanh argument).
 */
ACT__INLINE float act__log1p_exp_fma(float z, float *lo, float *s)
{
    float S64, wlo;
    float w = act__expm1_core_fma(z, 191.0f, &S64, &wlo);
    float S = S64 * 0x1p-64f;
    float d = ACT__FMA(S, w, 2.0f + S);
    float dlo = ACT__FMA(S, w, (2.0f - d) + S);   /* (2 - d) + S exact */
    float P = 1.0f + w;
    float Plo = w - (P - 1.0f);                   /* exact */
    float q = P / d;
    float rem = ACT__FMA(-q, d, P);               /* exact */
    float c = ACT__FMA(-q, dlo, Plo) + rem;
    float sh = q * S64;                           /* exact */
    float sl = c * (ACT__FMA(-sh, S, S64) * 0.5f);
    float sr = q * S;
    float u = sr * sr;
    float u2 = u * u;
    float R = ACT__FMA(ACT__FMA(0x1.fab3b6p-4f, u2,
                                ACT__FMA(0x1.b5f568p-4f, u, 0x1.250044p-3f)), u2,
                       ACT__FMA(0x1.9997b4p-3f, u, 0x1.555556p-2f));
    *lo = ACT__FMA(sh * u, R, sl);
    *s = sr;
    return sh;
}

/*
 * log_sigmoid(x) = min(x,0) - L, L = log1p(e) = 2 atanh(s), e = e^-|x|,
 * s = e/(2+e) in [0, 1/3]: s from one division corrected as in sigmoid
 * (d = 2 + e, 1/d = (1 - s)/2) and kept as sh + sl at the scale 2^(n+64);
 * L = 2s + 2s^3 R(s^2), R a degree-4 fit of (atanh(s)/s - 1)/s^2 (rel.
 * error 2^-25).  x >= 0: -L rounded once after scaling back (subnormal tail
 * correct); x < 0: x - L by TwoSum so only the last addition rounds.
 * Measured (AVX2+FMA, all 2^32 inputs): 1 ulp (unrounded <= 1.024, at
 * x = 0x1.339c98p+5).
 */
static inline float act_log_sigmoid_f32(float x)
{
    float z = act__u2f(act__f2u(x) | 0x80000000u);
    z = z < -104.0f ? -104.0f : z;                /* NaN passes */
    float lo, sr;
    float sh = act__log1p_exp_fma(z, &lo, &sr);   /* L*2^63 = sh + lo */
    float rp = (sh + lo) * -0x1p-63f + 0.0f;      /* -L; +0 if it underflows */
    float Lh = sh * 0x1p-63f;
    float X = x < -0x1p100f ? -0x1p100f : x;
    float s1 = X - Lh;                            /* TwoSum */
    float bb = s1 - X;
    float err = (X - (s1 - bb)) + (-Lh - bb);
    float rn = s1 + ACT__FMA(lo, -0x1p-63f, err);
    rn = x >= -0x1p100f ? rn : x;                 /* -inf, NaN */
    return x >= 0.0f ? rp : rn;
}
#else
/*
 * log_sigmoid(x) = min(x,0) - log1p(e), e = exp(-|x|) as a hi+lo pair fed to
 * logcore; min(x,0) - H by TwoSum so only the last addition rounds.
 * Measured: 1 ulp (unrounded error <= 1.11).
 */
static inline float act_log_sigmoid_f32(float x)
{
    float y = act__u2f(act__f2u(x) | 0x80000000u);
    y = y < -105.0f ? -105.0f : y;
    int32_t n; float plo;
    float p = act__expcore(y, &n, &plo);
    float S = act__pow2i(n + 64);
    float e = (p * S) * 0x1p-64f;                 /* rounded once */
    float elo = (plo * S) * 0x1p-64f;
    float m = 1.0f + e;
    float c = (e - (m - 1.0f)) + elo;
    int32_t k; float g;
    float lo = act__logcore(m, c, &k, &g);
    float H = (float)k * ACT__LN2HI + g;          /* exact, k in {0,1} */
    float X = x < 0.0f ? x : 0.0f;
    X = X < -0x1p100f ? -0x1p100f : X;
    float s = X - H;                              /* TwoSum */
    float bb = s - X;
    float err = (X - (s - bb)) + (-H - bb);
    float res = s + (err - lo);
    return x < -0x1p100f ? x : res;
}
#endif

#if ACT__HAS_FMA
/*
 * tanh(x) = sign(x) * (1 - e)/(1 + e), e = e^-2|x| = 2^n*(1 + w), n >= -27
 * (|x| clamped to 9.5, where tanh rounds to 1).  num = (1 - 2^n) - 2^n*w
 * and den = (1 + 2^n) + 2^n*w each rounded once with exact errors (1 - 2^n
 * split by Fast2Sum when n < -24), q = num/den, exact remainder by FMA and
 * one first-order correction with 1/den = (1 + q)/2.  Without wlo the
 * cancellation in 1 - e for small |x| costs up to 1.46 ulp unrounded.
 * Measured (AVX2+FMA, all 2^32 inputs): 1 ulp (unrounded <= 0.905, at
 * x = 0x1.b322a4p-4).  AVX-512 runs vloops_avx512.h's tanh instead
 * (piecewise polynomials, no exp or division; 1 ulp, all 2^32).
 */
static inline float act_tanh_f32(float x)
{
    uint32_t ux = act__f2u(x);
    float z = act__u2f(ux | 0x80000000u);
    z = z + z;                                    /* -2|x|, exact */
    z = z < -19.0f ? -19.0f : z;                  /* NaN passes */
    float S, wlo;
    float w = act__expm1_core_fma(z, 127.0f, &S, &wlo); /* S = 2^n */
    float oneS = 1.0f - S;
    float e1 = (1.0f - oneS) - S;                 /* 1 - S = oneS + e1 */
    float nhi = ACT__FMA(-S, w, oneS);
    float nlo = ACT__FMA(-S, w, oneS - nhi) + e1; /* oneS - nhi exact */
    nlo = ACT__FMA(-S, wlo, nlo);
    float d = ACT__FMA(S, w, 1.0f + S);
    float dlo = ACT__FMA(S, w, (1.0f - d) + S);   /* (1 - d) + S exact */
    dlo = ACT__FMA(S, wlo, dlo);
    float q = nhi / d;
    float rem = ACT__FMA(-q, d, nhi);             /* exact */
    float c = ACT__FMA(-q, dlo, nlo) + rem;
    float t = ACT__FMA(c, ACT__FMA(q, 0.5f, 0.5f), q);
    return act__u2f(act__f2u(t) ^ (ux & 0x80000000u));
}
#else
/*
 * tanh(x) = sign(x) * (1 - e)/(1 + e), e = exp(-2|x|) = 2^n(p+plo), n >= -28.
 * Both 1 - e and 1 + e are carried as hi+lo pairs (exact Fast2Sum), so there
 * is no cancellation for small |x|; q = num/den plus a first-order
 * correction, 1/den = (1 + q)/2.  |x| clamped to 9.5 (tanh rounds to 1).
 * Measured: 1 ulp (unrounded error <= 1.40, the tightest of the set).
 */
static inline float act_tanh_f32(float x)
{
    uint32_t ux = act__f2u(x);
    float a = act__u2f(ux & 0x7fffffffu);
    a = a > 9.5f ? 9.5f : a;
    int32_t n; float plo;
    float p = act__expcore(-2.0f * a, &n, &plo);
    float S = act__pow2i(n);
    float e = p * S, elo = plo * S;
    float den = 1.0f + e;
    float dlo = (e - (den - 1.0f)) + elo;
    float num = 1.0f - e;
    float nlo = ((1.0f - num) - e) - elo;
    float q = num / den;
    float invd = (1.0f + q) * 0.5f;
    float t = q + (nlo - q * dlo) * invd;
    return act__u2f(act__f2u(t) | (ux & 0x80000000u));
}
#endif

#if ACT__HAS_FMA
/*
 * k * e/(1+e)^2 for e = e^z, z = -|x| or -2|x| (NaN passes), z clamped to
 * -106 (the result rounds to 0 below).  t = e/(1+e) as in sigmoid but kept
 * unrounded as th + tl at the scale 2^(n+64); u = 1 - t = 1/(1+e) as
 * uh + ul (1 - uh exact); t*u with the exact product error (FMA), summed
 * once and scaled by k*2^-64 (one rounding, also for subnormal results).
 */
ACT__INLINE float act__sech2q_fma(float z, float k64)
{
    z = z < -106.0f ? -106.0f : z;
    act__sigq o = act__sigmoid_q_fma(z, -0.0f, 0);
    float q = o.q, c = o.c, S = o.S, S64 = o.S64;
    float th = q * S64;                           /* exact */
    float tl = c * ACT__FMA(-th, S, S64);         /* c * 2^(n+64)/d */
    float uh = ACT__FMA(-q, S, 1.0f);
    float ul = ACT__FMA(-q, S, 1.0f - uh);        /* 1 - uh exact */
    ul = ACT__FMA(-tl, 0x1p-64f, ul);
    float gh = th * uh;
    float gl = ACT__FMA(th, uh, -gh);             /* exact */
    gl = gl + ACT__FMA(th, ul, tl * uh);
    return (gh + gl) * k64;
}

/* sigmoid'(x) = sigmoid(x)*sigmoid(-x) = e/(1+e)^2, e = exp(-|x|).
 * Measured (AVX2+FMA, all 2^32 inputs): 1 ulp (unrounded <= 1.024). */
static inline float act_sigmoid_grad_f32(float x)
{
    return act__sech2q_fma(act__u2f(act__f2u(x) | 0x80000000u), 0x1p-64f);
}

/* d/dx log_sigmoid(x) = sigmoid(-x): the sigmoid bound (1 ulp, all inputs) */
static inline float act_log_sigmoid_grad_f32(float x)
{
    return act_sigmoid_f32(-x);
}

/* tanh'(x) = 1 - tanh^2 = 4e/(1+e)^2, e = exp(-2|x|): no cancellation.
 * Measured (AVX2+FMA, all 2^32 inputs): 1 ulp (unrounded <= 1.024). */
static inline float act_tanh_grad_f32(float x)
{
    float z = act__u2f(act__f2u(x) | 0x80000000u);
    z = z < -60.0f ? -60.0f : z;                  /* 2z stays finite */
    return act__sech2q_fma(z + z, 0x1p-62f);
}
#else
/*
 * e^-y / (1 + e^-y)^2 for y >= 0 (or NaN), y clamped to 106.  e from the
 * float core, the quotient in double: one final rounding (measured 1 ulp,
 * unrounded error <= 0.69).  Double costs speed; these are not hot paths.
 */
static inline float act__sech2q(float y, double mult)
{
    y = y > 106.0f ? 106.0f : y;
    int32_t n; float plo;
    float p = act__expcore(-y, &n, &plo);
    int32_t n1 = n >> 1;
    double S = (double)act__pow2i(n - n1) * (double)act__pow2i(n1);
    double e = ((double)p + (double)plo) * S;
    double d = 1.0 + e;
    return (float)(mult * e / (d * d));
}

/* sigmoid'(x) = sigmoid(x)*sigmoid(-x) = e/(1+e)^2, e = exp(-|x|) */
static inline float act_sigmoid_grad_f32(float x)
{
    return act__sech2q(act__u2f(act__f2u(x) & 0x7fffffffu), 1.0);
}

/* d/dx log_sigmoid(x) = sigmoid(-x) */
static inline float act_log_sigmoid_grad_f32(float x)
{
    return act_sigmoid_f32(-x);
}

/* tanh'(x) = 1 - tanh^2 = 4e/(1+e)^2, e = exp(-2|x|): no cancellation */
static inline float act_tanh_grad_f32(float x)
{
    float a = act__u2f(act__f2u(x) & 0x7fffffffu);
    a = a > 53.0f ? 53.0f : a;
    return act__sech2q(a + a, 4.0);
}
#endif

#if ACT__HAS_FMA
/*
 * exp(x), FMA targets: the reduction of act__expcore with fused steps, e^r =
 * 1 + (r + r^2*Q(r)) (Q the core's degree-4 fit), 2^n applied as two normal
 * factors (act__pow2_split: a subnormal result is rounded once, by the last
 * product; e^88.8 overflows).  x clamped to [-104, 88.8] by integer minima
 * (NaN kept).  21 vector ops against the portable version's 31; on
 * AVX-512 the same steps run as an explicit loop with vminps/vmaxps and
 * vscalefps (vloops_avx512.h): 14.
 * Measured (AVX-512 and AVX2+FMA, all 2^32 inputs): 1 ulp.
 */
static inline float act_exp_f32(float x)
{
    float z = act__clamp_bits(x, ACT__EXP_HI, ACT__EXP_LO);
    float t = ACT__FMA(z, 0x1.715476p0f, ACT__EXP_MAGIC);
    float nf = t - ACT__EXP_MAGIC;
    float r = ACT__FMA(nf, -ACT__LN2HI, z);       /* exact */
    r = ACT__FMA(nf, -ACT__LN2LO, r);
    float r2 = r * r;
    float A = ACT__FMA(ACT__EXPQ1, r, ACT__EXPQ0);
    float B = ACT__FMA(ACT__EXPQ3, r, ACT__EXPQ2);
    float q = ACT__FMA(ACT__FMA(ACT__EXPQ4, r2, B), r2, A);
    float T = 1.0f + ACT__FMA(r2, q, r);
    float s2, s1 = act__pow2_split(t, z, &s2);
    return (T * s1) * s2;
}

/*
 * expm1(x) = 2^n (1 + w) - 1 = 2 (S w + (S - 1/2)), S = 2^(n-1) (normal for
 * n in [-25, 128]; the factor 2 is exact or overflows correctly), w + wlo =
 * e^r - 1 from the shared core.  h = S - 1/2 is exact for n >= -25 except
 * when n >= 26, where hlo = (S - h) - 1/2 keeps the rest; S w + h rounded
 * once by FMA with its exact error (|h| >= |S w|: Fast2Sum), so the
 * cancellation at n = -1 costs nothing.  x clamped to [-17.4, 88.8] (below,
 * the result rounds to -1); |x| < 2^-25 returns x (S w would halve a
 * subnormal).  Measured (AVX2+FMA, all 2^32 inputs): 1 ulp.  AVX-512 runs
 * these steps without S w + h's rounding error as an explicit loop
 * (vloops_avx512.h, actv_expm1): 1 ulp too, 1.15x faster.
 */
static inline float act_expm1_f32(float x)
{
    float z = act__clamp_bits(x, ACT__EXP_HI, 0xc18b3333u);   /* [-17.4, 88.8] */
    float S, wlo;
    float w = act__expm1_core_fma(z, 126.0f, &S, &wlo);        /* S = 2^(n-1) */
    float h = S - 0.5f;
    float hlo = (S - h) - 0.5f;
    float hi = ACT__FMA(S, w, h);
    float err = ACT__FMA(S, w, h - hi);           /* h - hi exact */
    float lo = ACT__FMA(S, wlo, err + hlo);
    float res = (hi + lo) * 2.0f;
    uint32_t ax = act__f2u(x) & 0x7fffffffu;
    return ax < 0x33000000u ? x : res;            /* keeps -0 */
}
#endif

#endif /* ACTCORE_MATH_F32_H */
