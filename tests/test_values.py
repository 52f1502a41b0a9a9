"""Values of every ufunc against its float64 reference, per dtype."""

from fractions import Fraction

import numpy as np
import pytest

import actcore

from support import (CLAMP_EDGES, PUBLIC, SPEC_BY_NAME, SPECS, around_edges, bit_pattern_sample,
                     head_tail_slices, inputs_for, sample_points, worst)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sample_points(spec, dtype):
    """Every magnitude, both signs, the special values; float32 and float64."""
    x = sample_points(dtype)
    inputs = inputs_for(spec, x)
    got = PUBLIC[spec.name](*inputs)
    assert got.dtype == dtype
    # the float64 references are themselves some ULP off: 64 ULP of float64 is 1.4e-14
    # (more where a function's own conditioning amplifies roundings: Activation.ulp64)
    bound = spec.ulp if dtype == np.float32 else spec.activation.ulp64
    err, where = worst(got, spec.reference(*inputs), x, dtype=dtype)
    assert err <= bound, f"{spec.name}: {err} ULP ({np.dtype(dtype)}) at x={where!r}"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_float32_sampled_bit_patterns(spec):
    """Every 1021st float32 bit pattern (4.2M inputs): the sampled sweep."""
    x = bit_pattern_sample(1021)
    inputs = inputs_for(spec, x)
    got = PUBLIC[spec.name](*inputs)
    err, where = worst(got, spec.reference(*inputs), x)
    assert err <= spec.ulp, f"{spec.name}: {err} ULP at x={where!r}"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_every_head_and_tail_length(spec):
    """Slices of 0-40 elements at 16 offsets, out of place and in place."""
    fn = PUBLIC[spec.name]
    specials = [np.nan, -np.inf, np.inf, 0.0, -1e-40, 88.75, -104.5, 1e30, -1e30, 3.0, -3.0, 0.5]
    for xs in head_tail_slices(3, specials):
        inputs = inputs_for(spec, xs)
        ref = spec.reference(*inputs)
        got = fn(*inputs)
        err, where = worst(got, ref, xs)
        assert err <= spec.ulp, f"{spec.name}[:{len(xs)}]: {err} ULP at x={where!r}"
        buf = inputs[0].copy()
        fn(*([buf] + list(inputs[1:])), out=buf)          # in place
        err, where = worst(buf, ref, xs)
        assert err <= spec.ulp, f"{spec.name} in place [:{len(xs)}]: {err} ULP at x={where!r}"


@pytest.mark.parametrize("name", [k for k in CLAMP_EDGES if k in PUBLIC])
def test_around_clamp_edges(name):
    """Where a kernel changes route or clamps (support.CLAMP_EDGES): 64 inputs
    each side within the bound."""
    x = around_edges(CLAMP_EDGES[name])
    spec = SPEC_BY_NAME[name]
    inputs = inputs_for(spec, x)                        # parameters at their defaults
    ref = spec.reference(*[np.asarray(v, dtype=np.float64) for v in inputs])
    err, where = worst(PUBLIC[name](*inputs), ref, x)
    assert err <= spec.ulp, f"{name}: {err} ULP at x={where!r}"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_float16_computes_in_float32(spec):
    x = np.arange(1 << 16, dtype=np.uint16).view(np.float16)   # every float16
    inputs = inputs_for(spec, x)
    got = PUBLIC[spec.name](*inputs)
    assert got.dtype == np.float16
    # float16 results are the float32 result rounded again: at most 1 ULP more
    err, where = worst(got, spec.reference(*inputs), x, dtype=np.float16)
    assert err <= spec.ulp + 1, f"{spec.name}: {err} float16 ULP at x={where!r}"


