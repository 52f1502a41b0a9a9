"""Thread count control, invariance, GIL release and fork safety."""

import threading
import time

import numpy as np
import pytest

import actcore
from actcore import _ufuncs
from support import PUBLIC, SPECS, inputs_for, run_python

OPENMP = actcore.config()["openmp"].startswith("yes")


def test_set_get_and_context_manager(restore_threads):
    actcore.set_num_threads(1)
    assert actcore.get_num_threads() == 1
    with actcore.threads(2):
        assert actcore.get_num_threads() == (2 if OPENMP else 1)
    assert actcore.get_num_threads() == 1


@pytest.mark.parametrize("bad", [0, -3])
def test_set_num_threads_rejects_nonpositive(bad):
    with pytest.raises(ValueError, match="positive"):
        actcore.set_num_threads(bad)


@pytest.mark.parametrize("bad", [1.5, "2", None, True])
def test_set_num_threads_rejects_non_integers(bad):
    with pytest.raises(TypeError, match="integer"):
        actcore.set_num_threads(bad)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_results_bitwise_identical_for_any_thread_count(spec, restore_threads):
    rng = np.random.default_rng(11)
    n = 3 * _ufuncs.parallel_min(spec.name) + 12345     # surely parallel with 2+
    x = (rng.standard_normal(n) * 30).astype(np.float32)
    ins = inputs_for(spec, x, rng)
    results = []
    for t in (1, 2, 3):
        actcore.set_num_threads(t)
        results.append(PUBLIC[spec.name](*ins))
        results.append(PUBLIC[spec.name](*[a[::-1] if a.ndim else a for a in ins]))
    for r in results[2::2]:
        np.testing.assert_array_equal(r, results[0])
    for r in results[3::2]:
        np.testing.assert_array_equal(r, results[1])
    # element-by-element calls (scalar epilogue) agree with the vector body
    idx = rng.integers(0, n, 50)
    for i in idx:
        one = PUBLIC[spec.name](*[a[i:i + 1] if a.ndim else a for a in ins])
        assert one[0].tobytes() == results[0][i].tobytes()


def test_small_inputs_stay_serial():
    """The threshold is in elements of work: larger for cheap functions."""
    assert _ufuncs.parallel_min("relu") > _ufuncs.parallel_min("sigmoid") > 1000


def test_gil_released_during_loop(restore_threads):
    """Another Python thread keeps running while a long call is in progress."""
    actcore.set_num_threads(1)
    x = np.random.default_rng(0).standard_normal(20_000_000).astype(np.float32)
    done = threading.Event()
    span = {}

    def work():
        t0 = time.perf_counter()
        actcore.tanh(x)
        span["call"] = (t0, time.perf_counter())
        done.set()

    stamps = []
    t = threading.Thread(target=work)
    t.start()
    while not done.is_set():
        stamps.append(time.perf_counter())
    t.join()
    t0, t1 = span["call"]
    inside = np.array([s for s in stamps if t0 <= s <= t1])
    assert inside.size > 10, "main thread never ran during the call: the GIL was held"
    gaps = np.diff(np.concatenate([[t0], inside, [t1]]))
    assert gaps.max() < 0.5 * (t1 - t0)


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork()")
def test_fork_after_threads_does_not_hang():
    code = """
import multiprocessing as mp, numpy as np, actcore
actcore.set_num_threads(2)
x = np.linspace(-5, 5, 4_000_000, dtype=np.float32)
ref = actcore.sigmoid(x)                      # starts the OpenMP team in the parent

def child(_):
    return float(actcore.sigmoid(x).sum()), actcore.get_num_threads()

with mp.get_context("fork").Pool(2) as pool:
    out = pool.map(child, range(4))
assert all(abs(s - float(ref.sum())) < 1e-3 and n == 1 for s, n in out), out
assert actcore.get_num_threads() == 2
print("ok")
"""
    r = run_python(code, timeout=120)
    assert r.returncode == 0 and "ok" in r.stdout, r.stderr


@pytest.mark.parametrize("env,expected", [
    ({"ACTCORE_NUM_THREADS": "1", "OMP_NUM_THREADS": "2"}, 1),
    ({"OMP_NUM_THREADS": "1"}, 1),
    ({"OMP_NUM_THREADS": "1,1"}, 1),
])
def test_environment_defaults(env, expected):
    clean = {"ACTCORE_NUM_THREADS": "", "OMP_NUM_THREADS": ""}
    clean.update(env)
    r = run_python("import actcore; print(actcore.get_num_threads())", env=clean)
    assert r.returncode == 0, r.stderr
    assert int(r.stdout) == expected


def test_default_is_available_cpus():
    r = run_python("import actcore; from actcore import _threads; "
                   "print(actcore.get_num_threads(), _threads.available_cpus())",
                   env={"ACTCORE_NUM_THREADS": "", "OMP_NUM_THREADS": ""})
    got, cpus = map(int, r.stdout.split())
    assert got == (cpus if OPENMP else 1)


def test_bad_environment_value_is_a_clear_error():
    r = run_python("import actcore", env={"ACTCORE_NUM_THREADS": "lots"})
    assert r.returncode != 0
    assert "ACTCORE_NUM_THREADS='lots' is not a positive integer" in r.stderr
