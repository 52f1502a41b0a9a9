"""inf, NaN, -0.0, and no floating-point warnings for any input."""

import numpy as np
import pytest

import actcore
from support import PUBLIC, SPECS, bit_pattern_sample, inputs_for, run_python

# limits at -inf and +inf of every forward function and derivative
LIMITS = {
    "relu": (0, np.inf), "relu6": (0, 6), "leaky_relu": (-np.inf, np.inf),
    "hard_sigmoid": (0, 1), "hard_tanh": (-1, 1), "hard_swish": (0, np.inf),
    "softsign": (-1, 1), "sigmoid": (0, 1), "log_sigmoid": (-np.inf, 0), "tanh": (-1, 1),
    "relu_grad": (0, 1), "relu6_grad": (0, 0), "leaky_relu_grad": (0.01, 1),
    "hard_sigmoid_grad": (0, 0), "hard_tanh_grad": (0, 0), "hard_swish_grad": (0, 1),
    "softsign_grad": (0, 0), "sigmoid_grad": (0, 0), "log_sigmoid_grad": (1, 0),
    "tanh_grad": (0, 0),
    "exp": (0, np.inf), "expm1": (-1, np.inf), "log1p": (np.nan, np.inf),
    "erf": (-1, 1), "erfc": (2, 0),
    "elu": (-1, np.inf), "selu": (-1.7580993408473766, np.inf), "celu": (-1, np.inf),
    "softplus": (0, np.inf), "silu": (0, np.inf), "swish": (0, np.inf), "mish": (0, np.inf),
    "gelu": (0, np.inf), "gelu_tanh": (0, np.inf),
    "elu_grad": (0, 1), "selu_grad": (0, 1.0507009873554805), "celu_grad": (0, 1),
    "softplus_grad": (0, 1), "silu_grad": (0, 1), "swish_grad": (0, 1), "mish_grad": (0, 1),
    "gelu_grad": (0, 1), "gelu_tanh_grad": (0, 1),
}


@pytest.mark.parametrize("name", sorted(LIMITS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
def test_infinities_give_limits(name, dtype):
    got = PUBLIC[name](np.array([-np.inf, np.inf], dtype=dtype))
    np.testing.assert_allclose(got, np.array(LIMITS[name], dtype=dtype), rtol=1e-6)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
def test_nan_propagates(spec, dtype):
    x = np.array([np.nan, -np.nan], dtype=dtype)
    ins = inputs_for(spec, x)
    assert np.all(np.isnan(PUBLIC[spec.name](*ins)))


SIGNED_ZERO_CHECK = """
import numpy as np
import support
bad = []
public = {**support.PUBLIC, **support.FAST_PUBLIC}
for spec in support.SPECS + support.FAST_SPECS:
    for dtype in (np.float32, np.float64):
        x = np.array([-0.0, 0.0], dtype=dtype)
        ins = support.inputs_for(spec, x)
        with np.errstate(all="ignore"):
            got, ref = public[spec.name](*ins), spec.reference(*ins)
        for g, r, z in zip(got, ref, x):
            if r == 0 and np.signbit(g) != np.signbit(r):
                bad.append((spec.name, np.dtype(dtype).name, float(z), float(g)))
print(bad)
"""


@pytest.mark.parametrize("isa", ["selected", "avx2", "baseline"])
def test_zero_results_carry_the_references_sign(isa):
    """f(-0) and f(+0) where the float64 reference is a zero: its sign (erf,
    the ELU family, silu, swish, mish, gelu_tanh: -0 at -0, as NumPy's and
    PyTorch's x * g(x) formulas give), accurate and `actcore.fast`, on the
    selected kernels and the narrower ones this CPU runs (ACTCORE_ISA, a
    fresh interpreter each)."""
    if isa != "selected" and isa not in actcore.config()["isa_supported"].split(", "):
        pytest.skip(f"this CPU does not run {isa}")
    r = run_python(SIGNED_ZERO_CHECK, env=None if isa == "selected" else {"ACTCORE_ISA": isa})
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]", r.stdout


def test_relu_of_negative_zero_is_zero():
    r = actcore.relu(np.array([-0.0, 0.0], dtype=np.float32))
    assert np.all(r == 0)


def _all_float32_specials():
    """Bit-pattern sample plus every kind of special value."""
    specials = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, -1e-45, 1.2e-38,
                         3.4e38, -3.4e38, 88.7, 89.0, -87.3, -104.0, -1e30], dtype=np.float32)
    return np.concatenate([bit_pattern_sample(4099), specials])


@pytest.mark.parametrize("threads", [1, 2])
def test_no_floating_point_errors(threads, restore_threads):
    """Under errstate(all='raise') no input raises, serial or threaded."""
    x32 = _all_float32_specials()
    actcore.set_num_threads(threads)
    with np.errstate(all="raise"):
        for spec in SPECS:
            for dtype in (np.float32, np.float64, np.float16):
                with np.errstate(all="ignore"):
                    x = x32.astype(dtype)
                ins = inputs_for(spec, x)
                PUBLIC[spec.name](*ins)
                PUBLIC[spec.name](*ins, out=np.empty_like(x))


def test_flags_set_before_the_call_are_not_our_business():
    """A warning NumPy raises for its own cast still reaches the user."""
    with np.errstate(over="raise"):
        with pytest.raises(FloatingPointError):
            actcore.sigmoid(np.array([1e300]), dtype=np.float32, casting="unsafe")
