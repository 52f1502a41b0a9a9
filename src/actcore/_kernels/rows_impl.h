/*
 * Row kernels of the softmax family (declared in rows.h), compiled per ISA
 * target: rows_<isa>.c defines ACT_ISA and includes this file.
 *
 * Plain C for the auto-vectorizer.  Reductions use 16 explicit lanes (floating
 * point sums do not vectorize otherwise without reassociation flags) combined in
 * a fixed tree, over fixed blocks of ACT_ROWS_BLOCK elements combined in block
 * order: the result never depends on how rows or blocks are spread over threads.
 *
 * float32 numerics: a rounded x - m would multiply its error by |x - m| (40
 * ulp at -80).  softmax, log_softmax, logsumexp and cross-entropy's loss take
 * exp(x - c) with a per-row reference c for which x - c is exact where it
 * matters (actr_sm_par: no TwoSum in the loop), scaled by 2^K so nothing is
 * subnormal, with the max's own term made exact.  Sums are accumulated in
 * double; for log_softmax and logsumexp, entries equal to the max's term are
 * counted apart (rows.h), in units of it.  softmax sums the stored terms and
 * scales by 1/S split in two floats, rounded once (a subnormal output
 * included): within 1.5 ulp plus a little (exp about 0.55 ulp, stored rounded
 * between passes; measured 1.73 at most).  log_softmax is (x - m) - log1p(S -
 * 1) in float (within 1.5 ulp, measured 1.26): exact at the dominant entry.
 * cross_entropy_backward keeps exp(x - m) with x - m as an exact pair
 * (TwoSum).  No libm in float32 loops (only scalar per-row calls); float64
 * uses libm exp.
 */
#ifndef ACT_ROWS_IMPL_H
#define ACT_ROWS_IMPL_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "math_f32.h"
#include "math_fast_f32.h"
#include "rows.h"

#ifndef ACT_CAT
#define ACT_CAT_(a, b) a##b
#define ACT_CAT(a, b) ACT_CAT_(a, b)
#endif

#if defined(__clang__)
#define ACTR_IVDEP _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define ACTR_IVDEP _Pragma("GCC ivdep")
#else
#define ACTR_IVDEP
#endif

/* An FMA where the target has one (the build does not contract a*b + c). */
#if defined(__FMA__) || defined(__AVX512F__)
#define ACTR_FMAF(a, b, c) __builtin_fmaf((a), (b), (c))
#define ACTR_FMAD(a, b, c) __builtin_fma((a), (b), (c))
#else
#define ACTR_FMAF(a, b, c) ((a) * (b) + (c))
#define ACTR_FMAD(a, b, c) ((a) * (b) + (c))
#endif

/* Max lane loops stay loops so the loop vectorizer takes them: fully unrolled,
 * GCC turns their selects into scalar cmov.  (Sum lanes are left to unroll:
 * then they stay in registers.) */
#if defined(__clang__)
#define ACTR_LANE_LOOP _Pragma("clang loop unroll(disable)")
#elif defined(__GNUC__)
#define ACTR_LANE_LOOP _Pragma("GCC unroll 1")
#else
#define ACTR_LANE_LOOP
#endif

/* Functions taking a constant `fast` flag are forced inline so each caller
 * gets its own copy with the flag folded away. */
#if defined(__GNUC__)
#define ACTR_SPECIALIZE static inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#define ACTR_SPECIALIZE static __forceinline
#else
#define ACTR_SPECIALIZE static inline
#endif

/* A cache-line prefetch: no effect on results.  Long rows start with a max
 * pass that streams the row from memory, not overlapped with any work. */
#if defined(__GNUC__)
#define ACTR_PREFETCH(p) __builtin_prefetch((p))
#else
#define ACTR_PREFETCH(p) ((void)(p))
#endif

#define ACTR_MIN(a, b) ((a) < (b) ? (a) : (b))
#define ACTR_LANES 16
/* Elements before p + i is 64-byte aligned (at most n), for p aligned to its
 * element size: elementwise loops split there, so their vectors do not
 * straddle cache lines (large NumPy arrays start 16 bytes past a line).
 * Reductions keep their lanes by element index: their results never depend
 * on the address. */
#define ACTR_HEAD(p, n) ACTR_MIN((ptrdiff_t)((0u - (uintptr_t)(p)) % 64 / sizeof(*(p))), (n))
/*
 * The elementwise loop of the row kernels, in one place: y[i] = EXPR (of the
 * index variable I, of element type T), split at the head where address H
 * is aligned; with a mask, EXCL where mask[i] is 0 (EXPR still computed and
 * selected: no branch, so masked loops vectorize too).
 */
#define ACTR_MAP(T, I, y, mask, n, H, EXCL, EXPR)                                       \
    do {                                                                                \
        ptrdiff_t I;                                                                    \
        if (!(mask)) {                                                                  \
            ptrdiff_t h_ = ACTR_HEAD((H), (n));                                         \
            ACTR_IVDEP                                                                  \
            for (I = 0; I < h_; I++) (y)[I] = (EXPR);                                   \
            ACTR_IVDEP                                                                  \
            for (I = h_; I < (n); I++) (y)[I] = (EXPR);                                 \
        } else {                                                                        \
            ACTR_IVDEP                                                                  \
            for (I = 0; I < (n); I++) {                                                 \
                T v_ = (EXPR);                                                          \
                (y)[I] = (mask)[I] ? v_ : (EXCL);                                       \
            }                                                                           \
        }                                                                               \
    } while (0)
#define ACTR_SUB 1024            /* scratch elements for exp values not stored */
#define ACTR_INF_F __builtin_inff()
#define ACTR_INF_D __builtin_inf()

#if defined(__GNUC__) && !defined(ACTR_PLAIN_REDUCTIONS)
/* generic vectors (no intrinsics: each target compiles them at its width) */
typedef float actr_v16f __attribute__((vector_size(64)));
typedef int32_t actr_v16i __attribute__((vector_size(64)));
typedef double actr_v16d __attribute__((vector_size(128)));
/* max(acc, v) lane by lane, a NaN in v never taken (as the scalar max); a
 * macro: a function returning a wide vector warns on narrower targets */
#define actr_v16max(acc, v)                                                             \
    ((actr_v16f)(((actr_v16i)(acc) & ~((v) > (acc))) | ((actr_v16i)(v) & ((v) > (acc)))))
#endif

/* ------------------------------------------------------------------ float32 */

/*
 * exp(x - m) for x <= m, given nm = -m, within about 0.5 ulp.  d = x - m is
 * carried as d + dlo (TwoSum, exact); n = round(d/ln2); r = (d - n*ln2) + dlo
 * as r + rlo (Cody-Waite, dlo folded in before the split: e^(r + rlo) is
 * e^r + rlo only when rlo is below 2^-25); e^r = (1 + r) + (r^2*Q(r) +
 * rlo) with 1 + r as an exact Fast2Sum pair, so the only visible rounding is
 * the final sum (Q from math_f32.h, rel. error 2^-28).  Scaled by 2^(n+64) then
 * 2^-64 so a subnormal result is rounded once more at most.  d clamped at -104
 * (below, the result rounds to 0); NaN passes.
 */
ACTR_SPECIALIZE float actr_expdiff_sc_f32(float x, float nm, int scaled, int fast)
{
    const float lim = scaled ? -120.0f : -104.0f;
    float d = x + nm;
    float bb = d - x;
    float dlo = (x - (d - bb)) + (nm - bb);
    float z = d < lim ? lim : d;
    dlo = d < lim ? 0.0f : dlo;                   /* NaN when d = -inf */
    const float magic = 0x1.8p23f;
    float t = ACTR_FMAF(z, 0x1.715476p0f, magic);
    uint32_t tb = act__f2u(t);
    float nf = t - magic;
    float r1 = ACTR_FMAF(nf, -ACT__LN2HI, z);     /* exact */
    float s1 = dlo - nf * ACT__LN2LO;             /* tiny: its rounding is not seen */
    float r = r1 + s1;                            /* rounded: only in r^2*Q(r) */
    float q = ACTR_FMAF(r, ACTR_FMAF(r, ACTR_FMAF(r, ACTR_FMAF(r, ACT__EXPQ4,
              ACT__EXPQ3), ACT__EXPQ2), ACT__EXPQ1), ACT__EXPQ0);
    float w = ACTR_FMAF(r * r, q, s1);
    float a = 1.0f + r1;
    float alo = r1 - (a - 1.0f);                  /* exact */
    float T = a + (alo + w);
    /* actcore.fast: e^r = 1 + r P(r), math_fast_f32.h's degree-5 core */
    T = fast ? ACTR_FMAF(r, actf__poly(r), 1.0f) : T;
    float s = act__u2f((tb - 0x4B400000u + 191u) << 23);   /* 2^(n+64), n >= -174 */
    return scaled ? T * s : (T * s) * 0x1p-64f;
}

ACTR_SPECIALIZE float actr_expdiff_f32(float x, float nm, int fast)
{
    return actr_expdiff_sc_f32(x, nm, 0, fast);
}

/* 2^64 exp(x - m): never subnormal (x - m clamped at -120, so 2^-109 at least),
 * for softmax, which rounds once, in the final scaling by 2^-64/S (a subnormal
 * output is then rounded once, not twice) */
ACTR_SPECIALIZE float actr_expdiff64_f32(float x, float nm, int fast)
{
    return actr_expdiff_sc_f32(x, nm, 1, fast);
}

