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

#define ACT_KERNEL_1(name, T, S)                                                \
static void ACT_KERNEL_NAME(name, S)(const void *const *in, void *out,          \
                                     ptrdiff_t n, int scalar_last)              \
{                                                                               \
    const T *a = (const T *)in[0];                                              \
    T *y = (T *)out;                                                            \
    (void)scalar_last;                                                          \
    ACT_IVDEP                                                                   \
    for (ptrdiff_t i = 0; i < n; i++) y[i] = act_##name##_##S(a[i]);            \
}

#define ACT_KERNEL_2(name, T, S)                                                \
static void ACT_KERNEL_NAME(name, S)(const void *const *in, void *out,          \
                                     ptrdiff_t n, int scalar_last)              \
{                                                                               \
    const T *a = (const T *)in[0];                                              \
    T *y = (T *)out;                                                            \
    if (scalar_last) {                                                          \
        const T b = *(const T *)in[1];                                          \
        ACT_IVDEP                                                               \
        for (ptrdiff_t i = 0; i < n; i++) y[i] = act_##name##_##S(a[i], b);     \
    } else {                                                                    \
        const T *b = (const T *)in[1];                                          \
        ACT_IVDEP                                                               \
        for (ptrdiff_t i = 0; i < n; i++) y[i] = act_##name##_##S(a[i], b[i]);  \
    }                                                                           \
}

#define ACT_KERNEL_3(name, T, S)                                                \
static void ACT_KERNEL_NAME(name, S)(const void *const *in, void *out,          \
                                     ptrdiff_t n, int scalar_last)              \
{                                                                               \
    const T *a = (const T *)in[0];                                              \
    const T *b = (const T *)in[1];                                              \
    T *y = (T *)out;                                                            \
    if (scalar_last) {                                                          \
        const T c = *(const T *)in[2];                                          \
        ACT_IVDEP                                                               \
        for (ptrdiff_t i = 0; i < n; i++)                                       \
            y[i] = act_##name##_##S(a[i], b[i], c);                             \
    } else {                                                                    \
        const T *c = (const T *)in[2];                                          \
        ACT_IVDEP                                                               \
        for (ptrdiff_t i = 0; i < n; i++)                                       \
            y[i] = act_##name##_##S(a[i], b[i], c[i]);                          \
    }                                                                           \
}

#define ACT_DEFINE_KERNELS(name, nin)                                           \
    ACT_KERNEL_##nin(name, float, f32)                                          \
    ACT_KERNEL_##nin(name, double, f64)
ACT_FUNCTIONS(ACT_DEFINE_KERNELS)

#define ACT_TABLE_ROW(name, nin)                                                \
    {#name, nin, ACT_KERNEL_NAME(name, f32), ACT_KERNEL_NAME(name, f64)},
const act_kernel_entry ACT_CAT(act_table_, ACT_ISA)[] = {
    ACT_FUNCTIONS(ACT_TABLE_ROW)
    {NULL, 0, NULL, NULL}
};
