"""actcore.bench's timing helpers: interleaved batches, medians in order."""

import math
import time

from actcore import bench


def busy(seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_time_calls_interleaves_the_batches_round_by_round():
    calls = []
    fns = [lambda: calls.append("a"), lambda: calls.append("b"), lambda: calls.append("c")]
    bench.time_calls(fns, repeats=4, batch_seconds=0)   # one call per batch
    # two calibration calls each, then one batch of each function per round
    assert calls == ["a", "a", "b", "b", "c", "c"] + ["a", "b", "c"] * 4


def test_time_calls_medians_follow_each_function_in_order():
    (slow, slow_spread), (fast, fast_spread) = bench.time_calls(
        [lambda: busy(3e-3), lambda: busy(1e-3)], repeats=5, batch_seconds=0)
    # busy-waits only get longer on a busy host, never shorter: loose bounds
    assert 1.5 < slow / fast < 6.0
    assert slow > 2.9e-3
    assert slow_spread >= 0 and fast_spread >= 0


def test_ns_per_element_each_leaves_missing_peers_as_nan():
    t_a, t_none, t_b = bench.ns_per_element_each(
        [lambda: busy(2e-4), None, lambda: busy(4e-4)], 1000, repeats=3, batch_seconds=0)
    assert math.isnan(t_none)
    assert t_a > 190 and t_b > t_a           # 2e-4 s over 1000 elements: 200 ns each