/*
 * softmax's exponentials without TwoSum: e = 2^K exp(x - c + delta), where the
 * row's reference c makes x - c exact for every x that matters: c = 0 when
 * |m| < 256 (x - 0 = x), else c = m (x within 120 of m is then in [m/2, 2m]:
 * Sterbenz; farther x round to a d still below the clamp).  d is clamped at
 * lo = (m - c) - 120; K = 64 - round((m - c)/ln2) puts the max near 2^64 and
 * the clamped floor near 2^-110, so no lane is subnormal.  Then as
 * actr_expdiff_sc_f32 with dlo = delta: n = round(d/ln2) (|n| < 560), r1 =
 * d - n LN2HI exact (fma), s1 = delta - n LN2LO (|s1| < 2^-9, rounding
 * 2^-33), e^r = (1 + r1) + (r^2 Q(r) + s1) with 1 + r1 an exact pair.
 *
 * delta (|delta| <= 2^-24, a common factor e^delta, which softmax cancels)
 * makes the max's own e exact: 2^K exp(m - c) rounded to float (in double,
 * per row), with delta its rounding error in log terms.  With c = m the max
 * was exactly 2^64; with c = 0 and no delta its rounding error (up to 2^-24 of
 * S when it dominates) would add to every output's.
 */
typedef struct {
    float nc, lo;        /* -c, clamp of x - c */
    float delta;         /* see above (0 in fast mode) */
    float magic;         /* 0x1.8p23 + K + 127: t's low bits are n + K + 127 */
} actr_sm_par;

/* e = 2^K exp(x - c + delta).  zclamp (log_softmax's sums, S - 1 to full
 * relative accuracy: clamped lanes must give 0, not 2^-174 of the max's e):
 * the params' clamp is lo = (N - 191) ln2 instead, where round(lo/ln2) is
 * N - 191, so t's exponent field is 0 and the clamped lanes' scale 2^(n + K)
 * is +0 (no select); lanes between -120 and -132.4 below the max give terms
 * under 2^-190 of its own, far below what log_softmax can show.  c0:
 * the caller knows c = 0 (x + -0 is x: the same result, one add fewer).
 * n + K + 127 is in [17, 191] (n >= N - 174), so t's bits shifted by 23 are
 * the exponent field of 2^(n + K); no ties in t (z*log2e is never a
 * half-integer in range), so n is that of the plain magic 0x1.8p23. */
ACTR_SPECIALIZE float actr_smexp_f32(float x, actr_sm_par p, int fast, int c0)
{
    float d = c0 ? x : x + p.nc;
    float z = d < p.lo ? p.lo : d;                /* NaN passes */
    float t = ACTR_FMAF(z, 0x1.715476p0f, p.magic);
    uint32_t tb = act__f2u(t);
    float nf = t - p.magic;
    float r1 = ACTR_FMAF(nf, -ACT__LN2HI, z);     /* exact */
    float s1 = ACTR_FMAF(nf, -ACT__LN2LO, p.delta);
    float r = r1 + s1;
    float q = ACTR_FMAF(r, ACTR_FMAF(r, ACTR_FMAF(r, ACTR_FMAF(r, ACT__EXPQ4,
              ACT__EXPQ3), ACT__EXPQ2), ACT__EXPQ1), ACT__EXPQ0);
    float w = ACTR_FMAF(r * r, q, s1);
    float a = 1.0f + r1;
    float alo = r1 - (a - 1.0f);                  /* exact */
    float T = a + (alo + w);
    T = fast ? ACTR_FMAF(r, actf__poly(r), 1.0f) : T;
    return T * act__u2f(tb << 23);
}

static inline actr_sm_par actr_sm_params(float m, int fast, int zclamp)
{
    actr_sm_par p;
    int fin = m - m == 0.0f;                      /* NaN/inf: c = m makes lanes NaN */
    float c = (fin && m < 256.0f && m > -256.0f) ? 0.0f : m;
    float dm = fin ? m - c : 0.0f;                /* exact */
    double t = (double)dm * 1.4426950408889634;
    int N = (int)(t + (t < 0 ? -0.5 : 0.5));
    /* e^u, u = dm - N ln2 in [-0.35, 0.35]: Taylor to u^10 (rel. error 2^-42),
     * Estrin's scheme (per row, on the critical path) */
    double u = ((double)dm - N * 0x1.62e42fefa3800p-1) - N * 0x1.ef35793c7673p-45;
    double u2 = u * u, u4 = u2 * u2;
    double q0 = ACTR_FMAD(u2, ACTR_FMAD(u, 1.0 / 6, 0.5), 1.0 + u);
    double q1 = ACTR_FMAD(u2, ACTR_FMAD(u, 1.0 / 5040, 1.0 / 720), ACTR_FMAD(u, 1.0 / 120, 1.0 / 24));
    double q2 = ACTR_FMAD(u2, 1.0 / 3628800, ACTR_FMAD(u, 1.0 / 362880, 1.0 / 40320));
    double eu = ACTR_FMAD(u4, ACTR_FMAD(u4, q2, q1), q0);
    double F = (double)(float)(eu * 0x1p64) * 0x1p-64;
    p.nc = -c;
    p.lo = zclamp ? (float)((N - 191) * 0x1.62e42fefa39efp-1) : fin ? dm - 120.0f : 0.0f;
    p.delta = (fin && !fast) ? (float)((F - eu) / eu) : 0.0f;
    p.magic = 0x1.8p23f + (float)(64 - N + 127);  /* exact: |N| < 400 */
    return p;
}

ACTR_SPECIALIZE void actr_smexp_loop_f32(const float *x, const uint8_t *mask, ptrdiff_t n,
                                         actr_sm_par p, float *e, int fast)
{
    if (p.nc == 0.0f)
        ACTR_MAP(float, i, e, mask, n, e, 0.0f, actr_smexp_f32(x[i], p, fast, 1));
    else
        ACTR_MAP(float, i, e, mask, n, e, 0.0f, actr_smexp_f32(x[i], p, fast, 0));
}

#if defined(__AVX512F__) && defined(__GNUC__) && !defined(ACTR_PLAIN_REDUCTIONS)
#include "rowloops_avx512.h"
/* softmax's exps too give exactly 0 below the clamp (zclamp): an entry far
 * below the max (a -inf mask) then scales as 0, not as a 2^-110 term whose
 * product with 1/S underflows through the subnormal range (on Zen 4 that took
 * twice as long for rows half of -inf); those outputs round to 0 either way */
#define ACTR_SOFTMAX_ZCLAMP 1
#else
#define ACTR_SOFTMAX_ZCLAMP 0
#endif

static inline float actr_block_max_f32(const float *x, const uint8_t *mask, ptrdiff_t n,
                                       int *any)
{
#ifdef ACTR_HAVE_ROWLOOPS
    if (mask)
        return actr_vmax_masked_f32(x, mask, n, any);
    *any = n > 0;
    return n > 0 ? actr_vmax_f32(x, n) : -ACTR_INF_F;
#else
    float acc[ACTR_LANES];
    ptrdiff_t i = 0;
    int k;
    for (k = 0; k < ACTR_LANES; k++) acc[k] = -ACTR_INF_F;
    if (!mask) {
#if defined(__GNUC__) && !defined(ACTR_PLAIN_REDUCTIONS) && (defined(__clang__) || __GNUC__ >= 12)
        /* four independent chains (one is latency bound) after a head up to a
         * vector boundary, then a tree in registers (a max has no order) */
        actr_v16f a4[4];
        ptrdiff_t h = ACTR_HEAD(x, n);
        float hm = -ACTR_INF_F;
        *any = n > 0;
        for (i = 0; i < h; i++) hm = x[i] > hm ? x[i] : hm;
        x += h;
        n -= h;
        for (k = 0; k < 4; k++) memcpy(&a4[k], acc, sizeof a4[k]);
        for (i = 0; i + 4 * ACTR_LANES <= n; i += 4 * ACTR_LANES)
            for (k = 0; k < 4; k++) {
                actr_v16f v;
                memcpy(&v, x + i + ACTR_LANES * k, sizeof v);
                a4[k] = actr_v16max(a4[k], v);
            }
        for (; i + ACTR_LANES <= n; i += ACTR_LANES) {
            actr_v16f v;
            memcpy(&v, x + i, sizeof v);
            a4[1] = actr_v16max(a4[1], v);
        }
        a4[0] = actr_v16max(a4[0], a4[1]);
        a4[2] = actr_v16max(a4[2], a4[3]);
        a4[0] = actr_v16max(a4[0], a4[2]);
        a4[1] = __builtin_shufflevector(a4[0], a4[0], 8, 9, 10, 11, 12, 13, 14, 15,
                                        8, 9, 10, 11, 12, 13, 14, 15);
        a4[0] = actr_v16max(a4[0], a4[1]);
        a4[1] = __builtin_shufflevector(a4[0], a4[0], 4, 5, 6, 7, 4, 5, 6, 7,
                                        4, 5, 6, 7, 4, 5, 6, 7);
        a4[0] = actr_v16max(a4[0], a4[1]);
        a4[1] = __builtin_shufflevector(a4[0], a4[0], 2, 3, 2, 3, 2, 3, 2, 3,
                                        2, 3, 2, 3, 2, 3, 2, 3);
        a4[0] = actr_v16max(a4[0], a4[1]);
        hm = a4[0][0] > hm ? a4[0][0] : hm;
        hm = a4[0][1] > hm ? a4[0][1] : hm;
        for (; i < n; i++) hm = x[i] > hm ? x[i] : hm;
        return hm;
#endif
        for (; i + ACTR_LANES <= n; i += ACTR_LANES) {
            ACTR_LANE_LOOP
            for (k = 0; k < ACTR_LANES; k++) {
                float v = x[i + k];
                acc[k] = v > acc[k] ? v : acc[k];
            }
        }
        for (; i < n; i++) acc[0] = x[i] > acc[0] ? x[i] : acc[0];
        *any = n > 0;
    } else {
        uint8_t seen[ACTR_LANES] = {0};
        for (; i + ACTR_LANES <= n; i += ACTR_LANES) {
            ACTR_LANE_LOOP
            for (k = 0; k < ACTR_LANES; k++) {
                float v = mask[i + k] ? x[i + k] : -ACTR_INF_F;
                acc[k] = v > acc[k] ? v : acc[k];
                seen[k] |= mask[i + k];
            }
        }
        for (; i < n; i++) {
            float v = mask[i] ? x[i] : -ACTR_INF_F;
            acc[0] = v > acc[0] ? v : acc[0];
            seen[0] |= mask[i];
        }
        int a = 0;
        for (k = 0; k < ACTR_LANES; k++) a |= seen[k];
        *any = a != 0;
    }
    for (k = ACTR_LANES / 2; k > 0; k /= 2)
        for (int j = 0; j < k; j++) acc[j] = acc[j + k] > acc[j] ? acc[j + k] : acc[j];
    return acc[0];
#endif
}

