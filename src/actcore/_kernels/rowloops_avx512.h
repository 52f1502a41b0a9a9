/*
 * Explicit AVX-512 loops of the softmax row kernels (rows_impl.h includes this
 * file when the target has AVX-512; other targets keep the plain-C loops).
 *
 * The pass over a block computes e = 2^K exp(x - c + delta) (see
 * actr_smexp_f32) and adds it to compensated float lanes in one loop (as
 * exact as double lanes, fewer cycles: ACTR_SUM_BIAS), storing it
 * (softmax) or counting the entries equal to the max's own term apart
 * (log_softmax, logsumexp, cross-entropy: rows.h's split sums); the plain-C
 * route stored 1024 exponentials to L1 and read them back.  The accurate
 * exponential takes 2^(j/16) from a 16-entry table (actr__smexp16).  The max,
 * the scaling and log_softmax's output run masked vectors at the ends of a
 * block instead of scalar loops, and a where= mask becomes lane masks.
 * actcore.fast adds each lane's exponentials in float over groups of four
 * before the double lanes (ACTR_FAST_GROUP), and short rows' log_softmax
 * sums a row in one or two vectors (actr_short_split_u_f32).
 * Measured on Zen 4, one thread, rows of 1024: softmax 0.425 -> 0.325 ns per
 * element, log_softmax 0.52 -> 0.445; masked rows about 4x faster.
 *
 * Vectors are aligned to the output (a vector that straddles a cache line is
 * stored twice); the first and last vectors of a block are masked.  The sum
 * stays independent of the address: element i always goes to lane i mod 16,
 * each lane adds its elements in index order (one chain per lane: the loop is
 * bound by the exponentials, not by the adds' latency), and the lanes are
 * rotated back to index order at the end.
 */
#ifndef ACTCORE_ROWLOOPS_AVX512_H
#define ACTCORE_ROWLOOPS_AVX512_H

#include <immintrin.h>
#include "avx512_halves.h"
#include "math_f32.h"
#include "math_fast_f32.h"

#define ACTR__SET(c) _mm512_set1_ps(c)

/* the row parameters (actr_sm_par) broadcast once per block */
typedef struct {
    __m512 nc, lo, magic;
    __m512 th, tl;       /* 2^(j/16) (1 + delta) / (1 + j/16) = th + tl */
    __m512 magic16;      /* 1.5 2^23 + 16 (K + 127) */
} actr_sm_vpar;

/* 2^(j/16) / (1 + j/16) = hi + lo (to 2^-45), hi of 19 significant bits; this
 * table and the cubic of actr__smexp16: tools/smooth_coefficients.py
 * (exp2_16_table) */
static const float ACTR__EXP2_16[2][16] __attribute__((aligned(64))) = {
    /* hi */
    {0x1p+0f, 0x1.f7378p-1f, 0x1.f04d4p-1f, 0x1.eaff8p-1f,
     0x1.e7198p-1f, 0x1.e4714p-1f, 0x1.e2e54p-1f, 0x1.e259cp-1f,
     0x1.e2b7cp-1f, 0x1.e3ed4p-1f, 0x1.e5ea4p-1f, 0x1.e8a28p-1f,
     0x1.ec0b8p-1f, 0x1.f01c8p-1f, 0x1.f4ce8p-1f, 0x1.fa1bcp-1f},
    /* lo */
    {0x0p+0f, 0x1.45997ap-21f, 0x1.c0decap-21f, -0x1.60e976p-21f,
     -0x1.894a0ep-21f, 0x1.c9405p-21f, 0x1.933784p-21f, -0x1.734c16p-23f,
     0x1.ddfefap-21f, -0x1.801aep-21f, 0x1.554f4cp-28f, -0x1.22e3d8p-23f,
     -0x1.99e158p-21f, -0x1.872644p-21f, -0x1.5bc508p-22f, 0x1.8f1d7cp-21f},
};

static inline actr_sm_vpar actr__sm_vpar(actr_sm_par p)
{
    __m512 th = _mm512_load_ps(ACTR__EXP2_16[0]);
    actr_sm_vpar vp = {ACTR__SET(p.nc), ACTR__SET(p.lo), ACTR__SET(p.magic), th,
                       _mm512_fmadd_ps(th, ACTR__SET(p.delta), _mm512_load_ps(ACTR__EXP2_16[1])),
                       ACTR__SET(0x1.8p23f + 16.0f * (p.magic - 0x1.8p23f))};
    return vp;
}

