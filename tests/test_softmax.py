"""softmax, log_softmax, logsumexp, their backward passes and cross-entropy.

References are float64 NumPy/SciPy computed from the same (float32) inputs,
never actcore itself.  Accuracy in ULPs of the float32 result (support.ulp_error:
distance to the float64 reference rounded to float32).
"""

import numpy as np
import pytest
import scipy.special as sp

import actcore
from actcore import _softmax
from support import ulp_error

FUNCS = [actcore.softmax, actcore.log_softmax]


# ----------------------------------------------------------------- references

def ref_parts(x, axis=-1, where=None):
    """float64 (softmax, log_softmax, logsumexp) with log1p of the others, so
    the reference itself is exact at the dominant entry (SciPy's log_softmax
    returns 0 there)."""
    x = np.moveaxis(np.asarray(x, dtype=np.float64), axis, -1)
    if where is not None:
        w = np.moveaxis(np.broadcast_to(where, np.moveaxis(x, -1, axis).shape), axis, -1)
        x = np.where(w, x, -np.inf)
    with np.errstate(all="ignore"):
        m = x.max(-1, keepdims=True)
        d = x - m
        e = np.exp(d)
        i = np.argmax(x, -1)[..., None]
        others = e.copy()
        np.put_along_axis(others, i, 0.0, -1)
        o = others.sum(-1, keepdims=True)
        s = e / (1 + o)
        ls = d - np.log1p(o)
        lse = (m + np.log1p(o))[..., 0]
    if where is not None:
        s = np.where(w, s, 0.0)
        ls = np.where(w, ls, -np.inf)
    return np.moveaxis(s, -1, axis), np.moveaxis(ls, -1, axis), lse


def families(rng):
    """(name, float32 rows) random and adversarial."""
    yield "normal*3", (rng.standard_normal((64, 1024)) * 3).astype(np.float32)
    yield "uniform100", rng.uniform(-100, 100, (500, 64)).astype(np.float32)
    # long rows whose vectors mix normal and subnormal outputs (the scaling's
    # double route for a lane with e/S below 2^-100, the float one beside it)
    yield "normal*30", (rng.standard_normal((64, 1024)) * 30).astype(np.float32)
    yield "normal*1e4", (rng.standard_normal((50, 333)) * 1e4).astype(np.float32)
    yield "offset", (3.3 + rng.standard_normal((200, 40)) * 30).astype(np.float32)
    yield "large-offset", (1e4 + rng.standard_normal((100, 100)) * 50).astype(np.float32)
    yield "spreads", np.array([[0, -80, -1e30], [1e30, 0, -1e30], [5, 5, 5],
                               [-90, -0.5, -103.9]], np.float32)
    yield "length1", rng.standard_normal((50, 1)).astype(np.float32)
    yield "ties", np.full((3, 1000), 2.5, np.float32)
    yield "subnormal-out", np.stack([np.r_[0, -rng.uniform(85, 104, 63)]
                                     for _ in range(50)]).astype(np.float32)
    yield "dominant", np.stack([np.r_[0, -rng.uniform(20, 60, 63)]
                                for _ in range(100)]).astype(np.float32)
    # short rows (n <= 32) take the grouped path with its own vector log1p
    yield "short16", (rng.standard_normal((2000, 16)) * 3).astype(np.float32)
    yield "short8-dominant", np.stack([np.r_[0, -rng.uniform(15, 90, 7)]
                                       for _ in range(500)]).astype(np.float32)
    yield "short32-wide", rng.uniform(-30, 30, (300, 32)).astype(np.float32)
    # short rows with subnormal outputs beside normal ones in a vector (the
    # grouped path's scaling, a factor per element: tiny lanes in double)
    yield "short10-normal*30", (rng.standard_normal((3000, 10)) * 30).astype(np.float32)
    yield "short5-ties", np.repeat(rng.standard_normal((400, 1)), 5, axis=1).astype(np.float32)
    # the row kernels' reference switches from 0 to the max at |max| = 256
    yield "max-near-256", (rng.choice([-300, -256, -255.9, 255.9, 256, 300], (60, 1))
                           + rng.standard_normal((60, 200)) * 20).astype(np.float32)
    # rows of several blocks whose other blocks sum far below the max's term
    # (their compensated float sums fall back to double lanes) and rows of one
    # block of many terms near the max (the float lanes' running sums grow)
    yield "long-dominated", np.stack([np.r_[0, -rng.uniform(12, 40, 3 * 4096 + 4)]
                                      for _ in range(4)]).astype(np.float32)
    yield "block-near-max", (-rng.random((8, 4096)) * 0.1).astype(np.float32)
    # many entries far below the max (clamped): they must add nothing
    yield "many-clamped", np.stack([np.r_[231.6, 231.6 - rng.uniform(104, 300, 199)]
                                    for _ in range(40)]).astype(np.float32)
    # rows of 1024 with most entries 120 to 140 below the max, around the
    # AVX-512 exponentials' clamp (terms there must stay negligible)
    yield "near-clamp", np.stack([np.r_[m, m - 1, m - rng.uniform(120, 140, 1022)]
                                  for m in rng.choice([0.0, 77.7, -200.0, 300.0, 1e4], 24)]
                                 ).astype(np.float32)


