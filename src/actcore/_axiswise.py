"""Axis-wise functions: softmax, log_softmax, logsumexp, their backward passes
and cross-entropy.

The reduction axis is moved last and made contiguous (a copy only when it is not
already), the rows go to the C row kernels in ``_softmax`` (OpenMP over rows, or
over fixed blocks of one long row), and the result is moved back.  float32 and
float64 are computed in their own type; float16 is computed in float32 and
rounded back; integer and boolean input give float64, like NumPy.  The caller's
arrays are never written, except ``out``.
"""

import textwrap

import numpy as np
from numpy.lib.array_utils import normalize_axis_index

from actcore import _api, _registry, _softmax, _threads

_softmax.select_isa(_api.ISA)

# Elements per thread below which a call stays serial: measured with
# `python tools/softmax_speed.py --threshold` (a team costs about 10 us here,
# softmax runs at about 0.4 ns/element on one thread).
PARALLEL_MIN = 32768
_softmax.set_parallel_min(PARALLEL_MIN)

_SOFTMAX, _LOG_SOFTMAX, _LOGSUMEXP = 0, 1, 2
_REDUCTIONS = ("mean", "sum", "none")


def _dtypes(dtype, name):
    """(compute dtype, result dtype) for an input dtype."""
    if dtype == np.float32 or dtype == np.float64:
        return dtype, dtype
    if dtype == np.float16:
        return np.dtype(np.float32), dtype
    if dtype.kind in "biu":
        return np.dtype(np.float64), np.dtype(np.float64)
    raise TypeError(f"{name}() needs real floating-point or integer input, got dtype {dtype}")


def _rows(a, ax, cdt):
    """a with axis ax moved last, C-contiguous in cdt, as (rows, n), plus the
    moved shape."""
    moved = np.moveaxis(a, ax, -1)
    c = np.ascontiguousarray(moved, dtype=cdt)
    n = moved.shape[-1]
    rows = int(np.prod(moved.shape[:-1], dtype=np.int64))
    return c.reshape(rows, n), moved.shape


def _check_out(out, shape, dtype, name):
    if not isinstance(out, np.ndarray):
        raise TypeError(f"{name}(): out must be a numpy.ndarray, got {type(out).__name__}")
    if out.shape != tuple(shape):
        raise ValueError(f"{name}(): out has shape {out.shape}, expected {tuple(shape)}")
    if out.dtype != dtype:
        raise TypeError(f"{name}(): out has dtype {out.dtype}, expected {dtype}")
    if not out.flags.writeable:
        raise ValueError(f"{name}(): out is read-only")


def _target(out, ax, rows, n, cdt, inputs):
    """(buffer, direct): a (rows, n) buffer for the kernel; out itself (direct)
    when its moved view is contiguous in the compute dtype and does not partly
    overlap an input."""
    if out is not None and out.dtype == cdt:
        moved = np.moveaxis(out, ax, -1)
        if moved.flags.c_contiguous:
            flat = moved.reshape(rows, n)
            # exact aliasing (out=x) is safe: every kernel reads an element
            # before writing it; partial overlap goes through a temporary
            if not any(np.may_share_memory(flat, a) and not _same(flat, a) for a in inputs):
                return flat, True
    return np.empty((rows, n), dtype=cdt), False


def _same(a, b):
    return (a.__array_interface__["data"][0] == b.__array_interface__["data"][0]
            and a.shape == b.shape and a.strides == b.strides)


def _finish(flat, direct, moved_shape, ax, rdt, out, ndim0):
    """Move the axis back, round float16, copy into out if it was not written."""
    if out is not None:
        if not direct:
            y = np.moveaxis(flat.reshape(moved_shape), -1, ax)
            with np.errstate(all="ignore"):         # float16 rounding may overflow
                np.copyto(out, y.reshape(out.shape), casting="unsafe")
        return out
    y = np.moveaxis(flat.reshape(moved_shape), -1, ax)
    if ndim0:
        y = y.reshape(())
    if y.dtype != rdt:
        with np.errstate(all="ignore"):
            y = y.astype(rdt)
    return y