@pytest.mark.parametrize("name,x,expected", [
    ("relu", [-1.0, 0.0, 2.5], [0.0, 0.0, 2.5]),
    ("relu6", [-1.0, 3.0, 7.0], [0.0, 3.0, 6.0]),
    ("leaky_relu", [-2.0, 3.0], [-0.02, 3.0]),
    ("hard_sigmoid", [-4.0, 0.0, 1.5, 4.0], [0.0, 0.5, 0.75, 1.0]),
    ("hard_tanh", [-3.0, 0.25, 3.0], [-1.0, 0.25, 1.0]),
    ("hard_swish", [-4.0, 1.0, 4.0], [0.0, 2.0 / 3.0, 4.0]),
    ("softsign", [-3.0, 1.0], [-0.75, 0.5]),
    ("sigmoid", [0.0, -100.0, 100.0], [0.5, 3.720075976020836e-44, 1.0]),
    ("log_sigmoid", [0.0, -1e30, 100.0], [-0.6931471805599453, -1e30, -3.720075976020836e-44]),
    ("tanh", [0.0, 1e-30, -20.0], [0.0, 1e-30, -1.0]),
    ("relu_grad", [-1.0, 0.0, 1.0], [0.0, 0.0, 1.0]),
    ("relu6_grad", [0.0, 3.0, 6.0], [0.0, 1.0, 0.0]),
    ("leaky_relu_grad", [-1.0, 0.0, 1.0], [0.01, 0.01, 1.0]),
    ("sigmoid_grad", [0.0, 20.0], [0.25, 2.0611536181902037e-09]),
    ("tanh_grad", [0.0, 10.0], [1.0, 8.244614546626394e-09]),
    # the smooth functions' tails and constants
    ("gelu", [-10.0, 0.0, 1.0], [-7.619853024160526e-23, 0.0, 0.8413447460685429]),
    ("elu", [-1e-30, -1.0, 2.0], [-1e-30, -0.6321205588285577, 2.0]),
    ("selu", [1.0, -1.0, -1e-30],
     [1.0507009873554805, -1.1113307378125628, -1.7580993408473766e-30]),
    ("celu", [-1e-30, 3.0], [-1e-30, 3.0]),
    ("softplus", [100.0, 21.0, 20.0, 0.0, -100.0],
     [100.0, 21.0, 20.000000002061154, 0.6931471805599453, 3.720075976020836e-44]),
    ("silu", [0.0, 1.0, -200.0], [0.0, 0.7310585786300049, -0.0]),
    ("mish", [0.0, 1.0], [0.0, 0.8650983882673103]),
    ("gelu_tanh", [1.0, 0.0], [0.8411919906082768, 0.0]),
    ("erf", [0.5, 1e-30, -4.0], [0.5204998778130465, 1.1283791670955126e-30, -1.0]),
    ("erfc", [10.0, -1.0], [2.088487583762545e-45, 1.842700792949715]),
    ("expm1", [1e-30, -20.0], [1e-30, -0.9999999979388464]),
    ("log1p", [1e-30, -1.0], [1e-30, -np.inf]),
    ("elu_grad", [0.0, -1.0, 1.0], [1.0, 0.36787944117144233, 1.0]),
    ("gelu_grad", [0.0, -10.0], [0.5, -7.618400096464814e-22]),
])
def test_known_values(name, x, expected):
    """Hand-checked values, including the tails that naive formulas lose."""
    got = PUBLIC[name](np.array(x, dtype=np.float32))
    np.testing.assert_allclose(got, np.array(expected, dtype=np.float32), rtol=2.5e-7, atol=0)


def test_parametric_keyword_and_positional():
    x = np.array([-2.0, 1.0], dtype=np.float32)
    np.testing.assert_array_equal(actcore.leaky_relu(x, 0.5), [-1.0, 1.0])
    np.testing.assert_array_equal(actcore.leaky_relu(x, negative_slope=0.5), [-1.0, 1.0])
    np.testing.assert_array_equal(actcore.ufuncs.leaky_relu(x, 0.5), [-1.0, 1.0])
    np.testing.assert_array_equal(actcore.leaky_relu_grad(x, 0.5), [0.5, 1.0])
    np.testing.assert_array_equal(
        actcore.leaky_relu_backward(np.float32([2, 2]), x, negative_slope=0.25), [0.5, 2.0])
    assert actcore.leaky_relu(x).dtype == np.float32       # Python float slope stays weak
    with pytest.raises(TypeError, match="multiple values"):
        actcore.leaky_relu(x, 0.5, negative_slope=0.1)
    with pytest.raises(TypeError, match="missing required argument 'x'"):
        actcore.leaky_relu()
    with pytest.raises(TypeError, match="negative_sloop"):
        actcore.leaky_relu(x, negative_sloop=0.1)


