"""python -m actcore bench / plot / info, end to end on tiny settings."""

import json
import subprocess
import sys

import pytest

from support import run_python


def actcore_cli(*args, timeout=300):
    r = subprocess.run([sys.executable, "-m", "actcore", *args], capture_output=True,
                       text=True, timeout=timeout)
    assert r.returncode == 0, r.stderr
    return r


def test_bench_report_and_json(tmp_path):
    path = tmp_path / "bench.json"
    r = actcore_cli("bench", "--functions", "relu,sigmoid", "--sizes", "L1", "--repeats", "3",
                    "--json", str(path))
    assert "profile full" in r.stdout and "sigmoid" in r.stdout and "x relu" in r.stdout
    assert "[" in r.stderr                     # the progress bar
    data = json.loads(path.read_text())
    rows = data["profiles"]["full"]["rows"]
    assert {r["function"] for r in rows} == {"relu", "sigmoid"}
    for row in rows:
        assert row["actcore_ns"] > 0 and row["numpy_ns"] > 0 and row["copy_ns"] > 0
        assert row["speedup_vs_numpy"] == pytest.approx(row["numpy_ns"] / row["actcore_ns"])
    relu = [r for r in rows if r["function"] == "relu"]
    assert all(r["vs_relu"] == pytest.approx(1.0) for r in relu)
    machine = data["profiles"]["full"]["machine"]
    assert machine["isa"] and machine["numpy"] and machine["actcore"]


def test_bench_both_profiles_side_by_side(tmp_path):
    path = tmp_path / "both.json"
    r = actcore_cli("bench", "--profile", "both", "--functions", "relu,tanh", "--sizes", "L1",
                    "--repeats", "2", "--no-progress", "--json", str(path))
    assert "profile mobile" in r.stdout and "full against mobile" in r.stdout
    data = json.loads(path.read_text())
    assert data["profiles"]["mobile"]["machine"]["isa"] == "baseline"
    assert {r["threads"] for r in data["profiles"]["mobile"]["rows"]} == {1}


def test_bench_rejects_unknown_names():
    r = subprocess.run([sys.executable, "-m", "actcore", "bench", "--functions", "swishy"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "unknown function 'swishy'" in r.stderr


def test_plot_commands_write_pngs(tmp_path):
    pytest.importorskip("matplotlib")
    grid, chain, bench_png = (tmp_path / n for n in ("a.png", "v.png", "b.png"))
    actcore_cli("plot", "--out", str(grid), "--vanishing", str(chain))
    actcore_cli("bench", "--functions", "relu", "--sizes", "L1", "--repeats", "2",
                "--no-progress", "--plot", str(bench_png))
    for p in (grid, chain, bench_png):
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_vanishing_gradient_figures_come_from_the_grad_ufuncs():
    from actcore import plot
    top, mean = plot.derivative_stats("sigmoid")
    assert top == pytest.approx(0.25, rel=1e-6)
    assert mean == pytest.approx(0.2066, abs=2e-3)     # E sigma'(z), z ~ N(0, 1)
    assert plot.derivative_stats("relu")[0] == 1.0


def test_bench_without_scipy_leaves_those_idioms_blank(monkeypatch):
    """The main job runs on a plain install: SciPy is only a test extra."""
    from actcore import bench
    monkeypatch.setitem(sys.modules, "scipy", None)
    monkeypatch.setitem(sys.modules, "scipy.special", None)
    rows = bench.measure(("L1",), [1], repeats=2, names=["relu", "erf"], progress=False)
    erf = [r for r in rows if r["function"] == "erf"][0]
    assert erf["numpy_ns"] is None and erf["speedup_vs_numpy"] is None
    assert erf["actcore_ns"] > 0
    assert "erf" in bench.format_profile({"profile": "full", "machine": bench.machine_facts(),
                                          "rows": rows})
