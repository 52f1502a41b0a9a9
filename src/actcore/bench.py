"""The exp() cost report: ``python -m actcore bench``.

For each activation in the registry it times actcore's float32 ufunc and the
NumPy idiom people write today, next to a plain copy of the same buffer and
next to ReLU, at sizes that live in L1, L2, L3 and DRAM, on one thread and on
all threads.  Every figure is the median of repeated batches; a figure whose
batches spread by more than NOISE_SPREAD is flagged as noisy.

Two profiles quantify the gap on two classes of CPU:

* full:   the widest ISA this CPU runs, 1 thread and all threads;
* mobile: the 128-bit baseline ISA and one thread, for actcore and for NumPy
          (NumPy's own SIMD dispatch is switched off with
          NPY_DISABLE_CPU_FEATURES, PyTorch's with ATEN_CPU_CAPABILITY=default;
          ONNX Runtime has no such switch): a mobile-class core.

A profile whose ISA differs from the one this process imported with runs in a
child process (the ISA is chosen once, at import).
"""

import json
import os
import platform
import subprocess
import sys
import tempfile
import time

import numpy as np

from actcore import _peers, _registry, _threads

# name -> elements; where in-plus-out buffers live on a current x86 core
SIZES = {"L1": 4 * 1024, "L2": 64 * 1024, "L3": 1024 * 1024, "DRAM": 32 * 1024 * 1024}
QUICK_SIZES = ("L1", "L2")
DEFAULT_SIZES = ("L1", "L2", "L3")
NOISE_SPREAD = 0.25          # (p90 - p10) / median above this: "noisy"
BATCH_SECONDS = 0.004        # each timed batch runs about this long
PROFILES = {"full": "widest ISA, 1 and all threads", "mobile": "baseline ISA, 1 thread"}


def time_calls(fns, repeats=7, batch_seconds=BATCH_SECONDS):
    """Median seconds per call of each of fns, and its batches' spread.

    Round r runs one batch of each function in turn, so that a slow spell of
    a shared machine falls on all of them alike instead of on whichever was
    being timed then: ratios between them hold up where absolute figures
    drift.  Returns [(median, spread), ...] in the order of fns.
    """
    inner = []
    for fn in fns:
        fn()                               # warm up: page in, start the team
        t0 = time.perf_counter()
        fn()
        once = max(time.perf_counter() - t0, 1e-7)
        inner.append(max(1, int(batch_seconds / once)))
    per_call = np.empty((repeats, len(fns)))
    for r in range(repeats):
        for k, (fn, m) in enumerate(zip(fns, inner)):
            t0 = time.perf_counter()
            for _ in range(m):
                fn()
            per_call[r, k] = (time.perf_counter() - t0) / m
    median = np.median(per_call, axis=0)
    spread = (np.percentile(per_call, 90, axis=0) - np.percentile(per_call, 10, axis=0)) / median
    return [(float(a), float(b)) for a, b in zip(median, spread)]


def time_call(fn, repeats=7, batch_seconds=BATCH_SECONDS):
    """Median seconds per call over `repeats` batches, and the batches' spread."""
    return time_calls([fn], repeats, batch_seconds)[0]


def ns_per_element(fn, n, repeats=7, batch_seconds=BATCH_SECONDS):
    """time_call's median of fn() over n elements, in ns per element."""
    return 1e9 * time_call(fn, repeats, batch_seconds)[0] / n


def ns_per_element_each(fns, n, repeats=7, batch_seconds=BATCH_SECONDS):
    """time_calls' medians of each of fns over n elements, in ns per element
    (None in fns: nan, not timed)."""
    timed = [fn for fn in fns if fn is not None]
    it = iter(time_calls(timed, repeats, batch_seconds))
    return [1e9 * next(it)[0] / n if fn is not None else float("nan") for fn in fns]


def page_offset_buffer(n, offset_bytes):
    """float32 buffer whose data start `offset_bytes` past a 4 KiB boundary.

    Inputs get offset 0 and outputs 2048: a source and destination that sit at
    nearly the same offset modulo 4 KiB make loads wait on unrelated stores
    ("4K aliasing"), which slowed np.copyto 15x here in an unlucky allocation.
    """
    raw = np.empty(n * 4 + 8192, dtype=np.uint8)
    start = (-raw.ctypes.data) % 4096 + offset_bytes
    return raw[start:start + n * 4].view(np.float32)


