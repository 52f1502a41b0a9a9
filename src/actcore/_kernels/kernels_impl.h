/*
 * Contiguous kernels for every function in ACT_FUNCTIONS, compiled once per ISA
 * target.  Each target has a tiny source file (kernels_<isa>.c) that defines
 * ACT_ISA and includes this one, so setup.py can give it its own flags and its
 * own object file.  The loops are plain C for the auto-vectorizer; `ivdep`
 * tells it that out may equal an input (in-place) but never overlaps it
 * partially (NumPy copies partially overlapping operands before the loop).
 */
#include "kernels.h"
#include "functions.h"

#if defined(__clang__)
#define ACT_IVDEP _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define ACT_IVDEP _Pragma("GCC ivdep")
#else
#define ACT_IVDEP
#endif

#define ACT_CAT_(a, b) a##b
#define ACT_CAT(a, b) ACT_CAT_(a, b)
#define ACT_KERNEL_NAME(name, S) act_kernel_##name##_##S

/* Pieces of a kernel for `na` arrays and `np` parameters. */
#define ACT_ADECL_1(T) const T *a0 = (const T *)in[0];
#define ACT_ADECL_2(T) const T *a0 = (const T *)in[0], *a1 = (const T *)in[1];
#define ACT_ARR_1 a0[i]
#define ACT_ARR_2 a0[i], a1[i]
#define ACT_PDECL_0(T, na)
#define ACT_PDECL_1(T, na) const T *p0 = (const T *)in[na];
#define ACT_PDECL_2(T, na) const T *p0 = (const T *)in[na], *p1 = (const T *)in[(na) + 1];
#define ACT_SDECL_0(T)
#define ACT_SDECL_1(T) const T s0 = *p0;
#define ACT_SDECL_2(T) const T s0 = *p0, s1 = *p1;
#define ACT_PVEC_0
#define ACT_PVEC_1 , p0[i]
#define ACT_PVEC_2 , p0[i], p1[i]
#define ACT_PSCAL_0
#define ACT_PSCAL_1 , s0
#define ACT_PSCAL_2 , s0, s1

/*
 * The loop over one kernel's elements, in blocks of 256 bytes: each block
 * first prefetches the lines 2 KB ahead of its inputs (the arrays; the
 * parameters are mostly scalars) and 1 KB ahead of its output, then runs a
 * fixed-count loop that the auto-vectorizer unrolls with no remainder; the
 * last partial block runs the plain loop.  The hardware's streams alone left
 * relu's stores waiting on their lines, as they did the explicit AVX-512
 * loops (vloops_avx512.h): on the Xeon (Sapphire Rapids) of 2026-11-28, B/A (tools/ab_harness.sh)
 * relu 0.78 at 4M, 0.94 at 256K, 0.71 at 4K, 0.95 at 1000 elements, 1.02 at
 * 10; relu_backward 0.85, leaky_relu 0.83, hard_sigmoid 0.89 at 4M.  Bitwise
 * the same results.  A prefetch past an array's end is a hint: no fault.
 */
#if defined(__GNUC__) || defined(__clang__)
/* the address as an integer: a pointer past the array's end is not formed */
#define ACT_PREFETCH(p, ahead) __builtin_prefetch((const void *)((uintptr_t)(p) + (ahead)))
#else
#define ACT_PREFETCH(p, ahead) ((void)0)
#endif
/* how far ahead every loop fetches (these and the explicit AVX-512 loops) */
#define ACT_AHEAD_IN_BYTES 2048
#define ACT_AHEAD_OUT_BYTES 1024
#define ACT__BLOCK (256 / (ptrdiff_t)sizeof(*y))
#define ACT_PREFETCH_IN_1 ACT_PREFETCH(a0 + i, ACT_AHEAD_IN_BYTES);
#define ACT_PREFETCH_IN_2 ACT_PREFETCH_IN_1 ACT_PREFETCH(a1 + i, ACT_AHEAD_IN_BYTES);
#define ACT__BLOCKED_LOOP(na, STMT)                                            \
    ptrdiff_t i0 = 0;                                                          \
    for (; i0 + ACT__BLOCK <= n; i0 += ACT__BLOCK) {                           \
        for (ptrdiff_t i = i0; i < i0 + ACT__BLOCK; i += 64 / (ptrdiff_t)sizeof(*y)) { \
            ACT_PREFETCH_IN_##na ACT_PREFETCH(y + i, ACT_AHEAD_OUT_BYTES);                    \
        }                                                                      \
        ACT_IVDEP                                                              \
        for (ptrdiff_t i = i0; i < i0 + ACT__BLOCK; i++)                       \
            STMT;                                                              \
    }                                                                          \
    ACT_IVDEP                                                                  \
    for (ptrdiff_t i = i0; i < n; i++)                                         \
        STMT;

