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