@pytest.fixture(scope="module")
def long_row():
    return (np.random.default_rng(5).standard_normal((1, 10**6)) * 5).astype(np.float32)


# ------------------------------------------------------------------ accuracy

@pytest.mark.parametrize("name,x", list(families(np.random.default_rng(1))),
                         ids=[n for n, _ in families(np.random.default_rng(1))])
def test_float32_accuracy_within_2_ulp(name, x):
    s, ls, lse = ref_parts(x)
    with np.errstate(all="raise"):
        got = (actcore.softmax(x), actcore.log_softmax(x), actcore.logsumexp(x))
    for g, r, fn in zip(got, (s, ls, lse), ("softmax", "log_softmax", "logsumexp")):
        assert g.dtype == np.float32
        err = ulp_error(g, r).max()
        assert err <= 2, f"{fn} {name}: {err} ulp"


def test_float32_accuracy_long_row(long_row):
    s, ls, lse = ref_parts(long_row)
    assert ulp_error(actcore.softmax(long_row), s).max() <= 2
    assert ulp_error(actcore.log_softmax(long_row), ls).max() <= 2
    assert ulp_error(actcore.logsumexp(long_row), lse).max() <= 2


def test_matches_scipy_softmax_and_logsumexp():
    x = np.random.default_rng(2).standard_normal((7, 9, 11)).astype(np.float32)
    for axis in (0, 1, 2, -1):
        x64 = x.astype(np.float64)
        np.testing.assert_allclose(actcore.softmax(x, axis), sp.softmax(x64, axis=axis),
                                   rtol=3e-7, atol=0)
        np.testing.assert_allclose(actcore.logsumexp(x, axis), sp.logsumexp(x64, axis=axis),
                                   rtol=3e-7, atol=1e-7)


def test_logsumexp_near_zero_error_is_bounded_by_the_inputs():
    """Rows shifted so the result is ~1e-12: the error stays within 1 ulp of max|x|."""
    rng = np.random.default_rng(21)
    for n, scale in ((2, 1.0), (10, 0.1), (1000, 3.0)):
        x = rng.standard_normal((500, n)) * scale
        x = (x - sp.logsumexp(x, axis=-1, keepdims=True)).astype(np.float32)
        _, _, ref = ref_parts(x)
        err = np.abs(actcore.logsumexp(x).astype(np.float64) - ref)
        scale_of = np.maximum(np.abs(x).max(-1), np.abs(ref)).astype(np.float32)
        assert (err <= np.spacing(scale_of)).all()


def test_log_softmax_exact_at_dominant_entry():
    x = np.array([0.0, -100.0], np.float32)
    got = actcore.log_softmax(x)
    ref = -np.log1p(np.exp(-100.0))              # -3.72e-44, a float32 subnormal
    assert got[0] == np.float32(ref) and got[0] < 0
    assert got[1] == np.float32(-100.0 - np.log1p(np.exp(-100.0)))


def test_float64_accuracy():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((40, 300)) * 20
    x[:, 0] = 700.0
    s, ls, lse = ref_parts(x)
    np.testing.assert_allclose(actcore.softmax(x), s, rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(actcore.log_softmax(x), ls, rtol=1e-13)
    np.testing.assert_allclose(actcore.logsumexp(x), lse, rtol=1e-14)
    assert actcore.softmax(x).dtype == np.float64


# --------------------------------------------------------------- axes, dtypes

@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2, -3])
def test_any_axis_and_layout(axis):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((5, 6, 7)).astype(np.float32)
    for arr in (x, np.asfortranarray(x), x[:, ::-1, ::2]):
        s, ls, lse = ref_parts(arr, axis)
        assert ulp_error(actcore.softmax(arr, axis), s).max() <= 2
        assert ulp_error(actcore.log_softmax(arr, axis=axis), ls).max() <= 2
        assert ulp_error(actcore.logsumexp(arr, axis), lse).max() <= 2
        assert actcore.logsumexp(arr, axis, keepdims=True).shape == \
            np.expand_dims(lse, axis).shape


