"""Exponentially weighted moving averages of daily load, and the acute:chronic ratio.

Conventions for the decay λ of an N-day average differ between tools; all three are here and
the one used is named in every result:
  * "runalyze":      λ = 2/(N+1)
  * "goldencheetah": λ = 1 − e^(−1/N)   (also intervals.icu; the Banister impulse-response form)
  * "trainingpeaks": λ = 1/N
Kneecap's default is "goldencheetah". The acute:chronic ratio is shown for information only: it
is mathematically coupled and predicts injury poorly (Lolli 2019; Impellizzeri 2020).

"Chronic" load has two meanings, both offered and always labelled:
  * 28 days: the chronic window of the acute:chronic ratio (Gabbett 2016; EWMA form Williams
    et al. 2017), whose 0.8-1.3 / 1.5 bands assume 7 vs 28 days - the default, and what the
    ratio always uses;
  * 42 days: GoldenCheetah's Chronic Training Load (Performance Manager: ATL 7, CTL 42 days,
    the Banister fitness time constant).
"""

from __future__ import annotations

import math
from enum import StrEnum

import numpy as np
import numpy.typing as npt

ACUTE_DAYS = 7
CHRONIC_DAYS = 28
CTL_DAYS = 42
DEFAULT_CHRONIC_DAYS = CHRONIC_DAYS
CHRONIC_LABELS = {
    CHRONIC_DAYS: "chronic load: 28-day EWMA, the base of the acute:chronic ratio",
    CTL_DAYS: "CTL: 42-day EWMA, GoldenCheetah's Chronic Training Load",
}
# Gabbett 2016 "sweet spot" and danger zone, shown as context, never as a decision
ACWR_SWEET_SPOT = (0.8, 1.3)
ACWR_DANGER = 1.5


class Decay(StrEnum):
    RUNALYZE = "runalyze"
    GOLDENCHEETAH = "goldencheetah"
    TRAININGPEAKS = "trainingpeaks"


def decay(n_days: int, convention: Decay = Decay.GOLDENCHEETAH) -> float:
    if convention is Decay.RUNALYZE:
        return 2.0 / (n_days + 1)
    if convention is Decay.TRAININGPEAKS:
        return 1.0 / n_days
    return 1.0 - math.exp(-1.0 / n_days)


def ewma(
    daily: npt.NDArray[np.float64],
    n_days: int,
    convention: Decay = Decay.GOLDENCHEETAH,
    start: float = 0.0,
) -> npt.NDArray[np.float64]:
    """EWMA over the last axis: x_t = x_{t−1} + λ·(load_t − x_{t−1}), x_{−1} = start.

    Computed in closed form with cumulative sums of scaled loads (vectorised over athletes);
    the loads are processed in blocks so the (1−λ)^−t factor never overflows.
    """
    lam = decay(n_days, convention)
    q = 1.0 - lam
    daily = np.asarray(daily, dtype=np.float64)
    out = np.empty_like(daily)
    n = daily.shape[-1]
    block = 256  # q^-256 stays far below float overflow for any N ≥ 2
    prev = np.full(daily.shape[:-1], start, dtype=np.float64)
    for s in range(0, n, block):
        chunk = daily[..., s : s + block]
        k = chunk.shape[-1]
        powers = q ** np.arange(1, k + 1)
        acc = np.cumsum(lam * chunk / powers, axis=-1)
        out[..., s : s + k] = powers * (prev[..., None] + acc)
        prev = out[..., s + k - 1]
    return out


def acwr(
    daily: npt.NDArray[np.float64], convention: Decay = Decay.GOLDENCHEETAH
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(acute, chronic, ratio); ratio is NaN where chronic load is zero."""
    a = ewma(daily, ACUTE_DAYS, convention)
    c = ewma(daily, CHRONIC_DAYS, convention)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(c > 1e-9, a / c, np.nan)
    return a, c, r
