"""How closely a run kept the block's target step rate, from the watch's per-record cadence.

FIT record cadence is strides (cycles) per minute for running, with a fractional part in
1/128ths (FIT profile: record.cadence, record.fractional_cadence); steps/min = 2 x (cadence +
fractional / 128). Readers convert before anything here sees the numbers: a trace is in
steps/min.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from kneecap.domain.load.pain import PainEntry, PainZone, pain_zone, worse_next_morning

# Within +-3 steps/min of the target counts as on target: the tolerance the issue gives for
# retraining feedback (Kneecap default, *check*: no trial reports one).
BAND_SPM = 3.0
# Below this a sample is walking or standing, not running (Kneecap default): it is left out of
# the time on target, as the runner was not running then.
RUNNING_MIN_SPM = 120.0
# A gap longer than this between samples is a pause: it counts as no time.
MAX_SAMPLE_GAP_S = 10.0
# Too little running cadence to judge a run (Kneecap default).
MIN_RUNNING_S = 60.0

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class CadenceTrace:
    """Steps/min at seconds since the run's start, in time order."""

    t_s: FloatArray
    spm: FloatArray


class RunStatus(StrEnum):
    MEASURED = "measured"  # per-record cadence read
    AVERAGE_ONLY = "average-only"  # only the session's average cadence is known
    NO_CADENCE = "no-cadence"  # the run has no cadence at all
    TOO_SHORT = "too-short"  # less than a minute of running cadence
    VIDEO_ONLY = "video-only"  # the session's cue is one a watch cannot measure (posture)


@dataclass(frozen=True, slots=True)
class RunAdherence:
    status: RunStatus
    target_spm: float | None  # None: the session has no step-rate target
    running_s: float = 0.0
    within_s: float = 0.0
    mean_spm: float | None = None
    first_third_spm: float | None = None
    last_third_spm: float | None = None

    @property
    def within_share(self) -> float | None:
        return self.within_s / self.running_s if self.running_s > 0 else None

    @property
    def drift_spm(self) -> float | None:
        """Change from the first third of the running to the last (negative: slowed)."""
        if self.first_third_spm is None or self.last_third_spm is None:
            return None
        return self.last_third_spm - self.first_third_spm

    @property
    def message(self) -> str:
        if self.status is RunStatus.VIDEO_ONLY:
            return "Run done. A watch cannot measure trunk lean: the follow-up video checks it" + (
                f"; this run's step rate averaged {self.mean_spm:.0f}." if self.mean_spm else "."
            )
        if self.status is RunStatus.NO_CADENCE:
            return "This run has no cadence data: the watch did not record step rate."
        if self.status is RunStatus.AVERAGE_ONLY:
            return (
                "Only the run's average cadence is known (no per-second records), so time on"
                " target cannot be measured."
            )
        if self.status is RunStatus.TOO_SHORT:
            return "Less than a minute of running cadence: too little to judge."
        share = self.within_share or 0.0
        return (
            f"{share:.0%} of the running within ±{BAND_SPM:.0f} steps/min of"
            f" {self.target_spm or 0:.0f}"
        )


def from_trace(trace: CadenceTrace, target_spm: float) -> RunAdherence:
    """Time within the band, the mean, and the drift over the run, time-weighted."""
    t, spm = np.asarray(trace.t_s, float), np.asarray(trace.spm, float)
    ok = np.isfinite(t) & np.isfinite(spm)
    t, spm = t[ok], spm[ok]
    if t.size == 0 or not (spm > 0).any():
        return RunAdherence(RunStatus.NO_CADENCE, target_spm)
    order = np.argsort(t, kind="stable")
    t, spm = t[order], spm[order]
    # each sample holds until the next one (the last one for a second), a pause counts one second
    dt = np.append(np.diff(t), 1.0)
    dt = np.where(dt > MAX_SAMPLE_GAP_S, 1.0, dt)
    run = spm >= RUNNING_MIN_SPM
    w = np.where(run, dt, 0.0)
    running = float(w.sum())
    if running < MIN_RUNNING_S:
        return RunAdherence(RunStatus.TOO_SHORT, target_spm, running_s=running)
    within = float(w[np.abs(spm - target_spm) <= BAND_SPM].sum())
    mean = float((spm * w).sum() / running)
    cum = np.cumsum(w)
    first = (cum <= running / 3) & run
    last = (cum > 2 * running / 3) & run
    return RunAdherence(
        RunStatus.MEASURED, target_spm, running, within, mean,
        _wmean(spm[first], w[first]), _wmean(spm[last], w[last]),
    )  # fmt: skip


def _wmean(x: FloatArray, w: FloatArray) -> float | None:
    s = float(w.sum())
    return float((x * w).sum() / s) if s > 0 else None


def video_only(mean_spm: float | None) -> RunAdherence:
    """A posture session: the run counts, its step rate only for information."""
    return RunAdherence(RunStatus.VIDEO_ONLY, None, mean_spm=mean_spm)


def from_average(avg_spm: float | None, target_spm: float) -> RunAdherence:
    """A run without records: its average cadence, if it has one."""
    if avg_spm is None or avg_spm <= 0:
        return RunAdherence(RunStatus.NO_CADENCE, target_spm)
    return RunAdherence(RunStatus.AVERAGE_ONLY, target_spm, mean_spm=avg_spm)


@dataclass(frozen=True, slots=True)
class PainOnRun:
    during: float | None
    next_morning: float | None
    zone: PainZone | None
    worse_next_morning: bool


def pain_on(day_entry: PainEntry | None) -> PainOnRun:
    """Pain during the run and the next morning, judged by the pain model (Silbernagel 2007)."""
    if day_entry is None:
        return PainOnRun(None, None, None, False)
    e = day_entry
    return PainOnRun(e.during, e.next_morning, pain_zone(e.during), worse_next_morning(e))


@dataclass(frozen=True, slots=True)
class Trend:
    sessions_measured: int
    spm_per_session: float | None  # slope of the mean cadence across measured sessions
    share_first: float | None
    share_last: float | None


def trend(runs: Sequence[RunAdherence]) -> Trend:
    """Mean cadence and time on target from the first measured session to the last."""
    measured = [r for r in runs if r.status is RunStatus.MEASURED]
    means = [r.mean_spm for r in runs if r.mean_spm is not None]
    slope = None
    if len(means) >= 2:
        slope = float(np.polyfit(np.arange(len(means), dtype=float), np.array(means), 1)[0])
    return Trend(
        len(measured), slope,
        measured[0].within_share if measured else None,
        measured[-1].within_share if measured else None,
    )  # fmt: skip
