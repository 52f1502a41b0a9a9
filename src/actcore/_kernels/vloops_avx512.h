/*
 * Explicit AVX-512 loops for the kernels whose best instruction the
 * auto-vectorizer cannot reach from plain C: exp and actcore.fast's exp
 * scale by vscalefps (q 2^n with one rounding, subnormal results included),
 * where the plain-C kernels build 2^n as two normal factors (four integer
 * operations and a second product) and clamp x with four integer operations
 * instead of vminps/vmaxps.  Same reduction, polynomial and constants as
 * act_exp_f32 and act_fast_exp_f32 (math_f32.h, math_fast_f32.h): the results
 * are bitwise those of the plain-C kernels (NaN payloads aside; checked over
 * all 2^32 inputs).  10 vector operations for the fast exp (was 17), 14 for
 * the accurate one (was 21).
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
ACTV_UNARY_KERNEL(exp, actv_exp)
ACTV_UNARY_KERNEL(fast_exp, actv_fast_exp)

#endif /* ACTCORE_VLOOPS_AVX512_H */
