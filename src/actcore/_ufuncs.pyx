# cython: language_level=3
"""Real NumPy ufuncs for every function in the registry.

One generic inner loop per storage type (float32, float64, float16) serves every
function: it hands contiguous runs straight to the selected ISA's kernel, moves
strided or broadcast operands through small blocks, splits large inputs over an
OpenMP team, and clears the floating-point flags its branchless kernels raise.
The per-function math lives in _kernels/functions.h, nowhere else.
"""

from libc.stdlib cimport malloc
from libc.string cimport memcpy
from cython.parallel cimport parallel, threadid

cimport numpy as cnp

cnp.import_array()
cnp.import_ufunc()

from actcore import _registry

cdef extern from "kernels.h" nogil:
    ctypedef void (*act_kernel_fn)(const void *const *inp, void *out, Py_ssize_t n,
                                   int scalar_params)
    ctypedef struct act_kernel_entry:
        const char *name
        int nin
        int nparams
        act_kernel_fn f32
        act_kernel_fn f64

cdef extern from "runtime.h" nogil:
    int ACT_ISA_BASELINE, ACT_ISA_AVX2, ACT_ISA_AVX512, ACT_ISA_COUNT
    const char *act_isa_name(int isa)
    int act_isa_compiled(int isa)
    int act_isa_supported(int isa)
    const act_kernel_entry *act_kernel_table(int isa)
    const act_kernel_entry *act_find_kernel(int isa, const char *name)
    int act_openmp_enabled()
    int act_omp_max_threads()
    int act_openmp_version()
    const char *act_openmp_flags()
    const char *act_compiler()
    int act_forked_child()
    void act_install_fork_handler()
    void act_note_parallel_used()
    int act_fp_flags()
    void act_fp_clear_new(int before)

cdef extern from "numpy/halffloat.h" nogil:
    ctypedef unsigned short npy_half
    float npy_half_to_float(npy_half h)
    npy_half npy_float_to_half(float f)

cdef extern from "numpy/ndarraytypes.h":
    enum: NPY_HALF

# Storage types of the three loops every ufunc gets, in registration order:
# float32 first so float32 input never upcasts; float16 computes in float32.
cdef enum Storage:
    F32 = 0
    F64 = 1
    F16 = 2

cdef enum:
    BLOCK = 1024        # elements per block on the strided path (stays in L1)
    MAX_IN = 4
    SPLIT_ALIGN = 64    # thread ranges start on 64-element (cache-line) multiples

ctypedef struct LoopSpec:
    act_kernel_fn f32
    act_kernel_fn f64
    int nin
    int nparams                 # trailing inputs that are parameters
    Py_ssize_t parallel_min     # below this many elements no team is started
    double cost_ns              # serial ns/element, from the registry
    act_kernel_fn alias_f32     # kernels of the function this one equals when its one
    act_kernel_fn alias_f64     # parameter is broadcast and equal to alias_value
    double alias_value          # (swish at beta = 1 is silu); NULL kernels: none

# Set from Python (actcore._threads); read by the loops.
cdef int g_num_threads = 1


cdef inline Py_ssize_t storage_size(int storage) noexcept nogil:
    return 8 if storage == F64 else (2 if storage == F16 else 4)


cdef inline void gather(int storage, void *dst, const char *src, Py_ssize_t step,
                        Py_ssize_t n) noexcept nogil:
    """Copy n strided elements into a contiguous block (float16 widened)."""
    cdef Py_ssize_t i
    cdef float *df
    cdef double *dd
    if storage == F64:
        dd = <double *>dst
        for i in range(n):
            dd[i] = (<const double *>(src + i * step))[0]
    elif storage == F32:
        df = <float *>dst
        for i in range(n):
            df[i] = (<const float *>(src + i * step))[0]
    else:
        df = <float *>dst
        for i in range(n):
            df[i] = npy_half_to_float((<const npy_half *>(src + i * step))[0])


