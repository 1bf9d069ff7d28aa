"""The runner's own heart-rate values as the clinician or the runner entered them.

All optional: a measured maximum heart rate replaces Tanaka's estimate from the date of birth
(trimp.py), a measured resting heart rate replaces the 60 bpm assumed, and sex chooses
Banister's weighting (men 0.64·e^(1.92x), women 0.86·e^(1.67x); Morton, Fitz-Clarke &
Banister 1990). Loads are recomputed from each session's time at each heart rate whenever
these change, so nothing stored has to be rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kneecap.domain.load.trimp import HR_MAX_RANGE, HR_REST_RANGE, HeartRateProfile, Sex


class InvalidPhysiology(ValueError):
    """`errors` maps a field name to what is wrong with it, in words."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class Physiology:
    sex: Sex | None = None
    hr_max: float | None = None  # measured maximum heart rate, bpm
    hr_rest: float | None = None  # measured resting heart rate, bpm

    def validated(self) -> Physiology:
        errors: dict[str, str] = {}
        lo, hi = HR_MAX_RANGE
        if self.hr_max is not None and not lo <= self.hr_max <= hi:
            errors["hr_max"] = f"enter a maximum heart rate between {lo:g} and {hi:g} bpm"
        lo, hi = HR_REST_RANGE
        if self.hr_rest is not None and not lo <= self.hr_rest <= hi:
            errors["hr_rest"] = f"enter a resting heart rate between {lo:g} and {hi:g} bpm"
        if (
            not errors
            and self.hr_max is not None
            and self.hr_rest is not None
            and self.hr_max <= self.hr_rest
        ):
            errors["hr_max"] = "the maximum heart rate must be above the resting heart rate"
        if errors:
            raise InvalidPhysiology(errors)
        return self


def heart_rate_profile(ph: Physiology, birth_date: date | None) -> HeartRateProfile:
    """Measured values where entered; HRmax else from the date of birth on each activity's
    day (Tanaka 2001); with neither, heart-rate sessions say why they carry no load."""
    return HeartRateProfile(
        ph.hr_rest, ph.hr_max, ph.sex, birth_date if ph.hr_max is None else None
    )
