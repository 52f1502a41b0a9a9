"""actcore.fast: the published error bounds, edge behaviour and API."""

import inspect

import numpy as np
import pytest

import actcore
from actcore import _registry

from support import (CLAMP_EDGES, FAST_PUBLIC, FAST_SPECS, SPEC_BY_NAME, around_edges,
                     bit_pattern_sample, head_tail_slices, inputs_for, sample_points, worst)

NAMES = ["exp", "sigmoid", "tanh", "silu", "swish", "gelu", "gelu_tanh", "elu", "softplus",
         "mish"]
SPECIALS = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 3.4028235e38, -3.4028235e38,
                     1.1754944e-38, -1.1754944e-38, 1e-45, -1e-45, 1e-30, -1e-30,
                     87.3, -87.3, 88.7, 88.8, -103.9, -104.5, -150.0, -1000.0, 1e30, -1e30],
                    dtype=np.float32)


def fast_err(spec, x):
    inputs = inputs_for(spec, x)
    got = FAST_PUBLIC[spec.name](*inputs)
    err = _registry.fast_error(got, spec.reference(*inputs), spec.activation.fast.kind)
    i = int(np.argmax(err))
    return float(err[i]), x[i]


AXISWISE = ["softmax", "log_softmax"]            # tested in test_softmax.py


def test_names_and_bounds_published():
    assert sorted(actcore.fast.MAX_ERROR) == sorted(NAMES + AXISWISE)
    assert sorted(actcore.fast.__all__) == sorted(NAMES + AXISWISE + ["MAX_ERROR"])
    for name, (kind, bound) in actcore.fast.MAX_ERROR.items():
        assert kind in ("rel", "abs") and 0 < bound <= 1e-5
        f = getattr(actcore.fast, name)
        assert f"{bound:g}" in f.__doc__ and "Maximum error" in f.__doc__
        if name in AXISWISE:
            assert inspect.signature(f) == inspect.signature(getattr(actcore, name))
            continue
        ufunc = getattr(actcore.ufuncs, f"fast_{name}")
        assert isinstance(ufunc, np.ufunc) and (f is ufunc or f.ufunc is ufunc)
        assert not hasattr(actcore, f"fast_{name}")       # no fast_ names at top level
        acc = getattr(actcore, name)
        assert ufunc.nin == getattr(acc, "ufunc", acc).nin
        assert ufunc.types == getattr(acc, "ufunc", acc).types
        if not isinstance(acc, np.ufunc):
            assert inspect.signature(f) == inspect.signature(acc)


@pytest.mark.parametrize("spec", FAST_SPECS, ids=lambda s: s.name)
def test_float32_sampled_bit_patterns(spec):
    """Every 1021st float32 bit pattern (4.2M inputs) and the specials."""
    x = np.concatenate([bit_pattern_sample(1021), SPECIALS, sample_points(np.float32)])
    err, where = fast_err(spec, x)
    bound = spec.activation.fast.bound
    assert err <= bound, f"{spec.name}: {err:.3g} > {bound:g} at x={where!r}"


@pytest.mark.parametrize("spec", FAST_SPECS, ids=lambda s: s.name)
def test_float64_is_the_accurate_kernel(spec):
    x = sample_points(np.float64)
    inputs = inputs_for(spec, x)
    got = FAST_PUBLIC[spec.name](*inputs)
    assert got.dtype == np.float64
    err, where = worst(got, spec.reference(*inputs), x, dtype=np.float64)
    assert err <= spec.activation.ulp64, f"{spec.name}: {err} ULP at {where!r}"


@pytest.mark.parametrize("spec", FAST_SPECS, ids=lambda s: s.name)
def test_float16_computes_in_float32(spec):
    """float16 out is the float32 result rounded: within the published bound plus
    one float16 ULP (for an 'abs' bound that can be many ULP of a tiny result)."""
    x = np.arange(1 << 16, dtype=np.uint16).view(np.float16)
    inputs = inputs_for(spec, x)
    got = FAST_PUBLIC[spec.name](*inputs)
    assert got.dtype == np.float16
    kind, bound = actcore.fast.MAX_ERROR[spec.activation.name]
    ref = spec.reference(*inputs)
    with np.errstate(all="ignore"):
        ref16 = ref.astype(np.float16)
        floor = _registry.FLT_MIN if kind == "rel" else 1.0
        allowed = bound * np.maximum(np.abs(ref), floor) + np.spacing(np.abs(ref16))
        ok = (got == ref16) | (np.isnan(got) & np.isnan(ref)) | (np.abs(got - ref) <= allowed)
    assert ok.all(), f"{spec.name}: {got[~ok][:3]} against {ref[~ok][:3]} at x={x[~ok][:3]}"