def test_per_element_parameter_array():
    x = np.float32([-1, -1, -1])
    slopes = np.float32([0.1, 0.2, 0.3])
    np.testing.assert_array_equal(actcore.leaky_relu(x, slopes), -slopes)


def test_backward_matches_dy_times_grad():
    rng = np.random.default_rng(1)
    x = rng.standard_normal(1000).astype(np.float32) * 4
    dy = rng.standard_normal(1000).astype(np.float32)
    for name in ("relu", "relu6", "hard_sigmoid", "hard_tanh", "hard_swish", "softsign",
                 "log_sigmoid"):
        got = getattr(actcore, f"{name}_backward")(dy, x)
        np.testing.assert_array_equal(got, dy * getattr(actcore, f"{name}_grad")(x))


def test_softplus_threshold_as_pytorch():
    """x itself once beta*x > threshold (the float32 product), as torch.nn.functional.softplus."""
    x = np.float32([2.0, 3.0, 2.5, -1.0])
    got = actcore.softplus(x, beta=2.0, threshold=5.0)
    # 2*2 = 4 <= 5: log1p(e^4)/2; 2*3 = 6 > 5: x; 2*2.5 = 5 is not > 5: log1p(e^5)/2
    expected = np.float32([2.009074963958905, 3.0, 2.503357674244559, 0.06346400552148625])
    np.testing.assert_allclose(got, expected, rtol=2.5e-7)
    np.testing.assert_array_equal(actcore.softplus_grad(x, 2.0, 5.0)[1], 1.0)
    assert actcore.softplus(np.float32(20.5)) == np.float32(20.5)          # default 20


def test_selu_constants_at_full_precision():
    from actcore._registry import SELU_ALPHA, SELU_SCALE
    assert SELU_ALPHA == 1.6732632423543772848170429916717
    assert SELU_SCALE == 1.0507009873554804934193349852946
    x = np.array([2.0, -50.0])
    np.testing.assert_allclose(actcore.selu(x), [2 * SELU_SCALE, -SELU_SCALE * SELU_ALPHA],
                               rtol=1e-15)


def test_swish_with_beta_one_is_silu():
    x = np.random.default_rng(3).standard_normal(100_000).astype(np.float32) * 10
    np.testing.assert_array_equal(actcore.swish(x), actcore.silu(x))
    np.testing.assert_array_equal(actcore.swish_grad(x, 1.0), actcore.silu_grad(x))
    np.testing.assert_array_equal(actcore.swish_backward(x, x), actcore.silu_backward(x, x))


# beta * x's range decides swish's route (AVX-512): |beta x| > 116 clamped,
# |x| >= 2^17 scaled, and there beta x below -66 shifted by 64 ln2 (-130:
# 128 ln2; x e^(beta x) is nonzero down to -192.7)
SWISH_BETAS = [1.5, -0.7, 2.0, 30.0, -30.0, 1e-3, -2e-4, 1e-5, 1e-20, 3e-30, -1e-36, 1e30, 5e-39]
SWISH_WIDE = [(1e-30, -1e32, -2.2e32), (-1e-3, 1.1e5, 2.1e5), (8.85e-4, -1.2e5, -1.4e5),
              (-1e-36, 1e38, 3.4e38), (2e-36, -5e37, -1e38), (1e-5, -6e6, -1.4e7),
              (1e-5, -1.02e7, -1.03e7),
              (1.0, -100.0, -120.0)]


@pytest.mark.parametrize("name", ["swish", "swish_grad", "swish_backward"])
@pytest.mark.parametrize("beta", SWISH_BETAS)
def test_swish_other_betas(name, beta):
    """swish and its derivatives at betas other than 1 (the sampled tests run
    beta = 1, silu's kernels): every 4099th bit pattern, beta broadcast and
    per element."""
    spec = SPEC_BY_NAME[name]
    x = bit_pattern_sample(4099)
    inputs = inputs_for(spec, x)[:-1]
    b = np.float32(beta)
    ref = spec.reference(*inputs, np.float64(b))
    for got in (PUBLIC[name](*inputs, b), PUBLIC[name](*inputs, np.full_like(x, b))):
        err, where = worst(got, ref, x)
        assert err <= spec.ulp, f"{name}(beta={beta}): {err} ULP at x={where!r}"