def _mask(where, shape, ax, name):
    """None for no mask or an all-True scalar; else the (rows, n) uint8 mask."""
    if where is None:
        return None
    w = np.asarray(where)
    if w.dtype != np.bool_:
        raise TypeError(f"{name}(): where must be a boolean array, got dtype {w.dtype}")
    if w.ndim == 0 and bool(w):
        return None
    try:
        w = np.broadcast_to(w, shape)
    except ValueError:
        raise ValueError(f"{name}(): where with shape {np.shape(where)} cannot be "
                         f"broadcast to the input shape {shape}") from None
    rows, _ = _rows(w.reshape(shape if shape else (1,)), ax, np.bool_)
    return rows.view(np.uint8)


def _direct_rows(x, axis, where, out):
    """(x, y) as (rows, n) views when the call needs no conversion: a non-empty
    C-contiguous float32/float64 ndarray over its last axis, no mask, out absent
    or a valid contiguous array that is x itself or apart from it; else None.
    The general path's checks cost ~50-100 us after a large call (cold
    interpreter caches), 5-8% of a 4M-element softmax."""
    if (where is not None or type(x) is not np.ndarray or x.ndim == 0 or x.size == 0
            or (x.dtype != np.float32 and x.dtype != np.float64) or not x.flags.c_contiguous
            or type(axis) is not int or (axis != -1 and axis != x.ndim - 1)):
        return None
    if out is None:
        y = np.empty_like(x)
    elif (type(out) is np.ndarray and out.dtype == x.dtype and out.shape == x.shape
          and out.flags.c_contiguous and out.flags.writeable
          and (out is x or not np.may_share_memory(out, x))):
        y = out
    else:
        return None
    n = x.shape[-1]
    return x.reshape(-1, n), y.reshape(-1, n), y


def _forward(op, name, x, axis, where, out, fast=False):
    direct = _direct_rows(x, axis, where, out)
    if direct is not None:
        _softmax.forward(op, direct[0], direct[1], None, _threads.get_num_threads(), fast)
        return direct[2]
    x = np.asarray(x)
    cdt, rdt = _dtypes(x.dtype, name)
    ndim0 = x.ndim == 0
    xs = x.reshape(1) if ndim0 else x
    ax = normalize_axis_index(axis, xs.ndim)
    if out is not None:
        _check_out(out, x.shape, rdt, name)
    mask = _mask(where, xs.shape, ax, name)
    x2, moved_shape = _rows(xs, ax, cdt)
    outv = out.reshape(1) if (out is not None and ndim0) else out
    y2, direct = _target(outv, ax, x2.shape[0], x2.shape[1], cdt, [x2])
    _softmax.forward(op, x2, y2, mask, _threads.get_num_threads(), fast)
    return _finish(y2, direct, moved_shape, ax, rdt, out, ndim0)


def softmax(x, axis=-1, *, where=None, out=None):
    r"""Softmax along an axis: exp(x - max) / sum(exp(x - max)).

    .. math:: \mathrm{softmax}(x)_i = \frac{e^{x_i - m}}{\sum_j e^{x_j - m}},
              \quad m = \max_j x_j

    Parameters
    ----------
    x : array_like
        Input.  float32 and float64 are computed in their own type, float16 in
        float32 (result float16), integers in float64.
    axis : int, optional
        The axis to normalise over (default: the last).
    where : array_like of bool, optional
        Entries to include, broadcast to ``x``.  Excluded entries get 0; a row
        with no included entry gives all zeros (never NaN).
    out : ndarray, optional
        Array of ``x``'s shape and the result dtype to write to.

    Returns
    -------
    ndarray
        Same shape as ``x``; each row sums to 1.

    Notes
    -----
    The exponentials take ``x - c`` exactly (c is 0 or the max, whichever
    makes the difference exact where it matters; the max's own term is made
    exact), the sum is accumulated to double precision (double lanes; on
    AVX-512 compensated float lanes, as exact) and each output is rounded once
    from it: measured error at most 1.75 ulp in float32 (bound 2 ulp) against a
    float64 reference, also for rows with huge spreads.  Without ``where``, a
    row of only -inf or with a +inf entry gives NaN, as SciPy and PyTorch; NaN
    propagates to its row.  No floating-point warnings are raised.  Results are
    bitwise identical for any thread count.

    Examples
    --------
    >>> import numpy as np, actcore
    >>> actcore.softmax(np.array([0.0, 0.0], dtype=np.float32))
    array([0.5, 0.5], dtype=float32)
    """
    return _forward(_SOFTMAX, "softmax", x, axis, where, out)