def test_dtypes():
    x16 = np.array([[1, 2, 3], [0, 0, -np.inf]], np.float16)
    y = actcore.softmax(x16)
    assert y.dtype == np.float16
    np.testing.assert_array_equal(y, sp.softmax(x16.astype(np.float64), -1).astype(np.float16))
    assert actcore.log_softmax(x16).dtype == np.float16
    assert actcore.logsumexp(x16).dtype == np.float16
    xi = np.array([[1, 2, 3]])
    assert actcore.softmax(xi).dtype == np.float64
    np.testing.assert_allclose(actcore.softmax(xi), sp.softmax(xi.astype(float), -1), rtol=1e-15)
    assert actcore.softmax([1.0, 2.0]).dtype == np.float64          # lists as NumPy
    assert actcore.softmax(np.float32(3.0)) == 1.0                   # 0-d: one entry
    with pytest.raises(TypeError):
        actcore.softmax(np.array([1 + 2j]))
    with pytest.raises(TypeError):
        actcore.softmax(np.array(["a"]))


def test_float16_log_softmax_overflow_is_silent():
    x = np.array([0, -60000, 60000], np.float16)
    with np.errstate(all="raise"):
        y = actcore.log_softmax(x)
    assert y[1] == -np.inf and y[2] == 0


def test_bad_axis():
    with pytest.raises(np.exceptions.AxisError):
        actcore.softmax(np.ones((2, 3), np.float32), axis=2)
    with pytest.raises(np.exceptions.AxisError):
        actcore.logsumexp(np.ones((2, 3), np.float32), axis=-3)


# ------------------------------------------------------------------ specials

def test_special_rows():
    inf, nan = np.inf, np.nan
    x = np.array([[-inf, -inf, -inf], [inf, 0, 1], [nan, 0, 1], [0, -inf, 1],
                  [inf, -inf, 0], [inf, inf, 0]], np.float32)
    with np.errstate(all="raise"):
        s = actcore.softmax(x)
        ls = actcore.log_softmax(x)
        lse = actcore.logsumexp(x)
    assert np.isnan(s[:3]).all() and np.isnan(ls[:3]).all()
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(s[3], sp.softmax([0, -inf, 1.0]), rtol=1e-7)
    assert np.isnan(s[4:]).all() and np.isnan(ls[4:]).all()
    # logsumexp as SciPy: -inf for a -inf row, +inf with a +inf entry, NaN for NaN
    with np.errstate(all="ignore"):
        ref = sp.logsumexp(x.astype(np.float64), axis=-1)
    assert ulp_error(lse, ref).max() <= 1          # equal specials count as 0


@pytest.mark.parametrize("fn", FUNCS)
def test_empty(fn):
    for shape, axis in [((0, 5), -1), ((5, 0), -1), ((0, 5), 0), ((3, 0, 2), 1)]:
        x = np.zeros(shape, np.float32)
        y = fn(x, axis)
        assert y.shape == shape and y.dtype == np.float32
    lse = actcore.logsumexp(np.zeros((3, 0), np.float32))
    np.testing.assert_array_equal(lse, np.full(3, -np.inf, np.float32))
    assert actcore.logsumexp(np.zeros((0, 3), np.float32)).shape == (0,)


@pytest.mark.parametrize("n", [5, 16, 32])
@pytest.mark.parametrize("masked", [False, True])
def test_short_rows_dominated_tiny_outputs(n, masked):
    """Short rows with one entry 85 to 100 above the rest: log_softmax there is
    -sum(others) ~ -1e-40, which needs the others' exp to full relative
    accuracy (float32 exp(-90) itself would be subnormal)."""
    rng = np.random.default_rng(n)
    x = (rng.standard_normal((3000, n)) * 3).astype(np.float32)
    x[:, 0] = x.max(1) + rng.uniform(85, 100, 3000).astype(np.float32)
    w = None
    if masked:
        w = rng.random(x.shape) < 0.8
        w[:, 0] = True
    with np.errstate(all="raise"):
        s, ls = actcore.softmax(x, where=w), actcore.log_softmax(x, where=w)
    rs, rls, _ = ref_parts(x, where=w)
    keep = np.ones(x.shape, bool) if w is None else w
    assert ulp_error(s, rs).max() <= 2
    assert ulp_error(ls[keep], rls[keep]).max() <= 2
    assert ulp_error(ls[:, 0], rls[:, 0]).max() <= 1


