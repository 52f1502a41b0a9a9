/*
 * Process-wide runtime support for the ufunc loops: ISA selection, OpenMP
 * queries that degrade to serial stubs, fork detection, floating-point flag
 * hygiene and build facts for show_config().
 */
#ifndef ACT_RUNTIME_H
#define ACT_RUNTIME_H

#include "kernels.h"

/* ISA targets, narrowest first. */
enum { ACT_ISA_BASELINE = 0, ACT_ISA_AVX2 = 1, ACT_ISA_AVX512 = 2, ACT_ISA_COUNT = 3 };

const char *act_isa_name(int isa);
int act_isa_compiled(int isa);      /* built into this extension */
int act_isa_supported(int isa);     /* compiled in and runnable on this CPU */
const act_kernel_entry *act_kernel_table(int isa);
const act_kernel_entry *act_find_kernel(int isa, const char *name);

int act_openmp_enabled(void);
int act_omp_max_threads(void);
const char *act_openmp_flags(void);
int act_openmp_version(void);       /* the _OPENMP date macro, 0 for a serial build */
const char *act_compiler(void);

/* Nonzero in a child created by fork() from a process that had started an
 * OpenMP team: GNU libgomp's thread pool does not survive fork, so such a
 * child runs serial (as PyTorch does). */
int act_forked_child(void);
void act_install_fork_handler(void);
void act_note_parallel_used(void);

/* Flags raised on purpose by branchless kernels (overflow of a clamped-away
 * side, underflow of a subnormal result, invalid from comparing NaN) are cleared
 * before the loop returns, keeping any that were set before it started. */
int act_fp_flags(void);
void act_fp_clear_new(int before);

#endif
