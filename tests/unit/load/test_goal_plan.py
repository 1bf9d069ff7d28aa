"""The stored goal → plan, adapted to the pain log (Silbernagel 2007 pain-monitoring model),
its calendar events, the pain-entry checks and the open-alert window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneecap.domain.load import rules as R
from kneecap.domain.load.analysis import open_alerts
from kneecap.domain.load.goal import (
    InvalidGoal,
    PlanKind,
    TrainingGoal,
    build_plan,
    check_goal,
    monday_on_or_after,
    return_to_run_stage,
)
from kneecap.domain.load.guardrails import Alert
from kneecap.domain.load.pain import InvalidPainEntry, PainEntry, checked_entry
from kneecap.domain.load.plan_calendar import plan_events
from kneecap.domain.load.planner import Kind
from kneecap.domain.load.return_to_run import STAGES, clinic_gate

MON = date(2026, 3, 2)


def e(
    day: int, during: float, morning: float | None = None, usual: float | None = None
) -> PainEntry:
    return PainEntry(MON + timedelta(days=day), during, morning, usual)


def test_silbernagel_accepts_up_to_5_to_move_on_and_above_5_steps_back() -> None:
    # Silbernagel 2007: 0–2 safe, up to 5 acceptable, above 5 too much.
    log = [e(0, 1), e(2, 2), e(4, 0), e(7, 4), e(9, 6)]
    stage, changes = return_to_run_stage(2, log)
    assert stage == 2  # up to 3 after the three sessions, back to 2 after 6/10
    assert [c.day for c in changes] == [MON + timedelta(days=d) for d in (4, 9)]
    assert "≤ 5/10" in changes[0].message and "moved up to stage 4" in changes[0].message
    assert "stepped back to stage 3" in changes[1].message
    four = [e(0, 4), e(2, 4), e(4, 3)]  # acceptable zone: moves on under the model
    assert return_to_run_stage(2, four)[0] == 3


def test_a_clinics_stricter_gate_repeats_the_stage_at_3_to_5() -> None:
    log = [e(0, 1), e(2, 2), e(4, 0), e(7, 4), e(9, 6)]
    stage, changes = return_to_run_stage(2, log, gate=clinic_gate(2))
    assert stage == 2
    assert [c.day for c in changes] == [MON + timedelta(days=d) for d in (4, 7, 9)]
    assert "repeated" in changes[1].message and "2/10 gate" in changes[1].message
    goal = TrainingGoal(PlanKind.RETURN_TO_RUN, MON, progress_pain_max=2)
    assert goal.gate.progress_max == 2 and "clinic" in goal.gate.source
    assert TrainingGoal(PlanKind.RETURN_TO_RUN, MON).gate.progress_max == 5
    with pytest.raises(ValueError, match="0 to 5/10"):
        clinic_gate(6)


def test_a_worse_next_morning_steps_back_even_with_little_pain_during() -> None:
    stage, changes = return_to_run_stage(3, [e(0, 1, morning=3, usual=1)])
    assert stage == 2 and "next-morning" in changes[0].message


def test_at_the_first_stage_too_much_pain_keeps_the_runner_there_and_says_so() -> None:
    stage, changes = return_to_run_stage(0, [e(0, 7)])
    assert stage == 0 and "stay at stage 1" in changes[0].message


def test_return_to_run_plan_starts_this_week_at_the_current_stage() -> None:
    goal = TrainingGoal(PlanKind.RETURN_TO_RUN, MON - timedelta(weeks=2))
    view = build_plan(goal, [e(-14, 1), e(-12, 1), e(-10, 1)], MON + timedelta(days=3))
    assert view.stage == 1 and view.weeks[0].start == MON
    walk_runs = [s for s in view.weeks[0].sessions if s.kind is Kind.WALK_RUN]
    assert len(walk_runs) == 3 and walk_runs[0].minutes == STAGES[1].minutes
    assert view.stage_text.startswith("stage 2 of 9")


def test_pain_before_the_plan_started_or_in_the_future_is_ignored() -> None:
    goal = TrainingGoal(PlanKind.RETURN_TO_RUN, MON, start_stage=3)
    view = build_plan(goal, [e(-3, 8), e(5, 8)], MON + timedelta(days=2))
    assert view.stage == 3 and view.adaptations == []


def test_volume_plan_repeats_a_week_once_per_painful_week() -> None:
    goal = TrainingGoal(PlanKind.VOLUME, MON, goal_week_km=40, base_week_km=20, base_long_km=8)
    plain = build_plan(goal, [], MON + timedelta(days=30))
    painful = build_plan(goal, [e(1, 6), e(3, 7), e(15, 2, 4, 1)], MON + timedelta(days=30))
    assert len(painful.weeks) == len(plain.weeks) + 2  # week 1 twice → one repeat; week 3 one
    assert painful.weeks[1].run_km == plain.weeks[0].run_km
    assert len(painful.adaptations) == 2 and "4/10 next morning" in painful.adaptations[1].message


def test_goals_that_cannot_be_planned_say_which_field_to_change() -> None:
    with pytest.raises(InvalidGoal) as no_base:
        check_goal(TrainingGoal(PlanKind.VOLUME, MON, goal_week_km=30), MON)
    assert "return-to-run" in no_base.value.errors["kind"]
    soon = TrainingGoal(PlanKind.RACE, MON, race_km=21.1, race_day=MON + timedelta(days=9),
                        base_week_km=20)  # fmt: skip
    with pytest.raises(InvalidGoal) as too_soon:
        check_goal(soon, MON)
    assert "too soon" in too_soon.value.errors["race_day"]
    with pytest.raises(InvalidGoal) as tuesday:
        check_goal(TrainingGoal(PlanKind.RETURN_TO_RUN, MON + timedelta(days=1)), MON)
    assert "Monday" in tuesday.value.errors["start"]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_plans_start_on_the_next_monday_or_today(day: date) -> None:
    m = monday_on_or_after(day)
    assert m.weekday() == 0 and 0 <= (m - day).days < 7


def test_calendar_events_have_stable_unique_keys_and_no_rest_days() -> None:
    goal = TrainingGoal(PlanKind.VOLUME, MON, goal_week_km=30, base_week_km=20, base_long_km=8)
    weeks = build_plan(goal, [], MON).weeks
    events = plan_events(7, 3, weeks)
    keys = [ev.key for ev in events]
    assert len(keys) == len(set(keys)) and all(k.startswith("training-plan/3/7/") for k in keys)
    assert not any("rest" in k for k in keys)
    assert plan_events(7, 3, build_plan(goal, [], MON).weeks) == events
    assert events[0].title.startswith("Run ") and events[0].title.endswith(" km")


@pytest.mark.parametrize("bad", [-1, 10.5, 11])
def test_pain_values_outside_0_to_10_are_refused_by_field(bad: float) -> None:
    with pytest.raises(InvalidPainEntry) as err:
        checked_entry(MON, 3, next_morning=bad)
    assert list(err.value.errors) == ["next_morning"]


def test_a_pain_entry_cannot_be_in_the_future() -> None:
    with pytest.raises(InvalidPainEntry) as err:
        checked_entry(MON + timedelta(days=1), 2, today=MON)
    assert "future" in err.value.errors["day"]


def test_open_alerts_are_recent_guardrails_not_information_notes() -> None:
    def alert(days_ago: int, sev: R.Severity) -> Alert:
        return Alert("x", MON - timedelta(days=days_ago), sev, "m")

    warn, caut, info = R.Severity.WARNING, R.Severity.CAUTION, R.Severity.INFO
    found = open_alerts([alert(0, warn), alert(13, caut), alert(14, warn), alert(1, info)], MON)
    assert [a.date for a in found] == [MON, MON - timedelta(days=13)]


def test_a_race_plan_puts_the_race_in_the_calendar() -> None:
    goal = TrainingGoal(PlanKind.RACE, MON, race_km=10, race_day=MON + timedelta(weeks=8, days=6),
                        base_week_km=20, base_long_km=6)  # fmt: skip
    events = plan_events(1, 2, build_plan(goal, [], MON).weeks)
    assert events[-1].title == "Race 10 km" and events[-1].on == MON + timedelta(weeks=8, days=6)
