/* What the elementwise-kernel harnesses (kernel_harness.c, kernel_hash.c,
 * ab_harness.c, rational_exact.c) share: a kernel table's entry by ufunc
 * name, and a call's input array list with the parameters P and P2 from the
 * environment (defaults 1 and 20; a backward kernel's dy is its x). */
#ifndef ACTCORE_KERNEL_TABLE_H
#define ACTCORE_KERNEL_TABLE_H

#include <stdlib.h>
#include <string.h>
#include "kernels.h"

/* the entry named name, NULL if the table has none */
static const act_kernel_entry *act_find_kernel(const act_kernel_entry *e, const char *name)
{
    while (e->name && strcmp(e->name, name))
        e++;
    return e->name ? e : NULL;
}

/* the parameters P and P2 */
static void act_kernel_params(float p[2])
{
    p[0] = getenv("P") ? (float)atof(getenv("P")) : 1.0f;
    p[1] = getenv("P2") ? (float)atof(getenv("P2")) : 20.0f;
}

/* in[]: x for every array input, then the parameters */
static void act_kernel_inputs(const act_kernel_entry *e, const void *x, const float p[2],
                              const void *in[4])
{
    int arrays = e->nin - e->nparams;
    for (int k = 0; k < 4; k++)
        in[k] = x;
    in[arrays] = &p[0];
    in[arrays + 1] = &p[1];
}

#endif
