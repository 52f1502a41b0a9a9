/* Kernels for the baseline target: flags come from setup.py. */
#define ACT_ISA baseline
#include "kernels_impl.h"