# -------------------------------------------------------------------- where=

def test_where_masks():
    rng = np.random.default_rng(6)
    x = rng.standard_normal((6, 10)).astype(np.float32)
    w = rng.random((6, 10)) > 0.4
    w[2] = False                                   # fully masked row
    w[3] = True
    with np.errstate(all="raise"):
        s = actcore.softmax(x, where=w)
        ls = actcore.log_softmax(x, where=w)
    rs, rls, _ = ref_parts(x, where=w)
    rs[2] = 0.0
    assert ulp_error(s, rs).max() <= 2
    assert (s[~w] == 0).all() and (s[2] == 0).all()
    assert (ls[~w] == -np.inf).all()
    keep = w.copy()
    assert ulp_error(ls[keep], rls[keep]).max() <= 2
    np.testing.assert_allclose(s.sum(-1)[w.any(-1)], 1, rtol=1e-6)


def test_where_broadcasts_and_ignores_masked_values():
    x = np.array([[1.0, np.nan, 3.0, np.inf], [0.0, 1.0, 2.0, 3.0]], np.float32)
    w = np.array([True, False, True, False])        # broadcast over rows
    s = actcore.softmax(x, where=w)
    np.testing.assert_allclose(s[0], [sp.softmax([1.0, 3.0])[0], 0, sp.softmax([1.0, 3.0])[1], 0],
                               rtol=1e-6)
    assert np.isfinite(s).all()
    col = np.array([[True], [False]])               # one mask per row
    ls = actcore.log_softmax(x, axis=-1, where=col)
    assert (ls[1] == -np.inf).all()
    assert np.isnan(ls[0]).all()                    # unmasked NaN and +inf stay NaN
    # masked along axis 0
    s0 = actcore.softmax(x[:, :1].repeat(3, 1), axis=0, where=np.array([[True], [False]]))
    assert (s0[0] == 1).all() and (s0[1] == 0).all()
    assert actcore.softmax(x, where=np.True_).shape == x.shape
    assert (actcore.softmax(x, where=np.False_) == 0).all()


def test_where_unmasked_all_minus_inf_is_nan():
    x = np.array([[-np.inf, -np.inf, 5.0]], np.float32)
    w = np.array([[True, True, False]])
    assert np.isnan(actcore.softmax(x, where=w)[0, :2]).all()
    assert actcore.softmax(x, where=w)[0, 2] == 0


def test_where_errors():
    x = np.ones((3, 4), np.float32)
    with pytest.raises(ValueError, match="broadcast"):
        actcore.softmax(x, where=np.ones(3, bool))
    with pytest.raises(TypeError, match="boolean"):
        actcore.softmax(x, where=np.ones(4))


# ---------------------------------------------------------------------- out=

@pytest.mark.parametrize("fn", FUNCS)
def test_out(fn):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((4, 8)).astype(np.float32)
    ref = fn(x.copy())
    for axis in (-1, 0):
        out = np.empty_like(x)
        r = fn(x, axis, out=out)
        assert r is out
        np.testing.assert_array_equal(out, fn(x, axis))
    out = np.empty((4, 8), np.float32, order="F")
    assert fn(x, 0, out=out) is out
    np.testing.assert_array_equal(out, fn(x, 0))
    y = x.copy()
    assert fn(y, out=y) is y                         # in place
    np.testing.assert_array_equal(y, ref)
    y = x.copy()                                     # partial overlap: via a temporary
    fn(y[:, :4], out=y[:, 4:])
    np.testing.assert_array_equal(y[:, 4:], fn(x[:, :4]))
    with pytest.raises(ValueError, match="shape"):
        fn(x, out=np.empty((4, 7), np.float32))
    with pytest.raises(TypeError, match="dtype"):
        fn(x, out=np.empty((4, 8), np.float64))
    with pytest.raises(TypeError):
        fn(x, out=[0.0] * 32)
    x16 = x.astype(np.float16)
    out16 = np.empty_like(x16)
    fn(x16, out=out16)
    np.testing.assert_array_equal(out16, fn(x16))


