/*
 * C harness for the float32 softmax row kernels of one ISA target: calls the
 * kernel table's softmax or log_softmax in-process on the same rows (16 bytes
 * past a cache line, as NumPy's large arrays are) and prints the fastest of
 * `reps` calls in ns per element, then the largest distance in ulps from the
 * float64 result rounded to float32 over up to 256 rows.  No Python, no call
 * overhead: kernel changes of a few percent show here (alternate two builds,
 * tools/c_harness.sh), not in the Python-level tables.
 *
 *   rows_harness [rows n reps scale op]      op: 0 softmax, 1 log_softmax
 *   environment: THREADS=t (rows split in t parts), COLD=1 (a 96 MB sweep
 *   before each call, so the rows come from memory as after other work)
 *
 * Input: scale * N(0, 1), fixed seed.  Built by tools/c_harness.sh.
 */
#define _POSIX_C_SOURCE 200809L     /* clock_gettime under the build's -std=c11 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include ACT_ROWS_SOURCE             /* rows_avx512.c (or another target) */
#include "harness_common.h"

static double normal(void)
{
    double u = uniform() + 1e-300, v = uniform();
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* float32 bits on a line where adjacent floats differ by 1 */
static int64_t ordinal(float f)
{
    int32_t i;
    memcpy(&i, &f, 4);
    return i < 0 ? (int64_t)INT32_MIN - i : i;
}

static void run(const act_rows_fns *f, int op, const float *x, float *y, ptrdiff_t rows,
                ptrdiff_t n)
{
    if (op == 0)
        f->softmax(x, NULL, y, rows, n);
    else
        f->log_softmax(x, NULL, y, rows, n);
}

int main(int argc, char **argv)
{
    ptrdiff_t rows = argc > 1 ? atol(argv[1]) : 4096, n = argc > 2 ? atol(argv[2]) : 1024;
    int reps = argc > 3 ? atoi(argv[3]) : 31, op = argc > 5 ? atoi(argv[5]) : 0;
    double scale = argc > 4 ? atof(argv[4]) : 1.0;
    int threads = getenv("THREADS") ? atoi(getenv("THREADS")) : 1;
    size_t sweep = getenv("COLD") ? (size_t)96 << 20 : 0;
    float *xb = aligned_alloc(64, rows * n * 4 + 64), *yb = aligned_alloc(64, rows * n * 4 + 64);
    char *junk = sweep ? calloc(sweep, 1) : NULL;
    if (!xb || !yb || (sweep && !junk))
        return 1;
    float *x = xb + 4, *y = yb + 4;
    for (ptrdiff_t i = 0; i < rows * n; i++)
        x[i] = (float)(scale * normal());
    const act_rows_fns *f = &ACT_ROWS_TABLE.f32;
    double best = 1e30;
    for (int k = 0; k < reps; k++) {
        for (size_t q = 0; q < sweep; q += 64)
            junk[q]++;
        double t0 = now();
        if (threads <= 1) {
            run(f, op, x, y, rows, n);
        } else {
#pragma omp parallel for num_threads(threads)
            for (int c = 0; c < threads; c++) {
                ptrdiff_t r0 = rows * c / threads, r1 = rows * (c + 1) / threads;
                run(f, op, x + r0 * n, y + r0 * n, r1 - r0, n);
            }
        }
        double t = now() - t0;
        best = t < best ? t : best;
    }
    int64_t worst = 0;
    double *e = malloc(n * sizeof(double));
    for (ptrdiff_t r = 0; r < rows; r += rows > 256 ? rows / 256 : 1) {
        const float *xr = x + r * n;
        double m = -INFINITY, s = 0.0;
        for (ptrdiff_t i = 0; i < n; i++) m = xr[i] > m ? xr[i] : m;
        for (ptrdiff_t i = 0; i < n; i++) s += e[i] = exp((double)xr[i] - m);
        for (ptrdiff_t i = 0; i < n; i++) {
            float ref = (float)(op == 0 ? e[i] / s : ((double)xr[i] - m) - log(s));
            int64_t d = llabs(ordinal(ref) - ordinal(y[r * n + i]));
            worst = d > worst ? d : worst;
        }
    }
    printf("%s %ldx%ld scale %g threads %d%s: %.4f ms %.4f ns/el, max %ld ulp from float64\n",
           op == 0 ? "softmax" : "log_softmax", (long)rows, (long)n, scale, threads,
           sweep ? " cold" : "", best * 1e3, best * 1e9 / (rows * n), (long)worst);
    return 0;
}
