"""Speed of actcore's fused backward ufuncs against PyTorch's backward kernels.

actcore.<name>_backward(dy, x_or_y) = dy * f'(.), float32, one thread, out=
given; PyTorch's aten <name>_backward kernels with their out= (grad_input)
overloads where they have one.  Both libraries' sigmoid and tanh backward take
the forward's output y (dy y (1 - y), dy (1 - y^2): no exp), the others the
input x; the `takes` column says which.  ns/element, medians of repeated
batches, actcore's and torch's interleaved (actcore.bench.time_calls),
uniform(-8, 8) input.

    python tools/backward_speed.py
    python tools/backward_speed.py --functions gelu,silu --repeats 11
"""

import argparse

import numpy as np

import actcore
from actcore import _registry
from actcore.bench import ns_per_element_each

SIZES = {"256K": 256 * 1024, "4M": 4 * 1024 * 1024}


def torch_backward(name, dy, x, out):
    """(fn() running torch's backward of `name` into out, what it takes) or None."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    a = torch.ops.aten
    g, t, o = torch.from_numpy(dy), torch.from_numpy(x), torch.from_numpy(out)
    y = {"sigmoid": torch.sigmoid, "tanh": torch.tanh}.get(name, lambda v: v)(t)
    calls = {
        "relu": lambda: a.threshold_backward.grad_input(g, t, 0, grad_input=o),
        "sigmoid": lambda: a.sigmoid_backward.grad_input(g, y, grad_input=o),
        "tanh": lambda: a.tanh_backward.grad_input(g, y, grad_input=o),
        "elu": lambda: a.elu_backward.grad_input(g, 1.0, 1, 1, False, t, grad_input=o),
        "softplus": lambda: a.softplus_backward.grad_input(g, t, 1.0, 20.0, grad_input=o),
        "silu": lambda: a.silu_backward.grad_input(g, t, grad_input=o),
        "mish": lambda: a.mish_backward(g, t),                 # no out= overload
        "gelu": lambda: a.gelu_backward.grad_input(g, t, approximate="none", grad_input=o),
        "gelu_tanh": lambda: a.gelu_backward.grad_input(g, t, approximate="tanh",
                                                        grad_input=o),
    }
    if name not in calls:
        return None
    return calls[name], "y" if name in ("sigmoid", "tanh") else "x"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--functions",
                   default="relu,sigmoid,tanh,elu,softplus,silu,mish,gelu,gelu_tanh")
    p.add_argument("--repeats", type=int, default=9)
    args = p.parse_args()
    actcore.set_num_threads(1)
    rng = np.random.default_rng(0)
    print(f"ISA {actcore.config()['isa_selected']}, 1 thread, float32, ns/element (medians); "
          f"ratio = torch / actcore")
    print(f"{'function':<11}{'size':>5} {'actcore':>8} {'torch':>8} {'takes':>6} {'ratio':>7}")
    for label, n in SIZES.items():
        x = rng.uniform(-8, 8, n).astype(np.float32)
        dy = rng.standard_normal(n).astype(np.float32)
        out = np.empty_like(x)
        for name in args.functions.split(","):
            uf = getattr(actcore.ufuncs, f"{name}_backward")
            params = [np.float32(q.default) for q in _registry.BY_NAME[name].params]
            arg = getattr(actcore, name)(x) if name in ("sigmoid", "tanh") else x
            peer = torch_backward(name, dy, x, np.empty_like(x))
            t_ac, t_pt = ns_per_element_each(
                [lambda: uf(dy, arg, *params, out=out), peer[0] if peer else None], n, args.repeats)
            takes = peer[1] if peer else "-"
            print(f"{name:<11}{label:>5} {t_ac:8.3f} {t_pt:8.3f} {takes:>6} {t_pt / t_ac:6.2f}x",
                  flush=True)


if __name__ == "__main__":
    main()
