"""Session load on two scales that are never added together:

* TRIMP (Banister 1991): minutes × HRr × a·e^(b·HRr), HRr = (HR − rest) / (max − rest), from
  the session's time at each heart rate (hr_samples.py), else its average heart rate;
* session-RPE (Foster et al. 2001): RPE (CR-10) × minutes.
Both are arbitrary units of different size; no published conversion between them holds across
athletes (Foster 2001 reports correlations, not an exchange rate), so each keeps its own
series and the analysis names the scale it shows (analysis.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from kneecap.domain.load.activity import Activity
from kneecap.domain.load.hr_samples import MAX_SAMPLE_GAP_S, HrHistogram

F = npt.NDArray[np.float64]


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class LoadScale(StrEnum):
    TRIMP = "trimp"
    SRPE = "srpe"


# Banister weighting y = a·e^(b·x) (Morton, Fitz-Clarke & Banister 1990): men 0.64/1.92,
# women 0.86/1.67.
BANISTER = {Sex.MALE: (0.64, 1.92), Sex.FEMALE: (0.86, 1.67)}
# Sex not recorded: the women's weighting is used and named. For every HRr in 0..1 it is the
# larger of the two (they cross only at HRr 1.18), so a load is never understated for want
# of a field.
UNKNOWN_SEX_WEIGHTING = Sex.FEMALE
# HRmax when none was measured: Tanaka, Monahan & Seals 2001 (J Am Coll Cardiol), 208 − 0.7·age.
TANAKA_A, TANAKA_B = 208.0, 0.7
# Resting HR when none was measured: 60 bpm, the lower end of the adult normal range
# (60–100), assumed and said; measured values replace it.
DEFAULT_HR_REST = 60.0
HR_REST_RANGE = (25.0, 120.0)  # outside: not a resting heart rate, refuse it
HR_MAX_RANGE = (100.0, 240.0)


class HrMaxSource(StrEnum):
    MEASURED = "measured"
    TANAKA = "tanaka"  # estimated from age


def tanaka_hr_max(age_years: float) -> float:
    return TANAKA_A - TANAKA_B * age_years


def age_on(birth: date, day: date) -> float:
    return (day - birth).days / 365.2425


@dataclass(frozen=True, slots=True)
class HeartRateProfile:
    """The runner's own heart-rate values; whatever is missing is estimated and said so.

    HRmax: the measured value, else Tanaka from the age on each activity's day (birth_date),
    else (from_age) from an age given once. Positional (hr_rest, hr_max, sex) as before.
    """

    hr_rest: float | None = None
    hr_max: float | None = None
    sex: Sex | None = None
    birth_date: date | None = None
    hr_max_source: HrMaxSource = HrMaxSource.MEASURED

    def __post_init__(self) -> None:
        lo, hi = HR_REST_RANGE
        if self.hr_rest is not None and not lo <= self.hr_rest <= hi:
            raise ValueError(f"resting heart rate {self.hr_rest:g} bpm is outside {lo:g}–{hi:g}")
        lo, hi = HR_MAX_RANGE
        if self.hr_max is not None and not lo <= self.hr_max <= hi:
            raise ValueError(f"maximum heart rate {self.hr_max:g} bpm is outside {lo:g}–{hi:g}")
        if self.hr_max is not None and self.hr_max <= self.rest:
            raise ValueError("maximum heart rate must be above the resting heart rate")

    @staticmethod
    def from_age(age: float, sex: Sex | None, hr_rest: float | None = None) -> HeartRateProfile:
        return HeartRateProfile(hr_rest, tanaka_hr_max(age), sex, hr_max_source=HrMaxSource.TANAKA)

    @property
    def rest(self) -> float:
        return self.hr_rest if self.hr_rest is not None else DEFAULT_HR_REST

    @property
    def weighting(self) -> Sex:
        return self.sex if self.sex is not None else UNKNOWN_SEX_WEIGHTING

    @property
    def has_hr_max(self) -> bool:
        return self.hr_max is not None or self.birth_date is not None

    def hr_max_on(self, day: date) -> float | None:
        if self.hr_max is not None:
            return self.hr_max
        if self.birth_date is not None:
            return tanaka_hr_max(age_on(self.birth_date, day))
        return None

    def describe(self) -> str:
        """How the profile's numbers were obtained, in words for the load page."""
        if self.hr_max is not None and self.hr_max_source is HrMaxSource.MEASURED:
            mx = f"measured maximum heart rate {self.hr_max:.0f} bpm"
        elif self.hr_max is not None:
            mx = f"maximum heart rate {self.hr_max:.0f} bpm estimated from age (Tanaka 2001)"
        elif self.birth_date is not None:
            mx = "maximum heart rate estimated from age on each day (Tanaka 2001: 208 − 0.7 × age)"
        else:
            mx = "no maximum heart rate (neither measured nor a date of birth)"
        rest = (
            f"measured resting heart rate {self.hr_rest:.0f} bpm"
            if self.hr_rest is not None
            else f"resting heart rate {DEFAULT_HR_REST:.0f} bpm assumed (none measured)"
        )
        sex = (
            f"the {self.sex.value} weighting"
            if self.sex is not None
            else f"the {UNKNOWN_SEX_WEIGHTING.value} weighting (sex not recorded)"
        )
        return f"{mx}, {rest}, {sex}"


