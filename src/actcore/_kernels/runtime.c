#include "runtime.h"
#include "rows.h"

#include <fenv.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#if !defined(_WIN32)
#include <pthread.h>
#endif

/* Tables exist only for targets setup.py compiled (ACT_HAVE_<ISA>). */
#ifndef ACT_HAVE_AVX2
#define ACT_HAVE_AVX2 0
#endif
#ifndef ACT_HAVE_AVX512
#define ACT_HAVE_AVX512 0
#endif

static const char *const isa_names[ACT_ISA_COUNT] = {"baseline", "avx2", "avx512"};

const char *act_isa_name(int isa)
{
    return (isa >= 0 && isa < ACT_ISA_COUNT) ? isa_names[isa] : "unknown";
}

const act_kernel_entry *act_kernel_table(int isa)
{
    switch (isa) {
    case ACT_ISA_BASELINE: return act_table_baseline;
#if ACT_HAVE_AVX2
    case ACT_ISA_AVX2: return act_table_avx2;
#endif
#if ACT_HAVE_AVX512
    case ACT_ISA_AVX512: return act_table_avx512;
#endif
    default: return NULL;
    }
}

/* The softmax-family row kernels of the same targets (rows.h). */
const act_rows_table *act_rows_select(int isa)
{
    switch (isa) {
    case ACT_ISA_BASELINE: return &act_rows_baseline;
#if ACT_HAVE_AVX2
    case ACT_ISA_AVX2: return &act_rows_avx2;
#endif
#if ACT_HAVE_AVX512
    case ACT_ISA_AVX512: return &act_rows_avx512;
#endif
    default: return NULL;
    }
}

int act_isa_compiled(int isa) { return act_kernel_table(isa) != NULL; }

int act_isa_supported(int isa)
{
    if (!act_isa_compiled(isa))
        return 0;
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
    /* __builtin_cpu_supports also checks that the OS saves the wide registers. */
    __builtin_cpu_init();
    switch (isa) {
    case ACT_ISA_AVX2:
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
               __builtin_cpu_supports("f16c");
    case ACT_ISA_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    default:
        return 1;
    }
#else
    return isa == ACT_ISA_BASELINE;
#endif
}

const act_kernel_entry *act_find_kernel(int isa, const char *name)
{
    const act_kernel_entry *row = act_kernel_table(isa);
    for (; row && row->name; row++)
        if (strcmp(row->name, name) == 0)
            return row;
    return NULL;
}

int act_openmp_enabled(void)
{
#ifdef _OPENMP
    return 1;
#else
    return 0;
#endif
}

int act_omp_max_threads(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

int act_openmp_version(void)
{
#ifdef _OPENMP
    return _OPENMP;
#else
    return 0;
#endif
}

const char *act_openmp_flags(void)
{
#ifdef ACT_OPENMP_FLAGS
    return ACT_OPENMP_FLAGS;
#else
    return "serial";
#endif
}

const char *act_compiler(void)
{
#if defined(__clang__)
    return "clang " __clang_version__;
#elif defined(__GNUC__)
    return "gcc " __VERSION__;
#elif defined(_MSC_VER)
#define ACT_STR_(x) #x
#define ACT_STR(x) ACT_STR_(x)
    return "msvc " ACT_STR(_MSC_VER);
#else
    return "unknown";
#endif
}

static volatile int forked_child = 0;
static volatile int parallel_used = 0;

/* Only a parent that started an OpenMP team leaves a broken pool behind. */
static void mark_forked_child(void) { forked_child = forked_child || parallel_used; }

void act_note_parallel_used(void) { parallel_used = 1; }

int act_forked_child(void) { return forked_child; }

void act_install_fork_handler(void)
{
#if !defined(_WIN32)
    static int installed = 0;
    if (!installed) {
        installed = 1;
        pthread_atfork(NULL, NULL, mark_forked_child);
    }
#endif
}

int act_fp_flags(void) { return fetestexcept(FE_ALL_EXCEPT); }

void act_fp_clear_new(int before)
{
    int raised = fetestexcept(FE_ALL_EXCEPT) & ~before;
    if (raised)
        feclearexcept(raised);
}