@pytest.mark.parametrize("beta", [1.5, -0.7])
def test_swish_grad_beside_its_zero(beta):
    """swish'(x, beta) = silu'(beta x) for every float x with beta x in
    [-1.5, -1]: silu''s zero (-1.2785) is there, where beta x's low part must
    move the table's argument, not only its low part (2 ULP at beta = 1.5,
    x = -0.9535278 otherwise)."""
    spec = SPEC_BY_NAME["swish_grad"]
    b = np.float32(beta)
    ends = np.sort(np.array([-1.0 / beta, -1.5 / beta], dtype=np.float32))
    if ends[0] < 0:
        ends = ends[::-1]
    bits = ends.view(np.uint32)
    x = np.arange(bits[0], bits[1], dtype=np.uint32).view(np.float32)
    err, where = worst(actcore.swish_grad(x, b), spec.reference(x, np.float64(b)), x)
    assert err <= spec.ulp, f"swish_grad(beta={beta}): {err} ULP at x={where!r}"


@pytest.mark.parametrize("beta,lo,hi", SWISH_WIDE)
def test_swish_wide_inputs(beta, lo, hi):
    """|x| >= 2^17 with beta x near and beyond -116 (x e^(beta x) is nonzero
    down to beta x = -192.7), and |x| below it: a range's floats (300K,
    evenly spaced in bit pattern) within the bound, none raising a
    floating-point error."""
    spec = SPEC_BY_NAME["swish"]
    ends = np.array([lo, hi], dtype=np.float32).view(np.uint32).astype(np.float64)
    x = np.unique(np.linspace(*ends, 300_000).astype(np.uint32)).view(np.float32)
    b = np.float32(beta)
    with np.errstate(all="raise"):
        got = actcore.swish(x, b)
    err, where = worst(got, spec.reference(x, np.float64(b)), x)
    assert err <= spec.ulp, f"swish(beta={beta}): {err} ULP at x={where!r}"


def test_math_functions_have_no_derivatives():
    for name in ("exp", "expm1", "log1p", "erf", "erfc"):
        assert isinstance(getattr(actcore, name), np.ufunc)
        assert not hasattr(actcore, f"{name}_grad") and not hasattr(actcore, f"{name}_backward")


ALIASED = [s for s in SPECS if s.alias is not None]
PARAMETRIC = [s for s in SPECS if s.activation.params]


@pytest.mark.parametrize("spec", PARAMETRIC, ids=lambda s: s.name)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_parameter_array_runs_own_kernel(spec, dtype):
    """Broadcast default parameters (the sampled tests above) may run another
    kernel: Activation.same_as's function, or a cheaper formula for that value
    (softplus, elu: kernels_impl.h's unit loop); a per-element parameter
    array runs the general formula: it must meet the bound as well."""
    x = bit_pattern_sample(1021) if dtype == np.float32 else sample_points(dtype)
    inputs = inputs_for(spec, x)
    inputs[-1] = np.full_like(x, inputs[-1])
    got = PUBLIC[spec.name](*inputs)
    bound = spec.ulp if dtype == np.float32 else spec.activation.ulp64
    err, where = worst(got, spec.reference(*inputs), x, dtype=dtype)
    assert err <= bound, f"{spec.name}: {err} ULP at x={where!r}"


def _unit_loop_built():
    """The unit loops are in the FMA kernels (math_f32.h's ACT__HAS_FMA: the
    x86 AVX2 and AVX-512 targets; a baseline target, x86 or aarch64, has none)."""
    return actcore.config()["isa_selected"] in ("avx2", "avx512")