/* e[i] = exp(x[i] - m), times 2^64 if scaled, 0 where masked */
ACTR_SPECIALIZE void actr_exp_loop_f32(const float *x, const uint8_t *mask, ptrdiff_t n,
                                     float nm, float *e, int fast, int scaled)
{
    ACTR_MAP(float, i, e, mask, n, x, 0.0f, actr_expdiff_sc_f32(x[i], nm, scaled, fast));
}

/*
 * lanes += e (in double), with the entries exactly 1 (the max, ties, and
 * neighbours that round to 1) counted apart in `ones`, so a row's tiny others
 * are not lost next to the 1 (rows.h).  Lane k takes elements i + k.  The test
 * and the count run on floats (16 lanes), only the others are widened.
 *
 * GCC 12 vectorizes a plain loop of this only in some inlining contexts
 * (measured 0.1 to 1.1 ns/element for the same source), so GNU C gets the same
 * lanes written with generic vector types (no intrinsics: each ISA target
 * compiles them at its width); the result is identical to the plain C loop's.
 */
#if defined(__GNUC__) && !defined(ACTR_PLAIN_REDUCTIONS)
typedef float actr_v4f __attribute__((vector_size(16)));
typedef double actr_v4d __attribute__((vector_size(32)));
typedef float actr_v8f __attribute__((vector_size(32)));
typedef int32_t actr_v8i __attribute__((vector_size(32)));
typedef double actr_v8d __attribute__((vector_size(64)));

/* 16 floats -> 16 doubles in one conversion (actr_v16d): GCC 12 splits an
 * 8-float one into 4-lane halves and shuffles (12 instructions per 16
 * elements, not 4).  The sums stay 8-lane halves (a 16-double vector lives
 * on the stack), split by shuffles (memcpy halves are stored to the stack);
 * out of line, where GCC keeps them in registers. */
#define ACTR_NOINLINE static __attribute__((noinline))
#if defined(__clang__) || __GNUC__ >= 12
#define ACTR_ADD_HALVES(a, d)                                                           \
    do {                                                                                \
        (a)[0] += __builtin_shufflevector((d), (d), 0, 1, 2, 3, 4, 5, 6, 7);             \
        (a)[1] += __builtin_shufflevector((d), (d), 8, 9, 10, 11, 12, 13, 14, 15);       \
    } while (0)
#else
#define ACTR_ADD_HALVES(a, d)                                                           \
    do {                                                                                \
        actr_v8d lo_, hi_;                                                              \
        memcpy(&lo_, &(d), sizeof lo_);                                                 \
        memcpy(&hi_, (char *)&(d) + sizeof lo_, sizeof hi_);                            \
        (a)[0] += lo_;                                                                  \
        (a)[1] += hi_;                                                                  \
    } while (0)
#endif

ACTR_NOINLINE void actr_acc_f32(double *acc_, double *ones_, const float *e, ptrdiff_t n,
                                float unit)
{
    actr_v8d a[2], b[2] = {{0}, {0}};       /* b: a second chain (add latency) */
    actr_v16f c = {0};
    const actr_v16f one = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    const actr_v16f un = one * unit;
    ptrdiff_t i = 0;
    int k;
    memcpy(a, acc_, sizeof a);
    for (; i + 2 * ACTR_LANES <= n; i += 2 * ACTR_LANES) {
        actr_v16f f, g;
        memcpy(&f, e + i, sizeof f);
        memcpy(&g, e + i + ACTR_LANES, sizeof g);
        actr_v16i is1 = f == un, js1 = g == un;
        c += (actr_v16f)((actr_v16i)one & is1);
        c += (actr_v16f)((actr_v16i)one & js1);
        actr_v16d d = __builtin_convertvector((actr_v16f)((actr_v16i)f & ~is1), actr_v16d);
        actr_v16d h = __builtin_convertvector((actr_v16f)((actr_v16i)g & ~js1), actr_v16d);
        ACTR_ADD_HALVES(a, d);
        ACTR_ADD_HALVES(b, h);
    }
    a[0] += b[0];
    a[1] += b[1];
    for (; i + ACTR_LANES <= n; i += ACTR_LANES) {
        actr_v16f f;
        memcpy(&f, e + i, sizeof f);
        actr_v16i is1 = f == un;
        c += (actr_v16f)((actr_v16i)one & is1);
        actr_v16d d = __builtin_convertvector((actr_v16f)((actr_v16i)f & ~is1), actr_v16d);
        ACTR_ADD_HALVES(a, d);
    }
    memcpy(acc_, a, sizeof a);
    for (k = 0; k < ACTR_LANES; k++) ones_[k] += (double)c[k];
    for (; i < n; i++) {
        int is1 = e[i] == unit;
        acc_[0] += is1 ? 0.0 : (double)e[i];
        ones_[0] += is1;
    }
}

/* lanes += e (in double), no split: softmax needs only 1/S, not S - 1 */
ACTR_NOINLINE void actr_accp_f32(double *acc_, const float *e, ptrdiff_t n)
{
    actr_v8d a[2], b[2] = {{0}, {0}};       /* b: a second chain (add latency) */
    ptrdiff_t i = 0;
    memcpy(a, acc_, sizeof a);
    for (; i + 2 * ACTR_LANES <= n; i += 2 * ACTR_LANES) {
        actr_v16f f, g;
        memcpy(&f, e + i, sizeof f);
        memcpy(&g, e + i + ACTR_LANES, sizeof g);
        actr_v16d d = __builtin_convertvector(f, actr_v16d);
        actr_v16d h = __builtin_convertvector(g, actr_v16d);
        ACTR_ADD_HALVES(a, d);
        ACTR_ADD_HALVES(b, h);
    }
    a[0] += b[0];
    a[1] += b[1];
    for (; i + ACTR_LANES <= n; i += ACTR_LANES) {
        actr_v16f f;
        memcpy(&f, e + i, sizeof f);
        actr_v16d d = __builtin_convertvector(f, actr_v16d);
        ACTR_ADD_HALVES(a, d);
    }
    memcpy(acc_, a, sizeof a);
    for (; i < n; i++) acc_[0] += (double)e[i];
}
#else
static inline void actr_accp_f32(double *acc, const float *e, ptrdiff_t n)
{
    ptrdiff_t i = 0;
    for (; i + ACTR_LANES <= n; i += ACTR_LANES)
        for (int k = 0; k < ACTR_LANES; k++) acc[k] += (double)e[i + k];
    for (; i < n; i++) acc[0] += (double)e[i];
}
static inline void actr_acc_f32(double *acc, double *ones, const float *e, ptrdiff_t n,
                                float unit)
{
    ptrdiff_t i = 0;
    for (; i + ACTR_LANES <= n; i += ACTR_LANES)
        for (int k = 0; k < ACTR_LANES; k++) {
            int is1 = e[i + k] == unit;
            acc[k] += is1 ? 0.0 : (double)e[i + k];
            ones[k] += is1;
        }
    for (; i < n; i++) {
        int is1 = e[i] == unit;
        acc[0] += is1 ? 0.0 : (double)e[i];
        ones[0] += is1;
    }
}
#endif

/* plain lanes += v (in double), for the backward sums */
static inline void actr_sum_f32(double *acc, const float *v, ptrdiff_t n)
{
    ptrdiff_t i = 0;
    for (; i + ACTR_LANES <= n; i += ACTR_LANES)
        for (int k = 0; k < ACTR_LANES; k++) acc[k] += (double)v[i + k];
    for (; i < n; i++) acc[0] += (double)v[i];
}

static inline double actr_lanes_sum(double *acc)
{
#if defined(__GNUC__) && !defined(ACTR_PLAIN_REDUCTIONS) && (defined(__clang__) || __GNUC__ >= 12)
    /* the same tree in registers (GCC's loop went through the stack with
     * stalled store forwarding: a tenth of a 1024-element row) */
    actr_v8d a, b;
    memcpy(&a, acc, sizeof a);
    memcpy(&b, acc + 8, sizeof b);
    a += b;
    a += __builtin_shufflevector(a, a, 4, 5, 6, 7, 4, 5, 6, 7);
    a += __builtin_shufflevector(a, a, 2, 3, 2, 3, 2, 3, 2, 3);
    return a[0] + a[1];
#else
    for (int k = ACTR_LANES / 2; k > 0; k /= 2)
        for (int j = 0; j < k; j++) acc[j] += acc[j + k];
    return acc[0];
#endif
}

