"""The foundation's speed targets, measured as ratios within one run.

* relu against np.copyto on the same buffer (target: within 10% from 256K up);
* sigmoid against 1/(1+np.exp(-x)) (target: >= 4x) and against PyTorch CPU's
  torch.sigmoid(out=) (target: at least as fast) at 256K and 4M elements;
* the call time of a 10-element relu against np.maximum(x, 0) (target: within 1.5x).

Each at 1 thread and at all threads (PyTorch gets the same thread count).

    python tools/foundation_targets.py
"""

import timeit

import numpy as np

import actcore
from actcore import _threads
from actcore.bench import ns_per_element, ns_per_element_each

try:
    import torch
except ImportError:
    torch = None

SIZES = {"256K": 256 * 1024, "4M": 4 * 1024 * 1024}


def median_ns_per_element(fn, n):
    return ns_per_element(fn, n, repeats=21)


def main():
    rng = np.random.default_rng(0)
    cpus = _threads.available_cpus()
    print(f"{actcore.config()['isa_selected']} kernels, {cpus} CPUs; ns/element, medians")
    data = {label: rng.uniform(-8, 8, n).astype(np.float32) for label, n in SIZES.items()}
    lines = {}
    # actcore and NumPy first: PyTorch's own OpenMP threads keep spinning after
    # its calls and would take the second core from actcore's team
    for threads in sorted({1, cpus}):
        actcore.set_num_threads(threads)
        for label, x in data.items():
            n, out = x.size, np.empty_like(x)
            # batches interleaved: the ratios hold up on a busy host
            copy, relu, sig, idiom = ns_per_element_each(
                [lambda: np.copyto(out, x), lambda: actcore.relu(x, out=out),
                 lambda: actcore.sigmoid(x, out=out), lambda: 1 / (1 + np.exp(-x))],
                n, repeats=21)
            lines[threads, label] = (sig, (
                f"{threads}t {label:>5}: relu {relu:.3f} vs copy {copy:.3f} "
                f"({relu / copy:.2f}x copy) | sigmoid {sig:.3f} vs idiom {idiom:.3f} "
                f"({idiom / sig:.1f}x faster)"))
    for (threads, label), (sig, line) in lines.items():
        if torch is not None:
            torch.set_num_threads(threads)
            x = data[label]
            tx, tout = torch.from_numpy(x), torch.from_numpy(np.empty_like(x))
            tsig = median_ns_per_element(lambda: torch.sigmoid(tx, out=tout), x.size)
            line += f" | torch.sigmoid {tsig:.3f} ({tsig / sig:.2f}x actcore's time)"
        print(line)
    x10 = np.linspace(-1, 1, 10, dtype=np.float32)
    t_np = min(timeit.repeat(lambda: np.maximum(x10, 0), number=20000, repeat=9)) / 20000
    t_ac = min(timeit.repeat(lambda: actcore.relu(x10), number=20000, repeat=9)) / 20000
    print(f"10-element call: actcore.relu {1e9 * t_ac:.0f} ns, np.maximum(x, 0) "
          f"{1e9 * t_np:.0f} ns ({t_ac / t_np:.2f}x)")


if __name__ == "__main__":
    main()