def _bits_apart(a, b):
    """Largest distance in float32 bit patterns between a and b (finite ones;
    NaN where the other is NaN)."""
    np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
    ok = np.isfinite(a) & np.isfinite(b)
    np.testing.assert_array_equal(a[~ok & ~np.isnan(a)], b[~ok & ~np.isnan(b)])
    return np.abs(a[ok].view(np.int32).astype(np.int64) - b[ok].view(np.int32).astype(np.int64)).max()


def test_softplus_unit_formula_at_beta_1():
    """softplus at a broadcast beta = 1 runs -log_sigmoid(-x) and softplus'
    sigmoid(x) (kernels_impl.h's unit loop; on AVX-512 on the explicit loops:
    log_sigmoid's table of log1p(e^-t) and sigmoid's quotient), their bits:
    the general formula's bits on AVX2, where all of them are plain C, within
    1 ulp of them on AVX-512; the threshold still applies, any other beta runs
    the general formula."""
    x = bit_pattern_sample(1021)
    ones = np.ones_like(x)
    fma = _unit_loop_built()
    avx512 = actcore.config()["isa_selected"] == "avx512"
    unit, general = actcore.softplus(x, 1.0), actcore.softplus(x, ones)
    if avx512:
        assert _bits_apart(unit, general) <= 1
    else:
        np.testing.assert_array_equal(unit, general)
    with np.errstate(invalid="ignore"):          # signalling NaNs among the patterns
        mirrored = np.float32(0) - actcore.log_sigmoid(-x)
    if fma:
        np.testing.assert_array_equal(unit, mirrored)
    finite = x[np.isfinite(x) & (np.abs(x) < 50)]
    got = actcore.softplus(finite, 1.0, 2.5)
    np.testing.assert_array_equal(got[finite > 2.5], finite[finite > 2.5])
    np.testing.assert_array_equal(got[finite <= 2.5], actcore.softplus(finite, 1.0)[finite <= 2.5])
    assert not np.signbit(actcore.softplus(np.float32(-np.inf), 1.0))
    # the derivative there is sigmoid(x), within 1 ulp of the general form
    sig = np.where(x > 20, np.float32(1), actcore.sigmoid(x))
    grad = actcore.softplus_grad(x, 1.0)
    if fma:
        np.testing.assert_array_equal(grad, sig)
        with np.errstate(invalid="ignore"):      # inf * 0 and NaN patterns in -x * sig
            np.testing.assert_array_equal(actcore.softplus_backward(-x, x, 1.0), -x * sig)
    assert _bits_apart(grad, actcore.softplus_grad(x, ones)) <= 1
    near = np.nextafter(np.float32(1), np.float32(2))
    ref = SPEC_BY_NAME["softplus"].reference(x, np.float64(near), np.float64(20.0))
    err, where = worst(actcore.softplus(x, near), ref, x)
    assert err <= 1, where


SOFTPLUS_BETAS = [2.0, 100.0, 0.5, 1e-3, 3.7, 2.0 ** 20, 2.0 ** -20,     # AVX-512's beta loop
                  2.0 ** 21, 1e-7, -2.0]                                   # the general kernel


