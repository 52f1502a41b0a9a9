"""How accuracy is measured: one definition for the tests and the sweep tool.

Not imported by actcore itself.
"""

import numpy as np


def ulp_error(got, ref64, dtype=np.float32):
    """|got - round(ref64)| in ULPs of the rounded reference.

    The unit is the spacing of dtype at the rounded reference (the subnormal
    spacing at zero).  Equal values (including equal infinities and NaN against
    NaN) are 0; a NaN or infinity mismatch is inf.
    """
    got = np.asarray(got, dtype=dtype)
    with np.errstate(all="ignore"):
        ref = np.asarray(ref64).astype(dtype)
        off = ~((got == ref) | (np.isnan(got) & np.isnan(ref)))
        err = np.zeros(np.broadcast(got, ref).shape)
        # only the (usually few) inputs that differ are measured
        g, r = np.broadcast_to(got, err.shape)[off], np.broadcast_to(ref, err.shape)[off]
        e = np.abs(g.astype(np.float64) - r.astype(np.float64)) / np.spacing(
            np.abs(r)).astype(np.float64)
        err[off] = np.where(np.isnan(e), np.inf, e)
    return err
