"""A runner's training goal and the plan built from it, adapted to the pain log.

The goal is what is stored (kind, start Monday, targets, the load it started from); the weeks
are rebuilt from it and the pain log every time, so logging pain changes the plan at once. The
pain-monitoring model (Silbernagel 2007, pain.py) decides: pain above 5/10 during, a next
morning that had not settled, or pain rising week to week means the load comes down:
  * return-to-run: the walk/run stage moves up after 3 sessions inside the gate (Silbernagel's
    5/10 by default; a clinic may set a stricter one), and steps back one stage otherwise;
  * volume or race goals: the week after a painful week repeats the week before instead of
    progressing (planner holds), once per painful week.
Where no running was recorded in the last 4 weeks, the weekly volume the runner gave at intake
starts the plan, and the plan says so (starting_point).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from kneecap.domain.load.activity import Activity
from kneecap.domain.load.pain import (
    PainEntry,
    PainZone,
    WeekWorsening,
    needs_step_back,
    pain_zone,
    weekly_worsening,
)
from kneecap.domain.load.planner import (
    PastRun,
    Week,
    hold_weeks,
    plan_race,
    plan_return_to_run,
    plan_volume,
)
from kneecap.domain.load.return_to_run import (
    DEFAULT_GATE,
    STAGES,
    PainGate,
    clinic_gate,
    next_stage,
)

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
    # Where the base came from when not from recent activities (e.g. the intake), said on the plan
    base_reason: str = ""
    # A clinic's stricter return-to-run gate (pain during, 0-5); None: Silbernagel's 5/10.
    progress_pain_max: float | None = None

    @property
    def gate(self) -> PainGate:
        return (
            DEFAULT_GATE if self.progress_pain_max is None else clinic_gate(self.progress_pain_max)
        )


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
        if not a.counts_as_running or not a.distance_m:
            continue
        age = (today - a.start.date()).days
        if 0 <= age < 7 * BASELINE_WEEKS:
            week_km += a.distance_m / 1000 / BASELINE_WEEKS
        if 0 <= age <= LONG_RUN_WINDOW_DAYS:
            long_km = max(long_km, a.distance_m / 1000)
    return round(week_km, 1), round(long_km, 1)


def run_history(activities: list[Activity], before: date, days: int = 60) -> tuple[PastRun, ...]:
    """The `days` before `before` as the planner needs them: runs with their distance, other
    activities as active days (km 0), so the planner reads the guardrails' windows exactly."""
    out = []
    for a in sorted(activities, key=lambda a: a.start):
        if not 0 < (before - a.start.date()).days <= days:
            continue
        running = a.counts_as_running and a.distance_m
        out.append(
            PastRun(a.start.date(), a.distance_m / 1000 if running and a.distance_m else 0.0)
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class StartingPoint:
    week_km: float
    long_km: float
    source: str  # "activities", "intake" or "none"
    reason: str  # for the plan page, in words


def starting_point(
    activities: list[Activity], today: date, intake_week_km: float | None = None
) -> StartingPoint:
    """The load a volume or race plan starts from: recent running, else the intake's volume.

    Without running in the last 4 weeks the plan starts from the weekly distance the runner
    gave at intake rather than refusing; the longest run is then unknown (the planner picks
    the first long run from the volume) and the reason says so.
    """
    week_km, long_km = baseline(activities, today)
    if week_km > 0:
        return StartingPoint(week_km, long_km, "activities", (
            f"From your running of the last {BASELINE_WEEKS} weeks: {week_km:g} km/week on"
            f" average, longest run {long_km:g} km in {LONG_RUN_WINDOW_DAYS} days."))  # fmt: skip
    if intake_week_km is not None and intake_week_km > 0:
        return StartingPoint(intake_week_km, 0.0, "intake", (
            f"No running recorded in the last {BASELINE_WEEKS} weeks: the plan starts from the"
            f" {intake_week_km:g} km/week you gave at intake. Import your runs to make it"
            " exact."))  # fmt: skip
    return StartingPoint(0.0, 0.0, "none", (
        f"No running recorded in the last {BASELINE_WEEKS} weeks and no weekly distance at"
        " intake: start with the return-to-run plan."))  # fmt: skip


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
            "no running in the last 4 weeks and no weekly distance at intake to build from:"
            " start with the return-to-run plan"
        )
    if not 0 <= goal.start_stage < len(STAGES):
        errors["start_stage"] = f"stage must be 1 to {len(STAGES)}"
    if goal.progress_pain_max is not None and not 0 <= goal.progress_pain_max <= 5:
        errors["progress_pain_max"] = "the return-to-run gate is 0 to 5/10 (Silbernagel 2007)"
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
    notes: list[str] = field(default_factory=list)  # e.g. where the starting volume came from

    @property
    def stage_text(self) -> str:
        if self.stage is None:
            return ""
        return f"stage {self.stage + 1} of {len(STAGES)}: {STAGES[self.stage].describe()}"


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _worsening_text(w: WeekWorsening) -> str:
    return (
        f"{w.measure} pain rose from {w.previous:.1f} to {w.mean:.1f}/10 on average over the"
        " week before"
    )


