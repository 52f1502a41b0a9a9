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
        same = (got == ref) | (np.isnan(got) & np.isnan(ref))
        err = np.abs(got.astype(np.float64) - ref.astype(np.float64)) / np.spacing(
            np.abs(ref)).astype(np.float64)
    err = np.where(same, 0.0, err)
    return np.where(np.isnan(err), np.inf, err)