def banister_weight(x: float | F, sex: Sex) -> float | F:
    a, b = BANISTER[sex]
    return x * a * np.exp(b * x)


def _hrr(bpm: float | F, rest: float, hr_max: float) -> float | F:
    return np.clip((bpm - rest) / (hr_max - rest), 0.0, 1.0)


def trimp_from_average(
    minutes: float, avg_hr: float, p: HeartRateProfile, day: date | None = None
) -> float:
    """Banister TRIMP = minutes · HRr · a·e^(b·HRr) from the session's average heart rate."""
    mx = p.hr_max_on(day) if day is not None else p.hr_max
    if mx is None:
        raise ValueError("no maximum heart rate in the profile")
    x = float(_hrr(avg_hr, p.rest, mx))
    a, b = BANISTER[p.weighting]
    return minutes * x * a * math.exp(b * x)


def trimp_from_histogram(h: HrHistogram, p: HeartRateProfile, day: date | None = None) -> float:
    """Banister TRIMP summed over the time at each heart rate."""
    mx = p.hr_max_on(day) if day is not None else p.hr_max
    if mx is None:
        raise ValueError("no maximum heart rate in the profile")
    x = _hrr(h.bpm, p.rest, mx)
    return float((h.seconds / 60.0 * banister_weight(x, p.weighting)).sum())


def trimp_from_trace(t_s: F, bpm: F, p: HeartRateProfile) -> float:
    """Banister TRIMP summed sample by sample (each sample weights the time until the next)."""
    if t_s.size < 2 or p.hr_max is None:
        return 0.0
    dt = np.diff(t_s)
    dt = np.where((dt > 0) & (dt <= MAX_SAMPLE_GAP_S), dt, 0.0)
    x = _hrr(bpm[:-1], p.rest, p.hr_max)
    return float((dt / 60.0 * banister_weight(x, p.weighting)).sum())


def session_rpe_load(minutes: float, rpe: float) -> float:
    """Foster et al. 2001: session load = session RPE (CR-10) × duration in minutes (AU)."""
    return minutes * rpe


@dataclass(frozen=True, slots=True)
class SessionLoad:
    """One session's load on each scale it can be computed on; `reason` when on none."""

    trimp: float | None = None
    srpe: float | None = None
    method: str = "none"  # "trimp" (time at each HR), "trimp-avg", "srpe" or "none"
    reason: str | None = None

    def on(self, scale: LoadScale) -> float | None:
        return self.trimp if scale is LoadScale.TRIMP else self.srpe


def session_loads(a: Activity, p: HeartRateProfile | None) -> SessionLoad:
    minutes = (a.moving_s or a.duration_s) / 60.0
    day = a.start.date()
    srpe = session_rpe_load(minutes, a.rpe) if a.rpe is not None else None
    hist = a.hr_histogram
    has_hr = hist is not None or a.avg_hr is not None
    if has_hr and p is not None and p.has_hr_max:
        if hist is not None and hist.total_s > 0:
            return SessionLoad(trimp_from_histogram(hist, p, day), srpe, "trimp")
        if a.avg_hr is not None:
            return SessionLoad(trimp_from_average(minutes, a.avg_hr, p, day), srpe, "trimp-avg")
    if srpe is not None:
        return SessionLoad(None, srpe, "srpe")
    if has_hr:
        return SessionLoad(reason="heart rate was recorded, but no maximum heart rate is known"
                           " (none measured and no date of birth), so it cannot be turned into"
                           " a load")  # fmt: skip
    return SessionLoad(reason="no heart rate and no RPE: nothing to compute a load from")