/*
 * 2^K exp(x - c + delta) on 16 lanes (c0: the caller knows c = 0), as
 * actr_smexp_f32 but with a 16-entry table (vpermps): n16 = round(16 z/ln2) =
 * 16 n + j, e^z = 2^n 2^(j/16) e^r with |r| <= ln2/32 (r = z - n16 ln2/16 in two
 * Cody-Waite steps, the first exact), e^r - 1 = r + r^2 (c2 + c3 r) (minimax,
 * rel. error 0.027 x 2^-24).  The low 12 bits of t are n16 + 16 (K + 127)
 * (magic16): shifted left by 19 they are the float s = 2^(n + K) (1 + j/16)
 * (j the top 4 bits of its fraction), and the table holds 2^(j/16) (1 +
 * delta) / (1 + j/16) = th + tl, th of 19 bits, so th s is exact and e =
 * s (th + (th (e^r - 1) + tl)) is rounded once (an FMA onto th s): within
 * 0.5 + 0.06 ulp.  14 vector operations where actr_smexp_f32's 1 + r +
 * r^2 Q(r) with its exact parts takes 21; one fewer than the table of
 * 2^(j/16) scaled by a power of two (t >> 4 << 23, then a product): rows of
 * 1024, 0.328 -> 0.317 ns per element (C harness, 1 thread).  At the zclamp
 * bound s is +0; z less than ln2 above it (entries about 132 below the row
 * max: terms under 2^-190 of its own, which no output shows) gives a
 * subnormal s, and its vector a slower subnormal step.
 */
static inline __attribute__((always_inline)) __m512
actr__smexp16(__m512 x, actr_sm_vpar p, int c0)
{
    __m512 d = c0 ? x : _mm512_add_ps(x, p.nc);
    __m512 z = _mm512_max_ps(p.lo, d);                 /* the bound first: NaN passes */
    __m512 t = _mm512_fmadd_ps(z, ACTR__SET(0x1.715476p4f), p.magic16);
    __m512 nf = _mm512_sub_ps(t, p.magic16);
    __m512 r = _mm512_fmadd_ps(nf, ACTR__SET(-ACT__LN2HI * 0.0625f), z);    /* exact */
    r = _mm512_fmadd_ps(nf, ACTR__SET(-ACT__LN2LO * 0.0625f), r);
    __m512 r2 = _mm512_mul_ps(r, r);
    __m512 pm = _mm512_fmadd_ps(r2, _mm512_fmadd_ps(r, ACTR__SET(0x1.55561cp-3f),
                                                    ACTR__SET(0x1.00022p-1f)), r);
    __m512i ti = _mm512_castps_si512(t);
    __m512 th = _mm512_permutexvar_ps(ti, p.th);
    __m512 tl = _mm512_permutexvar_ps(ti, p.tl);
    __m512 s = _mm512_castsi512_ps(_mm512_slli_epi32(ti, 19));
    return _mm512_fmadd_ps(_mm512_fmadd_ps(th, pm, tl), s, _mm512_mul_ps(th, s));
}

/* actcore.fast: actr_smexp_f32's fast branch on 16 lanes (1 + r P(r)) */
static inline __attribute__((always_inline)) __m512
actr__smexp16_fast(__m512 x, actr_sm_vpar p, int c0)
{
    __m512 d = c0 ? x : _mm512_add_ps(x, p.nc);
    __m512 z = _mm512_max_ps(p.lo, d);
    __m512 t = _mm512_fmadd_ps(z, ACTR__SET(0x1.715476p0f), p.magic);
    __m512 nf = _mm512_sub_ps(t, p.magic);
    __m512 r = _mm512_fmadd_ps(nf, ACTR__SET(-ACT__LN2HI), z);
    r = _mm512_add_ps(r, _mm512_mul_ps(nf, ACTR__SET(-ACT__LN2LO)));
    __m512 q = _mm512_fmadd_ps(ACTR__SET(ACTF_POLY_P4), r, ACTR__SET(ACTF_POLY_P3));
    q = _mm512_fmadd_ps(q, r, ACTR__SET(ACTF_POLY_P2));
    q = _mm512_fmadd_ps(q, r, ACTR__SET(ACTF_POLY_P1));
    q = _mm512_fmadd_ps(q, r, ACTR__SET(ACTF_POLY_P0));
    __m512 T = _mm512_fmadd_ps(r, q, ACTR__SET(1.0f));
    __m512 s = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_castps_si512(t), 23));
    return _mm512_mul_ps(T, s);
}

/* lanes k of the vector that ends at an aligned address after h elements */
#define ACTR__HEADMASK(h) ((__mmask16)(0xFFFFu << (16 - (h))))
#define ACTR__TAILMASK(m) ((__mmask16)((1u << (m)) - 1))

/* max of x[0..n) (n > 0; -inf if all are NaN): a NaN is never taken, as in
 * actr_block_max_f32.  Masked vectors at both ends instead of scalar loops. */
