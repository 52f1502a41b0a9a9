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
 *     accurate one (was 21).
 *   - erf picks per-lane polynomial coefficients from 16-entry tables by
 *     vpermps (below).
 *
 * A loop here replaces the plain-C float32 kernel of its function:
 * kernels_impl.h skips the generic one when ACT_VLOOP_<name> is defined (as
 * `~, ACT__SKIP`) and the table takes act_kernel_<name>_f32 from here.
 */
#ifndef ACTCORE_VLOOPS_AVX512_H
#define ACTCORE_VLOOPS_AVX512_H

#include <immintrin.h>
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

/* n = round(z/ln2) by the magic bias, as a float */
static inline __m512 actv__exp_n(__m512 z)
{
    const __m512 magic = ACTV_SET(0x1.8p23f);
    return _mm512_sub_ps(_mm512_fmadd_ps(z, ACTV_SET(0x1.715476p0f), magic), magic);
}

/* act_exp_f32 (FMA targets): two-step reduction, 1 + (r + r^2 Q(r)) */
static inline __m512 actv_exp(__m512 x)
{
    __m512 z = actv__exp_clamp(x);
    __m512 nf = actv__exp_n(z);
    __m512 r = _mm512_fmadd_ps(nf, ACTV_SET(-ACT__LN2HI), z);     /* exact */
    r = _mm512_fmadd_ps(nf, ACTV_SET(-ACT__LN2LO), r);
    __m512 r2 = _mm512_mul_ps(r, r);
    __m512 A = _mm512_fmadd_ps(ACTV_SET(ACT__EXPQ1), r, ACTV_SET(ACT__EXPQ0));
    __m512 B = _mm512_fmadd_ps(ACTV_SET(ACT__EXPQ3), r, ACTV_SET(ACT__EXPQ2));
    __m512 q = _mm512_fmadd_ps(_mm512_fmadd_ps(ACTV_SET(ACT__EXPQ4), r2, B), r2, A);
    __m512 T = _mm512_add_ps(ACTV_SET(1.0f), _mm512_fmadd_ps(r2, q, r));
    return _mm512_scalef_ps(T, nf);
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
    return _mm512_scalef_ps(q, nf);
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

static inline __m512 actv_erf(__m512 x)
{
    __m512 t = _mm512_min_ps(ACTV_SET(ACT__ERF32_T1), _mm512_abs_ps(x));
    /* the small form, as act_erf_f32 */
    __m512 v = _mm512_mul_ps(t, t);
    __m512 vlo = _mm512_fmsub_ps(t, t, v);
    __m512 ps = ACTV_SET(ACT__ERF32_S[6]);
    for (int k = 5; k >= 1; k--)
        ps = _mm512_fmadd_ps(ps, v, ACTV_SET(ACT__ERF32_S[k]));
    __m512 S0 = ACTV_SET(ACT__ERF32_S[0]);
    __m512 Sh = _mm512_fmadd_ps(ps, v, S0);
    __m512 Sl = _mm512_add_ps(_mm512_fmadd_ps(ps, v, _mm512_sub_ps(S0, Sh)),
                              _mm512_fmadd_ps(vlo, ps, ACTV_SET(ACT__ERF32_S_LO)));
    __m512 ys = _mm512_fmadd_ps(x, Sh, _mm512_mul_ps(x, Sl));
    /* the pieces */
    __m512i j = _mm512_cvttps_epi32(_mm512_mul_ps(_mm512_sub_ps(t, ACTV_SET(ACT__ERF32_T0)),
                                                  ACTV_SET(ACTV__ERF16_INVW)));
    __m512 d = _mm512_sub_ps(t, actv__perm(j, ACTV__ERF16[ACTV__ERF16_CEN]));
    __m512 p = actv__perm(j, ACTV__ERF16[ACTV__ERF16_C(5)]);
    p = _mm512_fmadd_ps(p, d, actv__perm(j, ACTV__ERF16[ACTV__ERF16_C(4)]));
    p = _mm512_fmadd_ps(p, d, actv__perm(j, ACTV__ERF16[ACTV__ERF16_C(3)]));
    p = _mm512_fmadd_ps(p, d, actv__perm(j, ACTV__ERF16[ACTV__ERF16_C(2)]));
    p = _mm512_fmadd_ps(p, d, actv__perm(j, ACTV__ERF16[ACTV__ERF16_C(1)]));
    __m512 c0 = actv__perm(j, ACTV__ERF16[ACTV__ERF16_C(0)]);
    __m512 h = _mm512_fmadd_ps(p, d, c0);
    __m512 l = _mm512_add_ps(_mm512_fmadd_ps(p, d, _mm512_sub_ps(c0, h)),   /* exact */
                             actv__perm(j, ACTV__ERF16[ACTV__ERF16_C0LO]));
    __m512 sign = _mm512_and_ps(x, _mm512_castsi512_ps(_mm512_set1_epi32((int)0x80000000)));
    __m512 yb = _mm512_or_ps(_mm512_add_ps(h, l), sign);
    __mmask16 small = _mm512_cmp_ps_mask(t, ACTV_SET(ACT__ERF32_T0), _CMP_LT_OQ);
    return _mm512_mask_blend_ps(small, yb, ys);
}

/* The kernel of a one-input function with no parameters: 16 lanes at a
 * time, the tail under a mask (in place is fine: each block is loaded before
 * it is stored). */
#define ACTV_UNARY_KERNEL(name, vfn)                                            \
static void act_kernel_##name##_f32(const void *const *in, void *out,          \
                                     ptrdiff_t n, int scalar_params)            \
{                                                                               \
    const float *x = (const float *)in[0];                                      \
    float *y = (float *)out;                                                    \
    ptrdiff_t i = 0;                                                            \
    (void)scalar_params;                                                        \
    for (; i + 16 <= n; i += 16)                                                \
        _mm512_storeu_ps(y + i, vfn(_mm512_loadu_ps(x + i)));                   \
    if (i < n) {                                                                \
        __mmask16 m = (__mmask16)((1u << (n - i)) - 1u);                        \
        _mm512_mask_storeu_ps(y + i, m, vfn(_mm512_maskz_loadu_ps(m, x + i)));  \
    }                                                                           \
}

#define ACT_VLOOP_exp ~, ACT__SKIP
#define ACT_VLOOP_fast_exp ~, ACT__SKIP
#define ACT_VLOOP_erf ~, ACT__SKIP
ACTV_UNARY_KERNEL(exp, actv_exp)
ACTV_UNARY_KERNEL(fast_exp, actv_fast_exp)
ACTV_UNARY_KERNEL(erf, actv_erf)

#endif /* ACTCORE_VLOOPS_AVX512_H */
