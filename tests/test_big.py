"""Inputs of more than 2^31 elements: 64-bit sizes and strides everywhere.

Marked slow (about 9 GB of memory): run by tools/reliability.sh, not by the
default test command.
"""

import numpy as np
import pytest

import actcore

N = (1 << 31) + 4099          # past every 32-bit index, not a multiple of any block


@pytest.mark.slow
def test_in_place_relu_and_sigmoid_beyond_2_31_elements():
    x = np.empty(N, dtype=np.float32)
    x[: 1 << 20] = -1.0                      # pattern repeated over the whole array
    x[1 << 20: 2 << 20] = 2.0
    filled = 2 << 20
    while filled < N:                        # doubling copies: fast, little memory
        n = min(filled, N - filled)
        x[filled: filled + n] = x[:n]
        filled += n
    tail = np.arange(N - 10, N)
    expected = np.where(x[tail] < 0, 0.0, x[tail])
    actcore.relu(x, out=x)
    np.testing.assert_array_equal(x[tail], expected)
    assert x[: 1 << 20].max() == 0 and x[N - 1] in (0.0, 2.0)
    assert np.count_nonzero(x[N - (1 << 22):]) > 0
    actcore.sigmoid(x, out=x)                # 0 -> 0.5, 2 -> 0.8808
    np.testing.assert_allclose(x[tail], 1 / (1 + np.exp(-expected)), rtol=1e-6)


@pytest.mark.slow
def test_strided_view_beyond_2_31_elements():
    x = np.zeros(N + 2, dtype=np.float32)
    x[-1] = -3.0                             # N + 1 is even: the view's last element
    view = x[::2]                            # about 2^30 elements, byte offsets > 2^32
    out = actcore.tanh(view)
    assert out[-1] == np.float32(np.tanh(-3.0)) and out[0] == 0
