"""Silbernagel 2007's pain-monitoring model, all three criteria, on the runner's pain log."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.load.goal import (
    PlanKind,
    TrainingGoal,
    build_plan,
    check_goal,
    return_to_run_stage,
    starting_point,
)
from kneecap.domain.load.pain import (
    PainEntry,
    needs_step_back,
    pain_alerts,
    weekly_worsening,
    worse_next_morning,
)

MON = date(2026, 3, 2)


def e(
    day: int, during: float, morning: float | None = None, usual: float | None = None
) -> PainEntry:
    return PainEntry(MON + timedelta(days=day), during, morning, usual)


def test_next_morning_check_works_without_a_usual_morning_score() -> None:
    # 4 during, 6 next morning: the pain rose overnight instead of settling -> step back.
    assert worse_next_morning(e(0, 4, 6)) and needs_step_back(e(0, 4, 6))
    assert not worse_next_morning(e(0, 3, 3))  # no sign it did not settle
    assert worse_next_morning(e(0, 2, 6))  # above the 5/10 the model accepts after activity
    assert worse_next_morning(e(0, 4, 5))  # rose overnight: it did not settle
    assert not worse_next_morning(e(0, 4, 4))
    alerts = pain_alerts([e(0, 4, 6)])
    assert [a.rule_id for a in alerts] == ["pain-next-morning"]
    assert alerts[0].why == {"next_morning": 6, "during": 4}


def test_with_the_usual_morning_score_it_compares_against_that() -> None:
    assert worse_next_morning(e(0, 4, 3, usual=1))
    assert not worse_next_morning(e(0, 4, 1, usual=1))
    assert not worse_next_morning(e(0, 4, 6, usual=6))  # as every morning: settled


def test_week_to_week_increase_is_caught_once_the_week_is_over() -> None:
    log = [e(0, 2, 1), e(2, 2, 1), e(4, 2, 1), e(7, 2, 2), e(9, 2, 2), e(11, 2, 1)]
    sunday = MON + timedelta(days=13)
    assert weekly_worsening(log, today=sunday) == []  # week 2 still running
    (w,) = weekly_worsening(log, today=sunday + timedelta(days=1))
    assert (w.week, w.day, w.measure) == (MON + timedelta(days=7), sunday, "next-morning")
    assert (w.previous, round(w.mean, 2)) == (1.0, 1.67)
    alerts = pain_alerts(log, today=sunday + timedelta(days=1))
    assert [a.rule_id for a in alerts] == ["pain-week-to-week"]
    assert "Silbernagel" in alerts[0].source


def test_week_to_week_uses_pain_during_when_mornings_are_missing() -> None:
    log = [e(0, 1), e(2, 1), e(7, 2), e(9, 3)]
    (w,) = weekly_worsening(log, today=MON + timedelta(days=14))
    assert w.measure == "during" and (w.previous, w.mean) == (1.0, 2.5)
    steady = [e(0, 2), e(7, 2)]
    assert weekly_worsening(steady, today=MON + timedelta(days=14)) == []


def test_a_week_of_rising_pain_steps_the_walk_run_plan_back() -> None:
    log = [e(0, 1, 1), e(2, 1, 1), e(4, 1, 1), e(7, 2, 2), e(9, 2, 2), e(11, 2, 2)]
    stage, changes = return_to_run_stage(3, log, today=MON + timedelta(days=14))
    # up after each week's three sessions (all within 5/10 and settled by the next morning),
    # then week 2's next-morning pain was higher than week 1's: back one stage on its Sunday
    assert stage == 4
    assert "moved up to stage 5" in changes[0].message
    assert "moved up to stage 6" in changes[1].message
    assert changes[-1].day == MON + timedelta(days=13)
    assert "next-morning pain rose from 1.0 to 2.0" in changes[-1].message
    assert "stepped back to stage 5" in changes[-1].message


def test_a_week_already_stepped_back_is_not_stepped_back_twice() -> None:
    log = [e(0, 1, 1), e(2, 1, 1), e(4, 1, 1), e(7, 6, 3), e(9, 2, 1)]
    stage, changes = return_to_run_stage(3, log, today=MON + timedelta(days=14))
    assert stage == 3  # up after week 1, back once for the 6/10 in week 2
    assert sum("stepped back" in c.message for c in changes) == 1


def test_a_volume_plan_repeats_a_week_after_a_week_of_rising_pain() -> None:
    goal = TrainingGoal(PlanKind.VOLUME, MON, goal_week_km=40, base_week_km=20, base_long_km=8)
    log = [e(0, 1), e(2, 1), e(7, 3), e(9, 3)]  # week 2's pain rose, none above 5
    view = build_plan(goal, log, MON + timedelta(days=15))
    assert view.weeks[2].held and view.weeks[2].run_km == view.weeks[1].run_km
    (change,) = view.adaptations
    assert "during pain rose from 1.0 to 3.0" in change.message


def test_the_intake_volume_starts_a_plan_when_no_recent_running_is_recorded() -> None:
    old_run = Activity(Sport.RUN, datetime.combine(MON - timedelta(days=90), time(7), tzinfo=UTC),
                       1800, distance_m=5000)  # fmt: skip
    start = starting_point([old_run], MON, intake_week_km=30)
    assert (start.week_km, start.long_km, start.source) == (30, 0.0, "intake")
    assert "the 30 km/week you gave at intake" in start.reason
    race = TrainingGoal(PlanKind.RACE, MON, race_km=21.1, race_day=MON + timedelta(weeks=14),
                        base_week_km=start.week_km, base_long_km=start.long_km,
                        base_reason=start.reason)  # fmt: skip
    check_goal(race, MON)  # no longer refused
    view = build_plan(race, [], MON)
    assert view.notes == [start.reason]
    assert view.weeks[0].run_km <= 30 * 1.1
    nothing = starting_point([], MON)
    assert nothing.source == "none" and "return-to-run" in nothing.reason


def test_recent_running_wins_over_the_intake() -> None:
    runs = [Activity(Sport.RUN, datetime.combine(MON - timedelta(days=d), time(7), tzinfo=UTC),
                     1800, distance_m=5000) for d in (2, 5, 9, 12, 16, 19, 23, 26)]  # fmt: skip
    start = starting_point(runs, MON, intake_week_km=60)
    assert (start.week_km, start.long_km, start.source) == (10.0, 5.0, "activities")