static inline float actr_vmax_f32(const float *x, ptrdiff_t n)
{
    const __m512 ninf = ACTR__SET(-__builtin_inff());
    __m512 a0 = ninf, a1 = ninf, a2 = ninf, a3 = ninf;
    ptrdiff_t h = ACTR_HEAD(x, n), i = h;
    /* max(v, acc) returns acc when v is NaN */
    if (h > 0)
        a0 = _mm512_max_ps(_mm512_mask_loadu_ps(ninf, ACTR__HEADMASK(h), x + h - 16), a0);
    for (; i + 64 <= n; i += 64) {
        a0 = _mm512_max_ps(_mm512_load_ps(x + i), a0);
        a1 = _mm512_max_ps(_mm512_load_ps(x + i + 16), a1);
        a2 = _mm512_max_ps(_mm512_load_ps(x + i + 32), a2);
        a3 = _mm512_max_ps(_mm512_load_ps(x + i + 48), a3);
    }
    for (; i + 16 <= n; i += 16)
        a1 = _mm512_max_ps(_mm512_load_ps(x + i), a1);
    if (i < n)
        a2 = _mm512_max_ps(_mm512_mask_loadu_ps(ninf, ACTR__TAILMASK(n - i), x + i), a2);
    a0 = _mm512_max_ps(_mm512_max_ps(a0, a1), _mm512_max_ps(a2, a3));
    return _mm512_reduce_max_ps(a0);
}

/* e (hi + lo) on 8 lanes in double (hi + lo exact there), rounded once */
static inline __m256 actr__scale_half_pd(__m256 e, __m256 hi, __m256 lo)
{
    __m512d h = _mm512_add_pd(_mm512_cvtps_pd(hi), _mm512_cvtps_pd(lo));
    return _mm512_cvtpd_ps(_mm512_mul_pd(_mm512_cvtps_pd(e), h));
}

/* e (hi + lo) in double, rounded once to float32 (ACTR_SCALE's other form) */
static __attribute__((cold)) __m512 actr__scale16_double(__m512 e, __m512 hi, __m512 lo)
{
    return ACT512_JOIN8(actr__scale_half_pd(ACT512_LO8(e), ACT512_LO8(hi), ACT512_LO8(lo)),
                        actr__scale_half_pd(ACT512_HI8(e), ACT512_HI8(hi), ACT512_HI8(lo)));
}

/* e (hi + lo) rounded once (ACTR_SCALE): every AVX-512 scaling of softmax.
 * The exponentials put a row's max near 2^64, so hi + lo = 1/S is about
 * 2^-64/n to 2^-63: a lane with 0 < e < 2^-36 (a large row's far tail, e
 * hi below 2^-99) takes the product in double, since its float32 steps may
 * be subnormal, and on Intel cores a product with a subnormal operand or
 * result is a microcode assist for the whole vector (~57 ns on Sapphire
 * Rapids: rows of N(0, 30^2) logits ran at 7-11 ns per element); the other
 * lanes' products stay normal (rows below 2^25 elements).  Within half an
 * ulp and 2^-53 either way, and the route is the lane's own (e's alone), so
 * no result depends on another. */
#define ACTR__TINY_E 0x1p-36f
static inline __attribute__((always_inline)) __m512 actr__scale16(__m512 e, __m512 hi, __m512 lo)
{
    __mmask16 t = _mm512_cmp_epu32_mask(_mm512_sub_epi32(_mm512_castps_si512(e), _mm512_set1_epi32(1)),
                                        _mm512_set1_epi32((int)act__f2u(ACTR__TINY_E) - 1),
                                        _MM_CMPINT_LT);
    if (__builtin_expect(!t, 1))
        return _mm512_fmadd_ps(e, hi, _mm512_mul_ps(e, lo));
    __m512 ez = _mm512_maskz_mov_ps((__mmask16)~t, e);
    return _mm512_mask_blend_ps(t, _mm512_fmadd_ps(ez, hi, _mm512_mul_ps(ez, lo)),
                                actr__scale16_double(e, hi, lo));
}

/* y[j] = y[j] (hi[j] + lo[j]) for j < len, a factor per element (short
 * rows: rows_impl.h's grouped softmax), each lane as actr__scale16 */
static inline void actr_vscale_each_f32(float *y, const float *hi, const float *lo, ptrdiff_t len)
{
    ptrdiff_t j = 0;
    for (; j + 16 <= len; j += 16)
        _mm512_storeu_ps(y + j, actr__scale16(_mm512_loadu_ps(y + j), _mm512_loadu_ps(hi + j),
                                              _mm512_loadu_ps(lo + j)));
    if (j < len) {
        __mmask16 k = ACTR__TAILMASK(len - j);
        _mm512_mask_storeu_ps(y + j, k, actr__scale16(_mm512_maskz_loadu_ps(k, y + j),
                                                      _mm512_maskz_loadu_ps(k, hi + j),
                                                      _mm512_maskz_loadu_ps(k, lo + j)));
    }
}

/*
 * The next row's max (as actr_vmax_f32) and this row's scaling in place by
 * hi + lo (as actr_vscale_f32) in one pass: x the next row, y this row's
 * stored exponentials, aligned as x.  The first ACTR_LEAD vectors only take
 * the max (their scaling comes last): the scaling waits for 1/S, at the end
 * of a latency chain (the sum's lane tree, the division), the max loads do
 * not.
 */