@pytest.mark.parametrize("beta", SOFTPLUS_BETAS)
def test_softplus_other_betas(beta):
    """softplus at a broadcast beta other than 1 (on AVX-512 an explicit
    loop for beta in [2^-20, 2^20]): every 1021st bit pattern and the inputs
    around the routes' edges (z = beta x at +-16, the threshold, -200), within
    1 ulp of the float64 reference, the threshold as PyTorch's, -inf and NaN."""
    b = np.float32(beta)
    z_edges = np.float32([16.0, -16.0, 15.5, -15.5, 0.5, -0.5, 20.0, -104.0, -200.0, -87.3])
    with np.errstate(all="ignore"):
        edges = (z_edges / b).astype(np.float32)
    x = np.concatenate([bit_pattern_sample(1021), around_edges(edges)])
    ref = SPEC_BY_NAME["softplus"].reference(x, np.float64(b), np.float64(20.0))
    err, where = worst(actcore.softplus(x, b), ref, x)
    assert err <= 1, f"beta={beta}: {err} ULP at x={where!r}"
    finite = x[np.isfinite(x)]
    got = actcore.softplus(finite, b, 2.5)
    with np.errstate(all="ignore"):
        above = finite * b > 2.5
    np.testing.assert_array_equal(got[above], finite[above])
    specials = actcore.softplus(np.float32([-np.inf, np.nan]), b)
    assert specials[0] == 0 and not np.signbit(specials[0]) or beta <= 0
    assert np.isnan(specials[1])
    # softplus'(x, beta) = sigmoid(beta x) (on AVX-512 sigmoid's quotient on
    # beta x as hi + lo), the backward pass dy times it, rounded once
    grad_ref = SPEC_BY_NAME["softplus_grad"].reference(x, np.float64(b), np.float64(20.0))
    grad = actcore.softplus_grad(x, b)
    err, where = worst(grad, grad_ref, x)
    assert err <= 1, f"beta={beta}: softplus' {err} ULP at x={where!r}"
    dy = np.float32(-1.5)
    with np.errstate(invalid="ignore"):
        np.testing.assert_array_equal(actcore.softplus_backward(np.full_like(x, dy), x, b), dy * grad)
    assert actcore.softplus_grad(np.float32(np.inf), b, np.float32(np.inf)) == (1 if beta > 0 else 0)


def test_elu_unit_formula_at_alpha_1():
    """elu (and celu, which runs elu's kernel) at a broadcast alpha = 1 runs
    expm1(x) for x <= 0 and its derivative exp(x) (kernels_impl.h's unit
    loop, FMA kernels): the bits of the expm1 and exp ufuncs (the sampled
    tests check the bound at the default alpha; an array of alphas runs the
    general formula, checked above)."""
    x = bit_pattern_sample(1021)
    with np.errstate(invalid="ignore"):          # signalling NaNs among the patterns
        pos = x > 0
    if _unit_loop_built():
        np.testing.assert_array_equal(actcore.elu(x, 1.0), np.where(pos, x, actcore.expm1(x)))
        np.testing.assert_array_equal(actcore.elu_grad(x, 1.0),
                                      np.where(pos, np.float32(1), actcore.exp(x)))
    np.testing.assert_array_equal(actcore.celu(x, 1.0), actcore.elu(x, 1.0))


ELU_ALPHAS = [0.5, 3.0, -1.3, 1e-3, 2.0 ** 100, 0.0, -2.0 ** 40]


@pytest.mark.parametrize("alpha", ELU_ALPHAS)
def test_elu_other_alphas(alpha):
    """elu and elu' at a broadcast alpha other than 1 (on AVX-512 explicit
    loops for |alpha| <= 2^100): every 1021st bit pattern and the routes'
    edges within 1 ulp of the float64 reference, elu(-0) with the formula's
    sign, the backward pass dy times elu'."""
    a = np.float32(alpha)
    x = np.concatenate([bit_pattern_sample(1021),
                        around_edges([-17.4, -16.981707, 0.0, -2.0 ** -25, -104.0, -180.0, -88.0])])
    spec, grad_spec = SPEC_BY_NAME["elu"], SPEC_BY_NAME["elu_grad"]
    for s, fn in ((spec, actcore.elu), (grad_spec, actcore.elu_grad)):
        with np.errstate(all="ignore"):
            ref = s.reference(x, np.float64(a))
        err, where = worst(fn(x, a), ref, x)
        assert err <= 1, f"{s.name} alpha={alpha}: {err} ULP at x={where!r}"
    zero = np.float32([-0.0, 0.0])
    assert list(np.signbit(actcore.elu(zero, a))) == list(np.signbit(np.float32(a) * np.expm1(zero)))
    dy = np.full_like(x, -2.5)
    with np.errstate(invalid="ignore"):
        np.testing.assert_array_equal(actcore.elu_backward(dy, x, a), dy * actcore.elu_grad(x, a))


CELU_ALPHAS = [0.5, 3.0, 1e-3, 0.1, 2.0 ** 20, 2.0 ** -20,   # AVX-512's alpha loops
               2.0 ** 21, 1e-7]                             # the general kernel


