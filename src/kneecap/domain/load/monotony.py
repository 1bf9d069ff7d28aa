"""Training monotony and strain, Foster's convention (Foster 1998, Med Sci Sports Exerc).

Monotony = mean of the 7 daily loads of a week / their standard deviation, rest days counted
as 0; strain = weekly load × monotony; monotony > 2 is flagged (rules.MONOTONY_LIMIT).
Foster does not say which SD; Kneecap uses the population SD (ddof 0: the 7 days are the
whole week, not a sample of it) everywhere it computes monotony. The sample SD (ddof 1) gives
monotony × √(6/7) ≈ 0.926 of this value; pass ddof=1 to compare with tools that use it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from kneecap.domain.load.rules import MONOTONY_LIMIT

MONOTONY_SD_DDOF = 0  # population SD, see above
MONOTONY_CONVENTION = "Foster 1998: weekly mean / population SD of the 7 daily loads"
__all__ = ["MONOTONY_CONVENTION", "MONOTONY_LIMIT", "MONOTONY_SD_DDOF", "rolling_monotony"]


def rolling_monotony(
    daily: npt.NDArray[np.float64], window: int = 7, ddof: int = MONOTONY_SD_DDOF
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(monotony, strain) for the window ending on each day; NaN for the first window−1 days
    and where the loads do not vary (SD 0 means monotony is undefined, e.g. all rest)."""
    x = np.asarray(daily, dtype=np.float64)
    c1 = np.cumsum(np.concatenate([np.zeros((*x.shape[:-1], 1)), x], axis=-1), axis=-1)
    c2 = np.cumsum(np.concatenate([np.zeros((*x.shape[:-1], 1)), x * x], axis=-1), axis=-1)
    s1 = c1[..., window:] - c1[..., :-window]
    s2 = c2[..., window:] - c2[..., :-window]
    mean = s1 / window
    var = np.maximum((s2 - window * mean * mean) / (window - ddof), 0.0)
    sd = np.sqrt(var)
    with np.errstate(divide="ignore", invalid="ignore"):
        mono_w = np.where(sd > 1e-9 * np.maximum(mean, 1.0), mean / sd, np.nan)
    pad = np.full((*x.shape[:-1], window - 1), np.nan)
    mono = np.concatenate([pad, mono_w], axis=-1)
    strain = np.concatenate([pad, s1 * mono_w], axis=-1)
    return mono, strain
