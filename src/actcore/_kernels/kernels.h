/*
 * What the per-ISA kernel objects export: one table per ISA target, each row a
 * function's contiguous kernels for float32 and float64.
 *
 * A kernel computes n outputs from contiguous inputs: first the arrays (x, or
 * dy and x), then the nparams parameters of a parametric activation.  With
 * scalar_params set, each parameter is a single value broadcast over the call,
 * so the common `f(x, 0.01)` stays a vector loop.
 */
#ifndef ACT_KERNELS_H
#define ACT_KERNELS_H

#include <stddef.h>
#include <stdint.h>

typedef void (*act_kernel_fn)(const void *const *in, void *out, ptrdiff_t n,
                              int scalar_params);

typedef struct {
    const char *name;
    int nin;                /* ufunc inputs: arrays then parameters */
    int nparams;
    act_kernel_fn f32;
    act_kernel_fn f64;
} act_kernel_entry;

#define ACT_DECLARE_TABLE(isa) extern const act_kernel_entry act_table_##isa[];
ACT_DECLARE_TABLE(baseline)
ACT_DECLARE_TABLE(avx2)
ACT_DECLARE_TABLE(avx512)

#endif
