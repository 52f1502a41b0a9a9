/* What the C harnesses (tools/rows_harness.c, tools/kernel_harness.c) share:
 * a monotonic clock and a fixed-seed uniform generator. */
#ifndef ACTCORE_HARNESS_COMMON_H
#define ACTCORE_HARNESS_COMMON_H

#include <stdint.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* xorshift64, uniform in [0, 1) */
static uint64_t seed = 88172645463325252ull;
static double uniform(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (seed >> 11) * 0x1p-53;
}

#endif
