"""Speed of actcore.softmax (float32) against SciPy, PyTorch and ONNX Runtime.

    python tools/softmax_speed.py                  # the table: 3 shapes x 1, 2 threads
    python tools/softmax_speed.py --op log_softmax # the same for log_softmax
    python tools/softmax_speed.py --repeat 41      # more samples per cell
    python tools/softmax_speed.py --rounds 3       # each cell in 3 processes, apart
    python tools/softmax_speed.py --threshold      # serial vs 2 threads by size
    python tools/softmax_speed.py --interleave 300 # 1 thread, calls alternated

Run with PYTHONPATH=src from a built tree.  Peers are used when installed
(torch, onnxruntime + onnx); they are not dependencies.  Each cell is the median
of its own runs in a fresh process: the peers' thread pools keep spinning after
a call (PyTorch's OpenMP, ORT's pool) and in a shared process they take the
second core from whoever runs next, which made every 2-thread figure meaningless.
On a shared machine a burst of load can spoil one cell: --rounds R runs the
whole table R times, cells interleaved, and prints each cell's median over the
rounds.  --interleave N runs one thread only, every library in one process, their
calls alternated N times (order swapped every pair): a load burst then hits all of
them alike, and the median of the per-pair ratios and the ratio of the minima are
the figures least moved by other tenants.  (Two threads cannot be compared that
way: each pool's spinning would take the other's core.)
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "src"))

import actcore  # noqa: E402

SHAPES = [(4096, 1024), (64, 65536), (65536, 16)]


def _torch(threads, op):
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(threads)
    fn = getattr(torch, op)

    def run(x, out):
        fn(torch.from_numpy(x), dim=-1, out=torch.from_numpy(out))
    return run


def _ort(threads, shape, op):
    try:
        import onnx
        import onnxruntime as ort
        from onnx import TensorProto, helper
    except ImportError:
        return None
    node = helper.make_node({"softmax": "Softmax", "log_softmax": "LogSoftmax"}[op],
                            ["x"], ["y"], axis=-1)
    graph = helper.make_graph(
        [node], "softmax",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, list(shape))])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts,
                                providers=["CPUExecutionProvider"])

    def run(x, out):
        binding = sess.io_binding()
        binding.bind_cpu_input("x", x)
        binding.bind_output("y", "cpu", 0, np.float32, list(shape), out.ctypes.data)
        sess.run_with_iobinding(binding)
    return run


def _scipy(op):
    try:
        import scipy.special
    except ImportError:
        return None
    fn = getattr(scipy.special, op)
    return lambda x, out: fn(x, axis=-1)


STATS = {"median": np.median, "min": np.min}


def _call_times(fns, x, out, repeat):
    """{name: array of ms per call}, the candidates called in turn `repeat`
    times (the order reversed every other turn, so none always follows the
    same one)."""
    times = {name: [] for name in fns}
    for fn in fns.values():                  # warm up (allocations, thread pools)
        fn(x, out)
    order = list(fns)
    for i in range(repeat):
        for name in (order if i % 2 == 0 else order[::-1]):
            t0 = time.perf_counter()
            fns[name](x, out)
            times[name].append(time.perf_counter() - t0)
    return {name: 1e3 * np.array(t) for name, t in times.items()}


def _call_ms(fns, x, out, repeat, stat="median"):
    """{name: ms per call, the median (or stat) of `repeat` turns}"""
    return {name: float(STATS[stat](t)) for name, t in _call_times(fns, x, out, repeat).items()}


def _input(shape):
    return np.random.default_rng(0).standard_normal(shape).astype(np.float32) * 4


def _candidate(name, shape, threads, op):
    """The call (x, out) of one candidate, or None if it is not installed."""
    return {"actcore": lambda: lambda x, out: getattr(actcore, op)(x, out=out),
            "fast": lambda: lambda x, out: getattr(actcore.fast, op)(x, out=out),
            "torch": lambda: _torch(threads, op),
            "onnxruntime": lambda: _ort(threads, shape, op),
            "scipy": lambda: _scipy(op)}[name]()


def _cell_ms(name, shape, threads, op, repeat, stat):
    cmd = [sys.executable, os.path.abspath(__file__), "--cell",
           json.dumps([name, list(shape), threads, op, repeat, stat])]
    got = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return None if got.strip() == "null" else float(got)


def table(repeat, op, rounds=1, stat="median"):
    print(f"actcore {actcore.__version__}, ISA {actcore.config().get('isa_selected', '?')}, "
          f"{op} float32, {stat} ms per call ({repeat} runs"
          f"{f', {stat} of {rounds} rounds' if rounds > 1 else ''}); ratio = peer / actcore; "
          f"fast = actcore.fast.{op}; peer/fast = the faster of torch and ORT / fast")
    header = f"{'shape':>12} {'thr':>3} {'actcore':>9} {'ns/el':>6}"
    peers = ["fast", "torch", "onnxruntime", "scipy"]
    for p in peers:
        header += f" {p:>11} {'ratio':>6}"
    header += f" {'peer/fast':>9}"         # the faster of torch and ORT against fast
    print(header)
    cells = [(shape, threads, name) for shape in SHAPES for threads in (1, 2)
             for name in ["actcore"] + peers if not (name == "scipy" and threads > 1)]
    got = {c: [] for c in cells}
    for _ in range(rounds - 1):              # all but the last round: collect
        for c in cells:
            got[c].append(_cell_ms(c[2], c[0], c[1], op, repeat, stat))
    for shape in SHAPES:
        for threads in (1, 2):
            ms = {}
            for c in cells:
                if c[:2] == (shape, threads):
                    got[c].append(_cell_ms(c[2], shape, threads, op, repeat, stat))
                    if got[c][-1] is not None:
                        ms[c[2]] = float(STATS[stat](got[c]))
            line = (f"{str(shape):>12} {threads:>3} {ms['actcore']:9.3f} "
                    f"{1e6 * ms['actcore'] / np.prod(shape):6.3f}")
            for p in peers:
                if p in ms:
                    line += f" {ms[p]:11.3f} {ms[p] / ms['actcore']:6.2f}"
                else:
                    line += f" {'-':>11} {'-':>6}"
            best = min((ms[p] for p in ("torch", "onnxruntime") if p in ms), default=None)
            line += f" {best / ms['fast']:9.2f}" if best and "fast" in ms else f" {'-':>9}"
            print(line, flush=True)


def cell(name, shape, threads, op, repeat, stat="median"):
    """Median (or stat) ms of one candidate (None if not installed), in this
    process alone."""
    shape = tuple(shape)
    fn = _candidate(name, shape, threads, op)
    if fn is None:
        return None
    x = _input(shape)
    with actcore.threads(threads):
        return _call_ms({name: fn}, x, np.empty_like(x), repeat, stat)[name]


def interleaved(pairs, op):
    """One thread; actcore, torch and ORT called in turn `pairs` times per shape."""
    print(f"actcore {actcore.__version__}, ISA {actcore.config().get('isa_selected', '?')}, "
          f"{op} float32, 1 thread, {pairs} interleaved calls each; ms: min / median; "
          "ratio = peer / actcore: of the minima / median of the per-call ratios")
    print(f"{'shape':>12} {'actcore':>15} {'torch':>15} {'ratio':>11} "
          f"{'onnxruntime':>15} {'ratio':>11}")
    for shape in SHAPES:
        fns = {name: _candidate(name, shape, 1, op) for name in ("actcore", "torch", "onnxruntime")}
        x = _input(shape)
        with actcore.threads(1):
            t = _call_times({k: f for k, f in fns.items() if f is not None}, x,
                            np.empty_like(x), pairs)
        line = f"{str(shape):>12} {t['actcore'].min():7.3f} {np.median(t['actcore']):7.3f}"
        for peer in ("torch", "onnxruntime"):
            if peer in t:
                line += (f" {t[peer].min():7.3f} {np.median(t[peer]):7.3f}"
                         f" {t[peer].min() / t['actcore'].min():5.2f} "
                         f"{np.median(t[peer] / t['actcore']):5.2f}")
            else:
                line += f" {'-':>15} {'-':>11}"
        print(line, flush=True)


def threshold(repeat):
    """Serial vs 2-thread time by total size (rows of 1024): where 2 threads win."""
    from actcore import _softmax
    rng = np.random.default_rng(0)
    print(f"{'elements':>10} {'1 thr us':>9} {'2 thr us':>9} {'speedup':>8}")
    for n in [4096, 8192, 16384, 32768, 65536, 131072, 262144]:
        x = rng.standard_normal((n // 1024, 1024)).astype(np.float32)
        out = np.empty_like(x)
        res = []
        saved = _softmax.get_parallel_min()
        try:
            for t, pmin in ((1, saved), (2, 1024)):
                _softmax.set_parallel_min(pmin)
                with actcore.threads(t):
                    res.append(_call_ms({"a": lambda x, o: actcore.softmax(x, out=o)},
                                          x, out, repeat)["a"] * 1e3)
        finally:
            _softmax.set_parallel_min(saved)
        print(f"{n:>10} {res[0]:9.1f} {res[1]:9.1f} {res[0] / res[1]:8.2f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=21)
    ap.add_argument("--rounds", type=int, default=1,
                    help="run the table this many times, cells interleaved; print the "
                         "--stat of the rounds")
    ap.add_argument("--threshold", action="store_true")
    ap.add_argument("--interleave", type=int, metavar="N",
                    help="one thread, the libraries' calls alternated N times in one process")
    ap.add_argument("--op", choices=["softmax", "log_softmax"], default="softmax")
    ap.add_argument("--stat", choices=sorted(STATS), default="median",
                    help="per cell and over rounds: median (default), or min, which a "
                         "busy shared host distorts less (other load only adds time)")
    ap.add_argument("--cell", help=argparse.SUPPRESS)   # one table cell (internal)
    args = ap.parse_args()
    if args.cell:
        print(json.dumps(cell(*json.loads(args.cell))))
    elif args.threshold:
        threshold(args.repeat)
    elif args.interleave:
        interleaved(args.interleave, args.op)
    else:
        table(args.repeat, args.op, args.rounds, args.stat)


if __name__ == "__main__":
    main()
