/* Softmax-family row kernels for the avx2 target: flags come from setup.py. */
#define ACT_ISA avx2
#include "rows_impl.h"
