"""pytest-benchmark suite: every elementwise ufunc, NumPy idioms and peers beside.

Run:      python -m pytest benchmarks/ --benchmark-group-by=group
Compare:  add --benchmark-json=before.json, then --benchmark-compare=<id or file>
Not part of the default test run (testpaths = tests).  Each benchmark first
asserts that actcore and the idiom agree, so the suite stays correct.
"""

import numpy as np
import pytest

import actcore
from actcore import _registry

SIZES = {"4K": 4 * 1024, "256K": 256 * 1024, "4M": 4 * 1024 * 1024}

try:
    import torch
except ImportError:             # PyTorch is an optional peer
    torch = None

TORCH = {
    "relu": lambda t, o: torch.clamp_min(t, 0, out=o),
    "sigmoid": lambda t, o: torch.sigmoid(t, out=o),
    "tanh": lambda t, o: torch.tanh(t, out=o),
}


def _case(a, n):
    rng = np.random.default_rng(0)
    x = rng.uniform(-8, 8, n).astype(np.float32)
    return x, [np.float32(p.default) for p in a.params], np.empty_like(x)


CASES = [(a, s) for a in _registry.ACTIVATIONS for s in SIZES]
IDS = [f"{a.name}-{s}" for a, s in CASES]
SPEC_CASES = [(spec, s) for spec in _registry.ufunc_specs() for s in SIZES]


@pytest.mark.parametrize("spec,size", SPEC_CASES, ids=[f"{p.name}-{s}" for p, s in SPEC_CASES])
def test_actcore(benchmark, spec, size):
    """Every ufunc (forward, _grad, _backward, and fast_<name>: actcore.fast,
    grouped with its accurate function) of the registry."""
    a = spec.activation
    x, params, out = _case(a, SIZES[size])
    arrays = [x] if spec.kind != "backward" else [np.ones_like(x), x]
    uf = getattr(actcore.ufuncs, spec.name)
    benchmark.group = f"{a.name if spec.kind == 'fast' else spec.name}-{size}"
    if spec.kind in ("forward", "fast"):
        with np.errstate(all="ignore"):
            np.testing.assert_allclose(uf(x, *params), a.idiom(x, *params),
                                       rtol=1e-5, atol=1e-6)
    benchmark(uf, *arrays, *params, out=out)


@pytest.mark.parametrize("a,size", CASES, ids=IDS)
def test_numpy_idiom(benchmark, a, size):
    x, params, _ = _case(a, SIZES[size])
    benchmark.group = f"{a.name}-{size}"
    with np.errstate(all="ignore"):
        benchmark(a.idiom, x, *params)


@pytest.mark.parametrize("size", SIZES)
def test_copy(benchmark, size):
    """The memory-bandwidth yardstick: np.copyto on the same buffer size."""
    x, _, out = _case(_registry.BY_NAME["relu"], SIZES[size])
    benchmark.group = f"relu-{size}"
    benchmark(np.copyto, out, x)


@pytest.mark.skipif(torch is None, reason="PyTorch not installed")
@pytest.mark.parametrize("name", sorted(TORCH))
@pytest.mark.parametrize("size", SIZES)
def test_torch(benchmark, name, size):
    x, _, out = _case(_registry.BY_NAME[name], SIZES[size])
    t, o = torch.from_numpy(x), torch.from_numpy(out)
    benchmark.group = f"{name}-{size}"
    benchmark(TORCH[name], t, o)
