"""actcore: fast, accurate activation functions for NumPy.

Elementwise functions are real ufuncs with float32, float64 and float16 loops
(``actcore.relu``, ``actcore.sigmoid``, ...), each with ``<name>_grad`` and a
fused ``<name>_backward``.  See ``actcore.show_config()`` for the build.
"""

__version__ = "0.1.0"

from actcore import _api
from actcore._config import config, show_config
from actcore import _threads
from actcore._threads import get_num_threads, set_num_threads, threads
from actcore import ufuncs
from actcore import fast
from actcore._axiswise import (cross_entropy, cross_entropy_backward, log_softmax,
                               log_softmax_backward, logsumexp, softmax, softmax_backward)

globals().update(_api.PUBLIC)

_threads.set_num_threads(_threads.default_num_threads())

__all__ = sorted(_api.PUBLIC) + [
    "config", "fast", "get_num_threads", "set_num_threads", "show_config", "threads", "ufuncs",
    "softmax", "log_softmax", "logsumexp", "softmax_backward", "log_softmax_backward",
    "cross_entropy", "cross_entropy_backward",
]
