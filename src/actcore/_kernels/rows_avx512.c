/* Softmax-family row kernels for the avx512 target: flags come from setup.py. */
#define ACT_ISA avx512
#include "rows_impl.h"
