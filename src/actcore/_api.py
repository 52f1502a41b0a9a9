"""Create the ufuncs once, with the chosen ISA, and the public callables.

Functions without parameters are exposed as the ufuncs themselves.  Parametric
ones (leaky_relu's negative_slope, ...) are ufuncs with one more input; the
public name is a thin wrapper that supplies the keyword default, like
``torch.nn.functional.leaky_relu(x, negative_slope=0.01)``.
"""

import inspect
import os

import numpy as np

from actcore import _registry, _ufuncs

# A team of threads is started only when a call's serial work is longer than
# this (ns).  Measured with tools/tune_threshold.py: 2 threads break even at
# 3.6 us (relu) to 5.2 us (sigmoid) of serial work on a quiet 2-core Zen 3 and
# at 2.7-3.7 us on a 2-core Zen 4 VM (AVX-512), and are 1.5-1.9x faster from
# 8 us on; 8 us keeps a margin for busy machines, where a team's start waits
# for the scheduler.  The per-function ns/element is the registry's cost_ns
# (AVX-512; the slower ISAs start teams later than they could, never earlier).
# ACTCORE_PARALLEL_WORK_NS overrides it.
PARALLEL_WORK_NS = 8000.0

ISA = _ufuncs._choose_isa(os.environ.get("ACTCORE_ISA", "").strip().lower())
UFUNCS = _ufuncs.create_ufuncs(ISA, float(os.environ.get("ACTCORE_PARALLEL_WORK_NS",
                                                         PARALLEL_WORK_NS)))


def _like_first(value, first):
    """A Python-number parameter takes a float16 input's dtype.

    NumPy keeps Python numbers "weak" for float32 and float64, but for float16
    input it would pick the float32 loop; the parameter is converted so that
    float16 in gives float16 out, as for the unary functions.
    """
    if (isinstance(value, (int, float)) and not isinstance(value, bool)
            and getattr(first, "dtype", None) == np.float16):
        return np.float16(value)
    return value


def _wrap_parametric(ufunc, spec):
    """A function f(arrays..., param=default, **ufunc_kwargs) calling ufunc."""
    params = spec.activation.params
    n_arrays = spec.nin - len(params)
    array_names = {"forward": ["x"], "grad": ["x"], "fast": ["x"],
                   "backward": ["dy", spec.activation.backward_input]}[spec.kind]

    names = frozenset(p.name for p in params)
    defaults = tuple(p.default for p in params)
    half_defaults = tuple(np.float16(d) for d in defaults)

    def wrapper(*args, **kwargs):
        if len(args) == n_arrays and (not kwargs or not names.intersection(kwargs)):
            # the common call, f(x) or f(x, out=...): defaults only
            half = getattr(args[0], "dtype", None) == np.float16
            return ufunc(*args, *(half_defaults if half else defaults), **kwargs)
        if len(args) < n_arrays:
            raise TypeError(f"{spec.name}() missing required argument "
                            f"'{array_names[len(args)]}'")
        if len(args) > spec.nin:
            raise TypeError(f"{spec.name}() takes at most {spec.nin} positional "
                            f"arguments ({len(args)} given)")
        for p in params[:len(args) - n_arrays]:
            if p.name in kwargs:
                raise TypeError(f"{spec.name}() got multiple values for argument '{p.name}'")
        values = list(args[n_arrays:])
        for p in params[len(values):]:
            values.append(kwargs.pop(p.name, p.default))
        return ufunc(*args[:n_arrays], *(_like_first(v, args[0]) for v in values), **kwargs)

    P = inspect.Parameter
    wrapper.__signature__ = inspect.Signature(
        [P(n, P.POSITIONAL_ONLY) for n in array_names]
        + [P(p.name, P.POSITIONAL_OR_KEYWORD, default=p.default) for p in params]
        + [P("ufunc_kwargs", P.VAR_KEYWORD)])
    public_name = spec.activation.name if spec.kind == "fast" else spec.name
    wrapper.__name__ = wrapper.__qualname__ = public_name
    wrapper.__module__ = "actcore.fast" if spec.kind == "fast" else "actcore"
    wrapper.__doc__ = spec.doc
    wrapper.ufunc = ufunc
    return wrapper


def _public(fast=False):
    """name -> public callable: the accurate functions, or (fast=True) the
    fast_<name> kernels under their plain names, for actcore.fast."""
    public = {}
    for spec in _registry.ufunc_specs():
        if (spec.kind == "fast") != fast:
            continue
        ufunc = UFUNCS[spec.name]
        name = spec.activation.name if fast else spec.name
        public[name] = _wrap_parametric(ufunc, spec) if spec.activation.params else ufunc
    return public


PUBLIC = _public()
FAST = _public(fast=True)
