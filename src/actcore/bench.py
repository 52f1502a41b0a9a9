"""The exp() cost report: ``python -m actcore bench``.

For each activation in the registry it times actcore's float32 ufunc and the
NumPy idiom people write today, next to a plain copy of the same buffer and
next to ReLU, at sizes that live in L1, L2, L3 and DRAM, on one thread and on
all threads.  Every figure is the median of repeated batches; a figure whose
batches spread by more than NOISE_SPREAD is flagged as noisy.
"""

import json
import os
import platform
import sys
import time

import numpy as np

from actcore import _registry, _threads

# name -> elements; the cache level each lives in on a current x86 core
SIZES = {"L1": 4 * 1024, "L2": 64 * 1024, "L3": 1024 * 1024, "DRAM": 32 * 1024 * 1024}
QUICK_SIZES = ("L1", "L2")
DEFAULT_SIZES = ("L1", "L2", "L3")
NOISE_SPREAD = 0.25          # (p90 - p10) / median above this: "noisy"
BATCH_SECONDS = 0.004        # each timed batch runs about this long


def time_call(fn, repeats=7, batch_seconds=BATCH_SECONDS):
    """Median seconds per call over `repeats` batches, and the batches' spread."""
    fn()                                   # warm up: page in, start the team
    t0 = time.perf_counter()
    fn()
    once = max(time.perf_counter() - t0, 1e-7)
    inner = max(1, int(batch_seconds / once))
    per_call = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        per_call.append((time.perf_counter() - t0) / inner)
    per_call = np.array(per_call)
    median = float(np.median(per_call))
    spread = float((np.percentile(per_call, 90) - np.percentile(per_call, 10)) / median)
    return median, spread


def _inputs(a, n, rng):
    x = rng.uniform(-8, 8, n).astype(np.float32)
    params = [np.float32(p.default) for p in a.params]
    return x, params


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, total, enabled=True):
        self.total, self.done, self.enabled = total, 0, enabled and total > 0

    def step(self, label):
        self.done += 1
        if self.enabled:
            width = 30
            filled = int(width * self.done / self.total)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] "
                             f"{self.done}/{self.total} {label:<28}")
            sys.stderr.flush()

    def close(self):
        if self.enabled:
            sys.stderr.write("\n")


def run(size_names=DEFAULT_SIZES, thread_counts=None, repeats=7, names=None, progress=True):
    """Measure everything; return a dict of machine facts and rows of figures."""
    import actcore
    thread_counts = thread_counts or sorted({1, _threads.available_cpus()})
    activations = [a for a in _registry.ACTIVATIONS if names is None or a.name in names]
    rng = np.random.default_rng(0)
    jobs = len(size_names) * (len(thread_counts) * (len(activations) + 1) + len(activations))
    bar = Progress(jobs, progress)
    rows = []
    previous = actcore.get_num_threads()
    try:
        for size_name in size_names:
            n = SIZES[size_name]
            src = rng.uniform(-8, 8, n).astype(np.float32)
            dst = np.empty_like(src)
            nbytes = 2 * src.nbytes         # one read and one write per element
            copy_s, copy_spread = time_call(lambda: np.copyto(dst, src), repeats)
            bar.step(f"copy {size_name}")
            for a in activations:
                x, params = _inputs(a, n, rng)
                out = np.empty_like(x)
                idiom_s, idiom_spread = time_call(lambda: a.idiom(x, *params), repeats)
                bar.step(f"numpy {a.name} {size_name}")
                for t in thread_counts:
                    actcore.set_num_threads(t)
                    uf = getattr(actcore.ufuncs, a.name)
                    s, spread = time_call(lambda: uf(x, *params, out=out), repeats)
                    bar.step(f"{a.name} {size_name} {t}t")
                    rows.append({
                        "function": a.name, "size": size_name, "elements": n, "threads": t,
                        "actcore_ns": 1e9 * s / n, "actcore_gbs": nbytes / s / 1e9,
                        "numpy_ns": 1e9 * idiom_s / n, "copy_ns": 1e9 * copy_s / n,
                        "copy_gbs": nbytes / copy_s / 1e9,
                        "noisy": max(spread, idiom_spread, copy_spread) > NOISE_SPREAD,
                    })
    finally:
        actcore.set_num_threads(previous)
        bar.close()
    relu = {(r["size"], r["threads"]): r["actcore_ns"] for r in rows if r["function"] == "relu"}
    for r in rows:
        r["speedup_vs_numpy"] = r["numpy_ns"] / r["actcore_ns"]
        r["vs_copy"] = r["actcore_ns"] / r["copy_ns"]
        base = relu.get((r["size"], r["threads"]))
        r["vs_relu"] = r["actcore_ns"] / base if base else None
    return {"machine": machine_facts(), "rows": rows}


def machine_facts():
    import actcore
    cfg = actcore.config()
    return {
        "platform": platform.platform(), "processor": _cpu_name(),
        "python": cfg["python"], "numpy": cfg["numpy"], "actcore": cfg["actcore"],
        "compiler": cfg["compiler"], "openmp": cfg["openmp"], "isa": cfg["isa_selected"],
        "available_cpus": cfg["available_cpus"],
    }


def _cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def format_report(result):
    """The report as text: one table, then the noise note."""
    m = result["machine"]
    lines = [f"actcore {m['actcore']} exp() cost report: {m['processor']}, ISA {m['isa']}, "
             f"{m['available_cpus']} CPUs, NumPy {m['numpy']}",
             "ns/el: nanoseconds per float32 element (median); GB/s counts one read and "
             "one write; x relu and x copy: cost relative to ReLU and to np.copyto on the "
             "same buffer; speedup: NumPy idiom time / actcore time.", ""]
    head = (f"{'function':<14}{'size':>6}{'thr':>4}{'ns/el':>9}{'GB/s':>8}{'x relu':>8}"
            f"{'x copy':>8}{'numpy ns/el':>13}{'speedup':>9}")
    lines += [head, "-" * len(head)]
    for r in result["rows"]:
        mark = " *" if r["noisy"] else ""
        vs_relu = f"{r['vs_relu']:8.2f}" if r["vs_relu"] else f"{'':8}"
        lines.append(
            f"{r['function']:<14}{r['size']:>6}{r['threads']:>4}{r['actcore_ns']:9.3f}"
            f"{r['actcore_gbs']:8.1f}{vs_relu}{r['vs_copy']:8.2f}{r['numpy_ns']:13.3f}"
            f"{r['speedup_vs_numpy']:8.1f}x{mark}")
    if any(r["noisy"] for r in result["rows"]):
        lines += ["", f"* the machine was noisy for this figure: its batches spread by more "
                      f"than {NOISE_SPREAD:.0%} around the median; rerun for a firmer number."]
    return "\n".join(lines)


def main(args):
    sizes = QUICK_SIZES if args.quick else (tuple(SIZES) if args.full else DEFAULT_SIZES)
    result = run(sizes, repeats=5 if args.quick else 7,
                 names=args.functions.split(",") if args.functions else None,
                 progress=not args.no_progress)
    print(format_report(result))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
        print(f"\nwrote {os.path.abspath(args.json)}")
    return 0