cdef inline void scatter(int storage, char *dst, Py_ssize_t step, const void *src,
                         Py_ssize_t n) noexcept nogil:
    """Copy a contiguous block out to n strided elements (float16 narrowed)."""
    cdef Py_ssize_t i
    cdef const float *sf
    cdef const double *sd
    if storage == F64:
        sd = <const double *>src
        for i in range(n):
            (<double *>(dst + i * step))[0] = sd[i]
    elif storage == F32:
        sf = <const float *>src
        for i in range(n):
            (<float *>(dst + i * step))[0] = sf[i]
    else:
        sf = <const float *>src
        for i in range(n):
            (<npy_half *>(dst + i * step))[0] = npy_float_to_half(sf[i])


cdef void run_range(act_kernel_fn kernel, int nin, int nparams, int storage, char **args,
                    const cnp.npy_intp *steps, Py_ssize_t lo, Py_ssize_t hi) noexcept nogil:
    """Compute elements [lo, hi) of one inner-loop call on this thread.

    When every parameter input is broadcast (step 0), the kernel gets them as
    scalars, so f(x, 0.01) stays one vector loop over x.
    """
    cdef Py_ssize_t size = storage_size(storage)
    cdef int narrays = nin - nparams
    cdef bint scalar_params = nparams > 0
    cdef bint direct = storage != F16 and steps[nin] == size
    cdef const void *inp[MAX_IN]
    cdef double blocks[MAX_IN + 1][BLOCK]   # double-typed for alignment
    cdef float params16[MAX_IN]
    cdef Py_ssize_t k, start, m
    cdef char *src

    for k in range(narrays, nin):
        if steps[k] != 0:
            scalar_params = False
    for k in range(nin):
        if not (steps[k] == size or (scalar_params and k >= narrays)):
            direct = False
    if direct:
        for k in range(nin):
            inp[k] = args[k] + lo * steps[k]
        kernel(inp, args[nin] + lo * steps[nin], hi - lo, scalar_params)
        return

    if storage == F16 and scalar_params:
        for k in range(narrays, nin):
            params16[k] = npy_half_to_float((<const npy_half *>args[k])[0])
    start = lo
    while start < hi:
        m = min(<Py_ssize_t>BLOCK, hi - start)
        for k in range(nin):
            src = args[k] + start * steps[k]
            if scalar_params and k >= narrays:
                inp[k] = &params16[k] if storage == F16 else src
            elif storage != F16 and steps[k] == size:
                inp[k] = src
            else:
                gather(storage, blocks[k], src, steps[k], m)
                inp[k] = blocks[k]
        if storage != F16 and steps[nin] == size:
            kernel(inp, args[nin] + start * steps[nin], m, scalar_params)
        else:
            kernel(inp, blocks[MAX_IN], m, scalar_params)
            scatter(storage, args[nin] + start * steps[nin], steps[nin], blocks[MAX_IN], m)
        start += m