@pytest.mark.parametrize("alpha", CELU_ALPHAS)
def test_celu_other_alphas(alpha):
    """celu and celu' at a broadcast alpha other than 1 (on AVX-512 explicit
    loops for alpha in [2^-20, 2^20]): every 1021st bit pattern and the
    clamps' edges (x/alpha at -30, -110, -17.4, 2^-25) within 1 ulp of the
    float64 reference, celu(+-0) = +-0, the backward pass dy times celu'."""
    a = np.float32(alpha)
    edges = (np.float32([-30.0, -110.0, -17.4, -2.0 ** -25, 2.0 ** -25, -88.0]) * a).astype(np.float32)
    x = np.concatenate([bit_pattern_sample(1021), around_edges(edges)])
    for s, fn in ((SPEC_BY_NAME["celu"], actcore.celu), (SPEC_BY_NAME["celu_grad"], actcore.celu_grad)):
        with np.errstate(all="ignore"):
            ref = s.reference(x, np.float64(a))
        err, where = worst(fn(x, a), ref, x)
        assert err <= 1, f"{s.name} alpha={alpha}: {err} ULP at x={where!r}"
    assert list(np.signbit(actcore.celu(np.float32([-0.0, 0.0]), a))) == [True, False]
    dy = np.full_like(x, 0.75)
    with np.errstate(invalid="ignore"):
        np.testing.assert_array_equal(actcore.celu_backward(dy, x, a), dy * actcore.celu_grad(x, a))


@pytest.mark.parametrize("spec", ALIASED, ids=lambda s: s.name)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_alias_only_at_its_parameter_value(spec, dtype):
    """Only a broadcast parameter equal to the alias value switches kernels: the
    results there equal the other function's; a nearby value runs its own kernel."""
    value = dtype(spec.activation.same_as[1])
    alias = getattr(actcore.ufuncs, spec.alias[0])
    own = getattr(actcore.ufuncs, spec.name)
    x = np.linspace(-9, 9, 4001).astype(dtype)
    inputs = inputs_for(spec, x)[:-1]
    np.testing.assert_array_equal(own(*inputs, value), alias(*(inputs + [value])[:alias.nin]))
    if dtype == np.float16:
        return
    near = np.nextafter(value, dtype(2))
    ref = spec.reference(*inputs, near.astype(np.float64))
    err, where = worst(own(*inputs, near), ref, x, dtype=dtype)
    assert err <= (spec.ulp if dtype == np.float32 else spec.activation.ulp64), where


def test_log_sigmoid_derivative_is_sigmoid_of_minus_x():
    """log_sigmoid'(x) = sigmoid(-x) runs sigmoid's kernel on -x on every ISA
    (on AVX-512 its explicit loop): the same bits, and the backward pass is
    dy times them, rounded once."""
    x = bit_pattern_sample(1021)
    with np.errstate(invalid="ignore"):          # signalling NaNs among the patterns
        sig = actcore.sigmoid(-x)
        np.testing.assert_array_equal(actcore.log_sigmoid_grad(x), sig)
        dy = np.float32(-3.5) * np.cos(x.astype(np.float64)).astype(np.float32)
        np.testing.assert_array_equal(actcore.log_sigmoid_backward(dy, x), dy * sig)


@pytest.mark.parametrize("name", ["gelu_tanh", "gelu_tanh_grad"])
def test_gelu_tanh_float64_tail_against_mpmath(name):
    """Below x ~ -3 gelu_tanh ~ x e^v, v = 2 sqrt(2/pi) (x + 0.044715 x^3):
    v's rounding in double (|v| 2^-53) would become the result's relative
    error (hundreds of ULP at x = -20; subnormal results from x = -21.2)."""
    mpmath = pytest.importorskip("mpmath")
    x = np.linspace(-26.0, -2.0, 241)
    got = PUBLIC[name](x)
    with mpmath.workdps(50):
        k, c = 2 * mpmath.sqrt(2 / mpmath.pi), mpmath.mpf("0.044715")
        exact = []
        for v in x:
            t = mpmath.mpf(float(v))
            s = 1 / (1 + mpmath.exp(-k * (t + c * t ** 3)))
            exact.append(t * s if name == "gelu_tanh" else s + t * k * (1 + 3 * c * t * t) * s * (1 - s))
        err = [float(abs(mpmath.mpf(float(g)) - e) / np.spacing(abs(float(e)))) for g, e in zip(got, exact)]
    assert max(err) <= 4, f"{name}: {max(err):.1f} ULP at x={x[int(np.argmax(err))]!r}"


