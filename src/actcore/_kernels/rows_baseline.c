/* Softmax-family row kernels for the baseline target: flags come from setup.py. */
#define ACT_ISA baseline
#include "rows_impl.h"