cdef inline int team_size(Py_ssize_t n, Py_ssize_t parallel_min) noexcept nogil:
    """Threads worth starting for n elements (1: stay serial)."""
    cdef int nt = g_num_threads
    if nt <= 1 or n < parallel_min or act_forked_child():
        return 1
    # every thread gets at least half a threshold's worth of work
    return <int>max(1, min(<Py_ssize_t>nt, (2 * n) // parallel_min))


cdef inline double scalar_value(int storage, const char *p) noexcept nogil:
    if storage == F32:
        return (<const float *>p)[0]
    if storage == F64:
        return (<const double *>p)[0]
    return npy_half_to_float((<const npy_half *>p)[0])


cdef inline act_kernel_fn choose_kernel(const LoopSpec *spec, int storage, char **args,
                                        const cnp.npy_intp *steps, Py_ssize_t n) noexcept nogil:
    """The spec's kernel, or its alias's when the one parameter is broadcast and
    equal to alias_value (then the alias's inputs are the same arrays)."""
    cdef int k = spec.nin - 1
    if (spec.alias_f32 != NULL and n > 0 and steps[k] == 0
            and scalar_value(storage, args[k]) == spec.alias_value):
        return spec.alias_f64 if storage == F64 else spec.alias_f32
    return spec.f64 if storage == F64 else spec.f32


cdef void generic_loop(char **args, cnp.npy_intp *dims, cnp.npy_intp *steps,
                       void *data, int storage) noexcept nogil:
    cdef LoopSpec *spec = <LoopSpec *>data
    cdef Py_ssize_t n = dims[0]
    cdef act_kernel_fn kernel = choose_kernel(spec, storage, args, steps, n)
    cdef int before = act_fp_flags()
    cdef int nt = team_size(n, spec.parallel_min)
    cdef Py_ssize_t chunk, lo, hi
    cdef int tid

    if nt <= 1:
        run_range(kernel, spec.nin, spec.nparams, storage, args, steps, 0, n)
    else:
        act_note_parallel_used()
        chunk = (n + nt - 1) // nt
        chunk = ((chunk + SPLIT_ALIGN - 1) // SPLIT_ALIGN) * SPLIT_ALIGN
        with parallel(num_threads=nt):
            tid = threadid()
            lo = tid * chunk
            hi = min(n, lo + chunk)
            if lo < hi:
                run_range(kernel, spec.nin, spec.nparams, storage, args, steps, lo, hi)
    act_fp_clear_new(before)


cdef void loop_f32(char **args, cnp.npy_intp *dims, cnp.npy_intp *steps,
                   void *data) noexcept nogil:
    generic_loop(args, dims, steps, data, F32)


cdef void loop_f64(char **args, cnp.npy_intp *dims, cnp.npy_intp *steps,
                   void *data) noexcept nogil:
    generic_loop(args, dims, steps, data, F64)


cdef void loop_f16(char **args, cnp.npy_intp *dims, cnp.npy_intp *steps,
                   void *data) noexcept nogil:
    generic_loop(args, dims, steps, data, F16)


# ------------------------------------------------------------------ ISA choice

ISA_NAMES = tuple(act_isa_name(i).decode() for i in range(ACT_ISA_COUNT))


def compiled_isas():
    """ISA targets built into this extension, narrowest first."""
    return tuple(ISA_NAMES[i] for i in range(ACT_ISA_COUNT) if act_isa_compiled(i))


def supported_isas():
    """Compiled ISA targets this CPU can run, narrowest first."""
    return tuple(ISA_NAMES[i] for i in range(ACT_ISA_COUNT) if act_isa_supported(i))


def _choose_isa(requested):
    """The ISA to use: the widest supported, or narrower when requested."""
    supported = supported_isas()
    if not requested:
        return supported[-1]
    if requested not in ISA_NAMES:
        raise ValueError(f"ACTCORE_ISA={requested!r}: expected one of {', '.join(ISA_NAMES)}")
    if requested not in supported:
        raise ValueError(f"ACTCORE_ISA={requested!r} is not available here; "
                         f"this build and CPU support {', '.join(supported)}")
    return requested


# ------------------------------------------------------------- ufunc creation

cdef cnp.PyUFuncGenericFunction LOOPS[3]
LOOPS[0] = <cnp.PyUFuncGenericFunction>loop_f32
LOOPS[1] = <cnp.PyUFuncGenericFunction>loop_f64
LOOPS[2] = <cnp.PyUFuncGenericFunction>loop_f16
cdef char STORAGE_TYPES[3]
STORAGE_TYPES[0] = cnp.NPY_FLOAT
STORAGE_TYPES[1] = cnp.NPY_DOUBLE
STORAGE_TYPES[2] = NPY_HALF

# NumPy keeps raw pointers to names, docs, loop and type arrays: they must live
# as long as the process.  The bytes objects are kept here; the C arrays are
# allocated once and never freed.
_keepalive = []
cdef LoopSpec *SPECS[256]
cdef int N_SPECS = 0
cdef double g_parallel_work_ns = 0.0
SPEC_INDEX = {}         # ufunc name -> index into SPECS


cdef object make_ufunc(int isa, object spec_info):
    global N_SPECS
    name = spec_info.name
    cdef const act_kernel_entry *entry = act_find_kernel(isa, name.encode())
    if entry == NULL:
        raise RuntimeError(f"actcore build is missing the kernel {name!r}")
    if entry.nin != spec_info.nin or entry.nparams != spec_info.activation.nparams:
        raise RuntimeError(f"kernel {name!r} has {entry.nin} inputs and {entry.nparams} "
                           f"parameters; the registry says {spec_info.nin} and "
                           f"{spec_info.activation.nparams}")
    if N_SPECS >= 256:
        raise RuntimeError("too many ufuncs")
    cdef int nin = entry.nin
    cdef LoopSpec *spec = <LoopSpec *>malloc(sizeof(LoopSpec))
    cdef void **data = <void **>malloc(3 * sizeof(void *))
    cdef char *types = <char *>malloc(3 * (nin + 1))
    if spec == NULL or data == NULL or types == NULL:
        raise MemoryError()
    spec.f32 = entry.f32
    spec.f64 = entry.f64
    spec.nin = nin
    spec.nparams = entry.nparams
    spec.cost_ns = spec_info.cost_ns
    spec.alias_f32 = NULL
    spec.alias_f64 = NULL
    spec.alias_value = 0.0
    cdef const act_kernel_entry *alias
    if spec_info.alias is not None:
        alias_name, spec.alias_value = spec_info.alias
        alias = act_find_kernel(isa, alias_name.encode())
        if alias == NULL or entry.nparams != 1 or alias.nin > entry.nin:
            raise RuntimeError(f"kernel {name!r}: no usable alias kernel {alias_name!r}")
        spec.alias_f32 = alias.f32
        spec.alias_f64 = alias.f64
    spec.parallel_min = threshold_for(spec.cost_ns)
    SPEC_INDEX[name] = N_SPECS
    SPECS[N_SPECS] = spec
    N_SPECS += 1
    cdef int t, k
    for t in range(3):
        data[t] = spec
        for k in range(nin + 1):
            types[t * (nin + 1) + k] = STORAGE_TYPES[t]
    name_b = name.encode()
    doc_b = spec_info.doc.encode()
    _keepalive.extend((name_b, doc_b))
    return cnp.PyUFunc_FromFuncAndData(
        LOOPS, data, types, 3, nin, 1, cnp.PyUFunc_None, name_b, doc_b, 0)


cdef Py_ssize_t threshold_for(double cost_ns) noexcept:
    cdef double n
    if g_parallel_work_ns <= 0 or cost_ns <= 0:
        return <Py_ssize_t>1 << 62
    n = g_parallel_work_ns / cost_ns
    return <Py_ssize_t>n if n > 1 else 1


def _set_parallel_work_ns(double work_ns):
    """Start a team only when a call's serial work exceeds work_ns nanoseconds."""
    global g_parallel_work_ns
    if not work_ns > 0:
        raise ValueError(f"parallel work threshold must be positive, got {work_ns}")
    g_parallel_work_ns = work_ns
    cdef int i
    for i in range(N_SPECS):
        SPECS[i].parallel_min = threshold_for(SPECS[i].cost_ns)


def _get_parallel_work_ns():
    return g_parallel_work_ns


def parallel_min(name):
    """Element count from which the ufunc `name` starts a team of threads."""
    return SPECS[<int>SPEC_INDEX[name]].parallel_min


def _set_num_threads(int n):
    global g_num_threads
    g_num_threads = max(1, n)


def _get_num_threads():
    return g_num_threads


def _forked_child():
    return bool(act_forked_child())


def build_info():
    """Facts about this build for show_config()."""
    return {
        "compiler": act_compiler().decode(),
        "openmp": bool(act_openmp_enabled()),
        "openmp_version": act_openmp_version(),
        "openmp_flags": act_openmp_flags().decode(),
        "omp_max_threads": act_omp_max_threads(),
        "isa_compiled": compiled_isas(),
        "isa_supported": supported_isas(),
    }


def create_ufuncs(isa_name, double parallel_work_ns):
    """Make every registry ufunc with the kernels of isa_name (once per process)."""
    if N_SPECS:
        raise RuntimeError("the ufuncs exist already")
    _set_parallel_work_ns(parallel_work_ns)
    cdef int isa = ISA_NAMES.index(isa_name)
    act_install_fork_handler()
    return {info.name: make_ufunc(isa, info) for info in _registry.ufunc_specs()}
