"""Bad input, concurrency and leaks: clear errors, same results, flat memory."""

import concurrent.futures
import gc
import os
import sys

import numpy as np
import pytest

import actcore
from support import PUBLIC, SPECS, inputs_for

BAD_ARRAYS = {
    "object": np.array([1.0, None, "x"], dtype=object),
    "string": np.array(["a", "b"]),
    "complex": np.array([1 + 2j, 3j]),
    "datetime": np.array(["2026-01-01"], dtype="datetime64[D]"),
    "timedelta": np.array([1, 2], dtype="timedelta64[s]"),
}


@pytest.mark.parametrize("kind", sorted(BAD_ARRAYS))
@pytest.mark.parametrize("name", ["relu", "sigmoid", "leaky_relu", "tanh_backward"])
def test_unsupported_dtypes_raise_type_error(kind, name):
    bad = BAD_ARRAYS[kind]
    keep = bad.copy()
    args = [bad] * (2 if name.endswith("_backward") else 1)
    with pytest.raises(TypeError, match=name):
        PUBLIC[name](*args)
    np.testing.assert_array_equal(bad, keep)


def test_none_input_raises():
    with pytest.raises(TypeError):
        actcore.sigmoid(None)


def test_wrong_out_dtype_or_shape():
    x = np.linspace(-1, 1, 8, dtype=np.float32)
    keep = x.copy()
    with pytest.raises(TypeError, match="Cannot cast"):
        actcore.sigmoid(x, out=np.empty(8, dtype=np.int32))
    with pytest.raises(ValueError, match="shape"):
        actcore.sigmoid(x, out=np.empty(5, dtype=np.float32))
    with pytest.raises(TypeError):
        actcore.sigmoid(x, out=[0.0] * 8)
    np.testing.assert_array_equal(x, keep)


def test_mismatched_shapes():
    with pytest.raises(ValueError, match="broadcast"):
        actcore.relu_backward(np.ones(3, np.float32), np.ones(4, np.float32))
    with pytest.raises(ValueError, match="broadcast"):
        actcore.leaky_relu(np.ones(3, np.float32), np.ones(2, np.float32))


def test_wrong_number_of_arguments():
    with pytest.raises(TypeError):
        actcore.relu()
    with pytest.raises(TypeError):
        actcore.relu(np.ones(2), np.ones(2), np.ones(2), np.ones(2))


def test_threads_calling_different_functions_match_serial():
    """8 Python threads, different functions, shared inputs: serial results."""
    rng = np.random.default_rng(3)
    x = (rng.standard_normal(300_000) * 6).astype(np.float32)
    x.flags.writeable = False            # shared input, nobody may write it
    jobs = []
    for spec in SPECS:
        ins = inputs_for(spec, x, np.random.default_rng(len(jobs)))
        jobs.append((spec.name, ins, PUBLIC[spec.name](*ins)))

    def run(job):
        name, ins, expected = job
        for _ in range(3):
            got = PUBLIC[name](*ins)
            if not np.array_equal(got, expected, equal_nan=True):
                return name
        return None

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        bad = [n for n in pool.map(run, jobs * 2) if n]
    assert bad == []


def _rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def calls_leave_memory_flat(fn, calls):
    """True if `calls` calls of fn() grow neither RSS nor live object counts."""
    for _ in range(2000):               # warm up caches and allocators
        fn()
    gc.collect()
    objects, rss = len(gc.get_objects()), _rss_kib()
    total_refs = sys.gettotalrefcount() if hasattr(sys, "gettotalrefcount") else None
    for _ in range(calls):
        fn()
    gc.collect()
    grew_rss = _rss_kib() - rss
    grew_objects = len(gc.get_objects()) - objects
    if total_refs is not None:
        assert sys.gettotalrefcount() - total_refs < 100
    return grew_rss < 2048 and grew_objects < 100, (grew_rss, grew_objects)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_no_leaks(spec):
    """100k calls per ufunc here; tools/reliability.sh sets a million."""
    calls = int(os.environ.get("ACTCORE_LEAK_CALLS", 100_000))
    x = np.linspace(-5, 5, 16, dtype=np.float32)
    ins = inputs_for(spec, x)
    out = np.empty_like(x)
    fn = PUBLIC[spec.name]
    flat, growth = calls_leave_memory_flat(lambda: fn(*ins, out=out), calls)
    assert flat, f"{spec.name}: RSS grew {growth[0]} KiB, {growth[1]} objects"
    flat, growth = calls_leave_memory_flat(lambda: fn(*ins), calls // 10)
    assert flat, f"{spec.name} (allocating): RSS grew {growth[0]} KiB, {growth[1]} objects"


AXISWISE = {
    "softmax": lambda x, lab: actcore.softmax(x),
    "softmax_where": lambda x, lab: actcore.softmax(x, where=x > -1),
    "log_softmax": lambda x, lab: actcore.log_softmax(x, axis=0),
    "logsumexp": lambda x, lab: actcore.logsumexp(x, keepdims=True),
    "softmax_backward": lambda x, lab: actcore.softmax_backward(x, x),
    "log_softmax_backward": lambda x, lab: actcore.log_softmax_backward(x, x),
    "cross_entropy": lambda x, lab: actcore.cross_entropy(x, lab),
    "cross_entropy_backward": lambda x, lab: actcore.cross_entropy_backward(x, lab),
}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("name", sorted(AXISWISE))
def test_no_leaks_axiswise(name):
    calls = int(os.environ.get("ACTCORE_LEAK_CALLS", 20_000))
    x = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4)
    labels = np.array([0, 3, 1])
    fn = AXISWISE[name]
    flat, growth = calls_leave_memory_flat(lambda: fn(x, labels), calls)
    assert flat, f"{name}: RSS grew {growth[0]} KiB, {growth[1]} objects"