/*
 * Sum of exp(x - m) over a block, e stored when not NULL.  ones not NULL: as
 * rows.h says (entries exactly 1 counted apart, for S - 1).  ones NULL (softmax
 * only): e = 2^64 exp(x - m) and the plain double sum of those; the caller
 * scales by 2^-64/S.
 */
ACTR_SPECIALIZE double actr_block_sumexp_f32(const float *x, const uint8_t *mask, ptrdiff_t n,
                                           float m, float *e, double *ones, int fast,
                                           const float *pf, float *scr)
{
    double acc[ACTR_LANES] = {0}, one[ACTR_LANES] = {0};
    /* scratch at x's offset in a cache line: the exp loop's loads and stores
     * are then aligned together */
    float scratch_[ACTR_SUB + 16];
    float *scratch = scratch_ + ((uintptr_t)x / sizeof(float) - (uintptr_t)scratch_ / sizeof(float)) % 16;
    actr_sm_par par = {0};
    float unit = 1.0f;
    if (!(ones && e))
        par = actr_sm_params(m, fast, ones != NULL || ACTR_SOFTMAX_ZCLAMP);
#ifdef ACTR_HAVE_ROWLOOPS
    if (!(ones && e)) {                         /* one fused pass, e stored or not */
        if (ones)
            unit = actr_smexp_unit_f32(m, par, fast);
        double sum = actr_smexp_acc_f32(x, mask, n, par, ones ? scr : e, ones, unit, pf, NULL,
                                        NULL, fast, ones != NULL);
        return ones ? sum / (double)unit : sum;
    }
#endif
    if (ones && !e)
        unit = actr_smexp_f32(m, par, fast, 0);   /* the max's e, exactly as the loop's */
    for (ptrdiff_t s = 0; s < n; s += ACTR_SUB) {
        ptrdiff_t len = n - s < ACTR_SUB ? n - s : ACTR_SUB;
        /* scr: the output row as scratch (log_softmax, not in place): its
         * lines are then fetched while the exponentials compute, not in the
         * light output pass */
        float *dst = e ? e + s : scr ? scr + s : scratch;
        if (pf)                                 /* the next row, while this one computes */
            for (ptrdiff_t q = 0; q < len; q += 64 / sizeof(float)) ACTR_PREFETCH(pf + s + q);
        if (ones && e) {                        /* e = exp(x - m) stored: cross-entropy */
            actr_exp_loop_f32(x + s, mask ? mask + s : NULL, len, -m, dst, fast, 0);
            actr_acc_f32(acc, one, dst, len, 1.0f);
        } else if (ones) {                      /* in units of the max's e */
            actr_smexp_loop_f32(x + s, mask ? mask + s : NULL, len, par, dst, fast);
            actr_acc_f32(acc, one, dst, len, unit);
        } else {
            actr_smexp_loop_f32(x + s, mask ? mask + s : NULL, len, par, dst, fast);
            actr_accp_f32(acc, dst, len);
        }
    }
    if (!ones)
        return actr_lanes_sum(acc);
    *ones += actr_lanes_sum(one);
    return e ? actr_lanes_sum(acc) : actr_lanes_sum(acc) / (double)unit;
}

/* y = e*inv rounded once: with FMA, inv split in two floats; without, in double
 * (a rounded e*inv_hi would add up to 0.5 ulp) */
#if defined(__FMA__) || defined(__AVX512F__)
#define ACTR_SCALE(v, hi, lo, inv) ACTR_FMAF((v), (hi), (v) * (lo))
#else
#define ACTR_SCALE(v, hi, lo, inv) ((float)((double)(v) * (inv)))
#endif
/* 1/S as hi + lo in floats (every float32 scaling splits it so: the routes give
 * the same bits, but AVX-512's lanes below 2^-99 of the max's term, which take
 * the product in double: rowloops_avx512.h's actr__scale16) */
static inline float actr_split_inv(double inv, float *lo)
{
    float hi = (float)inv;
    *lo = (float)(inv - (double)hi);
    return hi;
}
static inline void actr_block_scale_f32(const float *e, const uint8_t *mask, ptrdiff_t n,
                                        double inv, float *y)
{
    float lo, hi = actr_split_inv(inv, &lo);
#ifdef ACTR_HAVE_ROWLOOPS
    actr_vscale_f32(e, mask, n, hi, lo, y);
#else
    (void)hi, (void)lo;       /* unused where ACTR_SCALE rounds inv itself */
    ACTR_MAP(float, i, y, mask, n, y, 0.0f, ACTR_SCALE(e[i], hi, lo, inv));
#endif
}

/* y = (x - m) - L in float, -inf where masked: within 1.5 ulp (y = -L at the
 * max; x - m exact near it (Sterbenz), else rounded by at most half an ulp of
 * y, as |y| >= |x - m|; L rounded by half an ulp of L <= |y|) */
static inline void actr_block_logout_f32(const float *x, const uint8_t *mask, ptrdiff_t n,
                                         double m, double L, float *y)
{
    float mf = (float)m, Lf = (float)L;
#ifdef ACTR_HAVE_ROWLOOPS
    actr_vlogout_f32(x, mask, n, mf, Lf, y);
#else
    ACTR_MAP(float, i, y, mask, n, y, -ACTR_INF_F, (x[i] - mf) - Lf);
#endif
}

/* ------------------------------------------------------------------ float64 */

/* exp(x - m) with the rounding error of x - m applied to first order */
static inline double actr_expdiff_f64(double x, double nm)
{
    double d = x + nm;
    double bb = d - x;
    double dlo = (x - (d - bb)) + (nm - bb);
    double e = exp(d);
    dlo = d > -ACTR_INF_D ? dlo : 0.0;            /* NaN when d = -inf */
    return e + e * dlo;
}

static inline double actr_block_max_f64(const double *x, const uint8_t *mask, ptrdiff_t n,
                                        int *any)
{
    double acc[ACTR_LANES];
    ptrdiff_t i = 0;
    int k;
    for (k = 0; k < ACTR_LANES; k++) acc[k] = -ACTR_INF_D;
    if (!mask) {
        for (; i + ACTR_LANES <= n; i += ACTR_LANES) {
            ACTR_LANE_LOOP
            for (k = 0; k < ACTR_LANES; k++) {
                double v = x[i + k];
                acc[k] = v > acc[k] ? v : acc[k];
            }
        }
        for (; i < n; i++) acc[0] = x[i] > acc[0] ? x[i] : acc[0];
        *any = n > 0;
    } else {
        int a = 0;
        for (; i < n; i++) {
            double v = mask[i] ? x[i] : -ACTR_INF_D;
            acc[i % ACTR_LANES] = v > acc[i % ACTR_LANES] ? v : acc[i % ACTR_LANES];
            a |= mask[i];
        }
        *any = a != 0;
    }
    for (k = ACTR_LANES / 2; k > 0; k /= 2)
        for (int j = 0; j < k; j++) acc[j] = acc[j + k] > acc[j] ? acc[j + k] : acc[j];
    return acc[0];
}

static inline double actr_block_sumexp_f64(const double *x, const uint8_t *mask, ptrdiff_t n,
                                           double m, double *e, double *ones, int fast,
                                           const double *pf, double *scr)
{
    (void)fast;                                   /* float64 has no fast mode */
    (void)pf;
    (void)scr;
    double acc[ACTR_LANES] = {0};
    double nm = -m, one = 0.0;
    ptrdiff_t i = 0;
    for (; i < n; i++) {
        double v = actr_expdiff_f64(x[i], nm);
        v = (mask && !mask[i]) ? 0.0 : v;
        if (e) e[i] = v;
        double rv = (v + 0x1p52) - 0x1p52;       /* as actr_acc_f32 */
        acc[i % ACTR_LANES] += v - rv;
        one += rv;
    }
    *ones += one;
    return actr_lanes_sum(acc);
}

static inline void actr_block_scale_f64(const double *e, const uint8_t *mask, ptrdiff_t n,
                                        double inv, double *y)
{
    ACTR_MAP(double, i, y, mask, n, y, 0.0, e[i] * inv);
}

static inline void actr_block_logout_f64(const double *x, const uint8_t *mask, ptrdiff_t n,
                                         double m, double L, double *y)
{
    ACTR_MAP(double, i, y, mask, n, y, -ACTR_INF_D, (x[i] - m) - L);
}

/* ------------------------------------------------------------- short rows */

/*
 * Rows of at most ACTR_SHORT elements skip the block and lane machinery (its
 * fixed cost per row dominated rows of 16): max, 2^64 exp(x - m) into a local
 * array (never subnormal: a row dominated by one entry keeps its others'
 * relative accuracy, so log_softmax's -log1p(S - 1) there), and the
 * ones/others sums in four scalar chains.  Chosen by n alone, so the result
 * still does not depend on threads.  *ones and the return value as
 * actr_row_sumexp; NaN when m is NaN-free but a row entry is NaN.
 */
#define ACTR_SHORT 32

/* split sums of one short row's exponentials (ones apart, rows.h), in four
 * scalar chains; e in units of 1/sc (sc a power of 2: exact) */
