"""Peer implementations for the benchmark's --peers columns (optional).

PyTorch CPU and ONNX Runtime, each at its fastest documented call into a
given output buffer, as actcore's out=: torch functions with out=, and for
torch.nn.functional's activations, which take none, the ATen operator's out
overload (torch.ops.aten.gelu.out and the like; F.gelu's new tensor per call
cost torch up to 1.7x at 256K); selu and softsign have no out overload and
return a new tensor.  ONNX Runtime: a one-node model per operator run by an
InferenceSession, through IO binding into the buffer.  Neither is a
dependency: a peer that is not installed, or has no such function, simply
gives no column.
"""

import numpy as np

# name -> callable(torch, F) returning fn(t, out) for a float32 tensor t
TORCH = {
    "relu": lambda torch, F: lambda t, o: torch.clamp_min(t, 0, out=o),
    "relu6": lambda torch, F: lambda t, o: torch.clamp(t, 0, 6, out=o),
    "leaky_relu": lambda torch, F: lambda t, o: torch.ops.aten.leaky_relu.out(t, 0.01, out=o),
    "hard_sigmoid": lambda torch, F: lambda t, o: torch.ops.aten.hardsigmoid.out(t, out=o),
    "hard_tanh": lambda torch, F: lambda t, o: torch.clamp(t, -1, 1, out=o),
    "hard_swish": lambda torch, F: lambda t, o: torch.ops.aten.hardswish.out(t, out=o),
    "softsign": lambda torch, F: lambda t, o: F.softsign(t),
    "sigmoid": lambda torch, F: lambda t, o: torch.sigmoid(t, out=o),
    "log_sigmoid": lambda torch, F: lambda t, o: torch.ops.aten.log_sigmoid.out(t, out=o),
    "tanh": lambda torch, F: lambda t, o: torch.tanh(t, out=o),
    "exp": lambda torch, F: lambda t, o: torch.exp(t, out=o),
    "expm1": lambda torch, F: lambda t, o: torch.expm1(t, out=o),
    "log1p": lambda torch, F: lambda t, o: torch.log1p(t, out=o),
    "erf": lambda torch, F: lambda t, o: torch.erf(t, out=o),
    "erfc": lambda torch, F: lambda t, o: torch.erfc(t, out=o),
    "elu": lambda torch, F: lambda t, o: torch.ops.aten.elu.out(t, out=o),
    "selu": lambda torch, F: lambda t, o: F.selu(t),
    "celu": lambda torch, F: lambda t, o: torch.ops.aten.celu.out(t, out=o),
    "softplus": lambda torch, F: lambda t, o: torch.ops.aten.softplus.out(t, out=o),
    "silu": lambda torch, F: lambda t, o: torch.ops.aten.silu.out(t, out=o),
    "mish": lambda torch, F: lambda t, o: torch.ops.aten.mish.out(t, out=o),
    "gelu": lambda torch, F: lambda t, o: torch.ops.aten.gelu.out(t, out=o),
    "gelu_tanh": lambda torch, F: lambda t, o: torch.ops.aten.gelu.out(t, approximate="tanh",
                                                                   out=o),
}

# name -> (ONNX operator, attributes, extra constant inputs, opset)
ONNX = {
    "relu": ("Relu", {}, [], 17),
    "relu6": ("Clip", {}, [0.0, 6.0], 17),
    "leaky_relu": ("LeakyRelu", {"alpha": 0.01}, [], 17),
    "hard_sigmoid": ("HardSigmoid", {"alpha": 1 / 6, "beta": 0.5}, [], 17),
    "hard_tanh": ("Clip", {}, [-1.0, 1.0], 17),
    "hard_swish": ("HardSwish", {}, [], 17),
    "softsign": ("Softsign", {}, [], 17),
    "sigmoid": ("Sigmoid", {}, [], 17),
    "tanh": ("Tanh", {}, [], 17),
    "exp": ("Exp", {}, [], 17),
    "erf": ("Erf", {}, [], 17),
    "elu": ("Elu", {"alpha": 1.0}, [], 17),
    "selu": ("Selu", {}, [], 17),
    "celu": ("Celu", {"alpha": 1.0}, [], 17),
    "softplus": ("Softplus", {}, [], 17),
    "mish": ("Mish", {}, [], 18),
    "gelu": ("Gelu", {}, [], 20),
    "gelu_tanh": ("Gelu", {"approximate": "tanh"}, [], 20),
}


def available():
    """Names of the installed peers."""
    found = []
    for name, module in (("torch", "torch"), ("onnxruntime", "onnxruntime")):
        try:
            __import__(module)
            found.append(name)
        except ImportError:
            pass
    return found


def torch_callable(name, x, out, threads):
    """fn() running torch's version of `name` on x, or None."""
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        return None
    if name not in TORCH:
        return None
    torch.set_num_threads(threads)
    fn = TORCH[name](torch, F)
    t, o = torch.from_numpy(x), torch.from_numpy(out)
    return lambda: fn(t, o)


def onnx_callable(name, x, threads, out=None):
    """fn() running a one-node ONNX Runtime session of `name` on x, or None;
    with out (float32, x's shape), the session writes into it (IO binding),
    as the others' out=, instead of returning a new array."""
    try:
        import onnx
        import onnxruntime as ort
        from onnx import TensorProto, helper
    except ImportError:
        return None
    if name not in ONNX:
        return None
    op, attrs, constants, opset = ONNX[name]
    inputs = ["x"] + [f"c{i}" for i in range(len(constants))]
    inits = [helper.make_tensor(f"c{i}", TensorProto.FLOAT, [], [v])
             for i, v in enumerate(constants)]
    node = helper.make_node(op, inputs, ["y"], **attrs)
    graph = helper.make_graph(
        [node], name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N"])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N"])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    try:
        sess = ort.InferenceSession(model.SerializeToString(), opts,
                                    providers=["CPUExecutionProvider"])
    except Exception:          # an operator this ORT build does not have
        return None
    xc = np.ascontiguousarray(x, dtype=np.float32)
    if out is None:
        return lambda: sess.run(None, {"x": xc})
    binding = sess.io_binding()
    binding.bind_input("x", "cpu", 0, np.float32, list(xc.shape), xc.ctypes.data)
    binding.bind_output("y", "cpu", 0, np.float32, list(out.shape), out.ctypes.data)

    def run(bound=(xc, out)):   # the binding holds raw pointers: keep both arrays alive
        sess.run_with_iobinding(binding)
        return bound[1]
    return run
