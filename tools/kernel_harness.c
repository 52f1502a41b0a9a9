/*
 * C harness for the elementwise float32 kernels of the AVX-512 target: calls
 * the kernel table's kernel of one ufunc in-process on n inputs uniform in
 * [lo, hi) (16 bytes past a cache line, as NumPy's large arrays are) and
 * prints the fastest of `reps` calls in ns per element, and a checksum of the
 * outputs (the same for two builds of a function whose results agree).
 * Parameters: P (first, default 1) and P2 (second, default 20) from the
 * environment; a backward kernel's dy is the same array as its x.
 *
 *   HARNESS=kernel_harness.c sh tools/c_harness.sh [-k DIR -k DIR2] name n reps lo hi
 *   HARNESS=kernel_harness.c sh tools/c_harness.sh silu_grad 262144 301 -8 8
 */
#define _POSIX_C_SOURCE 200809L     /* clock_gettime under the build's -std=c11 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_avx512.c"
#include "harness_common.h"
#include "kernel_table.h"

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: %s name n reps lo hi\n", argv[0]);
        return 2;
    }
    const char *name = argv[1];
    ptrdiff_t n = atol(argv[2]);
    int reps = atoi(argv[3]);
    double lo = atof(argv[4]), hi = atof(argv[5]);
    const act_kernel_entry *e = act_find_kernel(act_table_avx512, name);
    if (!e || n < 1) {
        fprintf(stderr, "no kernel %s (or n < 1)\n", name);
        return 2;
    }
    float *xb = aligned_alloc(64, (size_t)(n + 64) * 4);
    float *yb = aligned_alloc(64, (size_t)(n + 64) * 4);
    float *x = xb + 4, *y = yb + 4;
    for (ptrdiff_t i = 0; i < n; i++)
        x[i] = (float)(lo + (hi - lo) * uniform());
    float p[2];
    const void *in[4];
    act_kernel_params(p);
    act_kernel_inputs(e, x, p, in);
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        double t = now();
        e->f32(in, y, n, 1);
        t = now() - t;
        best = t < best ? t : best;
    }
    double sum = 0;
    for (ptrdiff_t i = 0; i < n; i += 97)
        sum += y[i];
    printf("%s n=%ld %.4f ns/el (checksum %.9g)\n", name, (long)n, best / n * 1e9, sum);
    free(xb);
    free(yb);
    return 0;
}