def _round_to_float32(q):
    """The float32 nearest the rational q, ties to even (exact, by Fraction)."""
    lo = np.float32(float(q))                     # within an ulp or two of q
    while Fraction(float(lo)) > q:
        lo = np.nextafter(lo, np.float32(-np.inf))
    while Fraction(float(np.nextafter(lo, np.float32(np.inf)))) <= q:
        lo = np.nextafter(lo, np.float32(np.inf))
    hi = np.nextafter(lo, np.float32(np.inf))
    mid = (Fraction(float(lo)) + Fraction(float(hi))) / 2
    if q == Fraction(float(lo)) or q < mid:
        return lo
    if q > mid:
        return hi
    return lo if int(lo.view(np.uint32)) % 2 == 0 else hi


def test_hard_swish_correctly_rounded():
    """hard_swish(x) = x (x + 3)/6 against exact rational arithmetic: odd
    multiples of 2^-149 below 2^-125 (y lies just above x/2, a float midpoint:
    the float64 value rounded to even is 1 ulp off), results that are float
    midpoints themselves (found by tools/rational_exact.c), and (-3, 3) sampled."""
    tiny = (np.arange(1, 4001, 2) * 2.0 ** -149).astype(np.float32)
    odd_normal = (np.arange(2 ** 23 + 1, 2 ** 23 + 2001, 2) * 2.0 ** -149).astype(np.float32)
    ties = np.float32([float.fromhex(h) for h in (
        "0x1.8p-22", "0x1.bp-16", "0x1.98p-14", "0x1.2cp-12", "0x1.8cp-12", "0x1.ecp-12",
        "0x1.26p-10", "0x1.56p-10", "0x1.86p-10", "0x1.b6p-10")])
    uniform = np.random.default_rng(7).uniform(-3, 3, 4000).astype(np.float32)
    x = np.concatenate([tiny, -tiny, odd_normal, -odd_normal, ties, -ties, uniform])
    assert x.dtype == np.float32
    exact = [v * (v + 3) / 6 for v in map(Fraction, x.astype(np.float64))]
    want = np.array([_round_to_float32(e) for e in exact], dtype=np.float32)
    midpoints = [2 * e / Fraction(float(np.spacing(w))) % 2 == 1 for e, w in zip(exact, want)]
    assert sum(midpoints) >= 10                               # exact ties in the sample
    assert (want != np.float32([float(e) for e in exact])).sum() >= 2000  # double rounding misses
    np.testing.assert_array_equal(actcore.hard_swish(x), want)


def test_softsign_correctly_rounded():
    """softsign(x) = x/(1 + |x|) against exact rational arithmetic, with the
    inputs whose float64 quotient is a float32 midpoint (tools/rational_exact.c
    found x = +-0x1.17022cp-7 among all 2^32): rounding it to even is 1 ulp
    off, which the AVX2 and baseline loops keep."""
    mid = float.fromhex("0x1.17022cp-7")
    rng = np.random.default_rng(11)
    sample = (rng.choice([-1, 1], 4000) * 2.0 ** rng.uniform(-30, 26, 4000)).astype(np.float32)
    x = np.concatenate([np.float32([mid, -mid]), sample])
    exact = [v / (1 + abs(v)) for v in map(Fraction, x.astype(np.float64))]
    want = np.array([_round_to_float32(e) for e in exact], dtype=np.float32)
    assert want[0] != np.float32(float(exact[0]))    # float64 rounds twice there
    got = actcore.softsign(x)
    if actcore.config()["isa_selected"] != "avx512":   # the midpoint step is AVX-512's
        np.testing.assert_array_equal(np.abs(got[:2].view(np.int32) - want[:2].view(np.int32)), 1)
        got, want = got[2:], want[2:]
    np.testing.assert_array_equal(got, want)
