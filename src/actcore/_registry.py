"""The one table of elementwise functions.

Each :class:`Activation` row drives everything built per function: the three
ufuncs (forward, ``_grad``, ``_backward``), the keyword wrappers of parametric
functions, the docstrings, the tests' float64 references, the benchmarks'
NumPy idioms and the parallel threshold.  Adding a function is one row here
plus its scalar math in ``_kernels/functions.h``.

References are float64 NumPy formulations chosen independently of the kernels
(``logaddexp``, ``cosh``...) so a test compares two different computations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Param:
    name: str
    default: float
    doc: str


@dataclass(frozen=True)
class Activation:
    name: str
    group: str
    summary: str
    formula: str                      # forward formula, for docs
    grad_formula: str                 # derivative formula, for docs
    reference: Callable               # float64 reference f(x, *params)
    grad_reference: Callable          # float64 reference f'(x, *params)
    idiom: Callable                   # the NumPy expression people write today
    cost_ns: float                    # measured serial ns/element (AVX2, in L2)
    params: tuple[Param, ...] = ()
    backward_input: str = "x"         # 'y': backward takes the forward output
    grad_from_output: Callable | None = None  # f' as a function of y = f(x), for 'y'
    ulp: float = 1.0                  # float32 max error, ULP, all 2^32 inputs
    grad_ulp: float = 1.0
    method: str = ""                  # how the float32 kernel computes it

    @property
    def nparams(self):
        return len(self.params)


# ------------------------------------------------------------ float64 references

def _sigmoid(x):
    return np.exp(-np.logaddexp(0.0, -x))


def _relu6(x):
    return np.minimum(np.maximum(x, 0.0), 6.0)


def _inside(x, lo, hi):
    """1.0 strictly inside (lo, hi), 0.0 outside, NaN for NaN."""
    return np.where(np.isnan(x), np.nan, ((x > lo) & (x < hi)).astype(np.float64))


def _relu_grad(x):
    return np.where(np.isnan(x), np.nan, (x > 0).astype(np.float64))


def _hard_swish_grad(x):
    return np.where(x < -3, 0.0, np.where(x > 3, 1.0, (2.0 * x + 3.0) / 6.0))


# ------------------------------------------------------------------- the table

ACTIVATIONS: tuple[Activation, ...] = (
    Activation(
        name="relu", group="ReLU family", summary="Rectified linear unit.",
        formula="relu(x) = max(x, 0)", grad_formula="relu'(x) = 1 if x > 0 else 0",
        reference=lambda x: np.maximum(x, 0.0), grad_reference=_relu_grad,
        idiom=lambda x: np.maximum(x, 0), cost_ns=0.1, ulp=0, grad_ulp=0,
        method="a select; exact"),
    Activation(
        name="relu6", group="ReLU family", summary="ReLU clipped at 6.",
        formula="relu6(x) = min(max(x, 0), 6)",
        grad_formula="relu6'(x) = 1 if 0 < x < 6 else 0",
        reference=_relu6, grad_reference=lambda x: _inside(x, 0.0, 6.0),
        idiom=lambda x: np.clip(x, 0, 6), cost_ns=0.1, ulp=0, grad_ulp=0,
        method="selects; exact"),
    Activation(
        name="leaky_relu", group="ReLU family", summary="Leaky ReLU.",
        formula="leaky_relu(x, s) = x if x >= 0 else s * x",
        grad_formula="leaky_relu'(x, s) = 1 if x > 0 else s",
        params=(Param("negative_slope", 0.01, "slope for x < 0"),),
        reference=lambda x, s: np.where(x < 0, x * s, x),
        grad_reference=lambda x, s: np.where(np.isnan(x), np.nan, np.where(x > 0, 1.0, s)),
        idiom=lambda x, s: np.where(x > 0, x, x * s), cost_ns=0.1, ulp=0.5, grad_ulp=0,
        method="a select and one product; correctly rounded"),
    Activation(
        name="hard_sigmoid", group="sigmoid family",
        summary="Piecewise-linear sigmoid (PyTorch's hardsigmoid).",
        formula="hard_sigmoid(x) = relu6(x + 3) / 6",
        grad_formula="hard_sigmoid'(x) = 1/6 if -3 < x < 3 else 0",
        reference=lambda x: _relu6(x + 3.0) / 6.0,
        grad_reference=lambda x: _inside(x, -3.0, 3.0) / 6.0,
        idiom=lambda x: np.clip(x / 6 + 0.5, 0, 1), cost_ns=0.15, ulp=1, grad_ulp=0.5,
        method="x + 3 then one division; faithfully rounded"),
    Activation(
        name="hard_tanh", group="sigmoid family", summary="tanh clipped to a line.",
        formula="hard_tanh(x) = min(max(x, -1), 1)",
        grad_formula="hard_tanh'(x) = 1 if -1 < x < 1 else 0",
        reference=lambda x: np.minimum(np.maximum(x, -1.0), 1.0),
        grad_reference=lambda x: _inside(x, -1.0, 1.0),
        idiom=lambda x: np.clip(x, -1, 1), cost_ns=0.1, ulp=0, grad_ulp=0,
        method="selects; exact"),
    Activation(
        name="hard_swish", group="smooth", summary="Hard swish (MobileNetV3).",
        formula="hard_swish(x) = x * relu6(x + 3) / 6",
        grad_formula="hard_swish'(x) = 0 if x < -3, 1 if x > 3, else (2x + 3) / 6",
        reference=lambda x: np.where(x <= -3, 0.0, x * _relu6(x + 3.0) / 6.0),
        grad_reference=_hard_swish_grad,
        idiom=lambda x: x * np.clip(x + 3, 0, 6) / 6, cost_ns=0.2, ulp=0.5, grad_ulp=1,
        method="evaluated in float64 and rounded once"),
    Activation(
        name="softsign", group="sigmoid family", summary="Softsign.",
        formula="softsign(x) = x / (1 + |x|)",
        grad_formula="softsign'(x) = 1 / (1 + |x|)^2",
        reference=lambda x: np.where(np.isinf(x), np.sign(x), x / (1.0 + np.abs(x))),
        grad_reference=lambda x: (1.0 / (1.0 + np.abs(x))) ** 2,
        idiom=lambda x: x / (1 + np.abs(x)), cost_ns=0.3, ulp=0.5, grad_ulp=0.5,
        method="evaluated in float64 and rounded once"),
    Activation(
        name="sigmoid", group="sigmoid family", summary="Logistic sigmoid.",
        formula="sigmoid(x) = 1 / (1 + exp(-x))",
        grad_formula="sigmoid'(x) = sigmoid(x) * sigmoid(-x)",
        reference=_sigmoid,
        grad_reference=lambda x: _sigmoid(x) * _sigmoid(-x),
        idiom=lambda x: 1 / (1 + np.exp(-x)), cost_ns=0.3,
        backward_input="y", grad_from_output=lambda y: y * (1.0 - y),
        ulp=2, grad_ulp=2,
        method="e = exp(-|x|); e / (1 + e) reflected for x > 0"),
    Activation(
        name="log_sigmoid", group="sigmoid family", summary="Log of the sigmoid.",
        formula="log_sigmoid(x) = -log(1 + exp(-x))",
        grad_formula="log_sigmoid'(x) = sigmoid(-x)",
        reference=lambda x: -np.logaddexp(0.0, -x),
        grad_reference=lambda x: _sigmoid(-x),
        idiom=lambda x: -np.logaddexp(0, -x), cost_ns=0.5,
        ulp=2, grad_ulp=2,
        method="min(x, 0) - log1p(exp(-|x|))"),
    Activation(
        name="tanh", group="sigmoid family", summary="Hyperbolic tangent.",
        formula="tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))",
        grad_formula="tanh'(x) = 1 - tanh(x)^2 = 1 / cosh(x)^2",
        reference=np.tanh, grad_reference=lambda x: 1.0 / np.cosh(x) ** 2,
        idiom=np.tanh, cost_ns=0.3, ulp=2, grad_ulp=2,
        backward_input="y", grad_from_output=lambda y: (1.0 - y) * (1.0 + y),
        method="expm1(-2|x|) / (2 + expm1(-2|x|)) with the sign restored"),
)

BY_NAME = {a.name: a for a in ACTIVATIONS}


# ---------------------------------------------------------------- ufunc specs

@dataclass(frozen=True)
class UfuncSpec:
    """One ufunc to create: the kernel name, its inputs, its cost and its doc."""
    name: str
    activation: Activation
    kind: str        # 'forward', 'grad' or 'backward'
    nin: int
    cost_ns: float
    doc: str

    @property
    def ulp(self):
        """float32 error bound in ULP; backward adds the rounding of dy * f'."""
        a = self.activation
        return {"forward": a.ulp, "grad": a.grad_ulp}.get(self.kind, a.grad_ulp + 1.0)

    def reference(self, *inputs):
        """float64 reference taking the same inputs as the ufunc."""
        a = self.activation
        with np.errstate(all="ignore"):
            inputs = [np.asarray(v, dtype=np.float64) for v in inputs]
            if self.kind == "forward":
                return a.reference(*inputs)
            if self.kind == "grad":
                return a.grad_reference(*inputs)
            dy, v, *params = inputs
            grad = a.grad_from_output(v) if a.backward_input == "y" else a.grad_reference(v, *params)
            return dy * grad