def return_to_run_stage(
    start_stage: int,
    log: list[PainEntry],
    today: date | None = None,
    gate: PainGate = DEFAULT_GATE,
) -> tuple[int, list[Adaptation]]:
    """Walk the pain log in order; each stage change is recorded with its reason.

    A week whose pain rose over the week before steps back too (Silbernagel's week-to-week
    criterion), unless the runner already stepped back in that week: the load came down once.
    """
    entries = sorted(log, key=lambda e: e.day)
    worse = {w.day: w for w in weekly_worsening(entries, today)}
    stepped_in: set[date] = set()
    events: list[tuple[date, int, PainEntry | WeekWorsening]] = [(e.day, 0, e) for e in entries]
    events += [(w.day, 1, w) for w in worse.values()]
    stage, changes = start_stage, []
    at_stage: list[PainEntry] = []
    for day, _, item in sorted(events, key=lambda t: (t[0], t[1])):
        if isinstance(item, WeekWorsening):
            if item.week in stepped_in:
                continue
            stepped_in.add(item.week)
            new = max(stage - 1, 0)
            what = (
                f"stepped back to stage {new + 1}" if new < stage else f"stay at stage {stage + 1}"
            )
            changes.append(Adaptation(day, f"{_worsening_text(item)}: {what}"))
            stage, at_stage = new, []
            continue
        e = item
        at_stage.append(e)
        new = next_stage(stage, at_stage, gate)
        if needs_step_back(e):
            stepped_in.add(_monday(e.day))
        if new == stage:
            if needs_step_back(e):  # already at the first stage: nowhere lower to go
                changes.append(Adaptation(e.day, f"pain {e.during:g}/10 or a next morning that"
                    f" had not settled: stay at stage {stage + 1} until it settles"))  # fmt: skip
                at_stage = []
            elif not gate.lets_progress(e):
                changes.append(Adaptation(e.day, f"pain {e.during:g}/10, above the clinic's"
                    f" {gate.progress_max:g}/10 gate: stage {stage + 1} is repeated before"
                    " moving on"))  # fmt: skip
            continue
        if new < stage:
            too_much = pain_zone(e.during) is PainZone.TOO_MUCH
            why = f"pain {e.during:g}/10 during the run" if too_much else (
                "next-morning pain or stiffness had not settled")  # fmt: skip
            changes.append(Adaptation(e.day, f"{why}: stepped back to stage {new + 1}"))
        else:
            changes.append(Adaptation(e.day, f"{len(at_stage)} sessions at ≤ "
                f"{gate.progress_max:g}/10 and settled by the next morning: moved up to stage"
                f" {new + 1}"))  # fmt: skip
        stage, at_stage = new, []
    return stage, changes


def _step_backs(entries: list[PainEntry], today: date) -> list[tuple[date, str]]:
    """Days the pain log asked for less load, one per week, with the reason in words."""
    found: list[tuple[date, str]] = []
    for e in entries:
        if needs_step_back(e):
            morning = "" if e.next_morning is None else f", {e.next_morning:g}/10 next morning"
            found.append((e.day, f"pain {e.during:g}/10 during{morning}"))
    for w in weekly_worsening(entries, today):
        found.append((w.day, _worsening_text(w)))
    seen: set[date] = set()
    out = []
    for day, why in sorted(found):
        if _monday(day) not in seen:
            seen.add(_monday(day))
            out.append((day, why))
    return out


def build_plan(
    goal: TrainingGoal,
    log: list[PainEntry],
    today: date,
    history: tuple[PastRun, ...] = (),
) -> PlanView:
    """The plan as it stands today, after every pain entry since the plan started.

    `history` is the runner's runs before the plan (run_history), so the planner reads the
    guardrails' windows exactly; without it the stored baseline stands in.
    """
    entries = sorted((e for e in log if goal.start <= e.day <= today), key=lambda e: e.day)
    notes = [goal.base_reason] if goal.base_reason else []
    if goal.kind is PlanKind.RETURN_TO_RUN:
        stage, changes = return_to_run_stage(goal.start_stage, entries, today, goal.gate)
        this_monday = max(goal.start, today - timedelta(days=today.weekday()))
        weeks = plan_return_to_run(this_monday, stage, RETURN_TO_RUN_WEEKS_SHOWN, goal.gate)
        return PlanView(goal, weeks, changes, stage, notes)
    steps = _step_backs(entries, today)
    holds = hold_weeks(goal.start, [d for d, _ in steps])

    if goal.kind is PlanKind.RACE:
        assert goal.race_day is not None and goal.race_km is not None
        weeks = plan_race(goal.start, goal.race_day, goal.base_week_km, goal.base_long_km,
                          goal.race_km, history=history, holds=holds)  # fmt: skip
    else:
        assert goal.goal_week_km is not None
        weeks = plan_volume(goal.start, goal.base_week_km, goal.base_long_km, goal.goal_week_km,
                            history=history, holds=holds)  # fmt: skip
    held = {i for i, w in enumerate(weeks) if w.held}
    changes = [
        Adaptation(day, f"{why}: the following week repeats the previous week's volume")
        for day, why in steps
        if (day - goal.start).days // 7 + 1 in held
    ]
    return PlanView(goal, weeks, changes, None, notes)