#define ACTR_LEAD 16
static inline float actr_vmax_scale_f32(const float *x, ptrdiff_t n, float *y, float hi,
                                        float lo)
{
    const __m512 ninf = ACTR__SET(-__builtin_inff()), vh = ACTR__SET(hi), vl = ACTR__SET(lo);
    __m512 a0 = ninf, a1 = ninf;
    ptrdiff_t h = ACTR_HEAD(x, n), i = h;
    ptrdiff_t lead = h + 16 * ACTR_LEAD < n ? h + 16 * ACTR_LEAD : h;
#define ACTR__SC(v) actr__scale16((v), vh, vl)
#define ACTR__SC_AT(at) _mm512_store_ps(y + (at), ACTR__SC(_mm512_load_ps(y + (at))))
    if (h > 0) {
        __m512 v = _mm512_maskz_loadu_ps(ACTR__HEADMASK(h), y + h - 16);
        a0 = _mm512_max_ps(_mm512_mask_loadu_ps(ninf, ACTR__HEADMASK(h), x + h - 16), a0);
        _mm512_mask_storeu_ps(y + h - 16, ACTR__HEADMASK(h), ACTR__SC(v));
    }
    for (; i + 32 <= lead; i += 32) {
        a0 = _mm512_max_ps(_mm512_load_ps(x + i), a0);
        a1 = _mm512_max_ps(_mm512_load_ps(x + i + 16), a1);
    }
    for (; i + 32 <= n; i += 32) {
        a0 = _mm512_max_ps(_mm512_load_ps(x + i), a0);
        a1 = _mm512_max_ps(_mm512_load_ps(x + i + 16), a1);
        ACTR__SC_AT(i);
        ACTR__SC_AT(i + 16);
    }
    for (; i + 16 <= n; i += 16) {
        a0 = _mm512_max_ps(_mm512_load_ps(x + i), a0);
        ACTR__SC_AT(i);
    }
    if (i < n) {
        __m512 v = _mm512_maskz_loadu_ps(ACTR__TAILMASK(n - i), y + i);
        a1 = _mm512_max_ps(_mm512_mask_loadu_ps(ninf, ACTR__TAILMASK(n - i), x + i), a1);
        _mm512_mask_storeu_ps(y + i, ACTR__TAILMASK(n - i), ACTR__SC(v));
    }
    for (i = h; i < lead; i += 16)
        ACTR__SC_AT(i);
#undef ACTR__SC_AT
#undef ACTR__SC
    return _mm512_reduce_max_ps(_mm512_max_ps(a0, a1));
}

/* the lanes of k whose mask byte (mask + at, one per element) is nonzero */
static inline __mmask16 actr__mask_bits(const uint8_t *mask, ptrdiff_t at, __mmask16 k)
{
    __m128i b = _mm_maskz_loadu_epi8(k, mask + at);
    return _mm_mask_test_epi8_mask(k, b, b);
}

/* max of x[i] where mask[i] != 0 (-inf if none; *any: whether one is), as
 * actr_block_max_f32 with a mask */
static inline float actr_vmax_masked_f32(const float *x, const uint8_t *mask, ptrdiff_t n,
                                         int *any)
{
    const __m512 ninf = ACTR__SET(-__builtin_inff());
    __m512 a0 = ninf, a1 = ninf;
    __mmask16 seen = 0;
    ptrdiff_t h = ACTR_HEAD(x, n), i = h;
#define ACTR__MAXSTEP(acc, at, k)                                                       \
    do {                                                                                \
        __mmask16 in_ = actr__mask_bits(mask, (at), (k));                               \
        seen |= in_;                                                                    \
        acc = _mm512_max_ps(_mm512_mask_loadu_ps(ninf, in_, x + (at)), acc);            \
    } while (0)
    if (h > 0)
        ACTR__MAXSTEP(a0, h - 16, ACTR__HEADMASK(h));
    for (; i + 32 <= n; i += 32) {
        ACTR__MAXSTEP(a0, i, 0xFFFF);
        ACTR__MAXSTEP(a1, i + 16, 0xFFFF);
    }
    for (; i + 16 <= n; i += 16)
        ACTR__MAXSTEP(a0, i, 0xFFFF);
    if (i < n)
        ACTR__MAXSTEP(a1, i, ACTR__TAILMASK(n - i));
#undef ACTR__MAXSTEP
    *any = seen != 0;
    return _mm512_reduce_max_ps(_mm512_max_ps(a0, a1));
}

/* y[i] = F(v) of v = src[i] (F a function-like macro of one __m512), aligned to
 * y, masked vectors at the ends */
