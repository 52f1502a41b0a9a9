"""The raw ufuncs: parameters are ordinary inputs (``leaky_relu(x, slope)``)."""

from actcore._api import UFUNCS

globals().update(UFUNCS)
__all__ = sorted(UFUNCS)
