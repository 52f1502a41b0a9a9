"""pytest-benchmark suite: actcore.softmax / log_softmax and their actcore.fast
versions against SciPy, PyTorch and ONNX Runtime (the last two when installed),
float32, at the issue's shapes; the rest of the family against NumPy/SciPy.

Run:      PYTHONPATH=src python -m pytest benchmarks/test_softmax.py --benchmark-group-by=group
The table with 1 and 2 threads and ratios: python tools/softmax_speed.py
Each benchmark first checks its result against SciPy in float64.
"""

import numpy as np
import pytest
import scipy.special as sp

import actcore

SHAPES = {"4096x1024": (4096, 1024), "64x65536": (64, 65536), "65536x16": (65536, 16)}

try:
    import torch
except ImportError:             # optional peer
    torch = None

try:
    import onnx  # noqa: F401
    import onnxruntime  # noqa: F401
except ImportError:
    onnxruntime = None


def _case(shape):
    x = (np.random.default_rng(0).standard_normal(shape) * 4).astype(np.float32)
    return x, np.empty_like(x)


def _ort(op, shape):
    import os
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(__file__)), "tools"))
    import softmax_speed
    return softmax_speed._ort(actcore.get_num_threads(), shape, op)


def _torch(op):
    fn = getattr(torch, op)
    return lambda x, out: fn(torch.from_numpy(x), dim=-1, out=torch.from_numpy(out))


# softmax and log_softmax: actcore, actcore.fast and the peers, one group per
# (op, shape); each result is first checked against SciPy in float64 (the
# peers' own exp and summation: about 2e-5 relative on rows of 65536)
IMPLS = {
    "actcore": (lambda op: lambda x, out: getattr(actcore, op)(x, out=out), 1e-6),
    "fast": (lambda op: lambda x, out: getattr(actcore.fast, op)(x, out=out), 1e-6),
    "scipy": (lambda op: lambda x, out: getattr(sp, op)(x, axis=-1), 1e-4),
    "torch": (_torch, 1e-4),
    "onnxruntime": (None, 1e-4),
}
MISSING = {"torch": torch is None, "onnxruntime": onnxruntime is None}
CASES = [(op, s, impl) for op in ("softmax", "log_softmax") for s in SHAPES for impl in IMPLS]


@pytest.mark.parametrize("op,shape,impl", CASES, ids=[f"{o}-{s}-{i}" for o, s, i in CASES])
def test_softmax(benchmark, op, shape, impl):
    if MISSING.get(impl):
        pytest.skip(f"{impl} not installed")
    x, out = _case(SHAPES[shape])
    make, rtol = IMPLS[impl]
    run = _ort(op, SHAPES[shape]) if impl == "onnxruntime" else make(op)
    got = run(x, out)
    got = out if got is None or impl in ("torch", "onnxruntime") else got
    ref = getattr(sp, op)(x.astype(np.float64), axis=-1)
    np.testing.assert_allclose(got, ref, rtol=rtol, atol=1e-30 if op == "softmax" else rtol)
    benchmark.group = f"{op}-{shape}"
    benchmark(run, x, out)


def _labels(shape):
    return np.random.default_rng(1).integers(0, shape[1], shape[0])


# the rest of the family: actcore beside the NumPy/SciPy expression people write
FAMILY = {
    "logsumexp": (lambda x, y, lab: actcore.logsumexp(x),
                  lambda x, y, lab: sp.logsumexp(x, axis=-1)),
    "softmax_backward": (lambda x, y, lab: actcore.softmax_backward(x, y),
                         lambda x, y, lab: y * (x - (x * y).sum(-1, keepdims=True))),
    "log_softmax_backward": (lambda x, y, lab: actcore.log_softmax_backward(x, y),
                             lambda x, y, lab: x - np.exp(y) * x.sum(-1, keepdims=True)),
    "cross_entropy": (lambda x, y, lab: actcore.cross_entropy(x, lab),
                      lambda x, y, lab: np.mean(sp.logsumexp(x, axis=-1)
                                                - x[np.arange(len(lab)), lab])),
    "cross_entropy_backward": (
        lambda x, y, lab: actcore.cross_entropy_backward(x, lab),
        lambda x, y, lab: _onehot_grad(x, lab)),
}


def _onehot_grad(x, lab):
    g = sp.softmax(x, axis=-1)
    g[np.arange(len(lab)), lab] -= 1
    return g / len(lab)
FAMILY_CASES = [(f, s, impl) for f in FAMILY for s in SHAPES for impl in ("actcore", "numpy")]


@pytest.mark.parametrize("name,shape,impl", FAMILY_CASES,
                         ids=[f"{f}-{s}-{i}" for f, s, i in FAMILY_CASES])
def test_family(benchmark, name, shape, impl):
    x, _ = _case(SHAPES[shape])
    y = actcore.softmax(x) if "log_" not in name else actcore.log_softmax(x)
    lab = _labels(SHAPES[shape])
    ours, idiom = FAMILY[name]
    benchmark.group = f"{name}-{shape}"
    x64, y64 = x.astype(np.float64), y.astype(np.float64)      # the check in float64
    np.testing.assert_allclose(ours(x, y, lab), idiom(x64, y64, lab), rtol=1e-4, atol=1e-5)
    benchmark(ours if impl == "actcore" else idiom, x, y, lab)