@pytest.mark.parametrize("spec", FAST_SPECS, ids=lambda s: s.name)
def test_edges_match_the_accurate_function(spec):
    """NaN, infinities, zeros, saturation: the same values as the accurate kernel."""
    a = spec.activation
    x = SPECIALS
    inputs = inputs_for(spec, x)
    got = FAST_PUBLIC[spec.name](*inputs)
    acc = getattr(actcore.ufuncs, a.name)(*inputs)
    assert np.array_equal(np.isnan(got), np.isnan(x))
    inf = np.isinf(x)
    assert np.array_equal(got[inf], acc[inf]), (x[inf], got[inf], acc[inf])
    assert np.array_equal(got[x == 0], acc[x == 0])


def test_saturation_exact():
    f = actcore.fast
    big = np.array([20.0, 100.0, 1e30, np.inf], dtype=np.float32)
    assert np.all(f.sigmoid(big) == 1.0) and np.all(f.sigmoid(-big) >= 0)
    assert np.all(f.sigmoid(np.float32(-200)) == 0.0)
    assert np.all(f.tanh(big[:3] / 2) == 1.0) and np.all(f.tanh(-big) == -1.0)
    assert np.all(f.elu(-big) == -1.0) and np.all(f.elu(-big, alpha=2.0) == -2.0)
    assert np.all(f.exp(np.float32(89.0)) == np.inf) and f.exp(np.float32(-104.0)) == 0
    assert f.exp(np.float32(0.0)) == 1.0 and f.sigmoid(np.float32(0.0)) == 0.5
    huge = big[2:]
    assert np.all(f.gelu(-huge) == 0) and np.all(f.silu(-huge) == 0)
    assert np.all(f.mish(-huge) == 0) and np.all(f.gelu_tanh(-huge) == 0)
    assert np.all(f.softplus(big) == big) and np.all(f.softplus(-huge) == 0)
    assert np.all(f.swish(-huge) == 0) and np.all(f.swish(huge) == huge)
    # the tails are subnormal and right (relative to 2^-126)
    assert abs(f.sigmoid(np.float32(-100)) - 3.720075976020836e-44) < 1e-5 * 2.0 ** -126
    assert abs(f.exp(np.float32(-100)) - 3.720075976020836e-44) < 1e-5 * 2.0 ** -126


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("spec", FAST_SPECS, ids=lambda s: s.name)
def test_no_floating_point_warnings(spec, threads):
    x = np.concatenate([bit_pattern_sample(4099), SPECIALS])
    x16 = np.arange(1 << 16, dtype=np.uint16).view(np.float16)
    in32, in16 = inputs_for(spec, x), inputs_for(spec, x16)
    with actcore.threads(threads), np.errstate(all="raise"):
        FAST_PUBLIC[spec.name](*in32)
        FAST_PUBLIC[spec.name](*in16)


def test_parameters_and_ufunc_kwargs():
    f = actcore.fast
    x = np.linspace(-5, 5, 101, dtype=np.float32)
    for name, kw in [("elu", {"alpha": 0.5}), ("swish", {"beta": 1.5}),
                     ("softplus", {"beta": 2.0, "threshold": 5.0})]:
        got = getattr(f, name)(x, **kw)
        ref = getattr(actcore, name)(x, **kw)
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, ref, rtol=3e-6, atol=1e-30)
    out = np.empty_like(x)
    assert f.sigmoid(x, out=out) is out
    assert f.elu(x, out=out) is out
    np.testing.assert_allclose(f.sigmoid(x[::2]), actcore.sigmoid(x[::2]), rtol=1e-6)
    assert f.exp(np.float16(1)).dtype == np.float16
    assert abs(float(f.exp(np.float32(1))) / np.e - 1) <= f.MAX_ERROR["exp"][1]


def test_around_clamp_edges():
    """fast gelu_tanh where its x stops at 8: within the bound, x above."""
    spec = SPEC_BY_NAME["fast_gelu_tanh"]
    x = around_edges(CLAMP_EDGES["fast_gelu_tanh"])
    err, where = fast_err(spec, x)
    assert err <= spec.activation.fast.bound, f"fast gelu_tanh: {err:.3g} at x={where!r}"
    big = x[np.isfinite(x) & (x > 8)]
    assert np.array_equal(actcore.fast.gelu_tanh(big), big)


@pytest.mark.parametrize("spec", FAST_SPECS, ids=lambda s: s.name)
def test_every_head_and_tail_length(spec):
    """Slices of 0-40 elements at 16 offsets (loop heads, masked tails)."""
    for xs in head_tail_slices(4, SPECIALS):
        if len(xs):
            err, where = fast_err(spec, xs)
            assert err <= spec.activation.fast.bound, \
                f"{spec.name}[:{len(xs)}]: {err:.3g} at x={where!r}"
