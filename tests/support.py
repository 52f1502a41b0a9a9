"""Shared test helpers: ULP distances, input generators, subprocess runs."""

import os
import subprocess
import sys

import numpy as np

import actcore
from actcore import _registry
from actcore._accuracy import ulp_error  # noqa: F401  (re-exported for the tests)

SPECS = [s for s in _registry.ufunc_specs() if s.kind != "fast"]     # accurate ones
SPEC_IDS = [s.name for s in SPECS]
PUBLIC = {s.name: getattr(actcore, s.name) for s in SPECS}
RAW = {s.name: getattr(actcore.ufuncs, s.name) for s in SPECS}
# actcore.fast: specs named fast_<name>, public as actcore.fast.<name>
FAST_SPECS = [s for s in _registry.ufunc_specs() if s.kind == "fast"]
FAST_PUBLIC = {s.name: getattr(actcore.fast, s.activation.name) for s in FAST_SPECS}
SPEC_BY_NAME = {s.name: s for s in SPECS + FAST_SPECS}


def worst(got, ref64, x, dtype=np.float32):
    """(max ULP error, input where it happens) for messages."""
    err = ulp_error(got, ref64, dtype)
    i = int(np.argmax(err)) if err.size else 0
    return (float(err.flat[i]) if err.size else 0.0), (x.flat[i] if err.size else None)


def sample_points(dtype=np.float32):
    """Finite and special inputs across all magnitudes, both signs."""
    finfo = np.finfo(dtype)
    mags = np.concatenate([
        np.geomspace(float(finfo.smallest_subnormal), float(finfo.max) / 2, 600),
        [float(finfo.max), float(finfo.tiny)],
        np.linspace(0, 12, 481), np.linspace(12, 120, 109),
        [1e-30, 1e-8, 0.5, 1, 2, 3, 6, 16.7, 20, 87.3, 88.7, 89, 100, 103.9, 104, 1e30],
    ])
    pts = np.concatenate([mags, -mags, [0.0, -0.0, np.inf, -np.inf, np.nan]])
    with np.errstate(over="ignore"):
        return pts.astype(dtype)


def bit_pattern_sample(step=1021, offset=0):
    """Every step-th float32 bit pattern: a sampled exhaustive sweep."""
    bits = np.arange(offset, 1 << 32, step, dtype=np.uint64).astype(np.uint32)
    return bits.view(np.float32)


def inputs_for(spec, x, rng=None):
    """The ufunc's inputs for sample points x: dy and parameters filled in."""
    rng = rng or np.random.default_rng(0)
    a = spec.activation
    params = [np.asarray(p.default, dtype=x.dtype) for p in a.params]
    if spec.kind != "backward":
        return [x, *params]
    with np.errstate(all="ignore"):
        dy = rng.uniform(-2, 2, size=x.shape).astype(x.dtype)
    if a.backward_input == "y":
        x = getattr(actcore, a.name)(x)      # backward takes y = f(x)
    return [dy, x, *params]


def run_python(code, env=None, timeout=120):
    """Run code in a fresh interpreter (`import support` works there); return
    the CompletedProcess."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    here = os.path.dirname(os.path.abspath(__file__))
    code = f"import sys; sys.path.insert(0, {here!r})\n" + code
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=full_env, timeout=timeout)


def head_tail_slices(seed, specials):
    """Slices of 0-40 elements starting at each of 16 offsets (every 4-byte
    position of a cache line): the kernels' loop heads and masked tails
    (explicit vector loops, vloops_<isa>.h, included).  Random values in
    [-110, 110] with the specials spread among them."""
    x = np.random.default_rng(seed).uniform(-110, 110, 80).astype(np.float32)
    n = len(x[::7])
    x[::7] = np.resize(np.asarray(specials, dtype=np.float32), n)
    for offset in range(16):
        for length in range(41):
            yield x[offset:offset + length]


# Where a kernel changes route or clamps (AVX-512): gelu's scale 2^n stops at
# n = -90 (|x| = 11.2009) and fast gelu_tanh's x at 8, keeping subnormal steps
# out of their vectors; silu' switches from its piece table to the exp route at
# |x| = 16, has pieces centred at its zero -1.2785 (from -0.5 to -1.5) and
# clamps at 110; gelu' has pieces centred at its zero -0.7518 (from -0.5 to -1)
# and clamps at 14.6; gelu_tanh' has pieces centred at its zero -0.7525, piece
# edges at v = 1, 1.25, 1.5, 2, 3.5, 7.5 and 63.5, rounds to -0 from v = 109.1,
# clamps v at 112; gelu_tanh and gelu_tanh' clamp |x| at 16 and order the
# cubic's two terms by size (they swap at |x| = 4.729).
CLAMP_EDGES = {"gelu": [11.2009, -11.2009], "fast_gelu_tanh": [8.0],
               "silu_grad": [16.0, -16.0, -1.2784646, 1.2784646, -0.5, -1.0, -1.5,
                             0.5, -15.5, -108.7, -110.0],
               "gelu_grad": [-0.7517915, 0.7517915, -0.5, -0.75, -1.0, -14.53, -14.6,
                             14.6, -7.0, -15.0],
               "gelu_tanh_grad": [-0.7524614, 0.7524614, -0.6161952, -0.7634259, -0.9066594,
                                  -1.1798702, -1.8909576, -3.2145832, -8.845508, -10.874027,
                                  -10.980813, -16.0, 16.0, -4.7290444, 4.7290444],
               "gelu_tanh": [-4.7290444, 4.7290444, -16.0, 16.0],
               # AVX-512 piece tables (32 of width 1/2) and their exp routes
               "softplus": [16.0, -16.0, 15.5, -15.5, 0.5, -0.5, 0.125, -0.125, 0.0, 20.0,
                            -87.3, -103.9, -104.0],
               "log_sigmoid": [16.0, -16.0, 15.5, -15.5, 0.5, -0.5, 0.0, 87.3, 103.9],
               "mish": [8.0, -8.0, 7.5, -7.5, 0.5, -0.5, 0.0, 0.125, -0.125, 0.25, -0.25, 9.4,
                        -130.6, -131.0, -87.0],
               "mish_grad": [8.0, -8.0, 7.5, -7.5, -1.1924312, -1.5, -1.0, -0.5, 0.5, 0.0,
                             0.0012207406, -0.001220722, -104.0, -131.0],
               # AVX-512's expm1 loops: the clamps, n = -24 (kept from -16.98 down),
               # n = 26 (h's low part from 17.67), the tiny-x test, the overflow
               "expm1": [-17.4, -16.981707, -17.328680, 17.675253, 2.0 ** -25, -2.0 ** -25,
                         0.0, 88.72284, 88.8],
               "elu": [-17.4, -16.981707, -17.328680, 0.0, -2.0 ** -25, -0.34657359],
               # selu on expm1's loop (as elu), selu' on exp's (clamped to -105),
               # selu's overflow near FLT_MAX / scale
               "selu": [-17.4, -16.981707, -17.328680, 0.0, -2.0 ** -25, -0.34657359,
                        3.2386e38],
               "selu_grad": [-105.0, -104.0, -87.9, 0.0, -0.34657359]}


def around_edges(edges, k=64):
    """The k float32 on each side of each edge, the edge itself, and big
    inputs of both signs."""
    bits = np.asarray(edges, dtype=np.float32).view(np.int32)[:, None] + np.arange(-k, k + 1)
    return np.concatenate([bits.astype(np.int32).view(np.float32).ravel(),
                           np.float32([-np.inf, -1e30, -100.0, 100.0, 1e30, np.inf])])