static inline double actr_short_sums(const float *e, ptrdiff_t n, double *ones, double sc)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, o = 0;
    ptrdiff_t i;
    for (i = 0; i + 4 <= n; i += 4) {
        double v0 = e[i] * sc, v1 = e[i + 1] * sc, v2 = e[i + 2] * sc, v3 = e[i + 3] * sc;
        double r0 = (v0 + 0x1p52) - 0x1p52, r1 = (v1 + 0x1p52) - 0x1p52;
        double r2 = (v2 + 0x1p52) - 0x1p52, r3 = (v3 + 0x1p52) - 0x1p52;
        s0 += v0 - r0; s1 += v1 - r1; s2 += v2 - r2; s3 += v3 - r3;
        o += (r0 + r1) + (r2 + r3);
    }
    for (; i < n; i++) {
        double v = e[i] * sc, r = (v + 0x1p52) - 0x1p52;
        s0 += v - r;
        o += r;
    }
    *ones = o;
    return (s0 + s1) + (s2 + s3);
}

ACTR_SPECIALIZE double actr_short_sumexp_f32(const float *x, const uint8_t *mask, ptrdiff_t n,
                                           float *m_out, int *any, float *e, double *ones,
                                           int fast)
{
    float m = -ACTR_INF_F;
    int a = 0;
    ptrdiff_t i;
    if (!mask) {
        for (i = 0; i < n; i++) m = x[i] > m ? x[i] : m;
        a = n > 0;
    } else {
        for (i = 0; i < n; i++) {
            float v = mask[i] ? x[i] : -ACTR_INF_F;
            m = v > m ? v : m;
            a |= mask[i];
        }
    }
    *m_out = m;
    *any = a != 0;
    if (!a) return 0.0;
    actr_exp_loop_f32(x, mask, n, -m, e, fast, 1);  /* 2^64 exp: never subnormal */
    return actr_short_sums(e, n, ones, 0x1p-64);
}

#if defined(__GNUC__) && !defined(ACTR_PLAIN_REDUCTIONS)
/*
 * softmax of many short rows (n <= ACTR_SHORT, no mask), a group of rows at a
 * time, so that the exponentials and the scaling run as long vector loops:
 * per row only the max and the sum (8- and 4-lane vectors) and 1/S.  The
 * arithmetic per row is the long rows' float32 softmax (2^64 exp, plain double
 * sum, y = e*(2^-64/S) rounded once), whatever the grouping.
 */

/* max(acc, v) lane by lane; a NaN in v is never taken, as in the scalar max (a
 * macro: a function returning a 32-byte vector warns on the baseline target) */
#define actr_v8max(acc, v)                                                              \
    ((actr_v8f)(((actr_v8i)(acc) & ~((v) > (acc))) | ((actr_v8i)(v) & ((v) > (acc)))))

#define ACTR_GROUP 1024                     /* elements per group (a multiple of 8) */

/* nmv[r*n + j] = -max(row r) for the gr rows of n elements at xg (nmv has 8
 * elements of slack) */
ACTR_SPECIALIZE void actr_group_negmax_f32(const float *xg, ptrdiff_t gr, ptrdiff_t n,
                                           float *nmv)
{
    for (ptrdiff_t r = 0; r < gr; r++) {
        const float *xr = xg + r * n;
        ptrdiff_t j;
        actr_v8f a = {-ACTR_INF_F, -ACTR_INF_F, -ACTR_INF_F, -ACTR_INF_F,
                      -ACTR_INF_F, -ACTR_INF_F, -ACTR_INF_F, -ACTR_INF_F};
        for (j = 0; j + 8 <= n; j += 8) {
            actr_v8f v;
            memcpy(&v, xr + j, sizeof v);
            a = actr_v8max(a, v);
        }
        a = actr_v8max(a, __builtin_shuffle(a, (actr_v8i){4, 5, 6, 7, 0, 1, 2, 3}));
        a = actr_v8max(a, __builtin_shuffle(a, (actr_v8i){2, 3, 0, 1, 6, 7, 4, 5}));
        a = actr_v8max(a, __builtin_shuffle(a, (actr_v8i){1, 0, 3, 2, 5, 4, 7, 6}));
        float m = a[0];
        for (; j < n; j++) m = xr[j] > m ? xr[j] : m;
        actr_v8f b = {-m, -m, -m, -m, -m, -m, -m, -m};
        for (j = 0; j < n; j += 8) memcpy(nmv + r * n + j, &b, sizeof b);
    }
}

ACTR_SPECIALIZE void
actr_short_softmax_n_f32(const float *x, float *y, ptrdiff_t rows, ptrdiff_t n, int fast)
{
    float nmv[ACTR_GROUP + 8], hiv[ACTR_GROUP + 8], lov[ACTR_GROUP + 8];
    ptrdiff_t g = ACTR_GROUP / n;           /* rows per group */
    for (ptrdiff_t r0 = 0; r0 < rows; r0 += g) {
        ptrdiff_t gr = rows - r0 < g ? rows - r0 : g, len = gr * n, r, j;
        const float *xg = x + r0 * n;
        float *yg = y + r0 * n;
        actr_group_negmax_f32(xg, gr, n, nmv);
        ACTR_IVDEP
        for (j = 0; j < len; j++) yg[j] = actr_expdiff64_f32(xg[j], nmv[j], fast);
        for (r = 0; r < gr; r++) {          /* row sums, 1/S split in two floats */
            const float *er = yg + r * n;
            actr_v4d a = {0, 0, 0, 0};
            for (j = 0; j + 4 <= n; j += 4) {
                actr_v4f f;
                memcpy(&f, er + j, sizeof f);
                a += __builtin_convertvector(f, actr_v4d);
            }
            double S = (a[0] + a[1]) + (a[2] + a[3]);
            for (; j < n; j++) S += (double)er[j];
            double inv = 1.0 / S;
            float lo, hi = actr_split_inv(inv, &lo);
            actr_v8f bh = {hi, hi, hi, hi, hi, hi, hi, hi}, bl = {lo, lo, lo, lo, lo, lo, lo, lo};
            for (j = 0; j < n; j += 8) {
                memcpy(hiv + r * n + j, &bh, sizeof bh);
                memcpy(lov + r * n + j, &bl, sizeof bl);
            }
        }
#if defined(ACTR_HAVE_ROWLOOPS)
        actr_vscale_each_f32(yg, hiv, lov, len);  /* tiny lanes in double */
#elif defined(__FMA__) || defined(__AVX512F__)
        ACTR_IVDEP
        for (j = 0; j < len; j++) yg[j] = ACTR_FMAF(yg[j], hiv[j], yg[j] * lov[j]);
#else
        ACTR_IVDEP
        for (j = 0; j < len; j++)
            yg[j] = (float)((double)yg[j] * ((double)hiv[j] + (double)lov[j]));
#endif
    }
}
/*
 * log1p(u) in double for u >= 0 or NaN, vectorizable (libm's log1p per row
 * was half the time of short rows): m = 1 + u with its rounding error c,
 * m = 2^k f with f in [sqrt(1/2), sqrt(2)), log f = 2 atanh(s) with
 * s = (f - 1)/(f + 1), |s| < 0.172 (series to s^17: rel. error < 1e-16),
 * plus k ln2 and c/m.  About 2 ulp of double: far below float32's.
 */
static inline double actr_log1p_d(double u)
{
    double m = 1.0 + u;
    double c = u - (m - 1.0);                     /* exact for u >= 0 */
    uint64_t b;
    memcpy(&b, &m, sizeof b);
    b += 0x3ff0000000000000ull - 0x3fe6a09e667f3bcdull;
    double k = (double)((int64_t)(b >> 52) - 1023);
    b = (b & 0x000fffffffffffffull) + 0x3fe6a09e667f3bcdull;
    double f;
    memcpy(&f, &b, sizeof f);
    double g = f - 1.0;                           /* exact */
    double sv = g / (2.0 + g), s2 = sv * sv;
    double R = 1.0 / 3 + s2 * (1.0 / 5 + s2 * (1.0 / 7 + s2 * (1.0 / 9 + s2 * (1.0 / 11
             + s2 * (1.0 / 13 + s2 * (1.0 / 15 + s2 * (1.0 / 17)))))));
    double lf = 2.0 * sv + (2.0 * sv) * (s2 * R);
    return (k * 0x1.62e42fefa39efp-1 + (lf + c / m));
}

/* split sums of a short row's 2^64 exp(x - m) (the max's term exactly 2^64),
 * in units of 2^64: the entries equal to it counted apart in *ones, the sum of
 * the others in double; 8 lanes (the float compare and count on 8 floats, the
 * others widened).  Faster than actr_short_sums above 16 elements only
 * (measured). */
static inline double actr_short_sums_v8(const float *e, ptrdiff_t n, double *ones)
{
    const actr_v8f one = {1, 1, 1, 1, 1, 1, 1, 1};
    const actr_v8f unit = one * 0x1p64f;
    actr_v8f c = {0};
    actr_v4d a = {0}, b = {0};
    ptrdiff_t j;
    for (j = 0; j + 8 <= n; j += 8) {
        actr_v8f f;
        actr_v4f lo_, hi_;
        memcpy(&f, e + j, sizeof f);
        actr_v8i is1 = f == unit;
        c += (actr_v8f)((actr_v8i)one & is1);
        f = (actr_v8f)((actr_v8i)f & ~is1);
        lo_ = (actr_v4f){f[0], f[1], f[2], f[3]};   /* no __builtin_shufflevector: GCC < 12 */
        hi_ = (actr_v4f){f[4], f[5], f[6], f[7]};
        a += __builtin_convertvector(lo_, actr_v4d);
        b += __builtin_convertvector(hi_, actr_v4d);
    }
    a += b;
    double s = (a[0] + a[1]) + (a[2] + a[3]);
    double o = (double)(((c[0] + c[1]) + (c[2] + c[3])) + ((c[4] + c[5]) + (c[6] + c[7])));
    for (; j < n; j++) {
        int is1 = e[j] == 0x1p64f;
        s += is1 ? 0.0 : (double)e[j];
        o += is1;
    }
    *ones = o;
    return s * 0x1p-64;
}