def log_softmax(x, axis=-1, *, where=None, out=None):
    r"""Log of softmax along an axis, computed stably.

    .. math:: \mathrm{log\_softmax}(x)_i = (x_i - m)
              - \log\!\Big(1 + \sum_{j \ne k} e^{x_j - m}\Big),
              \quad m = x_k = \max_j x_j

    Parameters
    ----------
    x : array_like
        Input (see :func:`softmax` for dtypes).
    axis : int, optional
        The axis to normalise over (default: the last).
    where : array_like of bool, optional
        Entries to include, broadcast to ``x``; excluded entries get -inf, a row
        with no included entry gives all -inf.
    out : ndarray, optional
        Array of ``x``'s shape and the result dtype to write to.

    Returns
    -------
    ndarray
        Same shape as ``x``.

    Notes
    -----
    The log term uses log1p of the sum of the others (the dominant entry's
    term is exact), so the result is exact at the dominant entry when the
    others are tiny.  Measured error at most about 1.3 ulp in float32 (bound 2
    ulp).  Special values as :func:`softmax`.

    Examples
    --------
    >>> import numpy as np, actcore
    >>> actcore.log_softmax(np.array([0.0, -100.0], dtype=np.float32))
    array([-3.8e-44, -1.0e+02], dtype=float32)
    """
    return _forward(_LOG_SOFTMAX, "log_softmax", x, axis, where, out)


# actcore.fast's softmax and log_softmax: the accurate row algorithm with the
# exponentials from the fast exp core (math_fast_f32.h) in float32; float64 runs
# the accurate kernels.  Bounds measured by tools/accuracy_sweep.py --fast (every
# float32 x in the row (x, 0)) and tests/test_fast.py (random and adversarial rows).
FAST_MAX_ERROR = {
    "softmax": _registry.Fast("rel", 5e-7, "fast exp core, x - max carried exactly, "
                              "double sum (on AVX-512 of float sums of 4 terms), one "
                              "rounding per output"),
    "log_softmax": _registry.Fast("rel", 5e-7, "fast exp core in the sum, "
                                  "(x - max) - log1p(sum of the others)"),
}


def _fast_doc(accurate):
    f = FAST_MAX_ERROR[accurate.__name__]
    body = (f"Same parameters, results and special values as actcore.{accurate.__name__} "
            f"(axis, where=, out=, bitwise identical for any thread count).  float32 "
            f"method: {f.method}.  float64 input runs the accurate kernels.  Maximum "
            f"error (float32): {_registry.fast_bound_text(f)}.")
    return (f"{accurate.__doc__.splitlines()[0]}  Fast approximate version (actcore.fast).\n\n"
            + textwrap.fill(body, 76, initial_indent="    ", subsequent_indent="    ") + "\n")


def fast_softmax(x, axis=-1, *, where=None, out=None):
    return _forward(_SOFTMAX, "softmax", x, axis, where, out, fast=True)


def fast_log_softmax(x, axis=-1, *, where=None, out=None):
    return _forward(_LOG_SOFTMAX, "log_softmax", x, axis, where, out, fast=True)


fast_softmax.__doc__ = _fast_doc(softmax)
fast_log_softmax.__doc__ = _fast_doc(log_softmax)
fast_softmax.__name__ = fast_softmax.__qualname__ = "softmax"
fast_log_softmax.__name__ = fast_log_softmax.__qualname__ = "log_softmax"
FAST = {"softmax": fast_softmax, "log_softmax": fast_log_softmax}


