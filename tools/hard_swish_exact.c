/*
 * hard_swish over all 2^32 float32 inputs against its correctly rounded value
 * by integer arithmetic (x (x + 3)/6 with x = M 2^k, rounded to nearest, ties
 * to even), where the float64 reference of tools/accuracy_sweep.py rounds
 * twice: below 2^-125 it returns x/2, a float midpoint for odd multiples of
 * 2^-149, which y = x/2 + x^2/6 lies just above.  Prints the first
 * differences and their count (0: correctly rounded everywhere); ~45 s.
 *
 *   HARNESS=hard_swish_exact.c sh tools/c_harness.sh              # AVX-512
 *   HARNESS=hard_swish_exact.c sh tools/c_harness.sh hard_swish   # (the default name)
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_avx512.c"

typedef __int128 i128;

static float from_bits(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static uint32_t to_bits(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }

static float hard_swish_exact(float x)
{
    if (x != x || x >= 3 || x == 0)
        return x;
    if (x <= -3)
        return 0.0f;
    uint32_t b = to_bits(x);
    int neg = b >> 31, biased = (b >> 23) & 0xff;
    int64_t M = biased ? (b & 0x7fffff) | 0x800000 : b & 0x7fffff;
    int k = biased ? biased - 150 : -149;          /* |x| = M 2^k, k <= -22 */
    if (k < -60) {
        /* y = x/2 + x^2/6 with x^2/6 below 2^-11 ulp(x/2): x/2 where it is a
         * float, else the midpoint rounded towards +inf */
        if (k > -149 || !(M & 1))
            return x * 0.5f;
        float r = ldexpf((float)(neg ? (M - 1) / 2 : (M + 1) / 2), -149);
        return neg ? -r : r;
    }
    i128 A = ((i128)3 << -k) + (neg ? -M : M);      /* x + 3 = A 2^k > 0 */
    i128 N = (i128)M * A;                           /* |y| = N 2^(2k) / 6 */
    int bits = 0;
    for (i128 t = N; t; t >>= 1)
        bits++;
    int e = bits + 2 * k - 27;                      /* |y| = (Q + R/D) 2^e */
    i128 Q, R, D;
    for (;;) {
        int sh = 2 * k - e;
        if (sh >= 0) { D = 6; Q = (N << sh) / D; R = (N << sh) % D; }
        else { D = (i128)6 << -sh; Q = N / D; R = N % D; }
        if (Q >= (i128)1 << 24) e++;
        else if (Q < (i128)1 << 23 && e > -149) e--;
        else break;
    }
    if (2 * R > D || (2 * R == D && (Q & 1)))
        Q++;
    float r = ldexpf((float)(int64_t)Q, e);
    return neg ? -r : r;
}

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "hard_swish";
    const act_kernel_entry *e = act_table_avx512;
    while (e->name && strcmp(e->name, name))
        e++;
    if (!e->name || e->nin != 1) {
        fprintf(stderr, "no one-input kernel %s\n", name);
        return 2;
    }
    const size_t n = 1u << 20;
    uint32_t *xb = aligned_alloc(64, n * 4), *yb = aligned_alloc(64, n * 4);
    uint64_t differ = 0;
    for (uint64_t base = 0; base < (1ull << 32); base += n) {
        for (size_t i = 0; i < n; i++)
            xb[i] = (uint32_t)(base + i);
        const void *in[1] = {xb};
        e->f32(in, yb, (ptrdiff_t)n, 1);
        for (size_t i = 0; i < n; i++) {
            float x = from_bits(xb[i]), y = from_bits(yb[i]), want = hard_swish_exact(x);
            if ((want != want && y != y) || to_bits(want) == yb[i])
                continue;
            if (++differ <= 10)
                printf("x = %a: %a, correctly rounded %a\n", x, y, want);
        }
    }
    printf("%s: %llu of 2^32 inputs differ from the correctly rounded value\n", name,
           (unsigned long long)differ);
    free(xb);
    free(yb);
    return differ != 0;
}
