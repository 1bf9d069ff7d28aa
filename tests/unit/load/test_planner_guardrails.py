"""The planner keeps the guardrails Kneecap checks: a generated plan, run as planned after the
runner's own history, trips none of them (checked with the real guardrails.evaluate)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kneecap.domain.load import rules as R
from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.load.goal import (
    InvalidGoal,
    PlanKind,
    TrainingGoal,
    build_plan,
    check_goal,
    monday_on_or_after,
    run_history,
    starting_point,
)
from kneecap.domain.load.guardrails import Alert, evaluate
from kneecap.domain.load.pain import PainEntry
from kneecap.domain.load.planner import TAPER_FACTORS, Kind, PastRun, Week, plan_race, plan_volume
from kneecap.domain.load.series import daily_from_activities, derive

EXAMPLES = 250
GUARDRAILS = (R.Severity.CAUTION, R.Severity.WARNING)  # INFO notes are information, not limits
RPE = {Kind.RUN: 4.0, Kind.STRENGTH: 5.0, Kind.CROSS: 4.0}
SPORT = {Kind.RUN: Sport.RUN, Kind.STRENGTH: Sport.STRENGTH, Kind.CROSS: Sport.RIDE}


def activity(day: date, sport: Sport, minutes: float, km: float | None, rpe: float) -> Activity:
    return Activity(sport, datetime.combine(day, time(7), tzinfo=UTC), minutes * 60,
                    distance_m=None if km is None else km * 1000, rpe=rpe)  # fmt: skip


def as_done(weeks: list[Week]) -> list[Activity]:
    """The plan carried out exactly (the race itself is the goal, not a planned session)."""
    out = []
    for w in weeks:
        for s in w.sessions:
            if s.kind in SPORT:
                km = s.distance_km
                minutes = s.minutes if s.minutes is not None else (km or 0) * 6
                out.append(activity(s.day, SPORT[s.kind], minutes, km, RPE[s.kind]))
    return out


def tripped(history: list[Activity], weeks: list[Week], start: date) -> list[Alert]:
    acts = history + as_done(weeks)
    day0 = min(a.start.date() for a in acts)
    last = max(a.start.date() for a in acts)
    d = daily_from_activities(acts, None, day0, (last - day0).days + 1)
    alerts = [a for a in evaluate(d, derive(d), since=start) if a.severity in GUARDRAILS]
    # Monotony over a 7-day window that reaches back before the plan is the history's load
    # pattern (loads the planner cannot see): only windows inside the plan are the plan's.
    return [
        a for a in alerts
        if not (a.rule_id == R.MONOTONY.id and a.date < start + timedelta(days=6))
    ]  # fmt: skip


scattered = st.lists(
    st.tuples(st.integers(1, 56), st.floats(1.0, 30.0, allow_nan=False)),
    max_size=45, unique_by=lambda t: t[0],
)  # fmt: skip
# a streak of daily runs up to the day before (tests the early rest day)
streak = st.integers(1, 10).flatmap(
    lambda n: st.lists(st.floats(2.0, 15.0), min_size=n, max_size=n).map(
        lambda kms: list(enumerate(kms, start=1))
    )
)
# nothing recorded recently: the plan starts from the intake volume
history_runs: st.SearchStrategy[list[tuple[int, float]]] = st.one_of(st.just([]), scattered, streak)
cross_days = st.lists(st.integers(1, 56), max_size=12, unique=True)
goals = st.one_of(
    st.tuples(st.just(PlanKind.VOLUME), st.floats(5.0, 120.0), st.just(None), st.just(0)),
    st.tuples(st.just(PlanKind.RACE), st.sampled_from([5.0, 10.0, 21.1, 42.2]), st.just(None),
              st.integers(14, 150)),
)  # fmt: skip
pain_days = st.lists(st.integers(0, 200), max_size=4)


CASES: list[int] = []  # one entry per generated plan checked


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    today=st.dates(date(2024, 1, 1), date(2026, 12, 31)),
    runs=history_runs,
    cross=cross_days,
    goal=goals,
    intake_km=st.one_of(st.none(), st.floats(5.0, 80.0)),
    painful=pain_days,
)  # fmt: skip
def check_generated_plan(
    today: date,
    runs: list[tuple[int, float]],
    cross: list[int],
    goal: tuple[PlanKind, float, None, int],
    intake_km: float | None,
    painful: list[int],
) -> None:
    history = [activity(today - timedelta(days=d), Sport.RUN, km * 6, km, 4.0) for d, km in runs]
    history += [activity(today - timedelta(days=d), Sport.RIDE, 45, None, 4.0) for d in cross]
    start = monday_on_or_after(today)
    base = starting_point(history, today, intake_km)
    assume(base.week_km > 0)
    kind, size, _, race_in_days = goal
    g = TrainingGoal(
        kind, start, goal_week_km=size if kind is PlanKind.VOLUME else None,
        race_km=size if kind is PlanKind.RACE else None,
        race_day=start + timedelta(days=race_in_days) if kind is PlanKind.RACE else None,
        base_week_km=base.week_km, base_long_km=base.long_km, base_reason=base.reason,
    )  # fmt: skip
    try:
        check_goal(g, today)
    except InvalidGoal:
        assume(False)
    log = [PainEntry(start + timedelta(days=d), 7.0) for d in painful]
    view = build_plan(g, log, start + timedelta(weeks=60), run_history(history, start))
    found = tripped(history, view.weeks, start)
    assert not found, [(a.rule_id, a.date, a.message) for a in found]
    for w in view.weeks:  # the weekly long run is the longest run of its week
        runs_km = [s.distance_km or 0 for s in w.runs]
        long = [s.distance_km or 0 for s in w.runs if s.notes.startswith("long run")]
        if long:
            assert long[0] == max(runs_km)
    CASES.append(1)


def test_no_generated_plan_trips_a_guardrail(record_property: Callable[[str, int], None]) -> None:
    CASES.clear()
    check_generated_plan()
    assert len(CASES) >= EXAMPLES  # every generated case was a plan that got checked
    print(f"planner property: {len(CASES)} generated plans, no guardrail tripped")
    record_property("planner_property_cases", len(CASES))


MON = date(2026, 3, 2)


def past(days_and_km: list[tuple[int, float]]) -> list[PastRun]:
    return [PastRun(MON - timedelta(days=d), km) for d, km in days_and_km]


def test_20_km_a_week_with_a_6_km_longest_run_never_plans_a_run_over_6_6_km_in_week_1() -> None:
    # Frandsen 2025: > 10% over the longest run of the previous 30 days. The old plan gave
    # 7.7 km easy runs (+28%) here.
    # 4 weeks of 20 km: Mon 5, Wed 5, Fri 4, Sat 6 (the longest run)
    history = past(
        [(7 * k + d, km) for k in range(4) for d, km in ((7, 5), (5, 5), (3, 4), (2, 6))]
    )
    weeks = plan_volume(MON, 20, 6, 40, history=history)
    first = weeks[0]
    assert max(s.distance_km or 0 for s in first.runs) <= 6.6
    assert first.run_km == pytest.approx(22.0)
    long = next(s for s in first.runs if s.notes.startswith("long run"))
    assert long.distance_km == 6.6 and all((s.distance_km or 0) <= 6.6 for s in first.runs)
    assert len(first.runs) == 4  # one more run instead of longer easy runs


def test_the_weekly_long_run_is_the_longest_in_every_week_of_a_race_plan() -> None:
    weeks = plan_race(MON, MON + timedelta(weeks=14, days=6), 21, 7, 21.1)
    for w in weeks:
        long = [s.distance_km for s in w.runs if s.notes.startswith("long run")]
        if long:
            assert long[0] == max(s.distance_km or 0 for s in w.runs)


def test_race_plans_taper_over_two_weeks_keeping_the_number_of_runs() -> None:
    # Bosquet 2007: a 2-week taper, volume down 41-60%, frequency kept. Here 60% then 40%.
    race_day = MON + timedelta(weeks=12, days=6)  # a Sunday
    weeks = plan_race(MON, race_day, 25, 8, 21.1)
    *build, taper1, race_week = weeks
    last_build = next(w for w in reversed(build) if not w.deload and not w.held)
    assert taper1.taper and race_week.taper
    assert taper1.run_km == pytest.approx(last_build.run_km * TAPER_FACTORS[0], abs=0.5)
    assert race_week.run_km == pytest.approx(last_build.run_km * TAPER_FACTORS[1], abs=0.5)
    assert len(taper1.runs) == len(last_build.runs)
    race = race_week.sessions[-1]
    assert (race.kind, race.day, race.distance_km) == (Kind.RACE, race_day, 21.1)
    assert all(s.day <= race_day for s in race_week.sessions)
    mean_cut = 1 - (taper1.run_km + race_week.run_km) / (2 * last_build.run_km)
    assert 0.41 <= mean_cut <= 0.60


def test_a_midweek_race_ends_the_plan_on_race_day() -> None:
    race_day = MON + timedelta(weeks=6, days=2)  # a Wednesday
    weeks = plan_race(MON, race_day, 20, 6, 10)
    assert weeks[-1].sessions[-1].day == race_day
    assert [s.day.weekday() for s in weeks[-1].runs] == [0]  # only Monday is before the race


def test_the_race_note_says_how_far_it_exceeds_the_longest_recent_run() -> None:
    weeks = plan_race(MON, MON + timedelta(weeks=10, days=6), 20, 6, 42.2)
    race = weeks[-1].sessions[-1]
    assert "longer than the longest run of the 30 days before" in race.notes
    assert "Frandsen 2025" in race.notes


def test_a_runner_on_a_daily_streak_gets_a_rest_day_before_the_7th_day() -> None:
    history = past([(d, 5.0) for d in range(1, 6)])  # ran each of the last 5 days
    weeks = plan_volume(MON, 25, 5, 30, history=history)
    tuesday = [s for s in weeks[0].sessions if s.day == MON + timedelta(days=1)]
    assert [s.kind for s in tuesday] == [Kind.REST]  # 5 + Monday = 6 days, then rest


def test_plans_refuse_a_weekly_step_beyond_damsteds_20_percent() -> None:
    from kneecap.domain.load.planner import PlanError

    with pytest.raises(PlanError, match="at most 20%"):
        plan_volume(MON, 20, 6, 40, max_weekly_increase=0.25)