def logsumexp(x, axis=-1, keepdims=False, *, out=None):
    r"""log(sum(exp(x))) along an axis, computed stably.

    .. math:: \mathrm{logsumexp}(x) = m + \log\!\Big(1 + \sum_{j \ne k} e^{x_j - m}\Big),
              \quad m = x_k = \max_j x_j

    Parameters
    ----------
    x : array_like
        Input (see :func:`softmax` for dtypes).
    axis : int, optional
        The axis to reduce (default: the last).
    keepdims : bool, optional
        Keep the reduced axis with length 1.
    out : ndarray, optional
        Array of the result's shape and dtype to write to.

    Returns
    -------
    ndarray
        ``x``'s shape without ``axis`` (or with length 1 there).

    Notes
    -----
    Measured error at most about 1 ulp in float32 (bound 2 ulp) away from
    results near 0.  There the problem is ill-conditioned (the result cancels
    between max(x) and the log of the sum): the error stays below 1 ulp of
    max(|x|) (measured 0.37), so it is small in absolute terms but can be many
    ulp of a result like 1e-12, as in every float32 implementation.  As SciPy: an
    empty axis gives -inf, a row of -inf gives -inf, a +inf entry gives +inf,
    NaN propagates.

    Examples
    --------
    >>> import numpy as np, actcore
    >>> float(actcore.logsumexp(np.array([0.0, 0.0])))
    0.6931471805599453
    """
    x = np.asarray(x)
    cdt, rdt = _dtypes(x.dtype, "logsumexp")
    ndim0 = x.ndim == 0
    xs = x.reshape(1) if ndim0 else x
    ax = normalize_axis_index(axis, xs.ndim)
    shape = list(xs.shape)
    if keepdims:
        shape[ax] = 1
    else:
        del shape[ax]
    if ndim0:
        shape = []
    if out is not None:
        _check_out(out, shape, rdt, "logsumexp")
    x2, _ = _rows(xs, ax, cdt)
    res = np.empty(x2.shape[0], dtype=cdt)
    if x2.shape[1] == 0:
        res.fill(-np.inf)
    _softmax.forward(_LOGSUMEXP, x2, res, None, _threads.get_num_threads())
    res = res.reshape(shape)
    if out is not None:
        with np.errstate(all="ignore"):
            np.copyto(out, res, casting="unsafe")
        return out
    if res.dtype != rdt:
        with np.errstate(all="ignore"):
            res = res.astype(rdt)
    return res


def _backward(op, name, dy, y, axis, out):
    dy = np.asarray(dy)
    y = np.asarray(y)
    if dy.shape != y.shape:
        raise ValueError(f"{name}(): dy has shape {dy.shape} but y has shape {y.shape}")
    cdt, rdt = _dtypes(np.result_type(dy, y), name)
    ndim0 = dy.ndim == 0
    dys, ys = (dy.reshape(1), y.reshape(1)) if ndim0 else (dy, y)
    ax = normalize_axis_index(axis, dys.ndim)
    if out is not None:
        _check_out(out, dy.shape, rdt, name)
    dy2, moved_shape = _rows(dys, ax, cdt)
    y2, _ = _rows(ys, ax, cdt)
    outv = out.reshape(1) if (out is not None and ndim0) else out
    dx2, direct = _target(outv, ax, dy2.shape[0], dy2.shape[1], cdt, [dy2, y2])
    _softmax.backward(op, dy2, y2, dx2, _threads.get_num_threads())
    return _finish(dx2, direct, moved_shape, ax, rdt, out, ndim0)


def softmax_backward(dy, y, axis=-1, *, out=None):
    r"""Gradient of softmax: dx = y * (dy - sum(dy * y)), y = softmax(x).

    .. math:: dx_i = y_i \Big(dy_i - \sum_j dy_j\, y_j\Big)

    Parameters
    ----------
    dy : array_like
        Gradient with respect to the softmax output.
    y : array_like
        The softmax output (same shape as ``dy``).
    axis : int, optional
        The softmax axis (default: the last).
    out : ndarray, optional
        Array of ``dy``'s shape and the result dtype to write to.

    Returns
    -------
    ndarray
        The gradient with respect to the softmax input.

    Notes
    -----
    The sum and the final expression are formed in double for float32 input:
    the result is the correctly rounded value of the formula applied to the
    given float32 inputs up to about 0.5 ulp (the subtraction can cancel; that
    is the formula's own conditioning).
    """
    return _backward(0, "softmax_backward", dy, y, axis, out)


def log_softmax_backward(dy, y, axis=-1, *, out=None):
    r"""Gradient of log_softmax: dx = dy - exp(y) * sum(dy), y = log_softmax(x).

    .. math:: dx_i = dy_i - e^{y_i} \sum_j dy_j

    Parameters
    ----------
    dy : array_like
        Gradient with respect to the log_softmax output.
    y : array_like
        The log_softmax output (same shape as ``dy``).
    axis : int, optional
        The log_softmax axis (default: the last).
    out : ndarray, optional
        Array of ``dy``'s shape and the result dtype to write to.

    Returns
    -------
    ndarray
        The gradient with respect to the log_softmax input.

    Notes
    -----
    exp(y) has at most 1 ulp of error (float32); the sum and the final
    expression are formed in double.
    """
    return _backward(1, "log_softmax_backward", dy, y, axis, out)


