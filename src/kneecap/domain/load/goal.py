"""A runner's training goal and the plan built from it, adapted to the pain log.

The goal is what is stored (kind, start Monday, targets, the load it started from); the weeks
are rebuilt from it and the pain log every time, so logging pain changes the plan at once:
  * return-to-run: the walk/run stage moves up after 3 sessions at ≤ 2/10, stays after pain
    3–5, and steps back when pain went above 5 or the next morning was worse (Silbernagel
    2007, via return_to_run.next_stage);
  * volume or race goals: a painful session makes the following week repeat the previous
    week's volume instead of progressing (planner.adapt_volume_plan), once per painful week.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from kneecap.domain.load.activity import RUNNING_SPORTS, Activity
from kneecap.domain.load.pain import PainEntry, PainZone, needs_step_back, pain_zone
from kneecap.domain.load.planner import (
    Week,
    adapt_volume_plan,
    plan_race,
    plan_return_to_run,
    plan_volume,
)
from kneecap.domain.load.return_to_run import STAGES, next_stage

RETURN_TO_RUN_WEEKS_SHOWN = 6
MAX_GOAL_WEEK_KM = 250.0  # beyond any recreational runner: almost surely a typing error
MAX_RACE_KM = 250.0


class PlanKind(StrEnum):
    VOLUME = "volume"
    RACE = "race"
    RETURN_TO_RUN = "return-to-run"


@dataclass(frozen=True, slots=True)
class TrainingGoal:
    kind: PlanKind
    start: date  # a Monday
    goal_week_km: float | None = None
    race_km: float | None = None
    race_day: date | None = None
    base_week_km: float = 0.0  # running volume of the weeks before the plan started
    base_long_km: float = 0.0
    start_stage: int = 0  # return-to-run stage index to begin at


class InvalidGoal(ValueError):
    """`errors` maps a field name to what is wrong with it, in words for the runner."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


# The plan starts from the runner's recent volume: the average week of the last 4 weeks and
# the longest run of the last 30 days (the Frandsen 2025 reference window).
BASELINE_WEEKS = 4
LONG_RUN_WINDOW_DAYS = 30


def baseline(activities: list[Activity], today: date) -> tuple[float, float]:
    """(average weekly running km over the last 4 weeks, longest run km in 30 days)."""
    week_km = long_km = 0.0
    for a in activities:
        if a.sport not in RUNNING_SPORTS or not a.distance_m:
            continue
        age = (today - a.start.date()).days
        if 0 <= age < 7 * BASELINE_WEEKS:
            week_km += a.distance_m / 1000 / BASELINE_WEEKS
        if 0 <= age <= LONG_RUN_WINDOW_DAYS:
            long_km = max(long_km, a.distance_m / 1000)
    return round(week_km, 1), round(long_km, 1)


def monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def check_goal(goal: TrainingGoal, today: date) -> TrainingGoal:
    """The goal if it can be planned, else InvalidGoal saying which field to change."""
    errors: dict[str, str] = {}
    if goal.start.weekday() != 0:
        errors["start"] = "a plan starts on a Monday"
    if goal.kind is PlanKind.VOLUME:
        g = goal.goal_week_km
        if g is None or not 0 < g <= MAX_GOAL_WEEK_KM:
            errors["goal_week_km"] = f"give a weekly distance between 1 and {MAX_GOAL_WEEK_KM:g} km"
    if goal.kind is PlanKind.RACE:
        if goal.race_km is None or not 0 < goal.race_km <= MAX_RACE_KM:
            errors["race_km"] = f"give the race distance in km (up to {MAX_RACE_KM:g})"
        if goal.race_day is None:
            errors["race_day"] = "give the race date"
        elif (goal.race_day - goal.start).days // 7 < 2:
            errors["race_day"] = "the race is less than 2 weeks away: too soon to build safely"
    if goal.kind in (PlanKind.VOLUME, PlanKind.RACE) and goal.base_week_km <= 0:
        errors["kind"] = (
            "no running in the last 4 weeks to build from: start with the return-to-run plan"
        )
    if not 0 <= goal.start_stage < len(STAGES):
        errors["start_stage"] = f"stage must be 1 to {len(STAGES)}"
    if errors:
        raise InvalidGoal(errors)
    return goal


