"""actcore.bench's timing helpers: interleaved batches, medians in order."""

import math

import pytest

from actcore import bench


@pytest.fixture
def clock(monkeypatch):
    """A fake perf_counter that only the timed functions move: the helpers'
    arithmetic is checked exactly, whatever else runs on the machine (busy
    waits came out inverted under qemu on a loaded host)."""
    now = [0.0]
    monkeypatch.setattr(bench.time, "perf_counter", lambda: now[0])

    def costing(seconds):
        def fn():
            now[0] += seconds
        return fn
    return costing


def test_time_calls_interleaves_the_batches_round_by_round():
    calls = []
    fns = [lambda: calls.append("a"), lambda: calls.append("b"), lambda: calls.append("c")]
    bench.time_calls(fns, repeats=4, batch_seconds=0)   # one call per batch
    # two calibration calls each, then one batch of each function per round
    assert calls == ["a", "a", "b", "b", "c", "c"] + ["a", "b", "c"] * 4


def test_time_calls_medians_follow_each_function_in_order(clock):
    (slow, slow_spread), (fast, fast_spread) = bench.time_calls(
        [clock(3e-3), clock(1e-3)], repeats=5, batch_seconds=0)
    assert slow == pytest.approx(3e-3) and fast == pytest.approx(1e-3)
    assert slow_spread == pytest.approx(0, abs=1e-9) and fast_spread == pytest.approx(0, abs=1e-9)


def test_time_calls_batches_fill_batch_seconds(clock):
    calls = []
    step = clock(1e-3)

    def fn():
        calls.append(1)
        step()
    (per_call, _), = bench.time_calls([fn], repeats=3, batch_seconds=0.0105)
    # two calibration calls, then batches of 10 calls (0.0105 s / 1e-3 s a call)
    assert len(calls) == 2 + 3 * 10
    assert per_call == pytest.approx(1e-3)


def test_ns_per_element_each_leaves_missing_peers_as_nan(clock):
    t_a, t_none, t_b = bench.ns_per_element_each(
        [clock(2e-4), None, clock(4e-4)], 1000, repeats=3, batch_seconds=0)
    assert math.isnan(t_none)
    # 2e-4 s and 4e-4 s over 1000 elements: 200 and 400 ns each
    assert t_a == pytest.approx(200) and t_b == pytest.approx(400)