# Input distributions of the speed tools (--data): uniform(-8, 8) is the
# default everywhere; the others show where a kernel's cost depends on the
# data: a route taken only in the tails, and on Intel cores a subnormal
# step, which costs a microcode assist for its whole vector (uniform100
# reaches the subnormal results of the sigmoid family, below x = -87).
DATA = {
    "uniform8": lambda rng, n: rng.uniform(-8, 8, n),
    "normal3": lambda rng, n: rng.normal(0, 3, n),
    "uniform20": lambda rng, n: rng.uniform(-20, 20, n),
    "uniform100": lambda rng, n: rng.uniform(-100, 100, n),
}


def sample(rng, n, data="uniform8"):
    """n float32 values from one of DATA's distributions."""
    return DATA[data](rng, n).astype(np.float32)


def _input(rng, n):
    x = page_offset_buffer(n, 0)
    x[:] = sample(rng, n)
    return x


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, total, label="", enabled=True):
        self.total, self.done, self.label = total, 0, label
        self.enabled = enabled and total > 0

    def step(self, what):
        self.done += 1
        if self.enabled:
            width = 30
            filled = int(width * self.done / self.total)
            sys.stderr.write(f"\r{self.label}[{'#' * filled}{'.' * (width - filled)}] "
                             f"{self.done}/{self.total} {what:<30}")
            sys.stderr.flush()

    def close(self):
        if self.enabled:
            sys.stderr.write("\n")


def measure(size_names, thread_counts, repeats=7, names=None, peers=False, progress=True,
            label=""):
    """Rows of figures for this process's ISA."""
    import actcore
    activations = [a for a in _registry.ACTIVATIONS
                   if (names is None or a.name in names)]
    peer_names = _peers.available() if peers else []
    rng = np.random.default_rng(0)
    n_fast = sum(1 for a in activations if a.fast)
    per_size = 1 + len(activations) * (1 + len(thread_counts) * (1 + len(peer_names))) \
        + n_fast * len(thread_counts)
    bar = Progress(len(size_names) * per_size, label, progress)
    rows = []
    previous = actcore.get_num_threads()
    try:
        for size_name in size_names:
            n = SIZES[size_name]
            src = _input(rng, n)
            dst = page_offset_buffer(n, 2048)
            nbytes = 2 * src.nbytes             # one read and one write per element
            copy_s, copy_spread = time_call(lambda: np.copyto(dst, src), repeats)
            bar.step(f"copy {size_name}")
            for a in activations:
                x = _input(rng, n)
                params = [np.float32(p.default) for p in a.params]
                out = page_offset_buffer(n, 2048)
                try:
                    with np.errstate(all="ignore"):
                        idiom_s, idiom_spread = time_call(lambda: a.idiom(x, *params),
                                                          repeats)
                except ImportError:     # the idiom needs SciPy (erf...), not installed
                    idiom_s, idiom_spread = None, 0.0
                bar.step(f"numpy {a.name} {size_name}")
                uf = getattr(actcore.ufuncs, a.name)
                for t in thread_counts:
                    actcore.set_num_threads(t)
                    s, spread = time_call(lambda: uf(x, *params, out=out), repeats)
                    bar.step(f"{a.name} {size_name} {t}t")
                    row = {
                        "function": a.name, "size": size_name, "elements": n, "threads": t,
                        "actcore_ns": 1e9 * s / n, "actcore_gbs": nbytes / s / 1e9,
                        "numpy_ns": 1e9 * idiom_s / n if idiom_s else None,
                        "copy_ns": 1e9 * copy_s / n,
                        "copy_gbs": nbytes / copy_s / 1e9,
                        "noisy": max(spread, idiom_spread, copy_spread) > NOISE_SPREAD,
                    }
                    if a.fast:          # the same function from actcore.fast
                        fast_uf = getattr(actcore.ufuncs, f"fast_{a.name}")
                        row["fast_ns"] = ns_per_element(
                            lambda: fast_uf(x, *params, out=out), n, repeats)
                        bar.step(f"fast {a.name} {size_name} {t}t")
                    for peer in peer_names:
                        fn = (_peers.torch_callable(a.name, x, out, t) if peer == "torch"
                              else _peers.onnx_callable(a.name, x, t, out))
                        row[f"{peer}_ns"] = ns_per_element(fn, n, repeats) if fn else None
                        bar.step(f"{peer} {a.name} {size_name}")
                    rows.append(row)
    finally:
        actcore.set_num_threads(previous)
        bar.close()
    relu = {(r["size"], r["threads"]): r["actcore_ns"] for r in rows if r["function"] == "relu"}
    for r in rows:
        r["speedup_vs_numpy"] = r["numpy_ns"] / r["actcore_ns"] if r["numpy_ns"] else None
        r["vs_copy"] = r["actcore_ns"] / r["copy_ns"]
        base = relu.get((r["size"], r["threads"]))
        r["vs_relu"] = r["actcore_ns"] / base if base else None
    return rows


