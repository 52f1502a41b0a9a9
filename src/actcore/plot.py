"""``python -m actcore plot``: the activations, their derivatives, and why depth hurts.

Two PNG files (matplotlib, the optional ``plot`` extra):

* a grid with every activation of the registry and its derivative, both
  computed by actcore's own float32 ufuncs (``f`` and ``f_grad``);
* the vanishing-gradient chart: through a chain of d layers the gradient is
  multiplied by one derivative per layer.  The upper bound is (max f')^d; with
  standard-normal pre-activations the expected product is (E f'(z))^d.  Both are
  drawn for sigmoid, tanh and ReLU against depth 1..30 on a log scale, with
  float32's smallest normal number marked: below it, gradients lose precision
  and then flush to zero.
"""

import numpy as np

from actcore import _registry

DEPTHS = np.arange(1, 31)
CHAIN = ("sigmoid", "tanh", "relu")


def _curves(a, x):
    import actcore
    params = [np.float32(p.default) for p in a.params]
    return getattr(actcore, a.name)(x, *params), getattr(actcore, f"{a.name}_grad")(x, *params)


def derivative_stats(name):
    """(max f'(x), E f'(z) for z ~ N(0, 1)) from actcore's float32 grad ufunc."""
    import actcore
    grad = getattr(actcore, f"{name}_grad")
    x = np.linspace(-10, 10, 200001, dtype=np.float32)
    z = np.random.default_rng(0).standard_normal(1_000_000).astype(np.float32)
    return float(grad(x).max()), float(grad(z).mean(dtype=np.float64))


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")          # files only, no display
    import matplotlib.pyplot as plt
    return plt


def subplot_grid(n, cell=(3.6, 2.8), cols=4):
    """A figure with n panels in rows of `cols` (unused cells hidden)."""
    plt = _pyplot()
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(cell[0] * cols, cell[1] * rows),
                             squeeze=False)
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    return fig, list(axes.flat)[:n]


def save(fig, path, title):
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    _pyplot().close(fig)


def plot_activations(path):
    acts = [a for a in _registry.ACTIVATIONS if getattr(a, "derivatives", True)]
    fig, axes = subplot_grid(len(acts))
    x = np.linspace(-6, 6, 1201, dtype=np.float32)
    for ax, a in zip(axes, acts):
        y, dy = _curves(a, x)
        ax.plot(x, y, label="f(x)")
        ax.plot(x, dy, "--", label="f'(x)")
        ax.axhline(0, color="gray", lw=0.5)
        ax.axvline(0, color="gray", lw=0.5)
        ax.set_title(a.name, fontsize=10)
        ax.set_ylim(-2, 3)
        ax.grid(True, alpha=0.3)
    axes[0].legend(fontsize=8)
    save(fig, path, "actcore activations and their derivatives (float32 ufuncs)")


def plot_vanishing_gradient(path):
    fig, ax = _pyplot().subplots(figsize=(10, 4.5))
    for name in CHAIN:
        top, mean = derivative_stats(name)
        line, = ax.plot(DEPTHS, top ** DEPTHS.astype(float), marker="o", ms=3,
                        label=f"{name}: (max f' = {top:.3g})^d")
        ax.plot(DEPTHS, mean ** DEPTHS.astype(float), "--", color=line.get_color(),
                label=f"{name}: (E f'(z) = {mean:.3g})^d, z ~ N(0,1)")
    tiny = float(np.finfo(np.float32).tiny)
    ax.axhline(tiny, color="red", lw=1)
    ax.text(15, tiny * 10, "float32 smallest normal (1.18e-38)", color="red", fontsize=8)
    ax.set_yscale("log")
    ax.set_ylim(tiny / 100, 10)
    ax.set_xlabel("depth d (layers)")
    ax.set_ylabel("product of derivatives through d layers")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
    save(fig, path, "Vanishing gradients: sigmoid and tanh against ReLU")


def main(args):
    plot_activations(args.out)
    print(f"wrote {args.out}")
    plot_vanishing_gradient(args.vanishing)
    print(f"wrote {args.vanishing}")
    return 0
