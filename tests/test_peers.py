"""actcore._peers: the benchmarks' PyTorch and ONNX Runtime calls compute the
function they are named for (the registry's float64 reference at the default
parameters), into the buffer given; skipped without them."""

import numpy as np
import pytest

from actcore import _peers, _registry

X = np.linspace(-6, 6, 4099, dtype=np.float32)
NO_OUT_OVERLOAD = {"selu", "softsign"}      # torch returns a new tensor for these


def reference(name):
    a = _registry.BY_NAME[name]
    with np.errstate(invalid="ignore", divide="ignore"):     # log1p below -1: NaN
        return a.reference(X.astype(np.float64), *[p.default for p in a.params])


@pytest.mark.parametrize("name", sorted(_peers.ONNX))
def test_onnx_callable_writes_into_out(name):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    out = np.full_like(X, np.nan)
    fn = _peers.onnx_callable(name, X, 1, out)
    assert fn is not None
    fn()
    np.testing.assert_allclose(out, reference(name), rtol=1e-5, atol=1e-6)
    returned = _peers.onnx_callable(name, X, 1)()[0]     # without out: a new array
    np.testing.assert_allclose(returned, out, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", sorted(_peers.TORCH))
def test_torch_callable_computes_the_function(name):
    pytest.importorskip("torch")
    out = np.full_like(X, np.nan)
    fn = _peers.torch_callable(name, X, out, 1)
    assert fn is not None
    returned = fn().numpy()
    assert np.shares_memory(returned, out) == (name not in NO_OUT_OVERLOAD)
    np.testing.assert_allclose(returned, reference(name), rtol=1e-5, atol=1e-6)
