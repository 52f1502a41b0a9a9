"""actcore._peers: the benchmarks' PyTorch and ONNX Runtime calls compute the
function they are named for, into the buffer given; skipped without them."""

import numpy as np
import pytest
import scipy.special as sp

from actcore import _peers

X = np.linspace(-6, 6, 4099, dtype=np.float32)
REFERENCE = {"sigmoid": sp.expit, "tanh": np.tanh,
             "gelu": lambda x: x * sp.ndtr(x), "silu": lambda x: x * sp.expit(x),
             "log_sigmoid": sp.log_expit, "leaky_relu": lambda x: np.where(x > 0, x, 0.01 * x)}


@pytest.mark.parametrize("name", sorted(set(REFERENCE) & set(_peers.ONNX)))
def test_onnx_callable_writes_into_out(name):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    out = np.full_like(X, np.nan)
    fn = _peers.onnx_callable(name, X, 1, out)
    assert fn is not None
    fn()
    np.testing.assert_allclose(out, REFERENCE[name](X.astype(np.float64)), atol=1e-6)
    returned = _peers.onnx_callable(name, X, 1)()[0]     # without out: a new array
    np.testing.assert_allclose(returned, out, atol=1e-6)


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_torch_callable_computes_the_function(name):
    pytest.importorskip("torch")
    out = np.empty_like(X)
    fn = _peers.torch_callable(name, X, out, 1)
    assert fn is not None
    returned = fn()
    assert np.shares_memory(returned.numpy(), out)         # written into out
    np.testing.assert_allclose(out, REFERENCE[name](X.astype(np.float64)), atol=1e-6)