def _bound(ulp):
    if ulp == 0:
        return "exact"
    if ulp <= 0.5:
        return "correctly rounded (at most 0.5 ULP)"
    return f"at most {ulp:g} ULP"


def _params_doc(a):
    return "".join(f"{p.name} : array_like, default {p.default!r}\n    {p.doc}.\n"
                   for p in a.params)


def _doc(a, kind):
    params = _params_doc(a)
    if kind == "forward":
        head = f"{a.summary}\n\n    {a.formula}\n"
        inputs = f"x : array_like\n    Input.\n{params}"
        bound = a.ulp
    elif kind == "grad":
        head = f"Derivative of {a.name} with respect to its input.\n\n    {a.grad_formula}\n"
        inputs = f"x : array_like\n    Input of the forward function.\n{params}"
        bound = a.grad_ulp
    else:
        which = "y : array_like\n    Output of the forward function." if a.backward_input == "y" \
            else "x : array_like\n    Input of the forward function."
        head = (f"Backward pass of {a.name}: dy * {a.name}'(.), fused in one pass.\n\n"
                f"    {a.grad_formula}\n")
        inputs = f"dy : array_like\n    Upstream gradient.\n{which}\n{params}"
        bound = a.grad_ulp + 1.0
    method = f"\nfloat32 method: {a.method}.\n" if a.method and kind == "forward" else ""
    return (f"{head}{method}\n"
            f"Accuracy (float32, over all 2^32 inputs, against a float64 reference "
            f"rounded to float32): {_bound(bound)}.  float64 uses the same formulation "
            f"on libm; float16 computes in float32.\n\n"
            f"Parameters\n----------\n{inputs}out, where, casting, dtype, ...\n"
            f"    As for any NumPy ufunc.\n\n"
            f"Returns\n-------\nndarray\n    float32 for float32 input, float64 for float64, "
            f"float16 for float16.\n")


def ufunc_specs():
    """Every ufunc the registry asks for, in a stable order."""
    specs = []
    for a in ACTIVATIONS:
        n = 1 + a.nparams
        specs.append(UfuncSpec(a.name, a, "forward", n, a.cost_ns, _doc(a, "forward")))
        specs.append(UfuncSpec(f"{a.name}_grad", a, "grad", n, a.cost_ns, _doc(a, "grad")))
        specs.append(UfuncSpec(f"{a.name}_backward", a, "backward", n + 1, a.cost_ns,
                               _doc(a, "backward")))
    return specs
