"""A retraining block: sessions with minutes, fading feedback and, where the lever is step rate,
a target step rate, placed in the runner's existing running so that the block never raises
weekly load by itself.

A session is the cued part of a run the runner does anyway: its minutes are capped at the
runner's usual run length and a week holds no more sessions than the runs they already do.
The load guardrails (domain/load/guardrails.py) and the pain model (domain/load/pain.py) judge
the runs themselves, sessions or not, as they judge every run.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from kneecap.domain.load.activity import RUNNING_SPORTS, Activity
from kneecap.domain.retraining import dose as D
from kneecap.domain.retraining import target as T
from kneecap.domain.retraining.form import FormGoal, Lever, feedback_label

RECENT_DAYS = 28  # the runner's usual running: the last four weeks


@dataclass(frozen=True, slots=True)
class SessionPlan:
    number: int  # 1-based
    week: int  # 1-based week of the block
    day: date  # suggested day (the runner may use any of their runs that week)
    minutes: int  # minutes of the run with the cue, not the length of the run
    target_spm: int | None  # None: the lever is not step rate (a posture cue)
    feedback: D.Feedback
    lever: Lever = Lever.CADENCE

    @property
    def feedback_label(self) -> str:
        return feedback_label(self.feedback, self.lever)

    @property
    def what(self) -> str:
        """The session in a few words (calendar entries, plan pages)."""
        if self.target_spm is None:
            return f"{self.minutes} min running tall"
        return f"{self.minutes} min at {self.target_spm} steps/min"


@dataclass(frozen=True, slots=True)
class UsualRunning:
    runs_per_week: float
    median_minutes: float | None


@dataclass(frozen=True, slots=True)
class BlockPlan:
    baseline_spm: float | None  # the video's step rate (None: not measured, posture block)
    start: date
    dose: D.Dose
    sessions: tuple[SessionPlan, ...]
    notes: tuple[str, ...] = field(default=())
    lever: Lever = Lever.CADENCE
    goal: FormGoal | None = None  # overstride or trunk lean: checked on a follow-up video

    @property
    def total_minutes(self) -> int:
        return sum(s.minutes for s in self.sessions)

    @property
    def end(self) -> date:
        return self.sessions[-1].day if self.sessions else self.start


def usual_running(activities: Sequence[Activity], start: date) -> UsualRunning:
    """Runs a week and the median run length over the four weeks before `start`."""
    since = start - timedelta(days=RECENT_DAYS)
    runs = [
        a for a in activities
        if a.sport in RUNNING_SPORTS and since <= a.start.date() < start and not a.date_unconfirmed
    ]  # fmt: skip
    lengths = [(a.moving_s or a.duration_s) / 60 for a in runs]
    return UsualRunning(
        runs_per_week=len(runs) / (RECENT_DAYS / 7),
        median_minutes=statistics.median(lengths) if lengths else None,
    )


def _days(per_week: int) -> list[int]:
    """Day offsets in a week for `per_week` runs, spread with rest days between."""
    return {3: [0, 2, 4], 4: [0, 2, 4, 6]}.get(
        per_week, [round(i * 7 / per_week) for i in range(per_week)]
    )


def plan_block(
    baseline_spm: float | None,
    start: date,
    dose: D.Dose,
    recent: Sequence[Activity] = (),
    steps: tuple[float, ...] = T.STEPS,
    lever: Lever = Lever.CADENCE,
    goal: FormGoal | None = None,
) -> BlockPlan:
    """The block's sessions, fitted into the runner's usual running (never more of it).

    A step-rate lever needs the runner's own rate (targets from it); a posture block has no
    step-rate target."""
    D.checked_dose(dose)
    if lever is Lever.CADENCE or baseline_spm is not None:
        T.checked_baseline(baseline_spm if baseline_spm is not None else math.nan)
    usual = usual_running(recent, start)
    notes: list[str] = []
    minutes = D.minutes(dose)
    if usual.median_minutes is not None:
        cap = max(5, math.floor(usual.median_minutes))
        if any(m > cap for m in minutes):
            notes.append(
                f"Sessions are capped at {cap} min, the runner's usual run over the last four"
                " weeks: the cue goes into runs they already do, never into longer ones."
            )
            minutes = [min(m, cap) for m in minutes]
    else:
        notes.append(
            "No runs in the last four weeks: each session is the cued part of a run; the load"
            " guardrails judge those runs as they judge every run."
        )
    per_week = dose.per_week
    if usual.median_minutes is not None and usual.runs_per_week < per_week:
        have = max(1, math.floor(usual.runs_per_week))
        weeks = math.ceil(dose.sessions / have)
        notes.append(
            f"The runner runs about {usual.runs_per_week:.1f} times a week, fewer than the"
            f" {per_week} sessions a week planned: sessions take the place of runs and never add"
            f" one, so the block runs {have} a week over {weeks} weeks"
            + (
                f", outside the {D.WEEKS_RANGE[0]}-{D.WEEKS_RANGE[1]} weeks and"
                f" {D.PER_WEEK_RANGE[0]}-{D.PER_WEEK_RANGE[1]} a week reviewed (Davis 2020)."
                if weeks > D.WEEKS_RANGE[1] or have < D.PER_WEEK_RANGE[0]
                else "."
            )
        )
        per_week = have
    total = sum(minutes)
    if not D.total_in_reviewed_range(total):
        lo, hi = D.TOTAL_MINUTES_RANGE
        notes.append(f"{total} min in total; the reviewed protocols used about {lo}-{hi} min.")
    # Weeks count from the start day, the sessions spread over each with rest days between.
    offsets = _days(per_week)
    days = [
        start + timedelta(days=7 * (i // per_week) + offsets[i % per_week])
        for i in range(dose.sessions)
    ]
    goals: list[int | None] = [None] * dose.sessions
    if lever is Lever.CADENCE and baseline_spm is not None:
        goals = list(T.targets(baseline_spm, dose.sessions, steps))
    fb = D.feedback(dose.sessions)
    sessions = tuple(
        SessionPlan(
            number=i + 1, week=(days[i] - start).days // 7 + 1, day=days[i],
            minutes=minutes[i], target_spm=goals[i], feedback=fb[i], lever=lever,
        )
        for i in range(dose.sessions)
    )  # fmt: skip
    return BlockPlan(baseline_spm, start, dose, sessions, tuple(notes), lever, goal)
