"""actcore.fast: fast approximate activations, float32 arithmetic only.

The same names, signatures, parameters and dtypes as the accurate functions
(``actcore.fast.sigmoid(x)``, ``actcore.fast.elu(x, alpha=1.0)``), computed
by float32 kernels with a documented maximum error instead of the accurate
kernels' <= 1 ULP.  Edge behaviour is the accurate functions': NaN
propagates, +-inf give the limits, saturation is exact (sigmoid(+big) == 1,
tanh(+-big) == +-1, elu(-big) == -alpha), subnormal results are right, no
floating-point warnings.  float64 input runs the accurate float64 kernels;
float16 computes in float32.  There is no global precision switch: the
choice is visible at the call.

``MAX_ERROR`` maps each name to ``(kind, bound)``, measured over all 2^32
float32 inputs against the registry's float64 references
(tools/accuracy_sweep.py --fast):

- ``'rel'``: ``|y - f| / max(|f|, 2**-126) <= bound`` (relative; subnormal
  results are measured against the smallest normal number);
- ``'abs'``: ``|y - f| / max(|f|, 1) <= bound`` (absolute where |f| < 1,
  relative above).

``softmax`` and ``log_softmax`` take the accurate functions' arguments (axis,
``where=``, ``out=``); their bound is measured over every float32 x in the
row (x, 0) and on random and adversarial rows.

The raw ufuncs are ``actcore.ufuncs.fast_<name>``.
"""

from actcore import _api, _axiswise, _registry

globals().update(_api.FAST)
globals().update(_axiswise.FAST)

MAX_ERROR = {a.name: (a.fast.kind, a.fast.bound)
             for a in _registry.ACTIVATIONS if a.fast is not None}
MAX_ERROR.update({name: (f.kind, f.bound) for name, f in _axiswise.FAST_MAX_ERROR.items()})

__all__ = sorted(list(_api.FAST) + list(_axiswise.FAST)) + ["MAX_ERROR"]