def machine_facts():
    import actcore
    cfg = actcore.config()
    facts = {
        "platform": platform.platform(), "processor": _cpu_name(),
        "python": cfg["python"], "numpy": cfg["numpy"], "actcore": cfg["actcore"],
        "compiler": cfg["compiler"], "openmp": cfg["openmp"], "isa": cfg["isa_selected"],
        "available_cpus": cfg["available_cpus"],
        "numpy_disabled_cpu_features": os.environ.get("NPY_DISABLE_CPU_FEATURES", ""),
    }
    for peer in _peers.available():
        facts[peer] = __import__(peer).__version__
    return facts


def _cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _profile_env(profile):
    """Environment for a child measuring `profile`, or None to measure here."""
    from actcore import _api, _ufuncs
    best = _ufuncs.supported_isas()[-1]
    want = "baseline" if profile == "mobile" else best
    numpy_off = ""
    if profile == "mobile":
        import numpy._core._multiarray_umath as umath
        numpy_off = " ".join(getattr(umath, "__cpu_dispatch__", []))
    if want == _api.ISA and os.environ.get("NPY_DISABLE_CPU_FEATURES", "") == numpy_off:
        return None
    env = dict(os.environ, ACTCORE_ISA=want, NPY_DISABLE_CPU_FEATURES=numpy_off)
    if profile == "mobile":
        env["ATEN_CPU_CAPABILITY"] = "default"     # PyTorch's kernels without AVX too
    return env


def run_profile(profile, size_names, repeats=7, names=None, peers=False, progress=True):
    """{'profile', 'machine', 'rows'} for one profile (in a child if needed)."""
    threads = [1] if profile == "mobile" else sorted({1, _threads.available_cpus()})
    env = _profile_env(profile)
    if env is None:
        rows = measure(size_names, threads, repeats, names, peers, progress,
                       label=f"{profile:>6} ")
        return {"profile": profile, "machine": machine_facts(), "rows": rows}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "profile.json")
        cmd = [sys.executable, "-m", "actcore", "bench", "--worker", "--profile", profile,
               "--sizes", ",".join(size_names), "--repeats", str(repeats), "--json", path]
        if names:
            cmd += ["--functions", ",".join(names)]
        if peers:
            cmd.append("--peers")
        if not progress:
            cmd.append("--no-progress")
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        with open(path) as f:
            return json.load(f)["profiles"][profile]


# ----------------------------------------------------------------- the report

def _fmt(v, width, digits=3):
    return f"{v:{width}.{digits}f}" if isinstance(v, (int, float)) else f"{'-':>{width}}"


def format_profile(result):
    m = result["machine"]
    rows = result["rows"]
    peers = list(dict.fromkeys(k[:-3] for r in rows for k in r if k.endswith("_ns")
                               and k not in ("actcore_ns", "numpy_ns", "copy_ns")))
    lines = [f"profile {result['profile']} ({PROFILES[result['profile']]}): "
             f"ns/el is the accurate function; fast: actcore.fast's (ns/el); "
             f"actcore {m['isa']} kernels, NumPy {m['numpy']}"
             + (" with its SIMD dispatch off" if m["numpy_disabled_cpu_features"] else ""),
             ""]
    head = (f"{'function':<14}{'size':>5}{'thr':>4}{'ns/el':>8}{'GB/s':>7}{'x relu':>8}"
            f"{'x copy':>8}{'numpy':>9}{'speedup':>9}" + "".join(f"{p:>12}" for p in peers))
    lines += [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['function']:<14}{r['size']:>5}{r['threads']:>4}{r['actcore_ns']:8.3f}"
            f"{r['actcore_gbs']:7.1f}{_fmt(r['vs_relu'], 8, 2)}{r['vs_copy']:8.2f}"
            f"{_fmt(r['numpy_ns'], 9)}{_fmt(r['speedup_vs_numpy'], 8, 1)}x"
            + "".join(_fmt(r.get(f"{p}_ns"), 12) for p in peers) + (" *" if r["noisy"] else ""))
    return "\n".join(lines)