@dataclass(frozen=True, slots=True)
class Adaptation:
    day: date
    message: str


@dataclass(slots=True)
class PlanView:
    goal: TrainingGoal
    weeks: list[Week]
    adaptations: list[Adaptation] = field(default_factory=list)
    stage: int | None = None  # return-to-run: current stage index

    @property
    def stage_text(self) -> str:
        if self.stage is None:
            return ""
        return f"stage {self.stage + 1} of {len(STAGES)}: {STAGES[self.stage].describe()}"


def return_to_run_stage(start_stage: int, log: list[PainEntry]) -> tuple[int, list[Adaptation]]:
    """Walk the pain log in order; each stage change is recorded with its reason."""
    stage, at_stage, changes = start_stage, [], []
    for e in sorted(log, key=lambda e: e.day):
        at_stage.append(e)
        new = next_stage(stage, at_stage)
        if new == stage:
            if needs_step_back(e):  # already at the first stage: nowhere lower to go
                changes.append(Adaptation(e.day, f"pain {e.during:g}/10 or a worse next morning:"
                    f" stay at stage {stage + 1} until it settles"))  # fmt: skip
                at_stage = []
            elif pain_zone(e.during) is PainZone.ACCEPTABLE:
                changes.append(Adaptation(e.day, f"pain {e.during:g}/10: stage {stage + 1} is"
                    " repeated before moving on"))  # fmt: skip
            continue
        if new < stage:
            why = (f"pain {e.during:g}/10 during the run" if pain_zone(e.during) is
                   PainZone.TOO_MUCH else "next-morning pain or stiffness was worse")  # fmt: skip
            changes.append(Adaptation(e.day, f"{why}: stepped back to stage {new + 1}"))
        else:
            changes.append(Adaptation(e.day, f"{len(at_stage)} sessions at ≤ 2/10 and settled"
                f" by the next morning: moved up to stage {new + 1}"))  # fmt: skip
        stage, at_stage = new, []
    return stage, changes


def build_plan(goal: TrainingGoal, log: list[PainEntry], today: date) -> PlanView:
    """The plan as it stands today, after every pain entry since the plan started."""
    entries = sorted((e for e in log if goal.start <= e.day <= today), key=lambda e: e.day)
    if goal.kind is PlanKind.RETURN_TO_RUN:
        stage, changes = return_to_run_stage(goal.start_stage, entries)
        this_monday = max(goal.start, today - timedelta(days=today.weekday()))
        weeks = plan_return_to_run(this_monday, stage, RETURN_TO_RUN_WEEKS_SHOWN)
        return PlanView(goal, weeks, changes, stage)
    if goal.kind is PlanKind.RACE:
        assert goal.race_day is not None and goal.race_km is not None
        weeks = plan_race(
            goal.start, goal.race_day, goal.base_week_km, goal.base_long_km, goal.race_km
        )
    else:
        assert goal.goal_week_km is not None
        weeks = plan_volume(goal.start, goal.base_week_km, goal.base_long_km, goal.goal_week_km)
    changes, weeks_seen = [], set()
    for e in entries:
        week = e.day - timedelta(days=e.day.weekday())
        if not needs_step_back(e) or week in weeks_seen:
            continue
        weeks_seen.add(week)
        adapted = adapt_volume_plan(weeks, [e])
        if adapted is not weeks:
            weeks = adapted
            changes.append(Adaptation(e.day, f"pain {e.during:g}/10 during"
                + ("" if e.next_morning is None else f", {e.next_morning:g}/10 next morning")
                + ": the following week repeats the previous week's volume"))  # fmt: skip
    return PlanView(goal, weeks, changes)
