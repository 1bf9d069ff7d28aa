"""The demo runners' made-up histories do what the demo promises, whatever today is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kneecap.demo.load import daniel, maya, tom_sessions
from kneecap.domain.load.analysis import analyze, open_alerts
from kneecap.domain.load.goal import PlanKind, TrainingGoal, build_plan
from kneecap.domain.load.pain import PainEntry
from kneecap.domain.load.trimp import HeartRateProfile, Sex

DAYS = [date(2026, 11, 23) + timedelta(days=i) for i in range(7)]  # every weekday
PROFILE = HeartRateProfile.from_age(35, Sex.FEMALE)


@pytest.mark.parametrize("today", DAYS)
def test_maya_trips_the_spike_and_the_ramp_guardrails(today: date) -> None:
    res = analyze(maya(today), today, PROFILE)
    rules = {a.rule_id for a in open_alerts(res.alerts, today)}
    assert {"single-run-spike", "weekly-ramp-30"} <= rules
    spike = next(a for a in res.alerts[::-1] if a.rule_id == "single-run-spike")
    assert spike.why["increase"] > 0.30
    ramp = next(a for a in res.alerts[::-1] if a.rule_id == "weekly-ramp-30")
    assert ramp.why["increase"] > 0.30


@pytest.mark.parametrize("today", DAYS)
def test_daniel_trips_nothing(today: date) -> None:
    assert analyze(daniel(today), today, PROFILE).alerts == []


@pytest.mark.parametrize("today", DAYS)
def test_tom_return_to_run_plan_went_up_twice_and_stepped_back(today: date) -> None:
    start, sessions = tom_sessions(today)
    log = [PainEntry(d, p[0], p[1], p[2]) for d, p in sessions]
    assert all(d < today for d, _ in sessions)
    view = build_plan(TrainingGoal(PlanKind.RETURN_TO_RUN, start), log, today)
    messages = [a.message for a in view.adaptations]
    assert sum("moved up" in m for m in messages) == 2 and "stepped back" in messages[-1]
    assert view.stage == 1


@pytest.mark.parametrize("today", DAYS)
def test_mayas_half_marathon_plan_has_its_long_run_longest_and_tapers(today: date) -> None:
    from kneecap.domain.load.goal import baseline, monday_on_or_after, run_history

    acts = maya(today)
    week_km, long_km = baseline(acts, today)
    start = monday_on_or_after(today)
    goal = TrainingGoal(PlanKind.RACE, start, race_km=21.1, race_day=today + timedelta(weeks=14),
                        base_week_km=week_km, base_long_km=long_km)  # fmt: skip
    view = build_plan(goal, [], today, run_history(acts, start))
    for w in view.weeks:
        long = [s.distance_km for s in w.runs if s.notes.startswith("long run")]
        if long:
            assert long[0] == max(s.distance_km or 0 for s in w.runs)
    assert view.weeks[-1].taper and view.weeks[-2].taper
    assert max(s.distance_km or 0 for s in view.weeks[0].runs) <= 11.0 * 1.1