#define ACTR__VMAP(src, y, n, F)                                                        \
    do {                                                                                \
        ptrdiff_t h_ = ACTR_HEAD((y), (n)), i_ = h_;                                    \
        if (h_ > 0) {                                                                   \
            __m512 v_ = _mm512_maskz_loadu_ps(ACTR__HEADMASK(h_), (src) + h_ - 16);     \
            _mm512_mask_storeu_ps((y) + h_ - 16, ACTR__HEADMASK(h_), F(v_));            \
        }                                                                               \
        for (; i_ + 16 <= (n); i_ += 16)                                                \
            _mm512_store_ps((y) + i_, F(_mm512_loadu_ps((src) + i_)));                  \
        if (i_ < (n)) {                                                                 \
            __m512 v_ = _mm512_maskz_loadu_ps(ACTR__TAILMASK((n) - i_), (src) + i_);    \
            _mm512_mask_storeu_ps((y) + i_, ACTR__TAILMASK((n) - i_), F(v_));           \
        }                                                                               \
    } while (0)

/* as ACTR__VMAP, and y[i] = excl (an __m512) where mask[i] is 0 */
#define ACTR__VMAP_MASKED(src, mask, y, n, F, excl)                                     \
    do {                                                                                \
        ptrdiff_t h_ = ACTR_HEAD((y), (n));                                             \
        for (ptrdiff_t at_ = h_ > 0 ? h_ - 16 : 0; at_ < (n); at_ += 16) {              \
            __mmask16 k_ = at_ < 0 ? ACTR__HEADMASK(h_)                                           \
                 : (n) - at_ < 16 ? ACTR__TAILMASK((n) - at_) : (__mmask16)0xFFFF;      \
            __m512 v_ = F(_mm512_maskz_loadu_ps(k_, (src) + at_));                      \
            v_ = _mm512_mask_blend_ps(actr__mask_bits((mask), at_, k_), (excl), v_);    \
            _mm512_mask_storeu_ps((y) + at_, k_, v_);                                   \
        }                                                                               \
    } while (0)

/* y = e (hi + lo) rounded once (ACTR_SCALE), 0 where a mask byte is 0 */
static inline void actr_vscale_f32(const float *e, const uint8_t *mask, ptrdiff_t n, float hi,
                                   float lo, float *y)
{
    const __m512 vh = ACTR__SET(hi), vl = ACTR__SET(lo);
#define ACTR__SCALE16(v) actr__scale16((v), vh, vl)
    if (mask)
        ACTR__VMAP_MASKED(e, mask, y, n, ACTR__SCALE16, _mm512_setzero_ps());
    else
        ACTR__VMAP(e, y, n, ACTR__SCALE16);
#undef ACTR__SCALE16
}

/* y = (x - m) - L (actr_block_logout_f32), -inf where a mask byte is 0 */
static inline void actr_vlogout_f32(const float *x, const uint8_t *mask, ptrdiff_t n, float m,
                                    float L, float *y)
{
    const __m512 vm = ACTR__SET(m), vL = ACTR__SET(L);
#define ACTR__LOGOUT16(v) _mm512_sub_ps(_mm512_sub_ps((v), vm), vL)
    if (mask)
        ACTR__VMAP_MASKED(x, mask, y, n, ACTR__LOGOUT16, ACTR__SET(-__builtin_inff()));
    else
        ACTR__VMAP(x, y, n, ACTR__LOGOUT16);
#undef ACTR__LOGOUT16
}

/* The exponentials of the 16 elements at `at` (those in k are in the block),
 * returned for the sum: stored to e (if not NULL); with split, those equal to
 * unit are counted in *n1 and returned as 0.  A vector with an entry equal to
 * unit is rare (the max and its ties): a branch, not a select on every
 * vector. */
static inline __attribute__((always_inline)) __m512
actr__smexp_step(const float *x, float *e, ptrdiff_t at, __mmask16 k, int full,
                 actr_sm_vpar p, int fast, int c0, int split, __m512 unit, ptrdiff_t *n1,
                 const float *xn, __m512 *mx, const uint8_t *mk)
{
    __mmask16 kv = k;                              /* the lanes in the block */
    if (mk) {                                      /* masked entries: e = 0, as outside */
        k = actr__mask_bits(mk, at, kv);
        full = 0;
    }
    __m512 v = full ? _mm512_loadu_ps(x + at) : _mm512_maskz_loadu_ps(k, x + at);
    if (xn) {                                      /* max(v, acc): a NaN v is not taken */
        __m512 w = full ? _mm512_loadu_ps(xn + at)
                        : _mm512_mask_loadu_ps(ACTR__SET(-__builtin_inff()), kv, xn + at);
        *mx = _mm512_max_ps(w, *mx);
    }
    __m512 y = fast ? actr__smexp16_fast(v, p, c0) : actr__smexp16(v, p, c0);
    if (!full)
        y = _mm512_maskz_mov_ps(k, y);             /* lanes outside add +0 */
    if (e && full)
        _mm512_store_ps(e + at, y);
    else if (e)
        _mm512_mask_storeu_ps(e + at, kv, y);      /* masked entries get 0 */
    if (split) {
        __mmask16 is1 = _mm512_cmp_ps_mask(y, unit, _CMP_EQ_OQ);
        if (__builtin_expect(is1 != 0, 0)) {
            *n1 += __builtin_popcount((unsigned)is1);
            y = _mm512_mask_mov_ps(y, is1, _mm512_setzero_ps());
        }
    }
    return y;
}