def test_logsumexp_out_and_keepdims():
    x = np.random.default_rng(8).standard_normal((3, 5)).astype(np.float32)
    out = np.empty(3, np.float32)
    assert actcore.logsumexp(x, out=out) is out
    np.testing.assert_array_equal(out, actcore.logsumexp(x))
    out = np.empty((1, 5), np.float32)
    actcore.logsumexp(x, axis=0, keepdims=True, out=out)
    np.testing.assert_array_equal(out[0], actcore.logsumexp(x, 0))
    with pytest.raises(ValueError):
        actcore.logsumexp(x, out=np.empty(5, np.float32))


def test_inputs_not_modified():
    rng = np.random.default_rng(9)
    x = rng.standard_normal((4, 6)).astype(np.float32)
    dy = rng.standard_normal((4, 6)).astype(np.float32)
    keep = x.copy(), dy.copy()
    y = actcore.softmax(x)
    ly = actcore.log_softmax(x)
    yk, lyk = y.copy(), ly.copy()
    actcore.logsumexp(x)
    actcore.softmax(x, axis=0)
    actcore.softmax_backward(dy, y)
    actcore.log_softmax_backward(dy, ly)
    labels = np.array([0, 1, 2, 3])
    actcore.cross_entropy(x, labels)
    actcore.cross_entropy_backward(x, labels)
    np.testing.assert_array_equal(x, keep[0])
    np.testing.assert_array_equal(dy, keep[1])
    np.testing.assert_array_equal(y, yk)
    np.testing.assert_array_equal(ly, lyk)


# ------------------------------------------------------------------ backward

@pytest.mark.parametrize("axis", [-1, 0])
def test_backward(axis):
    rng = np.random.default_rng(10)
    x = rng.standard_normal((6, 9)).astype(np.float32)
    dy = rng.standard_normal((6, 9)).astype(np.float32)
    y = actcore.softmax(x, axis)
    y64, dy64 = y.astype(np.float64), dy.astype(np.float64)
    ref = y64 * (dy64 - (dy64 * y64).sum(axis, keepdims=True))
    got = actcore.softmax_backward(dy, y, axis)
    assert got.dtype == np.float32
    assert ulp_error(got, ref).max() <= 1
    ly = actcore.log_softmax(x, axis)
    ly64 = ly.astype(np.float64)
    ref = dy64 - np.exp(ly64) * dy64.sum(axis, keepdims=True)
    got = actcore.log_softmax_backward(dy, ly, axis)
    np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-6)
    # float64 and out=
    out = np.empty((6, 9))
    assert actcore.softmax_backward(dy64, y64, axis, out=out) is out
    np.testing.assert_allclose(out, y64 * (dy64 - (dy64 * y64).sum(axis, keepdims=True)),
                               rtol=1e-12, atol=1e-15)
    with pytest.raises(ValueError, match="shape"):
        actcore.softmax_backward(dy, y[:, :3])


def test_backward_matches_finite_differences():
    rng = np.random.default_rng(11)
    x = rng.standard_normal(7)
    dy = rng.standard_normal(7)
    h = 1e-6
    J = np.array([(sp.softmax(x + h * np.eye(7)[i]) - sp.softmax(x - h * np.eye(7)[i])) / (2 * h)
                  for i in range(7)])
    np.testing.assert_allclose(actcore.softmax_backward(dy, actcore.softmax(x)), J @ dy,
                               rtol=1e-6)
    J = np.array([(sp.log_softmax(x + h * np.eye(7)[i]) - sp.log_softmax(x - h * np.eye(7)[i]))
                  / (2 * h) for i in range(7)])
    np.testing.assert_allclose(actcore.log_softmax_backward(dy, actcore.log_softmax(x)), J @ dy,
                               rtol=1e-6)


# ------------------------------------------------------------- cross-entropy

def xent_ref(x, labels, axis=-1):
    x64 = np.moveaxis(x.astype(np.float64), axis, -1)
    _, _, lse = ref_parts(x64)
    picked = np.take_along_axis(x64, labels[..., None], -1)[..., 0]
    return lse - picked


@pytest.mark.parametrize("axis", [-1, 1])
def test_cross_entropy(axis):
    rng = np.random.default_rng(12)
    x = (rng.standard_normal((5, 4, 6)) * 4).astype(np.float32)
    xm = np.moveaxis(x, axis, -1)
    labels = rng.integers(0, xm.shape[-1], xm.shape[:-1])
    ref = xent_ref(x, labels, axis)
    none = actcore.cross_entropy(x, labels, axis, reduction="none")
    assert none.shape == labels.shape and none.dtype == np.float32
    assert ulp_error(none, ref).max() <= 1
    s = actcore.cross_entropy(x, labels, axis, reduction="sum")
    m = actcore.cross_entropy(x, labels, axis)
    assert isinstance(m, np.float32)
    np.testing.assert_allclose(s, ref.sum(), rtol=1e-6)
    np.testing.assert_allclose(m, ref.mean(), rtol=1e-6)


