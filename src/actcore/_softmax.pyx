# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Row loops of the softmax family over the per-ISA C row kernels (rows.h).

The Python wrapper (actcore/_axiswise.py) hands in C-contiguous 2-D arrays
(rows, n) of float32 or float64, the reduction axis last.  Many rows: OpenMP
over row ranges (each row is computed the same way whichever thread runs it).
Fewer rows than threads and long rows: each row is split into the kernels'
fixed blocks, block results are combined in block order, so the result is
bitwise the one of the serial kernel.  The GIL is released; floating-point
flags the branchless kernels raise are cleared before returning.
"""

from cython.parallel cimport prange
from libc.stdint cimport uint8_t, int64_t
from libc.stdlib cimport malloc, free
from libc.math cimport isinf, INFINITY

cimport numpy as cnp

cnp.import_array()

ctypedef void (*fwd_fn)(const void *x, const uint8_t *mask, void *y, Py_ssize_t rows,
                        Py_ssize_t n) noexcept nogil
ctypedef void (*red_fn)(const void *x, void *out, Py_ssize_t rows, Py_ssize_t n) noexcept nogil
ctypedef void (*bwd_fn)(const void *dy, const void *y, void *dx, Py_ssize_t rows,
                        Py_ssize_t n) noexcept nogil
ctypedef void (*xent_fn)(const void *x, const int64_t *labels, double *loss, Py_ssize_t rows,
                         Py_ssize_t n) noexcept nogil
ctypedef void (*xentb_fn)(const void *x, const int64_t *labels, double scale, void *dx,
                          Py_ssize_t rows, Py_ssize_t n) noexcept nogil
ctypedef double (*bmax_fn)(const void *x, const uint8_t *mask, Py_ssize_t n,
                           int *any) noexcept nogil
ctypedef double (*bsum_fn)(const void *x, const uint8_t *mask, Py_ssize_t n, double m,
                           void *e, double *ones) noexcept nogil
ctypedef void (*bscale_fn)(const void *e, const uint8_t *mask, Py_ssize_t n, double inv,
                           void *y) noexcept nogil
ctypedef void (*blog_fn)(const void *x, const uint8_t *mask, Py_ssize_t n, double m,
                         double L, void *y) noexcept nogil

cdef extern from "rows.h" nogil:
    enum: ACT_ROWS_BLOCK
    ctypedef struct act_rows_fns:
        fwd_fn softmax
        fwd_fn log_softmax
        red_fn logsumexp
        bwd_fn softmax_backward
        bwd_fn log_softmax_backward
        xent_fn cross_entropy
        xentb_fn cross_entropy_backward
        bmax_fn block_max
        bsum_fn block_sumexp
        bscale_fn block_scale
        blog_fn block_logout
    ctypedef struct act_rows_table:
        act_rows_fns f32
        act_rows_fns f64
        act_rows_fns f32_fast
    const act_rows_table *act_rows_select(int isa)
    double act_rows_log_sum(double ones, double others)
    double act_rows_lse(double m, double ones, double others, int has_nan)

cdef extern from "runtime.h" nogil:
    int ACT_ISA_COUNT
    const char *act_isa_name(int isa)
    int act_forked_child()
    void act_install_fork_handler()
    void act_note_parallel_used()
    int act_fp_flags()
    void act_fp_clear_new(int before)

# Operation codes (_axiswise.py passes the same numbers)
cdef enum:
    SOFTMAX = 0
    LOG_SOFTMAX = 1
    LOGSUMEXP = 2
    SOFTMAX_BACKWARD = 0
    LOG_SOFTMAX_BACKWARD = 1

cdef const act_rows_table *g_table = NULL
# A team is started only with at least this many elements per thread (set from
# _axiswise.py, measured with tools/softmax_speed.py --threshold).
cdef Py_ssize_t g_parallel_min = 32768


def select_isa(name):
    """Use the row kernels of the ISA `name` (actcore._api.ISA)."""
    global g_table
    cdef int i
    for i in range(ACT_ISA_COUNT):
        if act_isa_name(i).decode() == name:
            g_table = act_rows_select(i)
            if g_table == NULL:
                raise RuntimeError(f"actcore._softmax was built without the {name} kernels")
            act_install_fork_handler()
            return
    raise ValueError(f"unknown ISA {name!r}")


def set_parallel_min(Py_ssize_t n):
    """Elements per thread below which a call stays serial."""
    global g_parallel_min
    if n < 1:
        raise ValueError("parallel threshold must be positive")
    g_parallel_min = n


def get_parallel_min():
    return g_parallel_min


cdef inline int team(Py_ssize_t work, int nthreads) noexcept nogil:
    """Threads worth starting for `work` elements (1: serial)."""
    if nthreads <= 1 or act_forked_child() or work < 2 * g_parallel_min:
        return 1
    return <int>min(<Py_ssize_t>nthreads, work // g_parallel_min)


cdef inline const act_rows_fns *fns_for(cnp.ndarray a, bint fast=False) except NULL:
    """The row kernels for a's dtype; fast: actcore.fast's (float32 only: float64
    has no fast kernels)."""
    if g_table == NULL:
        raise RuntimeError("actcore._softmax: no ISA selected")
    t = cnp.PyArray_TYPE(a)
    if t == cnp.NPY_FLOAT:
        return &g_table.f32_fast if fast else &g_table.f32
    if t == cnp.NPY_DOUBLE:
        return &g_table.f64
    raise TypeError("row kernels take float32 or float64")


cdef inline const uint8_t *mask_at(const uint8_t *mask, Py_ssize_t off) noexcept nogil:
    return mask + off if mask != NULL else NULL


# ------------------------------------------------- rows spread over threads

cdef enum:
    JOB_FORWARD = 0        # softmax / log_softmax: a = x, out = y
    JOB_LOGSUMEXP = 1      # a = x, out = one value per row
    JOB_BACKWARD = 2       # a = dy, b = y, out = dx
    JOB_XENT = 3           # a = x, labels, loss
    JOB_XENT_BACKWARD = 4  # a = x, labels, scale, out = dx

cdef struct RowJob:
    int kind
    const act_rows_fns *F
    fwd_fn fwd
    bwd_fn bwd
    const char *a
    const char *b
    char *out
    const uint8_t *mask
    const int64_t *labels
    double *loss
    double scale
    Py_ssize_t n        # row length
    Py_ssize_t isz      # item size of a, b and out


cdef void run_rows(const RowJob *j, Py_ssize_t lo, Py_ssize_t hi) noexcept nogil:
    """Rows lo..hi of a job, serially."""
    cdef Py_ssize_t k = hi - lo, off = lo * j.n * j.isz
    if k <= 0:
        return
    if j.kind == JOB_FORWARD:
        j.fwd(j.a + off, mask_at(j.mask, lo * j.n), j.out + off, k, j.n)
    elif j.kind == JOB_LOGSUMEXP:
        j.F.logsumexp(j.a + off, j.out + lo * j.isz, k, j.n)
    elif j.kind == JOB_BACKWARD:
        j.bwd(j.a + off, j.b + off, j.out + off, k, j.n)
    elif j.kind == JOB_XENT:
        j.F.cross_entropy(j.a + off, j.labels + lo, j.loss + lo, k, j.n)
    else:
        j.F.cross_entropy_backward(j.a + off, j.labels + lo, j.scale, j.out + off, k, j.n)


cdef void run_job(const RowJob *j, Py_ssize_t rows, int nt) noexcept nogil:
    """All rows of a job: serial, or a few chunks of rows per thread (a busy
    core does not hold the others up; which thread runs a row never changes its
    result).  Floating-point flags the kernels raise are cleared."""
    cdef int before = act_fp_flags()
    cdef Py_ssize_t nc, c, per
    if nt <= 1:
        run_rows(j, 0, rows)
    else:
        act_note_parallel_used()
        nc = min(rows, 4 * <Py_ssize_t>nt)
        per = (rows + nc - 1) // nc
        for c in prange(nc, num_threads=nt, schedule="dynamic"):
            run_rows(j, c * per, min(rows, c * per + per))
    act_fp_clear_new(before)


cdef RowJob new_job(int kind, const act_rows_fns *F, cnp.ndarray a, cnp.ndarray out=None):
    """A row job over the 2-D array a; out is None for jobs that only write losses."""
    cdef RowJob j
    j.kind = kind
    j.F = F
    j.fwd = NULL
    j.bwd = NULL
    j.a = <const char *>cnp.PyArray_DATA(a)
    j.b = NULL
    j.out = NULL if out is None else <char *>cnp.PyArray_DATA(out)
    j.mask = NULL
    j.labels = NULL
    j.loss = NULL
    j.scale = 0.0
    j.n = cnp.PyArray_DIM(a, 1)
    j.isz = cnp.PyArray_ITEMSIZE(a)
    return j


# ------------------------------------------------------------ forward rows

cdef int row_blocks(const act_rows_fns *F, int op, const char *x, const uint8_t *mask,
                    char *y, Py_ssize_t n, Py_ssize_t isz, int nt, double *part,
                    double *part1, int *anys) noexcept nogil:
    """One row split over threads by blocks; same arithmetic as the serial kernel."""
    cdef Py_ssize_t B = ACT_ROWS_BLOCK
    cdef Py_ssize_t nb = (n + B - 1) // B
    cdef Py_ssize_t b, i, ln
    cdef double m = -INFINITY, S = 0.0, ones = 0.0, r
    cdef int any = 0, has_nan = 0
    for b in prange(nb, nogil=True, num_threads=nt, schedule="static"):
        ln = min(B, n - b * B)
        part[b] = F.block_max(x + b * B * isz, mask_at(mask, b * B), ln, &anys[b])
    for b in range(nb):
        m = part[b] if part[b] > m else m
        any = any | anys[b]
    if not any:
        return 0
    if op == LOGSUMEXP and isinf(m):
        for i in range(n):
            if isz == 4:
                r = (<const float *>x)[i]
            else:
                r = (<const double *>x)[i]
            if r != r:
                has_nan = 1
        r = act_rows_lse(m, 1.0, 0.0, has_nan)
        if isz == 4:
            (<float *>y)[0] = <float>r
        else:
            (<double *>y)[0] = r
        return 1
    for b in prange(nb, nogil=True, num_threads=nt, schedule="static"):
        ln = min(B, n - b * B)
        part1[b] = 0.0
        # float32 softmax: 2^64 exp and a plain sum (ones NULL), as the serial kernel
        part[b] = F.block_sumexp(x + b * B * isz, mask_at(mask, b * B), ln, m,
                                 y + b * B * isz if op == SOFTMAX else NULL,
                                 NULL if (op == SOFTMAX and isz == 4) else &part1[b])
    # the serial kernel's order: others block by block, ones block by block
    for b in range(nb):
        S = S + part[b]
        ones = ones + part1[b]
    if op == SOFTMAX:
        r = 1.0 / (ones + S)
        for b in prange(nb, nogil=True, num_threads=nt, schedule="static"):
            ln = min(B, n - b * B)
            F.block_scale(y + b * B * isz, mask_at(mask, b * B), ln, r, y + b * B * isz)
    elif op == LOG_SOFTMAX:
        r = act_rows_log_sum(ones, S)
        for b in prange(nb, nogil=True, num_threads=nt, schedule="static"):
            ln = min(B, n - b * B)
            F.block_logout(x + b * B * isz, mask_at(mask, b * B), ln, m, r, y + b * B * isz)
    else:
        r = act_rows_lse(m, ones, S, 0)
        if isz == 4:
            (<float *>y)[0] = <float>r
        else:
            (<double *>y)[0] = r
    return 1


cdef void fill(char *y, Py_ssize_t n, Py_ssize_t isz, double v) noexcept nogil:
    cdef Py_ssize_t i
    for i in range(n):
        if isz == 4:
            (<float *>y)[i] = <float>v
        else:
            (<double *>y)[i] = v


def forward(int op, cnp.ndarray x, cnp.ndarray y, object mask, int nthreads, bint fast=False):
    """softmax (op 0), log_softmax (1) of the rows of x into y; logsumexp (2) into
    the 1-D y.  mask: None or a uint8 array shaped like x.  fast: actcore.fast's
    kernels (softmax and log_softmax)."""
    cdef const act_rows_fns *F = fns_for(x, fast)
    cdef RowJob j = new_job(JOB_LOGSUMEXP if op == LOGSUMEXP else JOB_FORWARD, F, x, y)
    cdef Py_ssize_t rows = cnp.PyArray_DIM(x, 0), n = j.n, isz = j.isz
    cdef int nt = team(rows * n, nthreads)
    cdef Py_ssize_t r, ystride, nb
    cdef int before
    cdef double *part = NULL
    cdef double *part1 = NULL
    cdef int *anys = NULL
    j.fwd = F.softmax if op == SOFTMAX else F.log_softmax
    if mask is not None:
        j.mask = <const uint8_t *>cnp.PyArray_DATA(<cnp.ndarray>mask)
    if rows == 0 or n == 0:
        return
    if not (nt > 1 and rows < nt and n >= 2 * ACT_ROWS_BLOCK):
        with nogil:
            run_job(&j, rows, nt)
        return
    # fewer rows than threads, long rows: each row split by blocks
    ystride = 1 if op == LOGSUMEXP else n
    nb = (n + ACT_ROWS_BLOCK - 1) // ACT_ROWS_BLOCK
    part = <double *>malloc(2 * nb * sizeof(double))
    anys = <int *>malloc(nb * sizeof(int))
    if part == NULL or anys == NULL:
        free(part)
        free(anys)
        raise MemoryError()
    part1 = part + nb
    with nogil:
        before = act_fp_flags()
        act_note_parallel_used()
        for r in range(rows):
            if not row_blocks(F, op, j.a + r * n * isz, mask_at(j.mask, r * n),
                              j.out + r * ystride * isz, n, isz, nt, part, part1, anys):
                fill(j.out + r * ystride * isz, ystride, isz,
                     0.0 if op == SOFTMAX else -INFINITY)
        act_fp_clear_new(before)
    free(part)
    free(anys)


def backward(int op, cnp.ndarray dy, cnp.ndarray y, cnp.ndarray dx, int nthreads):
    """softmax_backward (op 0) or log_softmax_backward (1) over rows."""
    cdef const act_rows_fns *F = fns_for(dy)
    cdef RowJob j = new_job(JOB_BACKWARD, F, dy, dx)
    cdef Py_ssize_t rows = cnp.PyArray_DIM(dy, 0)
    cdef int nt = team(rows * j.n, nthreads)
    j.b = <const char *>cnp.PyArray_DATA(y)
    j.bwd = F.softmax_backward if op == SOFTMAX_BACKWARD else F.log_softmax_backward
    if rows == 0 or j.n == 0:
        return
    with nogil:
        run_job(&j, rows, nt)


def cross_entropy(cnp.ndarray x, cnp.ndarray labels, cnp.ndarray loss, int nthreads):
    """Per-row loss (float64) = logsumexp(x[r]) - x[r, labels[r]]."""
    cdef RowJob j = new_job(JOB_XENT, fns_for(x), x)
    cdef Py_ssize_t rows = cnp.PyArray_DIM(x, 0)
    cdef int nt = team(rows * j.n, nthreads)
    j.labels = <const int64_t *>cnp.PyArray_DATA(labels)
    j.loss = <double *>cnp.PyArray_DATA(loss)
    if rows == 0 or j.n == 0:
        return
    with nogil:
        run_job(&j, rows, nt)


def cross_entropy_backward(cnp.ndarray x, cnp.ndarray labels, double scale, cnp.ndarray dx,
                           int nthreads):
    """dx = scale*(softmax(x) - onehot(labels)) over rows."""
    cdef RowJob j = new_job(JOB_XENT_BACKWARD, fns_for(x), x, dx)
    cdef Py_ssize_t rows = cnp.PyArray_DIM(x, 0)
    cdef int nt = team(rows * j.n, nthreads)
    j.labels = <const int64_t *>cnp.PyArray_DATA(labels)
    j.scale = scale
    if rows == 0 or j.n == 0:
        return
    with nogil:
        run_job(&j, rows, nt)