/*
 * log_softmax of many short rows (no mask), grouped like softmax: 2^64 exp
 * (never subnormal: the sums of rows dominated by one entry keep the others'
 * relative accuracy down to x - m = -120), the ones/others sums, then
 * L = log1p(S - 1) for the group's rows in one vector loop and
 * y = (x - m) - L in float, as actr_block_logout_f32 (within 1.5 ulp).
 */
ACTR_SPECIALIZE void
actr_short_log_softmax_n_f32(const float *x, float *y, ptrdiff_t rows, ptrdiff_t n, int fast)
{
    float nmv[ACTR_GROUP + 8], ev[ACTR_GROUP];
    float Lv[ACTR_GROUP];
    double Uv[ACTR_GROUP];
    ptrdiff_t g = ACTR_GROUP / n;
    for (ptrdiff_t r0 = 0; r0 < rows; r0 += g) {
        ptrdiff_t gr = rows - r0 < g ? rows - r0 : g, len = gr * n, r, j;
        const float *xg = x + r0 * n;
        float *yg = y + r0 * n;                /* may be xg: x is read before y is written */
        actr_group_negmax_f32(xg, gr, n, nmv);
        ACTR_IVDEP
        for (j = 0; j < len; j++) ev[j] = actr_expdiff64_f32(xg[j], nmv[j], fast);
        for (r = 0; r < gr; r++) {
#ifdef ACTR_HAVE_ROWLOOPS
            Uv[r] = actr_short_split_u_f32(ev + r * n, n);
#else
            double ones, others = n > 16 ? actr_short_sums_v8(ev + r * n, n, &ones)
                                         : actr_short_sums(ev + r * n, n, &ones, 0x1p-64);
            Uv[r] = (ones - 1.0) + others;        /* S - 1, as act_rows_log_sum */
#endif
        }
        ACTR_IVDEP
        for (r = 0; r < gr; r++) Uv[r] = actr_log1p_d(Uv[r]);
        for (r = 0; r < gr; r++)
            for (j = 0; j < n; j++) Lv[r * n + j] = (float)Uv[r];
        ACTR_IVDEP
        for (j = 0; j < len; j++) yg[j] = (xg[j] + nmv[j]) - Lv[j];
    }
}

/* common widths get their own copy, with n known to the compiler */
#define ACTR_BY_WIDTH(fn, x, y, rows, n, fast)                                          \
    do {                                                                                \
        if ((n) == 8) fn((x), (y), (rows), 8, (fast));                                  \
        else if ((n) == 16) fn((x), (y), (rows), 16, (fast));                           \
        else if ((n) == 32) fn((x), (y), (rows), 32, (fast));                           \
        else fn((x), (y), (rows), (n), (fast));                                         \
    } while (0)
#define ACTR_SHORT_SOFTMAX_HOOK(op, x, mask, y, rows, n, fast)                          \
    if ((op) == 0 && !(mask)) {                                                         \
        ACTR_BY_WIDTH(actr_short_softmax_n_f32, x, y, rows, n, fast);                   \
        return;                                                                         \
    }                                                                                   \
    if ((op) == 1 && !(mask)) {                                                         \
        ACTR_BY_WIDTH(actr_short_log_softmax_n_f32, x, y, rows, n, fast);               \
        return;                                                                         \
    }
#else
#define ACTR_SHORT_SOFTMAX_HOOK(op, x, mask, y, rows, n, fast)
#endif

ACTR_SPECIALIZE void actr_short_rows_f32(int op, const float *x, const uint8_t *mask, float *y,
                                         ptrdiff_t rows, ptrdiff_t n, int fast)
{
    float e[ACTR_SHORT];
    ACTR_SHORT_SOFTMAX_HOOK(op, x, mask, y, rows, n, fast)
    for (ptrdiff_t r = 0; r < rows; r++, x += n, y += (op == 2 ? 1 : n)) {
        const uint8_t *mk = mask ? mask + r * n : NULL;
        float m;
        int any;
        double ones;
        double others = actr_short_sumexp_f32(x, mk, n, &m, &any, e, &ones, fast);
        if (op == 0) {                          /* softmax */
            if (!any) { for (ptrdiff_t i = 0; i < n; i++) y[i] = 0.0f; continue; }
            actr_block_scale_f32(e, mk, n, 0x1p-64 / (ones + others), y);
        } else if (op == 1) {                   /* log_softmax */
            if (!any) { for (ptrdiff_t i = 0; i < n; i++) y[i] = -ACTR_INF_F; continue; }
            actr_block_logout_f32(x, mk, n, (double)m, act_rows_log_sum(ones, others), y);
        } else {                                /* logsumexp */
            int inf = isinf(m);
            int nan = 0;
            if (inf)
                for (ptrdiff_t i = 0; i < n; i++) nan |= x[i] != x[i];
            y[0] = (float)act_rows_lse((double)m, inf ? 1.0 : ones, inf ? 0.0 : others, nan);
        }
    }
}

#ifdef ACTR_HAVE_ROWLOOPS
/*
 * softmax (op 0) and log_softmax (op 1) of long rows (more than one block)
 * without a mask on AVX-512: each row's exponential pass also takes the next
 * row's max (a load and a vmaxps per vector instead of a pass of its own, the
 * next row's lines fetched while this one computes), and the next row's exp
 * parameters are computed before this row is scaled.  The arithmetic is the
 * block path's (a max takes no order; the sums are the same loop over the same
 * blocks, added in block order): bitwise the same results.  Measured (C
 * harness, 1 thread): 64 x 65536 softmax 0.41 -> 0.39 ns/element; rows of 1024
 * in L1 gain as much, but streamed from memory (4096 x 1024) they lose 5-8%:
 * the separate max pass, all loads, keeps more of them in flight.
 */
static inline float actr_row_max_f32(const float *x, const uint8_t *mask, ptrdiff_t n,
                                     int *any);                 /* ACTR_DEFINE_ROWS */
ACTR_SPECIALIZE void actr_long_rows_f32(int op, const float *x, float *y, ptrdiff_t rows,
                                        ptrdiff_t n, int fast)
{
    int any;
    float m = actr_row_max_f32(x, NULL, n, &any);
    actr_sm_par par = actr_sm_params(m, fast, 1);
    for (ptrdiff_t r = 0; r < rows; r++, x += n, y += n) {
        const float *xn = r + 1 < rows ? x + n : NULL;
        float mn = -ACTR_INF_F, unit = op == 0 ? 1.0f : actr_smexp_unit_f32(m, par, fast);
        double ones = 0.0, others = 0.0;
        for (ptrdiff_t b = 0; b < n; b += ACT_ROWS_BLOCK) {
            ptrdiff_t len = ACTR_MIN(ACT_ROWS_BLOCK, n - b);
            float mb = -ACTR_INF_F;
            if (op == 0)
                others += actr_smexp_acc_f32(x + b, NULL, len, par, y + b, NULL, 1.0f, NULL,
                                             xn ? xn + b : NULL, &mb, fast, 0);
            else
                others += actr_smexp_acc_f32(x + b, NULL, len, par, y != x ? y + b : NULL, &ones,
                                             unit, NULL, xn ? xn + b : NULL, &mb, fast, 1)
                          / (double)unit;
            mn = mb > mn ? mb : mn;
        }
        actr_sm_par parn = xn ? actr_sm_params(mn, fast, 1) : par;
        if (op == 0)
            actr_block_scale_f32(y, NULL, n, 1.0 / (ones + others), y);
        else
            actr_block_logout_f32(x, NULL, n, (double)m, act_rows_log_sum(ones, others), y);
        m = mn;
        par = parn;
    }
}
/*
 * softmax of rows of one block (n <= ACT_ROWS_BLOCK) without a mask on
 * AVX-512, where every row of y is aligned as the same row of x (n a multiple
 * of 16, x and y alike in a cache line): row r's scaling runs in the pass
 * that takes row r + 1's max (actr_vmax_scale_f32), not in a pass of its own.
 * The block path's arithmetic (the same sums, the same elementwise scaling):
 * bitwise the same results.  C harness, 1 thread, ns per element, separate
 * passes -> fused: rows of 1024 from memory (4096 rows) 0.315 -> 0.304, in L2
 * (64 rows) 0.304 -> 0.296; rows of 256 0.448 -> 0.433, 768 0.321 -> 0.318,
 * 2048 0.309 -> 0.286, 4096 0.324 -> 0.308; rows of 512 level (0.352 ->
 * 0.345 and -> 0.355 in two runs).
 */
ACTR_SPECIALIZE void actr_mid_softmax_rows_f32(const float *x, float *y, ptrdiff_t rows,
                                               ptrdiff_t n, int fast)
{
    float m = actr_vmax_f32(x, n);
    for (ptrdiff_t r = 0; r < rows; r++, x += n, y += n) {
        double inv = 1.0 / actr_block_sumexp_f32(x, NULL, n, m, y, NULL, fast, NULL, NULL);
        float lo, hi = actr_split_inv(inv, &lo);
        if (r + 1 < rows)
            m = actr_vmax_scale_f32(x + n, n, y, hi, lo);
        else
            actr_vscale_f32(y, NULL, n, hi, lo, y);
    }
}
#define ACTR_MID_ROWS(xv, yv, n)                                                        \
    ((n) % 16 == 0 && ((uintptr_t)(xv) - (uintptr_t)(yv)) % 64 == 0)
