"""Every function is a real ufunc and honours the ufunc contract."""

import numpy as np
import pytest

import actcore
from actcore import _registry
from support import PUBLIC, RAW, SPECS, inputs_for

# one representative per arity for the heavier contract checks
UNARY = ["relu", "sigmoid", "tanh_grad", "softsign", "hard_swish"]
BINARY = ["leaky_relu", "sigmoid_backward", "relu_backward"]
TERNARY = ["leaky_relu_backward"]


def reference_result(name, *inputs):
    """The contiguous float32 result, used to check layout-independence."""
    return RAW[name](*[np.ascontiguousarray(a) for a in inputs])


def random_inputs(name, shape, seed=0):
    rng = np.random.default_rng(seed)
    nin = RAW[name].nin
    return [(rng.standard_normal(shape) * 4).astype(np.float32) for _ in range(nin)]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_is_ufunc_with_float32_loop_first(spec):
    uf = RAW[spec.name]
    assert isinstance(uf, np.ufunc)
    assert uf.nin == spec.nin and uf.nout == 1
    sig = lambda t: t * spec.nin + "->" + t
    assert uf.types == [sig("f"), sig("d"), sig("e")]
    assert uf.__name__ == spec.name
    assert "ULP" in uf.__doc__ or "exact" in uf.__doc__ or "rounded" in uf.__doc__


def test_registry_and_kernels_agree():
    """Every registry ufunc was built; nothing in the kernel table is left out."""
    names = {s.name for s in _registry.ufunc_specs()}
    assert set(actcore.ufuncs.__all__) == names
    accurate = {s.name for s in _registry.ufunc_specs() if s.kind != "fast"}
    fast = {s.activation.name for s in _registry.ufunc_specs() if s.kind == "fast"}
    assert set(actcore.__all__) >= accurate
    assert set(actcore.fast.__all__) == fast | {"MAX_ERROR", "softmax", "log_softmax"}


@pytest.mark.parametrize("name", UNARY + BINARY + TERNARY)
def test_out_and_where(name):
    ins = random_inputs(name, (64,))
    expected = reference_result(name, *ins)
    out = np.full(64, 7.0, dtype=np.float32)
    res = RAW[name](*ins, out=out)
    assert res is out
    np.testing.assert_array_equal(out, expected)
    mask = np.arange(64) % 3 == 0
    out2 = np.full(64, 7.0, dtype=np.float32)
    RAW[name](*ins, out=out2, where=mask)
    np.testing.assert_array_equal(out2[mask], expected[mask])
    assert np.all(out2[~mask] == 7.0)