/* lo:hi += y, 16 float lanes added to 16 double lanes */
static inline __attribute__((always_inline)) void actr__add_pd16(__m512d *lo, __m512d *hi,
                                                                  __m512 y)
{
    *lo = _mm512_add_pd(*lo, _mm512_cvtps_pd(_mm512_castps512_ps256(y)));
    *hi = _mm512_add_pd(*hi, _mm512_cvtps_pd(_mm512_extractf32x8_ps(y, 1)));
}

/* softmax's accurate pass adds each lane's elements in float and keeps every
 * addition's rounding error (Fast2Sum): the running sum s starts at the bias
 * B = 2^65, above every e (at most 2^64.5: actr_sm_par's K), so s >= e and
 * e - ((s + e) - s) is the addition's exact error, summed into c, which goes to
 * double lanes every ACTR_SUM_GROUP = g elements of a lane (counted per lane
 * from the block's start, as the fast groups); a lane's sum is (s - B) + its
 * c's in double.  Only c's own roundings are lost: a group's |c| <= g u (B + L)
 * for a lane sum L, so with nv vectors the block's sum S_b is within
 * nv g u^2 (16 B + S_b) (u = 2^-24).  Where that could exceed 2^-27 S_b (a
 * block of 4096 whose sum is below ~2^-4 of the row max's e ~ 2^64) the
 * stored exponentials are summed again in double lanes, the exact route.
 * About four float additions a vector instead of two vcvtps2pd (~1.5 cycles
 * each on Zen 4) and two double additions: rows of 1024, 0.351 -> 0.325 ns
 * per element (C harness).
 * log_softmax's split sums leave out the max's term, so S_b may be far below
 * B in every block: they keep the double lanes. */
#define ACTR_SUM_BIAS 0x1p65f
#define ACTR_SUM_GROUP 16
#define ACTR_SUM_TOL 0x1p-27

/* lo:hi += the compensated lanes' sums (s - B) + c */
static inline void actr__add_comp(__m512d *lo, __m512d *hi, __m512 s, __m512 c)
{
    const __m512d b = _mm512_set1_pd(ACTR_SUM_BIAS);
    __m512d slo = _mm512_cvtps_pd(_mm512_castps512_ps256(s));
    __m512d shi = _mm512_cvtps_pd(_mm512_extractf32x8_ps(s, 1));
    *lo = _mm512_add_pd(*lo, _mm512_sub_pd(slo, b));              /* exact */
    *hi = _mm512_add_pd(*hi, _mm512_sub_pd(shi, b));
    actr__add_pd16(lo, hi, c);
}

/* whether a block's compensated sum sb of nv vectors is within ACTR_SUM_TOL
 * of the exact one by the bound above (false for NaN) */
static inline int actr__comp_ok(double sb, ptrdiff_t nv)
{
    double g = nv < ACTR_SUM_GROUP ? (double)nv : (double)ACTR_SUM_GROUP;
    double k = (double)nv * g * 0x1p-48;              /* nv g u^2 */
    return sb * (ACTR_SUM_TOL - k) >= 16.0 * ACTR_SUM_BIAS * k;
}

/* A per-lane group's step (the fast groups, the compensation): at a group's
 * end (the caller's vector counter j = 0 mod g) the lanes outside km end their
 * group with v and the lanes in km (the head's, one element ahead) start the
 * next one with it; the ended groups go to lo:hi */
static inline __attribute__((always_inline)) void
actr__group_step(__m512d *lo, __m512d *hi, __m512 *acc, __m512 v, __mmask16 km, int end)
{
    if (end) {
        actr__add_pd16(lo, hi, _mm512_mask_add_ps(*acc, (__mmask16)~km, *acc, v));
        *acc = _mm512_maskz_mov_ps(km, v);
    } else {
        *acc = _mm512_add_ps(*acc, v);
    }
}

/* lo:hi in lane order (index lane l at lane (l - h) mod 16) to their total, as
 * actr_lanes_sum adds */