def _xent_prepare(logits, labels, axis, reduction, name):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{name}(): reduction must be one of {_REDUCTIONS}, got {reduction!r}")
    x = np.asarray(logits)
    cdt, rdt = _dtypes(x.dtype, name)
    if x.ndim == 0:
        raise ValueError(f"{name}(): logits need at least one dimension (the classes)")
    ax = normalize_axis_index(axis, x.ndim)
    lab = np.asarray(labels)
    if lab.dtype.kind not in "iu":
        raise TypeError(f"{name}(): labels must be integers, got dtype {lab.dtype}")
    expected = x.shape[:ax] + x.shape[ax + 1:]
    if lab.shape != expected:
        raise ValueError(f"{name}(): labels have shape {lab.shape}, expected {expected} "
                         f"(logits shape {x.shape} without axis {ax})")
    ncls = x.shape[ax]
    if lab.size and (lab.min() < 0 or lab.max() >= ncls):
        raise ValueError(f"{name}(): labels must be in [0, {ncls}), got values in "
                         f"[{lab.min()}, {lab.max()}]")
    x2, moved_shape = _rows(x, ax, cdt)
    lab2 = np.ascontiguousarray(lab, dtype=np.int64).reshape(-1)
    return x2, lab2, ax, moved_shape, cdt, rdt


def cross_entropy(logits, labels, axis=-1, reduction="mean"):
    r"""Cross-entropy of integer class labels: logsumexp(logits) - logits[label].

    .. math:: \ell_r = \log \sum_c e^{x_{r,c}} - x_{r, t_r}

    Parameters
    ----------
    logits : array_like
        Unnormalised scores; the classes lie along ``axis``.
    labels : array_like of int
        Class indices in ``[0, C)``, of ``logits``' shape without ``axis``.
    axis : int, optional
        The class axis (default: the last).
    reduction : {'mean', 'sum', 'none'}
        Mean over samples, sum, or the per-sample losses.

    Returns
    -------
    scalar or ndarray
        A scalar of the result dtype for 'mean' and 'sum' (NaN for the mean of
        no samples), else an array of ``labels``' shape.

    Notes
    -----
    Each loss is formed in double as (m - x_t) + log1p(sum of the others'
    exp(x - m)): no cancellation for confident predictions; measured error at
    most about 1 ulp of the float32 result.  The reduction sums in double.
    """
    name = "cross_entropy"
    x2, lab2, ax, moved_shape, cdt, rdt = _xent_prepare(logits, labels, axis, reduction, name)
    rows, n = x2.shape
    loss = np.empty(rows, dtype=np.float64)
    if n == 0:
        loss.fill(np.nan)
    _softmax.cross_entropy(x2, lab2, loss, _threads.get_num_threads())
    with np.errstate(all="ignore"):
        if reduction == "none":
            return loss.reshape(moved_shape[:-1]).astype(rdt)
        total = loss.sum()
        if reduction == "mean":
            total = total / rows if rows else np.nan
        return rdt.type(total)


def cross_entropy_backward(logits, labels, axis=-1, reduction="mean"):
    r"""Gradient of :func:`cross_entropy` with respect to the logits.

    .. math:: \frac{\partial \ell}{\partial x_{r,c}} = s\,(\mathrm{softmax}(x_r)_c - [c = t_r])

    with s = 1/N for 'mean' (N samples) and 1 for 'sum' and 'none' (for 'none',
    each row is the gradient of its own loss).

    Parameters
    ----------
    logits, labels, axis, reduction
        As for :func:`cross_entropy`.

    Returns
    -------
    ndarray
        The gradient, of ``logits``' shape.

    Notes
    -----
    The label entry is formed as -(sum of the other exponentials)/sum, so it
    does not cancel when the prediction is confident; softmax error bounds
    apply (at most 2 ulp).
    """
    name = "cross_entropy_backward"
    x2, lab2, ax, moved_shape, cdt, rdt = _xent_prepare(logits, labels, axis, reduction, name)
    rows, n = x2.shape
    scale = 1.0 / rows if (reduction == "mean" and rows) else 1.0
    dx = np.empty_like(x2)
    _softmax.cross_entropy_backward(x2, lab2, scale, dx, _threads.get_num_threads())
    return _finish(dx, False, moved_shape, ax, rdt, None, False)
