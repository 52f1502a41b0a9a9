/*
 * The two 8-lane halves of a 16-lane float32 vector, for the AVX-512 loops
 * that take a step in double (vloops_avx512.h: softsign, hard_swish, the
 * tails' last scale; rowloops_avx512.h: softmax's tiny lanes).
 */
#ifndef ACTCORE_AVX512_HALVES_H
#define ACTCORE_AVX512_HALVES_H

#include <immintrin.h>

#define ACT512_LO8(x) _mm512_castps512_ps256(x)
#define ACT512_HI8(x) _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(x), 1))
#define ACT512_JOIN8(lo, hi) _mm512_insertf32x8(_mm512_castps256_ps512(lo), (hi), 1)

/* half(x) on each half of x */
#define ACT512_BY_HALVES(half, x) ACT512_JOIN8(half(ACT512_LO8(x)), half(ACT512_HI8(x)))

/* half(a, b) on each half of a and b */
#define ACT512_BY_HALVES2(half, a, b)                                           \
    ACT512_JOIN8(half(ACT512_LO8(a), ACT512_LO8(b)), half(ACT512_HI8(a), ACT512_HI8(b)))

#endif