static inline double actr__lanes_total(__m512d lo, __m512d hi, ptrdiff_t h)
{
    __m512i il = _mm512_and_si512(_mm512_sub_epi64(_mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7),
                                                   _mm512_set1_epi64(h)),
                                  _mm512_set1_epi64(15));
    __m512i ih = _mm512_and_si512(_mm512_add_epi64(il, _mm512_set1_epi64(8)),
                                  _mm512_set1_epi64(15));
    __m512d a = _mm512_add_pd(_mm512_permutex2var_pd(lo, il, hi),
                              _mm512_permutex2var_pd(lo, ih, hi));
    a = _mm512_add_pd(a, _mm512_shuffle_f64x2(a, a, 0xEE));   /* lanes 4-7 onto 0-3 */
    a = _mm512_add_pd(a, _mm512_shuffle_f64x2(a, a, 0x55));   /* 2-3 onto 0-1 */
    __m128d a01 = _mm512_castpd512_pd128(a);
    return _mm_cvtsd_f64(a01) + _mm_cvtsd_f64(_mm_unpackhi_pd(a01, a01));
}

/* actcore.fast sums each lane's elements in float over groups of
 * ACTR_FAST_GROUP (in index order, from the block's start) and adds the
 * groups' sums to double lanes: (g - 1) u of relative error at most for
 * positive terms, and one conversion per group: about 2 operations a vector
 * against the compensated sum's 4. */
#define ACTR_FAST_GROUP 4

/* The block pass of the row sums: the sum of e[i] (e stored when not NULL;
 * with split, only of e[i] != unit, those equal counted into *ones; mk: the
 * where= mask or NULL) in 16 lanes: compensated float lanes for softmax
 * (ACTR_SUM_BIAS), double lanes for the split sums, double lanes of float sums
 * of ACTR_FAST_GROUP elements for actcore.fast; lane i mod 16 takes e[i] in
 * index order, and the lanes are combined as actr_lanes_sum does; pf: the
 * next row's block, prefetched (a line per vector); xn: the next row (n
 * elements), whose max goes to *mxn */
static inline __attribute__((always_inline)) double
actr__smexp_acc_avx512(const float *x, const uint8_t *mk, ptrdiff_t n, actr_sm_par p, float *e,
                       double *ones, float unit, const float *pf, const float *xn, float *mxn,
                       int fast, int c0, int split)
{
    __m512 mx = ACTR__SET(-__builtin_inff());
    actr_sm_vpar vp = actr__sm_vpar(p);
    __m512d lo = _mm512_setzero_pd(), hi = _mm512_setzero_pd();
    __m512 un = ACTR__SET(unit);
    ptrdiff_t n1 = 0;
    /* h elements before the aligned address: the vectors start at h - 16 + 16 j,
     * so lane l of every vector holds an element i with i mod 16 = (h + l) mod 16 */
    ptrdiff_t h = ACTR_HEAD(e ? e : x, n), i = h, j = 1;
    /* the fast groups, by each lane's own element count from the block's
     * start: vector j (the head vector is 0, the first at h is 1) holds a
     * lane's element j - 1 for the lanes outside km and its element j for
     * those in km (the head's lanes); a lane's group ends after its element
     * g - 1 mod g, i.e. at j = 0 mod g outside km and one vector earlier in
     * km: at such a j the running sums take y's lanes outside km and go to
     * lo:hi, and the new sums start with y's lanes in km */
    const __mmask16 km = ACTR__HEADMASK(h);
    __m512 grp = _mm512_setzero_ps();
    const int comp = !fast && !split && e;         /* the compensated float lanes */
    __m512 bs = ACTR__SET(ACTR_SUM_BIAS), bc = _mm512_setzero_ps();   /* s and c */
#define ACTR__STEP(at, k, full, jv)                                                     \
    do {                                                                                \
        __m512 y_ = actr__smexp_step(x, e, (at), (k), (full), vp, fast, c0, split, un,  \
                                     &n1, xn, &mx, mk);                                 \
        if (comp) {                                                                     \
            __m512 t_ = _mm512_add_ps(bs, y_);                                          \
            __m512 d_ = _mm512_sub_ps(y_, _mm512_sub_ps(t_, bs));   /* exact error */   \
            bs = t_;                                                                    \
            actr__group_step(&lo, &hi, &bc, d_, km, (jv) % ACTR_SUM_GROUP == 0);        \
        } else if (!fast) {                                                             \
            actr__add_pd16(&lo, &hi, y_);                                               \
        } else {                                                                        \
            actr__group_step(&lo, &hi, &grp, y_, km, (jv) % ACTR_FAST_GROUP == 0);      \
        }                                                                               \
    } while (0)
    if (h > 0)
        ACTR__STEP(h - 16, ACTR__HEADMASK(h), 0, 0);
    for (; i + 16 <= n; i += 16, j++) {
        if (pf)
            _mm_prefetch((const char *)(pf + i), _MM_HINT_T0);
        ACTR__STEP(i, 0xFFFF, 1, j);
    }
    if (i < n)
        ACTR__STEP(i, ACTR__TAILMASK(n - i), 0, j);
#undef ACTR__STEP
    if (fast)
        actr__add_pd16(&lo, &hi, grp);
    if (comp)
        actr__add_comp(&lo, &hi, bs, bc);
    double total = actr__lanes_total(lo, hi, h);
    if (comp && !actr__comp_ok(total, j + 1)) {
        /* the stored e again, in double lanes at the same positions */
        lo = hi = _mm512_setzero_pd();
        if (h > 0)
            actr__add_pd16(&lo, &hi, _mm512_maskz_loadu_ps(ACTR__HEADMASK(h), e + h - 16));
        for (i = h; i + 16 <= n; i += 16)
            actr__add_pd16(&lo, &hi, _mm512_load_ps(e + i));
        if (i < n)
            actr__add_pd16(&lo, &hi, _mm512_maskz_loadu_ps(ACTR__TAILMASK(n - i), e + i));
        total = actr__lanes_total(lo, hi, h);
    }
    if (split)
        *ones += (double)n1;
    if (xn)
        *mxn = _mm512_reduce_max_ps(mx);
    return total;
}

