"""Session load: Banister TRIMP from heart rate, else session-RPE × minutes (Foster 2001)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from kneecap.domain.load.activity import Activity


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


# Banister (1991) TRIMP weighting y = a·e^(b·x), x = heart-rate reserve fraction.
BANISTER = {Sex.MALE: (0.64, 1.92), Sex.FEMALE: (0.86, 1.67)}
# HRmax when the athlete has no measured value: Tanaka et al. 2001, 208 − 0.7·age.
TANAKA_A, TANAKA_B = 208.0, 0.7
DEFAULT_HR_REST = 60.0  # used only when no resting HR is recorded; say so in the UI
MAX_SAMPLE_GAP_S = 30.0  # longer gaps in the HR trace (pauses, dropouts) are not counted


@dataclass(frozen=True, slots=True)
class HeartRateProfile:
    hr_rest: float
    hr_max: float
    sex: Sex

    @staticmethod
    def from_age(age: float, sex: Sex, hr_rest: float | None = None) -> HeartRateProfile:
        return HeartRateProfile(hr_rest or DEFAULT_HR_REST, TANAKA_A - TANAKA_B * age, sex)


def banister_weight(
    x: float | npt.NDArray[np.float64], sex: Sex
) -> float | npt.NDArray[np.float64]:
    a, b = BANISTER[sex]
    return x * a * np.exp(b * x)


def trimp_from_average(minutes: float, avg_hr: float, p: HeartRateProfile) -> float:
    """Banister TRIMP = minutes · HRr · a·e^(b·HRr), HRr = (HR − rest)/(max − rest)."""
    x = min(max((avg_hr - p.hr_rest) / (p.hr_max - p.hr_rest), 0.0), 1.0)
    a, b = BANISTER[p.sex]
    return minutes * x * a * math.exp(b * x)


def trimp_from_trace(
    t_s: npt.NDArray[np.float64], bpm: npt.NDArray[np.float64], p: HeartRateProfile
) -> float:
    """Banister TRIMP summed sample by sample (each sample weights the time until the next)."""
    if t_s.size < 2:
        return 0.0
    dt = np.diff(t_s)
    dt = np.where((dt > 0) & (dt <= MAX_SAMPLE_GAP_S), dt, 0.0)
    x = np.clip((bpm[:-1] - p.hr_rest) / (p.hr_max - p.hr_rest), 0.0, 1.0)
    return float((dt / 60.0 * banister_weight(x, p.sex)).sum())


def session_rpe_load(minutes: float, rpe: float) -> float:
    """Foster et al. 2001: session load = session RPE (CR-10) × duration in minutes (AU)."""
    return minutes * rpe


def session_load(a: Activity, p: HeartRateProfile | None) -> tuple[float, str]:
    """(load, method). TRIMP when heart rate exists and a profile is known; else sRPE."""
    minutes = (a.moving_s or a.duration_s) / 60.0
    if p is not None and a.heart_rate is not None and a.heart_rate.t_s.size > 1:
        return trimp_from_trace(a.heart_rate.t_s, a.heart_rate.bpm, p), "trimp"
    if p is not None and a.avg_hr is not None:
        return trimp_from_average(minutes, a.avg_hr, p), "trimp-avg"
    if a.rpe is not None:
        return session_rpe_load(minutes, a.rpe), "srpe"
    return 0.0, "none"
