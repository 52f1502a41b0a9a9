/*
 * A hash of one AVX-512 float32 kernel's outputs over all 2^32 inputs, to
 * show that a change to a kernel (a reordering, a clamp, a shared macro)
 * leaves its results bitwise the same: build the old and the new kernel
 * directory and compare the two lines.  Parameters P and P2 from the
 * environment as tools/kernel_harness.c (defaults 1 and 20); a backward
 * kernel's dy is the same array as its x.  Every NaN is hashed as one value:
 * NaN payloads and signs are not part of a kernel's contract (which NaN an
 * x86 FMA returns depends on the operand order the compiler picks, and a
 * quotient's exponent arithmetic on a NaN lane makes garbage that ends as
 * a NaN of any sign).  20-60 s a kernel on 2 cores (Sapphire Rapids; 1-3
 * minutes for a kernel whose tails take microcode assists there).
 *
 *   HARNESS=kernel_hash.c sh tools/c_harness.sh -r 1 -k OLD -k src/actcore/_kernels log1p
 *   P=0.5 HARNESS=kernel_hash.c sh tools/c_harness.sh elu_backward
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_avx512.c"
#include "kernel_table.h"

#define CHUNK (1 << 20)

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s name\n", argv[0]);
        return 2;
    }
    const act_kernel_entry *e = act_find_kernel(act_table_avx512, argv[1]);
    if (!e) {
        fprintf(stderr, "no kernel %s\n", argv[1]);
        return 2;
    }
    float p[2];
    act_kernel_params(p);
    const int nchunks = (int)((1ull << 32) / CHUNK);
    uint64_t *chunk_hash = calloc((size_t)nchunks, sizeof *chunk_hash);
#pragma omp parallel
    {
        uint32_t *x = aligned_alloc(64, CHUNK * 4);
        uint32_t *y = aligned_alloc(64, CHUNK * 4);
#pragma omp for schedule(dynamic)
        for (int c = 0; c < nchunks; c++) {
            for (uint32_t i = 0; i < CHUNK; i++)
                x[i] = (uint32_t)c * CHUNK + i;
            const void *in[4];
            act_kernel_inputs(e, x, p, in);
            e->f32(in, y, CHUNK, 1);
            uint64_t h = 1469598103934665603ull;        /* FNV-1a over the words */
            for (uint32_t i = 0; i < CHUNK; i++) {
                uint32_t v = (y[i] & 0x7fffffffu) > 0x7f800000u ? 0x7fc00000u : y[i];
                h = (h ^ v) * 1099511628211ull;
            }
            chunk_hash[c] = h;
        }
        free(x);
        free(y);
    }
    uint64_t h = 0;
    for (int c = 0; c < nchunks; c++)
        h = h * 31 + chunk_hash[c];
    printf("%s P=%g P2=%g hash %016llx\n", e->name, p[0], p[1], (unsigned long long)h);
    free(chunk_hash);
    return 0;
}