@pytest.mark.parametrize("name", UNARY + BINARY + TERNARY)
@pytest.mark.parametrize("layout", ["strided", "negative", "fortran", "transposed", "2d_slice"])
def test_layouts_match_contiguous(name, layout):
    base = random_inputs(name, (40, 3000), seed=2)
    if layout == "strided":
        ins = [a[:, ::3] for a in base]
    elif layout == "negative":
        ins = [a[::-1, ::-2] for a in base]
    elif layout == "fortran":
        ins = [np.asfortranarray(a) for a in base]
    elif layout == "transposed":
        ins = [a.T for a in base]
    else:
        ins = [a[5:30, 7:2900:5] for a in base]
    got = RAW[name](*ins)
    np.testing.assert_array_equal(got, reference_result(name, *ins))


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_value_independent_of_neighbours(spec):
    """An element's result never depends on which elements share its vector
    (a kernel with a per-vector route, such as the baseline's fast exp, must
    give each lane its own route's value): the same inputs in another order
    give the same values bitwise.  A tenth of the inputs are wide."""
    rng = np.random.default_rng(5)
    scale = np.where(rng.random(4099) < 0.1, 40.0, 3.0)
    x = (rng.standard_normal(4099) * scale).astype(np.float32)
    ins = inputs_for(spec, x)
    perm = rng.permutation(x.size)
    got = RAW[spec.name](*ins)
    shuffled = RAW[spec.name](*[a[perm] if a.shape == x.shape else a for a in ins])
    np.testing.assert_array_equal(shuffled, got[perm])


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_tail_values_same_alone_and_among_others(spec):
    """Far tails beside ordinary values: a vector with a lane whose result
    (or a step) may be subnormal takes a slower route on AVX-512 (its last
    scale in double, the bits of the float32 step), so each element's result
    in a mixed array must equal its result computed alone (a call of one
    element, whose other lanes are empty), bitwise but for NaN payloads."""
    rng = np.random.default_rng(11)
    wide = rng.uniform(-130, 130, 600)
    x = np.where(rng.random(600) < 0.5, wide, rng.standard_normal(600) * 3)
    x = np.concatenate([x, [-87.5, -88.7, -103.9, -104.5, 87.5, -14.4, 14.4, -1e30, 1e30,
                            -np.inf, np.inf, np.nan]]).astype(np.float32)
    ins = inputs_for(spec, x)
    together = RAW[spec.name](*ins)
    alone = np.array([RAW[spec.name](*[a[i:i + 1] if a.shape == x.shape else a
                                       for a in ins])[0] for i in range(x.size)], np.float32)
    np.testing.assert_array_equal(together, alone)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_values_independent_of_length_and_in_place(spec):
    """f(x[:n]) is f(x)[:n] for every n below 100 and two larger ones, and
    out= may be any of the inputs: the AVX-512 loops run three blocks of 16
    elements at once after a prologue, then an epilogue and a masked tail.
    Parameters broadcast and, a second time, one per element."""
    rng = np.random.default_rng(7)
    x = (rng.standard_normal(1100) * 4).astype(np.float32)
    broadcast = inputs_for(spec, x)
    nx = len(broadcast) - len(spec.activation.params)
    per_element = broadcast[:nx] + [np.full(x.shape, p) for p in broadcast[nx:]]
    for ins in [broadcast, per_element] if nx < len(broadcast) else [broadcast]:
        full = RAW[spec.name](*ins)
        for n in [*range(100), 1000, 1100]:
            part = [a[:n] if a.shape == x.shape else a for a in ins]
            np.testing.assert_array_equal(RAW[spec.name](*part), full[:n], err_msg=f"n={n}")
        for k, a in enumerate(ins):
            if a.shape == x.shape:
                own = [b.copy() if b.shape == x.shape else b for b in ins]
                RAW[spec.name](*own, out=own[k])
                np.testing.assert_array_equal(own[k], full, err_msg=f"out= input {k}")


@pytest.mark.parametrize("name", UNARY + BINARY)
def test_strided_out(name):
    ins = random_inputs(name, (5000,), seed=3)
    out = np.zeros(10000, dtype=np.float32)
    RAW[name](*ins, out=out[::2])
    np.testing.assert_array_equal(out[::2], reference_result(name, *ins))
    assert np.all(out[1::2] == 0)


@pytest.mark.parametrize("name", BINARY + TERNARY)
def test_broadcasting(name):
    ins = random_inputs(name, (7, 1, 5), seed=4)
    ins[-1] = ins[-1][0, :, :1]          # shape (1, 1): broadcast over everything
    ins[0] = np.broadcast_to(ins[0], (7, 6, 5))
    got = RAW[name](*ins)
    assert got.shape == (7, 6, 5)
    full = [np.broadcast_to(a, (7, 6, 5)) for a in ins]
    np.testing.assert_array_equal(got, reference_result(name, *full))


@pytest.mark.parametrize("name", UNARY + BINARY + TERNARY)
def test_zero_d_and_empty(name):
    nin = RAW[name].nin
    r = RAW[name](*([np.float32(0.5)] * nin))
    assert isinstance(r, np.float32)
    r0 = RAW[name](*([np.array(0.5, dtype=np.float32)] * nin))
    assert np.ndim(r0) == 0
    e = RAW[name](*([np.empty((0, 3), dtype=np.float32)] * nin))
    assert e.shape == (0, 3) and e.dtype == np.float32


