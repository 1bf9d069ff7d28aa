"""Training monotony and strain (Foster 1998).

Monotony = mean of the 7 daily loads of a week / their standard deviation (population SD, as
in Foster's worked example); strain = weekly load × monotony. Monotony > 2 is flagged.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

MONOTONY_LIMIT = 2.0  # Foster 1998


def rolling_monotony(
    daily: npt.NDArray[np.float64], window: int = 7
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(monotony, strain) for the window ending on each day; NaN for the first window−1 days
    and where the loads do not vary (SD 0 means monotony is undefined, e.g. all rest)."""
    x = np.asarray(daily, dtype=np.float64)
    c1 = np.cumsum(np.concatenate([np.zeros((*x.shape[:-1], 1)), x], axis=-1), axis=-1)
    c2 = np.cumsum(np.concatenate([np.zeros((*x.shape[:-1], 1)), x * x], axis=-1), axis=-1)
    s1 = c1[..., window:] - c1[..., :-window]
    s2 = c2[..., window:] - c2[..., :-window]
    mean = s1 / window
    var = np.maximum(s2 / window - mean * mean, 0.0)
    sd = np.sqrt(var)
    with np.errstate(divide="ignore", invalid="ignore"):
        mono_w = np.where(sd > 1e-9 * np.maximum(mean, 1.0), mean / sd, np.nan)
    pad = np.full((*x.shape[:-1], window - 1), np.nan)
    mono = np.concatenate([pad, mono_w], axis=-1)
    strain = np.concatenate([pad, s1 * mono_w], axis=-1)
    return mono, strain
