"""Week-by-week progression plan from current load to a goal, inside the guardrails.

Weekly running distance grows by at most `max_weekly_increase` (default 10%: well inside the
Nielsen 2014 >30% and Damsted 2019 >20% guardrails), the long run never exceeds the previous
longest by more than 10% (Frandsen 2025), every 4th week is a lighter (deload) week at 80%,
and each week has 2 rest days, 1 cross-training and 2 strength sessions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from kneecap.domain.load.pain import PainEntry, needs_step_back
from kneecap.domain.load.return_to_run import STAGES, next_stage

DEFAULT_MAX_WEEKLY_INCREASE = 0.10
LONG_RUN_MAX_INCREASE = 0.10  # Frandsen 2025: >10% over the previous 30-day longest
DELOAD_EVERY = 4  # weeks; deload week = 4th week (within the 3–4 asked by the issue)
# 0.8: the week after a deload returns to the pre-deload volume, +25% on the deload week,
# which stays inside Nielsen's 30% guardrail (0.7 would be +43%)
DELOAD_FACTOR = 0.8
LONG_RUN_SHARE = 0.30  # long run as a share of the weekly distance
STRENGTH_PER_WEEK = 2
# weekday pattern (Mon=0): what each day holds in a normal week
WEEK_PATTERN = ("run", "strength", "run", "rest", "strength+cross", "long", "rest")


class Kind(StrEnum):
    RUN = "run"
    WALK_RUN = "walk-run"
    REST = "rest"
    CROSS = "cross-training"
    STRENGTH = "strength"


@dataclass(frozen=True, slots=True)
class Session:
    day: date
    kind: Kind
    distance_km: float | None = None
    minutes: float | None = None
    notes: str = ""


@dataclass(slots=True)
class Week:
    start: date
    run_km: float
    deload: bool
    sessions: list[Session] = field(default_factory=list)


class PlanError(ValueError):
    """The goal cannot be planned as asked (message says why and what to change)."""


def plan_volume(
    start: date,
    current_week_km: float,
    current_long_km: float,
    goal_week_km: float,
    max_weeks: int = 52,
    max_weekly_increase: float = DEFAULT_MAX_WEEKLY_INCREASE,
) -> list[Week]:
    """Plan from today's weekly volume to `goal_week_km`; start must be a Monday."""
    if start.weekday() != 0:
        raise PlanError("a plan starts on a Monday; pick the next Monday")
    if current_week_km <= 0:
        raise PlanError("no current running volume: use the return-to-run plan first")
    weeks: list[Week] = []
    km, long_km = current_week_km, current_long_km or current_week_km * LONG_RUN_SHARE
    for w in range(max_weeks):
        deload = (w + 1) % DELOAD_EVERY == 0
        after_deload = w > 0 and w % DELOAD_EVERY == 0
        if not deload and not after_deload:
            km = min(km * (1 + max_weekly_increase), goal_week_km)
        week_km = km * DELOAD_FACTOR if deload else km
        long_target = min(week_km * LONG_RUN_SHARE, long_km * (1 + LONG_RUN_MAX_INCREASE))
        if not deload:
            long_km = max(long_km, long_target)
        weeks.append(_week(start + timedelta(weeks=w), week_km, long_target, deload))
        if km >= goal_week_km and not deload and w >= 1:
            break
    return weeks


def plan_race(
    start: date,
    race_day: date,
    current_week_km: float,
    current_long_km: float,
    race_km: float,
) -> list[Week]:
    """Plan to a race: volume target is ~2.5× the race distance per week, capped by time."""
    n = (race_day - start).days // 7
    if n < 2:
        raise PlanError("the race is less than 2 weeks away: too soon to build safely")
    target = max(race_km * 2.5, current_week_km)
    weeks = plan_volume(start, current_week_km, current_long_km, target, max_weeks=n)
    if weeks[-1].run_km < target * 0.8:
        weeks[-1].sessions.append(Session(weeks[-1].start, Kind.REST, notes=(
            f"Goal volume {target:.0f} km/week is not reachable safely by {race_day}:"
            " consider a later race or a shorter distance.")))  # fmt: skip
    return weeks


def _week(monday: date, km: float, long_km: float, deload: bool) -> Week:
    easy = max(km - long_km, 0.0) / 2
    sessions: list[Session] = []
    for i, what in enumerate(WEEK_PATTERN):
        d = monday + timedelta(days=i)
        if what == "run":
            sessions.append(Session(d, Kind.RUN, round(easy, 1), notes="easy, conversational"))
        elif what == "long":
            sessions.append(Session(d, Kind.RUN, round(long_km, 1), notes="long run, easy"))
        elif what == "rest":
            sessions.append(Session(d, Kind.REST))
        elif what == "strength":
            sessions.append(Session(d, Kind.STRENGTH, minutes=40, notes="hip and knee strength"))
        else:
            sessions.append(Session(d, Kind.STRENGTH, minutes=40, notes="hip and knee strength"))
            sessions.append(Session(d, Kind.CROSS, minutes=40, notes="cycling or swimming"))
    note = "lighter (deload) week" if deload else ""
    return Week(monday, round(km, 1), deload, [s if not note or s.kind != Kind.RUN else
                Session(s.day, s.kind, s.distance_km, s.minutes, f"{s.notes}; {note}")
                for s in sessions])  # fmt: skip


def plan_return_to_run(start: date, stage: int, weeks: int = 6) -> list[Week]:
    """Walk/run weeks from `stage` on, assuming each stage is passed (3 sessions a week)."""
    out = []
    for w in range(weeks):
        s = STAGES[min(stage + w, len(STAGES) - 1)]
        monday = start + timedelta(weeks=w)
        sessions = []
        for i, what in enumerate(("wr", "strength", "wr", "cross", "wr", "strength", "rest")):
            d = monday + timedelta(days=i)
            if what == "wr":
                sessions.append(Session(d, Kind.WALK_RUN, minutes=s.minutes, notes=s.describe()
                    + "; pain ≤2/10 during, not worse next morning to progress"))  # fmt: skip
            elif what == "strength":
                sessions.append(Session(d, Kind.STRENGTH, minutes=40, notes="hip and knee"))
            elif what == "cross":
                sessions.append(Session(d, Kind.CROSS, minutes=30, notes="cycling or swimming"))
            else:
                sessions.append(Session(d, Kind.REST))
        out.append(Week(monday, 0.0, False, sessions))
    return out


def adapt_return_to_run(
    start: date, stage: int, log: list[PainEntry], weeks: int = 6
) -> tuple[int, list[Week]]:
    """Re-plan from the pain log: repeat, progress or step back a stage."""
    new = next_stage(stage, log)
    return new, plan_return_to_run(start, new, weeks)


def adapt_volume_plan(plan: list[Week], log: list[PainEntry]) -> list[Week]:
    """After a painful session (Silbernagel), the remaining weeks repeat the previous week's
    volume instead of progressing: the whole plan shifts by one week."""
    bad = [e.day for e in log if needs_step_back(e)]
    if not bad:
        return plan
    first_bad = min(bad)
    i = next((k for k, w in enumerate(plan) if w.start > first_bad), len(plan))
    if i == 0 or i >= len(plan):
        return plan
    repeat = plan[i - 1] if i >= 1 else plan[0]
    rest = [_week(w.start + timedelta(weeks=1), w.run_km, _long(w), w.deload) for w in plan[i:]]
    return [*plan[:i], _week(plan[i].start, repeat.run_km, _long(repeat), False), *rest]


def _long(w: Week) -> float:
    return max((s.distance_km or 0.0 for s in w.sessions if s.kind == Kind.RUN), default=0.0)
