"""show_config, python -m actcore info, and ACTCORE_ISA."""

import subprocess
import sys

import numpy as np
import pytest

import actcore
from support import bit_pattern_sample, run_python


def test_show_config_prints_the_facts(capsys):
    actcore.show_config()
    out = capsys.readouterr().out
    for key in ("actcore", "compiler", "openmp", "isa_compiled", "isa_selected", "threads"):
        assert key in out
    cfg = actcore.config()
    assert cfg["isa_selected"] in cfg["isa_compiled"]
    assert cfg["isa_selected"] == cfg["isa_supported"].split(", ")[-1]


def test_info_command():
    r = subprocess.run([sys.executable, "-m", "actcore", "info"], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "isa_selected" in r.stdout and "baseline" in r.stdout


def test_forced_baseline_isa_gives_accurate_results():
    """The baseline kernels are selected and meet the same bounds."""
    code = """
import numpy as np, actcore
from actcore import _registry
import support
assert actcore.config()["isa_selected"] == "baseline", actcore.config()
x = support.bit_pattern_sample(10007)
for spec in support.SPECS:
    ins = support.inputs_for(spec, x)
    err, where = support.worst(getattr(actcore, spec.name)(*ins), spec.reference(*ins), x)
    assert err <= spec.ulp, (spec.name, err, where)
for spec in support.FAST_SPECS:       # actcore.fast: no FMA on baseline, same bounds
    ins = support.inputs_for(spec, x)
    err = _registry.fast_error(support.FAST_PUBLIC[spec.name](*ins), spec.reference(*ins),
                               spec.activation.fast.kind)
    assert err.max() <= spec.activation.fast.bound, (spec.name, err.max())
print("ok")
"""
    r = run_python(code, env={"ACTCORE_ISA": "baseline"}, timeout=300)
    assert r.returncode == 0 and "ok" in r.stdout, r.stderr


# AVX-512's explicit loops that restate a plain-C kernel step for step
# (vloops_avx512.h): the same bits as that kernel, which AVX2 runs (not
# sigmoid's since it takes its reciprocal from vrcp14ps: within 1 ULP, as
# tools/accuracy_sweep.py and test_values check)
BITWISE_VLOOPS = ["exp", "fast_exp"]


@pytest.mark.skipif(actcore.config()["isa_selected"] != "avx512",
                    reason="needs a CPU that runs AVX-512 and AVX2")
def test_avx512_loops_match_the_plain_c_kernels_bitwise(tmp_path):
    """Every 1021st float32 bit pattern: AVX-512 against AVX2 (ACTCORE_ISA)."""
    code = f"""
import numpy as np, actcore
import support
x = support.bit_pattern_sample(1021)
out = {{n: getattr(actcore.ufuncs, n)(x) for n in {BITWISE_VLOOPS!r}}}
np.savez({str(tmp_path / "avx2.npz")!r}, **out)
"""
    r = run_python(code, env={"ACTCORE_ISA": "avx2"}, timeout=300)
    assert r.returncode == 0, r.stderr
    x = bit_pattern_sample(1021)
    ref = np.load(tmp_path / "avx2.npz")
    for name in BITWISE_VLOOPS:
        got = getattr(actcore.ufuncs, name)(x)
        same = ((got.view(np.uint32) == ref[name].view(np.uint32))
                | (np.isnan(got) & np.isnan(ref[name])))
        assert same.all(), f"{name}: {np.count_nonzero(~same)} differ, e.g. x={x[~same][:3]!r}"


@pytest.mark.parametrize("value,message", [
    ("sse9", "ACTCORE_ISA='sse9': expected one of baseline, avx2, avx512"),
])
def test_bad_isa_is_a_clear_error(value, message):
    r = run_python("import actcore", env={"ACTCORE_ISA": value})
    assert r.returncode != 0 and message in r.stderr


def test_unsupported_isa_is_a_clear_error():
    from actcore import _ufuncs
    missing = [i for i in _ufuncs.ISA_NAMES if i not in _ufuncs.supported_isas()]
    if not missing:
        pytest.skip("this CPU runs every compiled ISA")
    r = run_python("import actcore", env={"ACTCORE_ISA": missing[0]})
    assert r.returncode != 0 and "is not available here" in r.stderr
