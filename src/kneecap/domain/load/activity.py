"""Activity records: what the load engine needs from one session of exercise.

Readers (FIT/GPX/TCX/exports) produce these; the domain never reads files itself.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from kneecap.domain.load.hr_samples import HrHistogram, histogram_from_samples
from kneecap.domain.load.provenance import Issue, IssueCode, SportCall


class Sport(StrEnum):
    RUN = "run"
    WALK = "walk"
    HIKE = "hike"
    RIDE = "ride"
    SWIM = "swim"
    ROW = "row"
    SKI = "ski"
    PADDLE = "paddle"
    STRENGTH = "strength"
    TRANSITION = "transition"
    OTHER = "other"


# Sports that load the knee like running does; everything else counts as cross-training.
RUNNING_SPORTS = frozenset({Sport.RUN})


@dataclass(frozen=True, slots=True)
class HeartRateTrace:
    """Heart-rate samples: seconds since the activity start and beats per minute."""

    t_s: npt.NDArray[np.float64]
    bpm: npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Activity:
    """One activity (one session of a multisport file is one activity)."""

    sport: Sport
    start: datetime  # timezone-aware, UTC
    duration_s: float  # elapsed
    moving_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence_spm: float | None = None  # steps/min for on-foot sports
    avg_cadence_rpm: float | None = None  # revolutions/strokes per minute for others
    avg_power_w: float | None = None
    vertical_oscillation_mm: float | None = None
    stance_time_ms: float | None = None
    step_length_mm: float | None = None
    vertical_ratio_pct: float | None = None
    gear: str | None = None
    rpe: float | None = None  # 0–10 (Borg CR-10)
    name: str | None = None
    source: str = ""  # file name (inside an archive: archive!member)
    sub_sport: str | None = None
    heart_rate: HeartRateTrace | None = field(default=None, compare=False, repr=False)
    # time at each heart rate: what loads are recomputed from when HRmax or rest HR change
    hr_seconds: HrHistogram | None = field(default=None, compare=False, repr=False)
    sport_call: SportCall = field(default_factory=SportCall)
    issues: tuple[Issue, ...] = ()

    @property
    def dedup_key(self) -> str:
        return dedup_key(self.sport, self.start)

    @property
    def hr_histogram(self) -> HrHistogram | None:
        """The stored histogram, else one built from the trace."""
        if self.hr_seconds is not None:
            return self.hr_seconds
        h = self.heart_rate
        return None if h is None else histogram_from_samples(h.t_s, h.bpm)

    @property
    def needs_confirmation(self) -> bool:
        return self.sport_call.needs_confirmation or any(i.needs_confirmation for i in self.issues)

    @property
    def counts_as_running(self) -> bool:
        """A run whose sport nobody has to confirm: only these drive the running guardrails,
        so a ride guessed as a run cannot move them before the runner says so."""
        return self.sport in RUNNING_SPORTS and not self.sport_call.needs_confirmation

    @property
    def date_unconfirmed(self) -> bool:
        """Its date cannot be trusted until someone confirms it: kept out of the series."""
        return any(i.needs_confirmation and i.code in DATE_CODES for i in self.issues)


DATE_CODES = frozenset(
    {IssueCode.DATE_IMPLAUSIBLE, IssueCode.CLOCK_NOT_SET, IssueCode.DATE_FROM_FILE}
)


def dedup_key(sport: Sport, start: datetime) -> str:
    """Stable identity of an activity across re-imports and sources.

    Sport plus start time to the minute (UTC): the same activity exported as a FIT file, as a
    Strava CSV row or as a Garmin JSON summary agrees on these two, while distance differs
    between sources (GPS smoothing), so distance is deliberately left out.
    """
    minute = start.astimezone(UTC).replace(second=0, microsecond=0)
    raw = f"{sport.value}|{minute.isoformat()}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]