def test_cross_entropy_confident_prediction_does_not_cancel():
    x = np.array([[30.0, 0.0, -5.0]], np.float32)
    loss = actcore.cross_entropy(x, np.array([0]), reduction="none")
    ref = np.log1p(np.exp(-30.0) + np.exp(-35.0))
    assert ulp_error(loss, [ref]).max() <= 1
    g = actcore.cross_entropy_backward(x, np.array([0]), reduction="sum")
    assert ulp_error(g[0, 0], -(np.exp(-30.0) + np.exp(-35.0)) / (1 + np.exp(-30.0) +
                                                                   np.exp(-35.0))) <= 1


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_backward(reduction):
    rng = np.random.default_rng(13)
    x = rng.standard_normal((8, 5)).astype(np.float32)
    labels = rng.integers(0, 5, 8)
    sm = sp.softmax(x.astype(np.float64), -1)
    ref = sm - np.eye(5)[labels]
    if reduction == "mean":
        ref = ref / 8
    got = actcore.cross_entropy_backward(x, labels, reduction=reduction)
    assert got.shape == x.shape and got.dtype == np.float32
    assert ulp_error(got, ref).max() <= 2
    # along axis 0
    got0 = actcore.cross_entropy_backward(x.T, labels, axis=0, reduction=reduction)
    np.testing.assert_array_equal(got0, got.T)
    # finite differences of the float64 loss
    x64 = x.astype(np.float64)
    h = 1e-6
    f = lambda z: actcore.cross_entropy(z, labels, reduction="sum" if reduction == "none"
                                        else reduction)
    e = np.zeros_like(x64)
    e[3, 2] = h
    fd = (f(x64 + e) - f(x64 - e)) / (2 * h)
    np.testing.assert_allclose(got[3, 2], fd, rtol=1e-4)