#define ACTR_LONG_ROWS_HOOK(op, xv, mask, yv, rows, n, fast)                            \
    if ((op) < 2 && !(mask) && (rows) > 0 && (n) > ACT_ROWS_BLOCK) {                    \
        actr_long_rows_f32((op), (const float *)(xv), (float *)(yv), (rows), (n), (fast));\
        return;                                                                         \
    }                                                                                   \
    if ((op) == 0 && !(mask) && (rows) > 0 && ACTR_MID_ROWS(xv, yv, n)) {               \
        actr_mid_softmax_rows_f32((const float *)(xv), (float *)(yv), (rows), (n), (fast));\
        return;                                                                         \
    }
#else
#define ACTR_LONG_ROWS_HOOK(op, xv, mask, yv, rows, n, fast)
#endif

/* ------------------------------------------------ row drivers (both types) */

/* the next row of a call (prefetched while this one computes), NULL at the last */
#define ACTR_NEXT(x, n, r, rows) ((r) + 1 < (rows) && (n) > ACT_ROWS_BLOCK ? (x) + (n) : NULL)

/*
 * Per-type row functions.  The block loops here are the serial twin of the
 * block-parallel driver in _softmax.pyx: same blocks, same combination order.
 */
#define ACTR_DEFINE_ROWS(T, S, INF)                                                     \
static inline T actr_row_max_##S(const T *x, const uint8_t *mask, ptrdiff_t n, int *any)\
{                                                                                       \
    T m = -INF;                                                                         \
    int a = 0;                                                                          \
    for (ptrdiff_t b = 0; b < n; b += ACT_ROWS_BLOCK) {                                 \
        int ab;                                                                         \
        T bm = actr_block_max_##S(x + b, ACT_MK_(mask, b), ACTR_MIN(ACT_ROWS_BLOCK, n - b), &ab); \
        m = bm > m ? bm : m;                                                            \
        a |= ab;                                                                        \
    }                                                                                   \
    *any = a;                                                                           \
    return m;                                                                           \
}                                                                                       \
ACTR_SPECIALIZE double actr_row_sumexp_##S(const T *x, const uint8_t *mask, ptrdiff_t n, \
                                          T m, T *e, double *ones, int fast, const T *pf,\
                                          T *scr)                                       \
{                                                                                       \
    double s = 0.0;                                                                     \
    if (ones) *ones = 0.0;                                                              \
    for (ptrdiff_t b = 0; b < n; b += ACT_ROWS_BLOCK)                                   \
        s += actr_block_sumexp_##S(x + b, ACT_MK_(mask, b),                             \
                                   ACTR_MIN(ACT_ROWS_BLOCK, n - b), m, e ? e + b : NULL,\
                                   ones, fast, pf ? pf + b : NULL, scr ? scr + b : NULL);\
    return s;                                                                           \
}                                                                                       \
static inline int actr_has_nan_##S(const T *x, ptrdiff_t n)                             \
{                                                                                       \
    for (ptrdiff_t i = 0; i < n; i++)                                                   \
        if (x[i] != x[i]) return 1;                                                     \
    return 0;                                                                           \
}                                                                                       \
ACTR_SPECIALIZE void actr_softmax_rows_fl_##S(const void *xv, const uint8_t *mask,      \
                                             void *yv, ptrdiff_t rows, ptrdiff_t n,     \
                                             int fast)                                  \
{                                                                                       \
    int any = 0;                                                                        \
    T m = 0;                                                                            \
    ACTR_SHORT_HOOK_##S(0, xv, mask, yv, rows, n, fast)                                 \
    if (rows > 0)                                                                       \
        m = actr_row_max_##S((const T *)xv, mask, n, &any);                             \
    for (ptrdiff_t r = 0; r < rows; r++) {                                              \
        const T *x = (const T *)xv + r * n;                                             \
        T *y = (T *)yv + r * n;                                                         \
        const uint8_t *mk = ACT_MK_(mask, r * n);                                       \
        double ones = 0.0, others = 0.0;                                                \
        int anyn = 0;                                                                   \
        T mn = 0;                                                                       \
        if (any)                                                                        \
            others = actr_row_sumexp_##S(x, mk, n, m, y, ACTR_SM_ONES_##S(&ones), fast,  \
                                         ACTR_NEXT(x, n, r, rows), NULL);               \
        /* the next row's max before this one's 1/S and scaling: independent work  \
         * that hides the latency of the sum's lane tree and the division */          \
        if (r + 1 < rows)                                                               \
            mn = actr_row_max_##S(x + n, ACT_MK_(mask, (r + 1) * n), n, &anyn);         \
        if (any) {                                                                      \
            double inv = 1.0 / (ones + others);                                         \
            for (ptrdiff_t b = 0; b < n; b += ACT_ROWS_BLOCK)                           \
                actr_block_scale_##S(y + b, ACT_MK_(mk, b),                             \
                                     ACTR_MIN(ACT_ROWS_BLOCK, n - b), inv, y + b);      \
        } else {                                                                        \
            for (ptrdiff_t i = 0; i < n; i++) y[i] = 0;                                 \
        }                                                                               \
        m = mn;                                                                         \
        any = anyn;                                                                     \
    }                                                                                   \
}                                                                                       \
ACTR_SPECIALIZE void actr_log_softmax_rows_fl_##S(const void *xv, const uint8_t *mask,  \
                                                 void *yv, ptrdiff_t rows, ptrdiff_t n, \
                                                 int fast)                              \
{                                                                                       \
    int any = 0;                                                                        \
    T m = 0;                                                                            \
    ACTR_SHORT_HOOK_##S(1, xv, mask, yv, rows, n, fast)                                 \
    if (rows > 0)                                                                       \
        m = actr_row_max_##S((const T *)xv, mask, n, &any);                             \
    for (ptrdiff_t r = 0; r < rows; r++) {                                              \
        const T *x = (const T *)xv + r * n;                                             \
        T *y = (T *)yv + r * n;                                                         \
        const uint8_t *mk = ACT_MK_(mask, r * n);                                       \
        double ones = 0.0, others = 0.0;                                                \
        int anyn = 0;                                                                   \
        T mn = 0;                                                                       \
        if (any)                                                                        \
            others = actr_row_sumexp_##S(x, mk, n, m, NULL, &ones, fast,                \
                                         ACTR_NEXT(x, n, r, rows),                      \
                                         (const T *)y != x ? y : NULL);                 \
        /* as softmax: the next row's max hides the latency of the log */             \
        if (r + 1 < rows)                                                               \
            mn = actr_row_max_##S(x + n, ACT_MK_(mask, (r + 1) * n), n, &anyn);         \
        if (any) {                                                                      \
            double L = act_rows_log_sum(ones, others);                                  \
            for (ptrdiff_t b = 0; b < n; b += ACT_ROWS_BLOCK)                           \
                actr_block_logout_##S(x + b, ACT_MK_(mk, b),                            \
                                      ACTR_MIN(ACT_ROWS_BLOCK, n - b), (double)m, L,    \
                                      y + b);                                           \
        } else {                                                                        \
            for (ptrdiff_t i = 0; i < n; i++) y[i] = -INF;                              \
        }                                                                               \
        m = mn;                                                                         \
        any = anyn;                                                                     \
    }                                                                                   \
}                                                                                       \
static void actr_logsumexp_rows_##S(const void *xv, void *outv, ptrdiff_t rows,         \
                                    ptrdiff_t n)                                        \
{                                                                                       \
    ACTR_SHORT_HOOK_##S(2, xv, NULL, outv, rows, n, 0)                                  \
    for (ptrdiff_t r = 0; r < rows; r++) {                                              \
        const T *x = (const T *)xv + r * n;                                             \
        int any;                                                                        \
        T m = actr_row_max_##S(x, NULL, n, &any);                                       \
        double ones = 1.0, others = 0.0;                                                \
        if (!isinf(m))                                                                  \
            others = actr_row_sumexp_##S(x, NULL, n, m, NULL, &ones, 0,                 \
                                         ACTR_NEXT(x, n, r, rows), NULL);               \
        ((T *)outv)[r] = (T)act_rows_lse((double)m, ones, others,                       \
                                         isinf(m) && actr_has_nan_##S(x, n));           \
    }                                                                                   \
}                                                                                       \
static void actr_cross_entropy_rows_##S(const void *xv, const int64_t *labels,          \
                                        double *loss, ptrdiff_t rows, ptrdiff_t n)      \
{                                                                                       \
    for (ptrdiff_t r = 0; r < rows; r++) {                                              \
        const T *x = (const T *)xv + r * n;                                             \
        int any;                                                                        \
        T m = actr_row_max_##S(x, NULL, n, &any);                                       \
        double xl = (double)x[labels[r]];                                               \
        if (isinf(m)) {                                                                 \
            loss[r] = act_rows_lse((double)m, 1.0, 0.0, actr_has_nan_##S(x, n)) - xl;   \
        } else {                                                                        \
            double ones, others = actr_row_sumexp_##S(x, NULL, n, m, NULL, &ones, 0,    \
                                                      ACTR_NEXT(x, n, r, rows), NULL);  \
            loss[r] = ((double)m - xl) + act_rows_log_sum(ones, others);                \
        }                                                                               \
    }                                                                                   \
}                                                                                       \
static void actr_cross_entropy_backward_rows_##S(const void *xv, const int64_t *labels, \
                                                 double scale, void *dxv,               \
                                                 ptrdiff_t rows, ptrdiff_t n)           \
{                                                                                       \
    for (ptrdiff_t r = 0; r < rows; r++) {                                              \
        const T *x = (const T *)xv + r * n;                                             \
        T *dx = (T *)dxv + r * n;                                                       \
        int any;                                                                        \
        ptrdiff_t l = (ptrdiff_t)labels[r];                                             \
        T m = actr_row_max_##S(x, NULL, n, &any);                                       \
        double ones, others = actr_row_sumexp_##S(x, NULL, n, m, dx, &ones, 0,          \
                                                  ACTR_NEXT(x, n, r, rows), NULL);      \
        double el = (double)dx[l];                                                      \
        double inv = scale / (ones + others);                                           \
        /* sum of the others than the label, without cancelling the ones */            \
        double rest = el == 1.0 ? (ones - 1.0) + others : ones + (others - el);         \
        for (ptrdiff_t b = 0; b < n; b += ACT_ROWS_BLOCK)                               \
            actr_block_scale_##S(dx + b, NULL, ACTR_MIN(ACT_ROWS_BLOCK, n - b), inv,    \
                                 dx + b);                                               \
        /* softmax - 1 = -(sum of the others)/S: no cancellation */                     \
        dx[l] = (T)(-(rest * inv));                                                     \
    }                                                                                   \
}

