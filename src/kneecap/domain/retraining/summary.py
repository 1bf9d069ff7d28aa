"""The end-of-block summary: cadence before and after (watch and video), pain and AKPS over the
block, adherence, and whether the follow-up video is still to be filmed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kneecap.domain.load.pain import PainEntry
from kneecap.domain.retraining.adherence import RunAdherence, RunStatus

# The watch's "after" cadence is the mean of the last sessions run without the metronome (the
# retained pattern is what faded feedback aims at, Davis 2020); "before" the runs of the four
# weeks before the block (block.RECENT_DAYS).
AFTER_SESSIONS = 2


@dataclass(frozen=True, slots=True)
class Score:
    day: date
    value: float


@dataclass(frozen=True, slots=True)
class BlockSummary:
    planned: int
    done: int
    measured: int
    mean_within_share: float | None
    watch_before_spm: float | None
    watch_after_spm: float | None
    video_before_spm: float | None
    video_after_spm: float | None
    pain_first: PainEntry | None
    pain_last: PainEntry | None
    pain_max_during: float | None
    akps_first: Score | None
    akps_last: Score | None
    film_follow_up: bool  # no video analysed after the block started
    ended: bool

    @property
    def watch_change(self) -> float | None:
        if self.watch_before_spm is None or self.watch_after_spm is None:
            return None
        return self.watch_after_spm - self.watch_before_spm

    @property
    def video_change(self) -> float | None:
        if self.video_before_spm is None or self.video_after_spm is None:
            return None
        return self.video_after_spm - self.video_before_spm


def _mean(xs: Sequence[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def summarise(
    *,
    planned: int,
    runs: Sequence[RunAdherence],
    watch_before: Sequence[float],
    video_before_spm: float | None,
    video_after_spm: float | None,
    pain: Sequence[PainEntry],
    akps: Sequence[Score],
    ended: bool,
) -> BlockSummary:
    """`runs`: the adherence of each session run so far, in order; `pain` and `akps`: the
    entries from the block's start to today."""
    measured = [r for r in runs if r.status is RunStatus.MEASURED]
    with_mean = [r.mean_spm for r in runs if r.mean_spm is not None]
    shares = [r.within_share for r in measured if r.within_share is not None]
    pain = sorted(pain, key=lambda e: e.day)
    akps = sorted(akps, key=lambda s: s.day)
    return BlockSummary(
        planned=planned, done=len(runs), measured=len(measured), mean_within_share=_mean(shares),
        watch_before_spm=_mean(watch_before),
        watch_after_spm=_mean(with_mean[-AFTER_SESSIONS:]),
        video_before_spm=video_before_spm, video_after_spm=video_after_spm,
        pain_first=pain[0] if pain else None, pain_last=pain[-1] if pain else None,
        pain_max_during=max((e.during for e in pain), default=None),
        akps_first=akps[0] if akps else None, akps_last=akps[-1] if akps else None,
        film_follow_up=video_after_spm is None, ended=ended,
    )  # fmt: skip
