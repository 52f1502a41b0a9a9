"""Property-based checks (hypothesis): any dtype, shape, stride and value."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from support import PUBLIC, SPECS, ulp_error

DTYPES = [np.float16, np.float32, np.float64]
# float32 bound per spec; float16 adds one rounding; float64 against a reference
# that is itself some ULP off
BOUND = {np.float16: lambda s: s.ulp + 1, np.float32: lambda s: s.ulp,
         np.float64: lambda s: 64}


@st.composite
def strided_arrays(draw, dtype):
    """An array of any 0-3-D shape, then a view with steps, reversal or a transpose."""
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=7))
    elements = st.floats(allow_nan=True, allow_infinity=True, width=np.dtype(dtype).itemsize * 8)
    base = draw(hnp.arrays(dtype, shape, elements=elements))
    if base.ndim and draw(st.booleans()):
        step = draw(st.sampled_from([-2, -1, 2]))
        base = base[::step]
    if base.ndim > 1 and draw(st.booleans()):
        base = base.T
    return base


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_matches_reference_for_any_layout(spec, data):
    dtype = data.draw(st.sampled_from(DTYPES))
    x = data.draw(strided_arrays(dtype))
    keep = x.copy()
    rng = np.random.default_rng(0)
    params = [np.asarray(p.default, dtype=dtype) for p in spec.activation.params]
    if spec.kind == "backward":
        with np.errstate(all="ignore"):
            dy = rng.uniform(-2, 2, x.shape).astype(dtype)
        v = PUBLIC[spec.activation.name](x) if spec.activation.backward_input == "y" else x
        inputs = [dy, v, *params]
    else:
        inputs = [x, *params]
    got = PUBLIC[spec.name](*inputs)
    assert got.shape == x.shape and got.dtype == dtype
    err = ulp_error(got, spec.reference(*inputs), dtype)
    assert err.size == 0 or err.max() <= BOUND[dtype](spec), (x, got)
    np.testing.assert_array_equal(x, keep)          # input untouched