/* the max's own term as the loop computes it (the unit of the split sums) */
static inline float actr_smexp_unit_f32(float m, actr_sm_par p, int fast)
{
    actr_sm_vpar vp = actr__sm_vpar(p);
    __m512 v = ACTR__SET(m);
    return _mm512_cvtss_f32(fast ? actr__smexp16_fast(v, vp, 0) : actr__smexp16(v, vp, 0));
}

/* softmax's pass (split 0: e stored, the plain sum) or the split sums of
 * log_softmax, logsumexp and cross-entropy (e stored to scr when not NULL),
 * over a block; mk: NULL or its mask (e = 0 where a byte is 0); xn (no mask
 * only): the next row, whose max goes to *mxn */
ACTR_SPECIALIZE double actr_smexp_acc_f32(const float *x, const uint8_t *mk, ptrdiff_t n,
                                          actr_sm_par p, float *e, double *ones, float unit,
                                          const float *pf, const float *xn, float *mxn, int fast,
                                          int split)
{
#define ACTR__ACC(mk_, c0, xn_, sp) actr__smexp_acc_avx512(x, (mk_), n, p, e, ones, unit, pf,   \
                                                           (xn_), mxn, fast, (c0), (sp))
#define ACTR__ACC2(mk_, xn_, sp)                                                        \
    (p.nc == 0.0f ? ACTR__ACC(mk_, 1, xn_, sp) : ACTR__ACC(mk_, 0, xn_, sp))
    if (mk)
        return split ? ACTR__ACC2(mk, NULL, 1) : ACTR__ACC2(mk, NULL, 0);
    if (split)
        return xn ? ACTR__ACC2(NULL, xn, 1) : ACTR__ACC2(NULL, NULL, 1);
    return xn ? ACTR__ACC2(NULL, xn, 0) : ACTR__ACC2(NULL, NULL, 0);
#undef ACTR__ACC2
#undef ACTR__ACC
}

/* S - 1 of a short row (n <= 32) of 2^64-scaled exponentials in units of 2^64
 * (rows_impl.h actr_short_log_softmax_n_f32), with the split of
 * actr_short_sums: an entry v = e 2^-64 above 1/2 counts one apart and adds
 * v - 1 (exact), so the ones stay exact and the rest sum small values.  One or
 * two vectors a row where the plain-C loop summed four scalar chains (rows of
 * 16: log_softmax 0.94 -> 0.84 ns/element, C harness). */
static inline double actr_short_split_u_f32(const float *e, ptrdiff_t n)
{
    const __m512d sc = _mm512_set1_pd(0x1p-64), one = _mm512_set1_pd(1.0);
    __m512d a = _mm512_setzero_pd();
    int ones = 0;
    for (ptrdiff_t j = 0; j < n; j += 16) {
        __mmask16 k = n - j >= 16 ? (__mmask16)0xFFFF : ACTR__TAILMASK(n - j);
        __m512 v = _mm512_maskz_loadu_ps(k, e + j);
        __mmask16 is1 = _mm512_mask_cmp_ps_mask(k, v, ACTR__SET(0x1p63f), _CMP_GT_OQ);
        ones += __builtin_popcount((unsigned)is1);
        __m512d lo = _mm512_mul_pd(_mm512_cvtps_pd(_mm512_castps512_ps256(v)), sc);
        __m512d hi = _mm512_mul_pd(_mm512_cvtps_pd(_mm512_extractf32x8_ps(v, 1)), sc);
        lo = _mm512_mask_sub_pd(lo, (__mmask8)is1, lo, one);
        hi = _mm512_mask_sub_pd(hi, (__mmask8)(is1 >> 8), hi, one);
        a = _mm512_add_pd(a, _mm512_add_pd(lo, hi));
    }
    return (double)(ones - 1) + _mm512_reduce_add_pd(a);
}
#define ACTR_HAVE_ROWLOOPS 1

#endif /* ACTCORE_ROWLOOPS_AVX512_H */
