"""Video and watch cadence for the same runner in the same week: they agree, or Kneecap says
they do not.

One of them is then wrong or measures something else: a wrist watch's cadence estimate, a
treadmill run filmed against outdoor runs, or a different speed. A clinician decides which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# A difference above ~3 steps/min is flagged: the tolerance, the same as the block's
# band (Kneecap default, *check*: no study gives an agreement limit for these two devices).
AGREE_SPM = 3.0


@dataclass(frozen=True, slots=True)
class WatchRun:
    day: date
    avg_spm: float
    speed_ms: float | None = None


@dataclass(frozen=True, slots=True)
class CadenceAgreement:
    video_day: date
    video_spm: float
    watch_spm: float | None  # mean of the week's runs with cadence
    runs: int
    video_speed_ms: float | None = None
    watch_speed_ms: float | None = None

    @property
    def difference(self) -> float | None:
        return None if self.watch_spm is None else self.watch_spm - self.video_spm

    @property
    def flagged(self) -> bool:
        d = self.difference
        return d is not None and abs(d) > AGREE_SPM

    @property
    def message(self) -> str:
        if self.watch_spm is None:
            return "No run with cadence in the video's week: nothing to compare."
        d = self.difference or 0.0
        if not self.flagged:
            return (
                f"Video {self.video_spm:.0f} and watch {self.watch_spm:.0f} steps/min agree"
                f" (within ±{AGREE_SPM:.0f})."
            )
        return (
            f"Video {self.video_spm:.0f} and watch {self.watch_spm:.0f} steps/min differ by"
            f" {abs(d):.0f} (more than {AGREE_SPM:.0f}): one of them is wrong or measured"
            " something else — often the watch's wrist-based cadence, or a treadmill video"
            " against outdoor runs at another pace. Check before trusting the block's figures."
        )


def same_week(day: date, other: date) -> bool:
    return day - timedelta(days=day.weekday()) == other - timedelta(days=other.weekday())


def compare(
    video_day: date, video_spm: float, runs: Sequence[WatchRun],
    video_speed_ms: float | None = None,
) -> CadenceAgreement:  # fmt: skip
    """The video's cadence against the mean cadence of the watch runs in its week (Mon-Sun).

    Where the video's speed is known, only runs within 10% of it are compared (cadence rises
    with speed), if there are any; otherwise all the week's runs.
    """
    week = [r for r in runs if same_week(video_day, r.day) and r.avg_spm > 0]
    if video_speed_ms:
        near = [
            r for r in week
            if r.speed_ms and abs(r.speed_ms - video_speed_ms) <= 0.10 * video_speed_ms
        ]  # fmt: skip
        week = near or week
    if not week:
        return CadenceAgreement(video_day, video_spm, None, 0, video_speed_ms)
    speeds = [r.speed_ms for r in week if r.speed_ms]
    return CadenceAgreement(
        video_day, video_spm, sum(r.avg_spm for r in week) / len(week), len(week),
        video_speed_ms, sum(speeds) / len(speeds) if speeds else None,
    )  # fmt: skip
