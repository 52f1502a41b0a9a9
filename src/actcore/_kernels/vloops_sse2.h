/*
 * Explicit SSE2 loop (the x86-64 baseline target) for actcore.fast's exp,
 * the one kernel whose plain-C form SSE2 makes expensive: with no FMA, no
 * 32-bit integer minimum, no blend and no scalef, the clamp's select costs
 * four operations and 2^n two factors (four integer operations and a second
 * product), 27 vector operations in all.  Here a vector whose |x| are all
 * <= 87 (e^x normal, 2^n normal: the common case) skips the clamp and scales
 * by one factor, 2^n built from the reduction's t by a shift and a
 * subtraction: 21 operations, the check included.  Any other vector (a lane
 * beyond 87, where the result is subnormal, overflows or saturates) runs
 * act_fast_exp_f32 lane by lane.  Same reduction, polynomial, constants and
 * rounding order as act_fast_exp_f32 without FMA: the results are bitwise
 * those of the plain-C kernel (the product q 2^n is exact where it is
 * normal, as (q s1) s2 is).
 *
 * As in vloops_avx512.h, kernels_impl.h skips the generic kernel of a
 * function whose ACT_VLOOP_<name> is defined here.
 */
#ifndef ACTCORE_VLOOPS_SSE2_H
#define ACTCORE_VLOOPS_SSE2_H

#include <emmintrin.h>
#include "math_f32.h"
#include "math_fast_f32.h"

#define ACTV2_SET(c) _mm_set1_ps(c)
#define ACTV2_FMA(a, b, c) _mm_add_ps(_mm_mul_ps((a), (b)), (c))   /* ACTF_FMA without FMA */

/* act_fast_exp_f32 for lanes with |x| <= 87 (NaN lanes give NaN) */
static inline __m128 actv2__fast_exp_normal(__m128 x)
{
    const __m128 magic = ACTV2_SET(ACT__EXP_MAGIC);
    __m128 t = ACTV2_FMA(x, ACTV2_SET(0x1.715476p0f), magic);
    __m128 nf = _mm_sub_ps(t, magic);
    __m128 r = _mm_sub_ps(x, _mm_mul_ps(nf, ACTV2_SET(ACT__LN2HI)));      /* exact */
    r = _mm_sub_ps(r, _mm_mul_ps(nf, ACTV2_SET(ACT__LN2LO)));
    __m128 p = ACTV2_FMA(ACTV2_SET(ACTF_EXP4_P3), r, ACTV2_SET(ACTF_EXP4_P2));
    p = ACTV2_FMA(p, r, ACTV2_SET(ACTF_EXP4_P1));
    p = ACTV2_FMA(p, r, ACTV2_SET(ACTF_EXP4_P0));
    __m128 q = ACTV2_FMA(r, p, ACTV2_SET(1.0f));
    /* t's low bits hold n + 254: 2^n = ((n + 254) << 23) - (127 << 23) */
    __m128i s = _mm_sub_epi32(_mm_slli_epi32(_mm_castps_si128(t), 23),
                              _mm_set1_epi32(127 << 23));
    return _mm_mul_ps(q, _mm_castsi128_ps(s));
}

static void act_kernel_fast_exp_f32(const void *const *in, void *out, ptrdiff_t n,
                                    int scalar_params)
{
    const float *x = (const float *)in[0];
    float *y = (float *)out;
    const __m128 absmask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
    ptrdiff_t i = 0;
    (void)scalar_params;
    for (; i + 4 <= n; i += 4) {
        __m128 v = _mm_loadu_ps(x + i);
        __m128 far = _mm_cmplt_ps(ACTV2_SET(87.0f), _mm_and_ps(v, absmask));
        if (__builtin_expect(_mm_movemask_ps(far) != 0, 0)) {
            float lanes[4];                   /* loaded first: in place is fine */
            _mm_storeu_ps(lanes, v);
            for (int k = 0; k < 4; k++)
                y[i + k] = act_fast_exp_f32(lanes[k]);
        } else {
            _mm_storeu_ps(y + i, actv2__fast_exp_normal(v));
        }
    }
    for (; i < n; i++)
        y[i] = act_fast_exp_f32(x[i]);
}

#define ACT_VLOOP_fast_exp ~, ACT__SKIP

#endif /* ACTCORE_VLOOPS_SSE2_H */
