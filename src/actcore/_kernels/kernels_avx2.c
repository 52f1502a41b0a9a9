/* Kernels for the avx2 target: flags come from setup.py. */
#define ACT_ISA avx2
#include "kernels_impl.h"