def test_cross_entropy_errors_and_edges():
    x = np.zeros((3, 4), np.float32)
    with pytest.raises(ValueError, match="reduction"):
        actcore.cross_entropy(x, [0, 1, 2], reduction="avg")
    with pytest.raises(ValueError, match=r"\[0, 4\)"):
        actcore.cross_entropy(x, [0, 1, 4])
    with pytest.raises(ValueError, match=r"\[0, 4\)"):
        actcore.cross_entropy_backward(x, [0, -1, 2])
    with pytest.raises(TypeError, match="integers"):
        actcore.cross_entropy(x, [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="shape"):
        actcore.cross_entropy(x, [0, 1])
    assert np.isnan(actcore.cross_entropy(np.zeros((0, 4), np.float32),
                                          np.zeros(0, int)))
    assert actcore.cross_entropy(np.zeros((0, 4), np.float32), np.zeros(0, int),
                                 reduction="sum") == 0
    inf = np.inf
    with np.errstate(all="raise"):
        l = actcore.cross_entropy(np.array([[inf, 0], [0, -inf], [-inf, -inf]], np.float32),
                                  np.array([1, 1, 0]), reduction="none")
    assert l[0] == inf and l[1] == inf and np.isnan(l[2])


# ------------------------------------------------------------ threads, flags

SHAPES_FOR_THREADS = [(1, 300000), (3, 50000), (2000, 100), (5, 4097), (20000, 16), (64, 1024)]


@pytest.mark.parametrize("shape", SHAPES_FOR_THREADS)
def test_bitwise_identical_for_any_thread_count(shape, restore_threads):
    rng = np.random.default_rng(14)
    x = (rng.standard_normal(shape) * 20).astype(np.float32)
    w = rng.random(shape) > 0.1
    labels = rng.integers(0, shape[1], shape[0])
    saved = _softmax.get_parallel_min()
    _softmax.set_parallel_min(1024)              # make 2 and 3 threads really split
    try:
        results = []
        for t in (1, 2, 3):
            actcore.set_num_threads(t)
            results.append([actcore.softmax(x), actcore.log_softmax(x),
                            actcore.logsumexp(x), actcore.softmax(x, where=w),
                            actcore.log_softmax(x, where=w),
                            actcore.softmax_backward(x, x), actcore.log_softmax_backward(x, x),
                            actcore.cross_entropy(x, labels, reduction="none"),
                            actcore.cross_entropy_backward(x, labels)])
    finally:
        _softmax.set_parallel_min(saved)
    for other in results[1:]:
        for a, b in zip(results[0], other):
            assert a.tobytes() == b.tobytes()


@pytest.mark.parametrize("n", [5, 33, 48, 1000, 1024, 4097, 9000])
def test_bitwise_identical_at_any_alignment(n):
    """Row sums keep their lanes by element index: moving the input or the
    output within a cache line changes no bit (rows of a multiple of 16 with
    input and output alike in a line take another route on AVX-512: offset 12
    below)."""
    rng = np.random.default_rng(21)
    x = (rng.standard_normal((3, n)) * 8).astype(np.float32)
    w = rng.random(x.shape) > 0.3
    for fn in FUNCS + FAST_FUNCS:
        for where in (None, w):
            ref = fn(x, where=where).tobytes()
            for off in (1, 3, 7, 12, 15):
                xb = np.empty(x.size + 16, np.float32)
                xs = xb[off:off + x.size].reshape(x.shape)
                xs[...] = x
                ob = np.empty(x.size + 16, np.float32)
                out = ob[(5 * off) % 16:][:x.size].reshape(x.shape)
                fn(xs, where=where, out=out)
                assert out.tobytes() == ref, (fn.__name__, off, where is None)


@pytest.mark.parametrize("threads", [1, 2])
def test_no_floating_point_warnings(threads, restore_threads):
    rng = np.random.default_rng(15)
    inf, nan = np.inf, np.nan
    specials = np.array([0, -0.0, 1e-45, -1e-45, 1e30, -1e30, 3e38, -3e38, 88.8, -88.8,
                         -104, 104, inf, -inf, nan], np.float32)
    x = rng.choice(specials, size=(3000, 37)).astype(np.float32)
    x[::7] = rng.standard_normal((x[::7].shape)) * 50
    w = rng.random(x.shape) > 0.5
    labels = rng.integers(0, 37, 3000)
    actcore.set_num_threads(threads)
    saved = _softmax.get_parallel_min()
    _softmax.set_parallel_min(1024)
    try:
        with np.errstate(all="raise"):
            for dt in (np.float32, np.float64, np.float16):
                with np.errstate(all="ignore"):
                    xd = x.astype(dt)
                actcore.softmax(xd)
                actcore.log_softmax(xd, axis=0)
                actcore.softmax(xd, where=w)
                actcore.log_softmax(xd, where=w)
                actcore.logsumexp(xd)
                actcore.softmax_backward(xd, xd)
                actcore.log_softmax_backward(xd, xd)
                actcore.cross_entropy(xd, labels)
                actcore.cross_entropy_backward(xd, labels)
    finally:
        _softmax.set_parallel_min(saved)


def test_nan_propagates_to_its_row_only():
    x = np.random.default_rng(16).standard_normal((4, 5)).astype(np.float32)
    x[1, 2] = np.nan
    for fn in (actcore.softmax, actcore.log_softmax):
        y = fn(x)
        assert np.isnan(y[1]).all() and np.isfinite(y[[0, 2, 3]]).all()
    lse = actcore.logsumexp(x)
    assert np.isnan(lse[1]) and np.isfinite(lse[[0, 2, 3]]).all()


def test_small_inputs_stay_serial():
    assert _softmax.get_parallel_min() >= 4096


def test_public_api():
    for name in ("softmax", "log_softmax", "logsumexp", "softmax_backward",
                 "log_softmax_backward", "cross_entropy", "cross_entropy_backward"):
        assert name in actcore.__all__
        fn = getattr(actcore, name)
        assert fn.__doc__ and "ulp" in fn.__doc__


# ------------------------------------------------- actcore.fast softmax family

FAST_FUNCS = [actcore.fast.softmax, actcore.fast.log_softmax]


def fast_rel_error(got, ref):
    from actcore import _registry
    return _registry.fast_error(got, ref, "rel").max()


@pytest.mark.parametrize("name,x", list(families(np.random.default_rng(1))) + [
    ("pairs", np.stack([np.random.default_rng(17).uniform(-110, 110, 20000),
                        np.zeros(20000)], axis=1).astype(np.float32))],
    ids=[n for n, _ in families(np.random.default_rng(1))] + ["pairs"])
def test_fast_float32_within_published_bound(name, x):
    s, ls, _ = ref_parts(x)
    with np.errstate(all="raise"):
        got = (actcore.fast.softmax(x), actcore.fast.log_softmax(x))
    for g, r, fn in zip(got, (s, ls), ("softmax", "log_softmax")):
        kind, bound = actcore.fast.MAX_ERROR[fn]
        assert g.dtype == np.float32 and kind == "rel"
        err = fast_rel_error(g, r)
        assert err <= bound, f"fast {fn} {name}: {err:.3g} > {bound:g}"


def test_fast_long_row_and_bit_pattern_pairs(long_row):
    from support import bit_pattern_sample
    s, ls, _ = ref_parts(long_row)
    assert fast_rel_error(actcore.fast.softmax(long_row), s) <= actcore.fast.MAX_ERROR["softmax"][1]
    assert fast_rel_error(actcore.fast.log_softmax(long_row), ls) <= \
        actcore.fast.MAX_ERROR["log_softmax"][1]
    # the sweep tool's rows (x, 0) on every 1021st bit pattern (finite x)
    x = bit_pattern_sample(1021)
    x = x[np.isfinite(x)]
    rows = np.stack([x, np.zeros_like(x)], axis=1)
    s, ls, _ = ref_parts(rows)
    for fn, r in ((actcore.fast.softmax, s), (actcore.fast.log_softmax, ls)):
        assert fast_rel_error(fn(rows), r) <= actcore.fast.MAX_ERROR[fn.__name__][1]


@pytest.mark.parametrize("top", [0.0, 1e-6, -10.0])
def test_fast_group_sums_that_round_up(top):
    """fast sums its lanes in float over groups of 4 elements a lane (rows of 64):
    rows where every group is a term and three terms of just over half its ulp
    round up at every addition; with the max elsewhere (top = -10) the split
    sums of log_softmax see them too."""
    idx = np.arange(1024)
    rows = []
    for frac in (0.505, 0.75, 1.01, 1.51):
        x = np.where(idx % 64 < 16, top, top + np.log(frac * 2.0**-23)).astype(np.float32)
        if top < 0:
            x[3] = 0.0
        rows += [np.roll(x, k) for k in (0, 1, 5, 16, 17)]
    rows = np.stack(rows)
    s, ls, _ = ref_parts(rows)
    for fn, r in ((actcore.fast.softmax, s), (actcore.fast.log_softmax, ls)):
        err = fast_rel_error(fn(rows), r)
        assert err <= actcore.fast.MAX_ERROR[fn.__name__][1], f"{fn.__name__}: {err:.3g}"


def test_fast_same_contract_as_accurate(restore_threads):
    """Special rows, masks, out=, axes, float64/float16 and thread invariance."""
    inf, nan = np.inf, np.nan
    x = np.array([[0, 1, 2], [-inf, -inf, -inf], [inf, 0, 1], [nan, 0, 1], [5, 5, 5]],
                 np.float32)
    w = np.array([True, False, True])
    for fast, acc in zip(FAST_FUNCS, FUNCS):
        for kw in ({}, {"where": w}, {"where": np.zeros(3, bool)}):
            np.testing.assert_array_equal(np.isnan(fast(x, **kw)), np.isnan(acc(x, **kw)))
            np.testing.assert_allclose(fast(x, **kw), acc(x, **kw), rtol=1e-6)
        x3 = np.random.default_rng(18).standard_normal((4, 5, 6)).astype(np.float32)
        for axis in (0, 1, -1):
            np.testing.assert_allclose(fast(x3, axis), acc(x3, axis), rtol=1e-6)
        out = np.empty_like(x3)
        assert fast(x3, out=out) is out
        x64 = x3.astype(np.float64)
        assert fast(x64).tobytes() == acc(x64).tobytes()       # float64: accurate kernels
        assert fast(x3.astype(np.float16)).dtype == np.float16
        assert fast(np.float32([])).shape == (0,)
    big = (np.random.default_rng(19).standard_normal((3, 50000)) * 20).astype(np.float32)
    saved = _softmax.get_parallel_min()
    _softmax.set_parallel_min(1024)
    try:
        for fast in FAST_FUNCS:
            got = []
            for t in (1, 2, 3):
                actcore.set_num_threads(t)
                got.append(fast(big).tobytes())
            assert got[0] == got[1] == got[2]
    finally:
        _softmax.set_parallel_min(saved)


def test_fast_differs_from_accurate():
    """The fast kernels really are the fast exp core (not the accurate rows)."""
    x = (np.random.default_rng(20).standard_normal((64, 1000)) * 10).astype(np.float32)
    assert (actcore.fast.softmax(x) != actcore.softmax(x)).mean() > 0.1