def format_side_by_side(results):
    """Both profiles in one table: the exp() cost gap on the two CPU classes."""
    full = {(r["function"], r["size"]): r for r in results["full"]["rows"]
            if r["threads"] == 1}
    mobile = {(r["function"], r["size"]): r for r in results["mobile"]["rows"]}
    head = (f"{'function':<14}{'size':>5}{'full ns':>9}{'mob ns':>9}{'full xrelu':>11}"
            f"{'mob xrelu':>10}{'full vs np':>11}{'mob vs np':>10}")
    lines = ["full against mobile, one thread each (ns/element; x relu: cost relative to "
             "ReLU; vs np: speedup over the NumPy idiom on the same profile)", "",
             head, "-" * len(head)]
    for key, f in full.items():
        m = mobile.get(key)
        if not m:
            continue
        lines.append(f"{key[0]:<14}{key[1]:>5}{f['actcore_ns']:9.3f}{m['actcore_ns']:9.3f}"
                     f"{_fmt(f['vs_relu'], 11, 2)}{_fmt(m['vs_relu'], 10, 2)}"
                     f"{_fmt(f['speedup_vs_numpy'], 10, 1)}x{_fmt(m['speedup_vs_numpy'], 9, 1)}x")
    return "\n".join(lines)


def format_report(results):
    first = next(iter(results.values()))["machine"]
    parts = [f"actcore {first['actcore']} exp() cost report on {first['processor']} "
             f"({first['available_cpus']} CPUs, {first['platform']})",
             "ns/el: nanoseconds per float32 element, median of repeated batches; GB/s "
             "counts one read and one write; x relu, x copy: cost relative to ReLU and to "
             "np.copyto on the same buffer; speedup: NumPy idiom time / actcore time.", ""]
    for res in results.values():
        parts += [format_profile(res), ""]
    if len(results) == 2:
        parts += [format_side_by_side(results), ""]
    if any(r["noisy"] for res in results.values() for r in res["rows"]):
        parts.append(f"* noisy: this figure's batches spread by more than {NOISE_SPREAD:.0%} "
                     f"around the median; rerun on a quieter machine for a firmer number.")
    return "\n".join(parts).rstrip()


def plot_report(results, path):
    """ns/element against size per function: actcore and NumPy, every profile."""
    from actcore.plot import save, subplot_grid
    names = list(dict.fromkeys(r["function"] for res in results.values() for r in res["rows"]))
    fig, axes = subplot_grid(len(names), cell=(4, 3))
    styles = {"full": "-", "mobile": "--"}
    for ax, name in zip(axes, names):
        for prof, res in results.items():
            rows = [r for r in res["rows"] if r["function"] == name]
            for t in sorted({r["threads"] for r in rows}):
                sel = [r for r in rows if r["threads"] == t]
                ax.plot([r["elements"] for r in sel], [r["actcore_ns"] for r in sel],
                        styles[prof], marker="o", label=f"actcore {prof} {t}t")
            one = [r for r in rows if r["threads"] == 1]
            ax.plot([r["elements"] for r in one], [r["numpy_ns"] or np.nan for r in one],
                    styles[prof], marker="x", color="gray", label=f"NumPy {prof}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(name)
        ax.set_xlabel("elements")
        ax.set_ylabel("ns / element")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].legend(fontsize=7)
    save(fig, path, "actcore against the NumPy idiom: ns per float32 element")


def main(args):
    if args.sizes:
        sizes = tuple(args.sizes.split(","))
        unknown = [s for s in sizes if s not in SIZES]
        if unknown:
            raise SystemExit(f"unknown size {unknown[0]!r}: expected {', '.join(SIZES)}")
    else:
        sizes = QUICK_SIZES if args.quick else (tuple(SIZES) if args.full else DEFAULT_SIZES)
    names = args.functions.split(",") if args.functions else None
    if names:
        unknown = [n for n in names if n not in _registry.BY_NAME]
        if unknown:
            raise SystemExit(f"unknown function {unknown[0]!r}")
    repeats = args.repeats or (5 if args.quick else 7)
    progress = not args.no_progress
    if args.worker:               # a child measuring one profile for its parent
        rows = measure(sizes, [1] if args.profile == "mobile"
                       else sorted({1, _threads.available_cpus()}),
                       repeats, names, args.peers, progress, label=f"{args.profile:>6} ")
        results = {args.profile: {"profile": args.profile, "machine": machine_facts(),
                                  "rows": rows}}
    else:
        profiles = ["full", "mobile"] if args.profile == "both" else [args.profile]
        results = {p: run_profile(p, sizes, repeats, names, args.peers, progress)
                   for p in profiles}
        print(format_report(results))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"profiles": results}, f, indent=1)
        if not args.worker:
            print(f"\nwrote {os.path.abspath(args.json)}")
    if args.plot:
        plot_report(results, args.plot)
        print(f"wrote {os.path.abspath(args.plot)}")
    return 0
