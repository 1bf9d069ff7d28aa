"""The block's cadence targets, from the runner's own step rate.

Heiderscheit et al. 2011, Med Sci Sports Exerc 43(2):296-302: +5% and +10% step rate at the same
speed lowered hip and knee loads, +10% lowering patellofemoral joint energy absorption further
(Lenhart 2014 likewise for patellofemoral stress). A block starts at +5% and moves to +10%
halfway (the order of the steps, not their size, is Kneecap's: *check*).
"""

from __future__ import annotations

import math

STEPS = (0.05, 0.10)  # Heiderscheit 2011
STEP_SOURCE = "Heiderscheit 2011 (+5% then +10% step rate lowers knee loads); Lenhart 2014"
# A step rate a watch or a video can report for running (steps/min); outside it the starting
# value is an error in the measurement, not a runner (Kneecap default).
PLAUSIBLE_SPM = (120.0, 230.0)


class InvalidBaseline(ValueError):
    pass


def checked_baseline(spm: float) -> float:
    lo, hi = PLAUSIBLE_SPM
    if not math.isfinite(spm) or not lo <= spm <= hi:
        raise InvalidBaseline(
            f"a starting step rate of {spm:.0f} steps/min is not a running cadence"
            f" ({lo:.0f}-{hi:.0f}); check the analysis"
        )
    return spm


def targets(baseline_spm: float, n_sessions: int, steps: tuple[float, ...] = STEPS) -> list[int]:
    """Target steps/min of each session: the steps in equal parts of the block, rounded."""
    checked_baseline(baseline_spm)
    per = math.ceil(n_sessions / len(steps))
    return [
        round(baseline_spm * (1 + steps[min(i // per, len(steps) - 1)])) for i in range(n_sessions)
    ]
