/*
 * Row kernels of the softmax family, compiled once per ISA target (the tables
 * are defined in rows_impl.h, compiled per target by rows_<isa>.c).
 *
 * A "rows" kernel handles `rows` contiguous rows of `n` elements each.  The
 * reductions inside a row run over fixed blocks of ACT_ROWS_BLOCK elements whose
 * partial results are combined in block order, so a long row can be split over
 * threads block by block (the block_* entries) and still give bitwise the same
 * result as the serial kernel.  Pointers are float or double as the table says;
 * a mask is NULL or one byte per element, laid out like x.
 */
#ifndef ACT_ROWS_H
#define ACT_ROWS_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* Elements per reduction block: a multiple of the lane count (16), small enough
 * that the exponentials of a block stay in L1 between the two loops over it. */
#define ACT_ROWS_BLOCK 4096

typedef struct {
    /* softmax / log_softmax of whole rows; y may be x (in place) */
    void (*softmax)(const void *x, const uint8_t *mask, void *y, ptrdiff_t rows, ptrdiff_t n);
    void (*log_softmax)(const void *x, const uint8_t *mask, void *y, ptrdiff_t rows,
                        ptrdiff_t n);
    /* one value per row, of the table's type */
    void (*logsumexp)(const void *x, void *out, ptrdiff_t rows, ptrdiff_t n);
    /* dx = y*(dy - sum(dy*y))  and  dx = dy - exp(y)*sum(dy) */
    void (*softmax_backward)(const void *dy, const void *y, void *dx, ptrdiff_t rows,
                             ptrdiff_t n);
    void (*log_softmax_backward)(const void *dy, const void *y, void *dx, ptrdiff_t rows,
                                 ptrdiff_t n);
    /* loss[r] = logsumexp(x[r]) - x[r, labels[r]], in double */
    void (*cross_entropy)(const void *x, const int64_t *labels, double *loss, ptrdiff_t rows,
                          ptrdiff_t n);
    /* dx = scale*(softmax(x) - onehot(labels)) */
    void (*cross_entropy_backward)(const void *x, const int64_t *labels, double scale,
                                   void *dx, ptrdiff_t rows, ptrdiff_t n);

    /* One block (n <= ACT_ROWS_BLOCK) of a row split over threads. */
    /* max over unmasked entries (-inf if none); *any set when one is unmasked */
    double (*block_max)(const void *x, const uint8_t *mask, ptrdiff_t n, int *any);
    /* exp(x - m) over unmasked entries, stored into e (0 where masked) when e is
     * not NULL; returns the sum of those that are not exactly 1 and adds the
     * count of those that are to *ones; ones NULL (float32 softmax only): the
     * plain sum of terms proportional to exp(x - m) (the max's near 2^64),
     * stored so, to be scaled by inv = 1/sum */
    double (*block_sumexp)(const void *x, const uint8_t *mask, ptrdiff_t n, double m, void *e,
                           double *ones);
    /* y = e/S (0 where masked), given inv = 1/S */
    void (*block_scale)(const void *e, const uint8_t *mask, ptrdiff_t n, double inv, void *y);
    /* y = (x - m) - L (-inf where masked) */
    void (*block_logout)(const void *x, const uint8_t *mask, ptrdiff_t n, double m, double L,
                         void *y);
} act_rows_fns;

typedef struct {
    act_rows_fns f32;
    act_rows_fns f64;
    /* actcore.fast: softmax, log_softmax and block_sumexp with the fast exp core,
     * the other entries as f32 */
    act_rows_fns f32_fast;
} act_rows_table;

extern const act_rows_table act_rows_baseline;
extern const act_rows_table act_rows_avx2;
extern const act_rows_table act_rows_avx512;

/* The table of an ISA index (runtime.h's ACT_ISA_*), NULL if not compiled. */
const act_rows_table *act_rows_select(int isa);

/*
 * Row scalars from the block results, shared by the serial kernels and the
 * block-parallel driver so that both round the same way.  The sum of exp(x - m)
 * is kept as `ones` (entries exactly 1: the max, ties, and neighbours that round
 * to 1) plus `others`, so that S - 1 = (ones - 1) + others is exact even when
 * the others are far below 2^-53: log1p of it keeps log_softmax exact at the
 * dominant entry (log_softmax([0, -100]) is -3.7e-44, not 0).
 */
static inline double act_rows_log_sum(double ones, double others)
{
    return log1p((ones - 1.0) + others);
}

/* logsumexp from the row max and sums: m itself when m is infinite (all -inf
 * gives -inf, a +inf entry gives +inf, as SciPy), unless the row has a NaN. */
static inline double act_rows_lse(double m, double ones, double others, int has_nan)
{
    if (has_nan)
        return NAN;
    if (isinf(m))
        return m;
    return m + act_rows_log_sum(ones, others);
}

#endif