@pytest.mark.parametrize("name", UNARY + BINARY)
def test_big_endian_input(name):
    ins = random_inputs(name, (100,), seed=5)
    swapped = [a.astype(">f4") for a in ins]
    got = RAW[name](*swapped)
    np.testing.assert_array_equal(got, reference_result(name, *ins))


@pytest.mark.parametrize("name", UNARY + BINARY)
def test_in_place_and_overlapping_out(name):
    ins = random_inputs(name, (2000,), seed=6)
    expected = reference_result(name, *ins)
    x = ins[0].copy()
    RAW[name](x, *ins[1:], out=x)
    np.testing.assert_array_equal(x, expected)
    # out overlaps the input shifted by one element: NumPy must buffer, results
    # must equal the non-overlapping computation
    buf = np.concatenate([ins[0], [0]]).astype(np.float32)
    src = buf[:-1]
    expected2 = reference_result(name, src.copy(), *ins[1:])
    RAW[name](src, *ins[1:], out=buf[1:])
    np.testing.assert_array_equal(buf[1:], expected2)


def test_read_only_out_raises():
    x = np.ones(10, dtype=np.float32)
    out = np.zeros(10, dtype=np.float32)
    out.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        actcore.sigmoid(x, out=out)
    assert np.all(out == 0)


def test_input_not_modified():
    x = np.linspace(-5, 5, 101, dtype=np.float32)
    keep = x.copy()
    for name in UNARY:
        RAW[name](x)
    np.testing.assert_array_equal(x, keep)


@pytest.mark.parametrize("name", UNARY)
def test_integer_and_list_input(name):
    ints = np.arange(-5, 6)
    got = RAW[name](ints)
    assert got.dtype == np.float64          # int64 -> float64 loop, as np.exp does
    np.testing.assert_allclose(got, RAW[name](ints.astype(np.float64)))
    small = np.arange(-5, 6, dtype=np.int8)
    assert RAW[name](small).dtype == np.float32     # the first loop int8 casts to safely
    lst = RAW[name]([-1.0, 0.0, 2.0])
    assert lst.dtype == np.float64
    assert RAW[name](2.0) == RAW[name](np.float64(2.0))


def test_dtype_argument_and_casting():
    x64 = np.linspace(-3, 3, 50)
    r = actcore.sigmoid(x64, dtype=np.float32)
    assert r.dtype == np.float32
    np.testing.assert_array_equal(r, actcore.sigmoid(x64.astype(np.float32)))
    out32 = np.empty(50, dtype=np.float32)
    with pytest.raises(TypeError, match="Cannot cast"):
        actcore.sigmoid(x64, out=out32, casting="no")


def test_large_input_casting_path_matches():
    """float64 data into the float32 loop goes through NumPy's 8192-element buffers."""
    x64 = np.random.default_rng(7).standard_normal(100_000) * 5
    r = actcore.tanh(x64, dtype=np.float32)
    np.testing.assert_array_equal(r, actcore.tanh(x64.astype(np.float32)))


def test_array_ufunc_dispatch():
    """Subclasses and duck arrays see actcore's ufuncs through __array_ufunc__."""
    seen = []

    class Duck:
        def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
            seen.append((ufunc, method))
            return "handled"

    assert actcore.sigmoid(Duck()) == "handled"
    assert seen == [(actcore.sigmoid, "__call__")]

    class Sub(np.ndarray):
        pass

    s = np.arange(4, dtype=np.float32).view(Sub)
    assert isinstance(actcore.relu(s), Sub)


def test_ufunc_methods_reduce_not_defined_but_at_works():
    x = np.array([-1.0, 2.0, -3.0], dtype=np.float32)
    actcore.relu.at(x, [0, 2])
    np.testing.assert_array_equal(x, [0.0, 2.0, 0.0])