#define ACT_KERNEL(name, na, np, T, S)                                         \
static void ACT_KERNEL_NAME(name, S)(const void *const *in, void *out,         \
                                     ptrdiff_t n, int scalar_params)           \
{                                                                              \
    ACT_ADECL_##na(T)                                                          \
    ACT_PDECL_##np(T, na)                                                      \
    T *y = (T *)out;                                                           \
    if ((np) > 0 && scalar_params) {                                           \
        ACT_SDECL_##np(T)                                                      \
        ACT__PICK_UNIT(ACT_UNIT_##name##_##S, ACT__NO_UNIT)(name, na, np, S)   \
        ACT__BLOCKED_LOOP(na, y[i] = act_##name##_##S(ACT_ARR_##na ACT_PSCAL_##np)) \
    } else {                                                                   \
        ACT__BLOCKED_LOOP(na, y[i] = act_##name##_##S(ACT_ARR_##na ACT_PVEC_##np)) \
    }                                                                          \
}

/*
 * A function may have a cheaper formula at one value of its broadcast
 * parameters (softplus at beta = 1): its header defines ACT_UNIT_<name>_<S>
 * as `~, ACT__UNIT_LOOP`, act_<name>_is_unit_<S>(parameters) and
 * act_<name>_unit_<S>(arrays, parameters), and the scalar-parameter loop
 * runs the unit formula when the test holds.  An array of parameters keeps
 * the general formula; both meet the function's bound (tested).
 */
#define ACT_PLIST_1 s0
#define ACT_PLIST_2 s0, s1
#define ACT__UNIT_LOOP(name, na, np, S)                                        \
    if (act_##name##_is_unit_##S(ACT_PLIST_##np)) {                            \
        ACT__BLOCKED_LOOP(na, y[i] = act_##name##_unit_##S(ACT_ARR_##na ACT_PSCAL_##np)) \
        return;                                                                \
    }
#define ACT__NO_UNIT(...)
/* ACT__PICK's twin: this one expands inside ACT__PICK's own expansion */
#define ACT__SECOND_UNIT(a, b, ...) b
#define ACT__PICK_UNIT(probe, dflt) ACT__SECOND_UNIT(probe, dflt, ~)

/*
 * A target may replace a function's float32 kernel by an explicit vector loop
 * (vloops_<isa>.h, where plain C cannot reach an instruction): it defines
 * act_kernel_<name>_f32 itself and ACT_VLOOP_<name> as `~, ACT__SKIP`, which
 * ACT__PICK turns into ACT__SKIP here instead of ACT_KERNEL.
 */
#if defined(__AVX512F__) && (defined(__GNUC__) || defined(__clang__))
#include "vloops_avx512.h"
#elif defined(__SSE2__) && !defined(__AVX__) && !defined(__FMA__) && defined(__GNUC__)
#include "vloops_sse2.h"
#endif
#define ACT__SKIP(...)
#define ACT__SECOND(a, b, ...) b
#define ACT__PICK(probe, dflt) ACT__SECOND(probe, dflt, ~)

#define ACT_DEFINE_KERNELS(name, na, np)                                       \
    ACT__PICK(ACT_VLOOP_##name, ACT_KERNEL)(name, na, np, float, f32)          \
    ACT_KERNEL(name, na, np, double, f64)
ACT_FUNCTIONS(ACT_DEFINE_KERNELS)

#define ACT_TABLE_ROW(name, na, np)                                            \
    {#name, (na) + (np), np, ACT_KERNEL_NAME(name, f32), ACT_KERNEL_NAME(name, f64)},
const act_kernel_entry ACT_CAT(act_table_, ACT_ISA)[] = {
    ACT_FUNCTIONS(ACT_TABLE_ROW)
    {NULL, 0, 0, NULL, NULL}
};
