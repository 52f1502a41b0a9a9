/*
 * Two builds of one float32 kernel timed in one process, call for
 * call alternately on the same inputs (uniform in [lo, hi), 16 bytes past a
 * cache line), for a noisy shared host where separate runs of one build move
 * 20-40%: prints each build's fastest and median call and the median of the
 * per-round ratios B/A, and whether their outputs are bitwise the same.
 * tools/ab_harness.sh builds the two kernel directories as act_table_A and
 * act_table_B (setup.py's flags for one ISA target) and runs this.
 *
 *   sh tools/ab_harness.sh OLD/_kernels src/actcore/_kernels gelu 262144 301 -8 8
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness_common.h"
#include "kernel_table.h"

extern const act_kernel_entry act_table_A[], act_table_B[];

static int by_value(const void *a, const void *b)
{
    double u = *(const double *)a, v = *(const double *)b;
    return (u > v) - (u < v);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: %s name n rounds lo hi\n", argv[0]);
        return 2;
    }
    const char *name = argv[1];
    ptrdiff_t n = atol(argv[2]);
    int rounds = atoi(argv[3]);
    double lo = atof(argv[4]), hi = atof(argv[5]);
    const act_kernel_entry *ea = act_find_kernel(act_table_A, name), *eb = act_find_kernel(act_table_B, name);
    if (!ea || !eb || n < 1 || rounds < 1) {
        fprintf(stderr, "no kernel %s in both builds (or n, rounds < 1)\n", name);
        return 2;
    }
    float *xb = aligned_alloc(64, (size_t)(n + 64) * 4);
    float *ya = aligned_alloc(64, (size_t)(n + 64) * 4);
    float *yb = aligned_alloc(64, (size_t)(n + 64) * 4);
    double *ta = malloc(sizeof(double) * (size_t)rounds), *tb = malloc(sizeof(double) * (size_t)rounds);
    double *ratio = malloc(sizeof(double) * (size_t)rounds);
    float *x = xb + 4;
    for (ptrdiff_t i = 0; i < n; i++)
        x[i] = (float)(lo + (hi - lo) * uniform());
    float p[2];
    const void *in[4];
    act_kernel_params(p);
    act_kernel_inputs(ea, x, p, in);
    ea->f32(in, ya + 4, n, 1);                      /* warm both */
    eb->f32(in, yb + 4, n, 1);
    int same = memcmp(ya + 4, yb + 4, (size_t)n * 4) == 0;
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        ea->f32(in, ya + 4, n, 1);
        double t1 = now();
        eb->f32(in, yb + 4, n, 1);
        double t2 = now();
        ta[r] = (t1 - t0) / n * 1e9;
        tb[r] = (t2 - t1) / n * 1e9;
        ratio[r] = tb[r] / ta[r];
    }
    double ma = median(ta, rounds), mb = median(tb, rounds), mr = median(ratio, rounds);
    /* sorted by median(): [0] is the fastest */
    printf("%s n=%ld: A %.4f (median %.4f) B %.4f (median %.4f) ns/el; B/A median %.3f; outputs %s\n",
           name, (long)n, ta[0], ma, tb[0], mb, mr, same ? "bitwise the same" : "DIFFER");
    return 0;
}