#define ACT_MK_(mask, off) ((mask) ? (mask) + (off) : NULL)
#define ACTR_SHORT_HOOK_f32(op, xv, mask, yv, rows, n, fast)                            \
    if ((n) <= ACTR_SHORT) {                                                            \
        actr_short_rows_f32((op), (const float *)(xv), (mask), (float *)(yv), (rows), (n),\
                            (fast));                                                    \
        return;                                                                         \
    }                                                                                   \
    ACTR_LONG_ROWS_HOOK(op, xv, mask, yv, rows, n, fast)
#define ACTR_SHORT_HOOK_f64(op, xv, mask, yv, rows, n, fast)
/* softmax sums: float32 without the ones split, on 2^64 exp (block_sumexp) */
#define ACTR_SM_ONES_f32(p) NULL
#define ACTR_SM_ONES_f64(p) (p)
ACTR_DEFINE_ROWS(float, f32, ACTR_INF_F)
ACTR_DEFINE_ROWS(double, f64, ACTR_INF_D)

/* ------------------------------------------------------------ backward rows */

static void actr_softmax_backward_rows_f32(const void *dyv, const void *yv, void *dxv,
                                           ptrdiff_t rows, ptrdiff_t n)
{
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *dy = (const float *)dyv + r * n, *y = (const float *)yv + r * n;
        float *dx = (float *)dxv + r * n;
        double acc[ACTR_LANES] = {0};
        ptrdiff_t i = 0;
        for (; i + ACTR_LANES <= n; i += ACTR_LANES) {
            for (int k = 0; k < ACTR_LANES; k++)
                acc[k] += (double)dy[i + k] * (double)y[i + k];
        }
        for (; i < n; i++) acc[0] += (double)dy[i] * (double)y[i];
        double s = actr_lanes_sum(acc);
        ACTR_IVDEP
        for (i = 0; i < n; i++) dx[i] = (float)((double)y[i] * ((double)dy[i] - s));
    }
}

static void actr_softmax_backward_rows_f64(const void *dyv, const void *yv, void *dxv,
                                           ptrdiff_t rows, ptrdiff_t n)
{
    for (ptrdiff_t r = 0; r < rows; r++) {
        const double *dy = (const double *)dyv + r * n, *y = (const double *)yv + r * n;
        double *dx = (double *)dxv + r * n;
        double acc[ACTR_LANES] = {0};
        ptrdiff_t i = 0;
        for (; i + ACTR_LANES <= n; i += ACTR_LANES) {
            for (int k = 0; k < ACTR_LANES; k++) acc[k] += dy[i + k] * y[i + k];
        }
        for (; i < n; i++) acc[0] += dy[i] * y[i];
        double s = actr_lanes_sum(acc);
        ACTR_IVDEP
        for (i = 0; i < n; i++) dx[i] = y[i] * (dy[i] - s);
    }
}

static void actr_log_softmax_backward_rows_f32(const void *dyv, const void *yv, void *dxv,
                                               ptrdiff_t rows, ptrdiff_t n)
{
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *dy = (const float *)dyv + r * n, *y = (const float *)yv + r * n;
        float *dx = (float *)dxv + r * n;
        double acc[ACTR_LANES] = {0};
        actr_sum_f32(acc, dy, n);
        double s = actr_lanes_sum(acc);
        /* exp(y) first (dx may be dy: each element is read before it is written) */
        float e[ACTR_SUB];
        for (ptrdiff_t b = 0; b < n; b += ACTR_SUB) {
            ptrdiff_t len = n - b < ACTR_SUB ? n - b : ACTR_SUB;
            ACTR_IVDEP
            for (ptrdiff_t i = 0; i < len; i++) e[i] = act_exp_f32(y[b + i]);
            ACTR_IVDEP
            for (ptrdiff_t i = 0; i < len; i++)
                dx[b + i] = (float)((double)dy[b + i] - (double)e[i] * s);
        }
    }
}

static void actr_log_softmax_backward_rows_f64(const void *dyv, const void *yv, void *dxv,
                                               ptrdiff_t rows, ptrdiff_t n)
{
    for (ptrdiff_t r = 0; r < rows; r++) {
        const double *dy = (const double *)dyv + r * n, *y = (const double *)yv + r * n;
        double *dx = (double *)dxv + r * n;
        double acc[ACTR_LANES] = {0};
        ptrdiff_t i = 0;
        for (; i + ACTR_LANES <= n; i += ACTR_LANES) {
            for (int k = 0; k < ACTR_LANES; k++) acc[k] += dy[i + k];
        }
        for (; i < n; i++) acc[0] += dy[i];
        double s = actr_lanes_sum(acc);
        for (i = 0; i < n; i++) dx[i] = dy[i] - exp(y[i]) * s;
    }
}

/* ------------------------------------------------------------ block entries */

#define ACTR_DEFINE_BLOCKS(T, S)                                                        \
static double actr_bmax_##S(const void *x, const uint8_t *mask, ptrdiff_t n, int *any)  \
{ return (double)actr_block_max_##S((const T *)x, mask, n, any); }                      \
static double actr_bsumexp_##S(const void *x, const uint8_t *mask, ptrdiff_t n,         \
                               double m, void *e, double *ones)                         \
{ return actr_block_sumexp_##S((const T *)x, mask, n, (T)m, (T *)e, ones, 0, NULL, NULL); }\
static void actr_bscale_##S(const void *e, const uint8_t *mask, ptrdiff_t n, double inv,\
                            void *y)                                                    \
{ actr_block_scale_##S((const T *)e, mask, n, inv, (T *)y); }                           \
static void actr_blogout_##S(const void *x, const uint8_t *mask, ptrdiff_t n, double m, \
                             double L, void *y)                                         \
{ actr_block_logout_##S((const T *)x, mask, n, m, L, (T *)y); }
ACTR_DEFINE_BLOCKS(float, f32)
ACTR_DEFINE_BLOCKS(double, f64)

/* Table entries of the softmax and log_softmax rows: accurate (S) and, float32
 * only, actcore.fast (S##_fast: the exponentials from the fast exp core) */
#define ACTR_DEFINE_FORWARD(S, SUFFIX, FAST)                                            \
static void actr_softmax_rows_##S##SUFFIX(const void *x, const uint8_t *mask, void *y,  \
                                          ptrdiff_t rows, ptrdiff_t n)                  \
{ actr_softmax_rows_fl_##S(x, mask, y, rows, n, FAST); }                                \
static void actr_log_softmax_rows_##S##SUFFIX(const void *x, const uint8_t *mask,       \
                                              void *y, ptrdiff_t rows, ptrdiff_t n)     \
{ actr_log_softmax_rows_fl_##S(x, mask, y, rows, n, FAST); }
ACTR_DEFINE_FORWARD(f32, , 0)
ACTR_DEFINE_FORWARD(f32, _fast, 1)
ACTR_DEFINE_FORWARD(f64, , 0)
static double actr_bsumexp_f32_fast(const void *x, const uint8_t *mask, ptrdiff_t n,
                                    double m, void *e, double *ones)
{
    return actr_block_sumexp_f32((const float *)x, mask, n, (float)m, (float *)e, ones, 1, NULL,
                                 NULL);
}

#define ACTR_FNS(S, FWD)                                                                \
    {actr_softmax_rows_##FWD, actr_log_softmax_rows_##FWD, actr_logsumexp_rows_##S,     \
     actr_softmax_backward_rows_##S, actr_log_softmax_backward_rows_##S,                \
     actr_cross_entropy_rows_##S, actr_cross_entropy_backward_rows_##S,                 \
     actr_bmax_##S, actr_bsumexp_##FWD, actr_bscale_##S, actr_blogout_##S}

const act_rows_table ACT_CAT(act_rows_, ACT_ISA) = {
    ACTR_FNS(f32, f32), ACTR_FNS(f64, f64), ACTR_FNS(f32, f32_fast)};

#endif /* ACT_ROWS_IMPL_H */
