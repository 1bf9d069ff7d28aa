"""Training load for a runner and the clinic: guardrail alerts from stored runs, the pain log
(one entry a day), and a progression plan built from recent running."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kneecap.domain.load.activity import Activity
from kneecap.domain.load.goal import PlanKind
from kneecap.services.errors import Forbidden, Invalid, NotFound
from tests.factories import World, run
from tests.fakes.house import FakeHouse

TODAY = date(2026, 3, 2)  # a Monday


def steady_then_spike() -> list[Activity]:
    """Six weeks of three 6 km runs, then 12 km every day of the last week."""
    steady = [run(TODAY - timedelta(weeks=w, days=-d), 6, 36) for w in range(8, 1, -1)
              for d in (0, 2, 4)]  # fmt: skip
    return steady + [run(TODAY - timedelta(days=d), 12, 70) for d in range(1, 8)]


def test_a_sudden_rise_in_running_shows_as_sourced_alerts(house: FakeHouse, world: World) -> None:
    lmt, cid = world.a.caller("lmt"), world.a.clients[0].id
    assert house.training.add_activities(lmt, cid, steady_then_spike()) == 28
    report = house.training.report(world.a.caller("client1"), cid)
    rules = {a.rule_id for a in report.open_alerts}
    assert {"single-run-spike", "weekly-ramp-30", "no-rest-day"} <= rules
    assert all(a.source for a in report.open_alerts)  # every alert names its source
    assert report.activity_count == 28 and report.recent[0].start.date() == TODAY - timedelta(1)
    assert "session RPE" in report.load_note or "carry no load" in report.load_note


def test_the_same_run_is_stored_once(house: FakeHouse, world: World) -> None:
    lmt, cid = world.a.caller("lmt"), world.a.clients[0].id
    once = run(TODAY - timedelta(days=1), 8, 45)
    assert house.training.add_activities(lmt, cid, [once]) == 1
    assert house.training.add_activities(lmt, cid, [once, run(TODAY, 5, 30)]) == 1
    found, total = house.training.activities(lmt, cid, limit=1)
    assert total == 2 and found[0].activity.start.date() == TODAY  # newest first


def test_the_clinic_list_shows_its_own_runners_with_open_alerts(
    house: FakeHouse, world: World
) -> None:
    lmt = world.a.caller("lmt")
    house.training.add_activities(lmt, world.a.clients[0].id, steady_then_spike())
    house.training.add_activities(lmt, world.a.clients[1].id, [run(TODAY, 5, 30)])
    house.training.add_activities(world.b.caller("lmt"), world.b.clients[0].id,
                                  steady_then_spike())  # fmt: skip
    (listed,) = house.training.clinic_alerts(lmt)
    assert listed.client.id == world.a.clients[0].id and listed.last_activity == TODAY - timedelta(
        1
    )
    assert house.audit_trail()[-1].detail == "listed 1 runner(s) with open alerts"
    with pytest.raises(Forbidden):
        house.training.clinic_alerts(world.a.caller("client1"))


def test_a_pain_entry_is_checked_and_a_second_one_that_day_fills_it_in(
    house: FakeHouse, world: World
) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    with pytest.raises(Invalid) as bad:
        house.training.log_pain(me, cid, TODAY + timedelta(days=1), 11)
    assert set(bad.value.errors) == {"day", "during"}
    house.training.log_pain(me, cid, TODAY, 3, baseline_morning=1)
    house.training.log_pain(me, cid, TODAY, 4, next_morning=2)
    (entry,) = house.training.pain_log(world.a.caller("lmt"), cid)
    assert (entry.during, entry.next_morning, entry.baseline_morning) == (4, 2, 1)
    with pytest.raises(NotFound):
        house.training.log_pain(world.a.caller("client2"), cid, TODAY, 1)


def test_a_plan_starts_from_recent_running_and_replaces_the_last(
    house: FakeHouse, world: World
) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    with pytest.raises(NotFound, match="training plan"):
        house.training.plan_ics(me, cid)
    km = world.a.clients[0].details.weekly_running_km
    assert km  # no running imported: the plan starts from the volume given at intake, and says so
    page = house.training.plan(me, cid)
    assert page.baseline_week_km == km and "gave at intake" in page.start_note
    from_intake = house.training.set_goal(me, cid, PlanKind.VOLUME, goal_week_km=km + 10)
    assert from_intake.plan is not None and any("at intake" in n for n in from_intake.plan.notes)
    house.training.add_activities(me, cid, steady_then_spike())
    first = house.training.set_goal(me, cid, PlanKind.VOLUME, goal_week_km=30)
    assert first.plan is not None and first.plan.weeks[0].start == TODAY
    assert (first.baseline_week_km, first.baseline_long_km) == (33.0, 12.0)
    second = house.training.set_goal(me, cid, PlanKind.RETURN_TO_RUN)
    assert second.plan is not None and second.plan.goal.kind is PlanKind.RETURN_TO_RUN
    assert second.plan_id != first.plan_id
    assert house.training.plan(world.a.caller("lmt"), cid).plan_id == second.plan_id
    calendar = house.training.plan_ics(me, cid).decode().splitlines()
    assert calendar[0] == "Kneecap training plan" and len(calendar) > 1


def test_a_race_too_close_cannot_be_planned(house: FakeHouse, world: World) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    house.training.add_activities(me, cid, steady_then_spike())
    with pytest.raises(Invalid) as soon:
        house.training.set_goal(me, cid, PlanKind.RACE, race_km=21.1, race_day=TODAY + timedelta(9))
    assert "too soon" in soon.value.errors["race_day"]
    assert house.training.plan(me, cid).plan is None


def test_confirming_a_sport_or_date_goes_through_the_gate_and_is_audited(
    house: FakeHouse, world: World
) -> None:
    from dataclasses import replace
    from datetime import UTC, datetime

    from kneecap.domain.load.activity import Sport
    from kneecap.domain.load.provenance import Confidence, SportBasis, SportCall

    me, cid = world.a.caller("client1"), world.a.clients[0].id
    guess = SportCall(SportBasis.INFERRED, Confidence.LOW, "a run or a ride?", True)
    odd = replace(run(TODAY - timedelta(days=1), 10, 50), sport_call=guess)
    house.training.add_activities(me, cid, [odd])
    (waiting,) = house.training.to_confirm(me, cid)
    assert house.training.report(me, cid).analysis.weeks[-1].run_km == 0  # not yet running
    with pytest.raises(Invalid):
        house.training.confirm(me, cid, waiting.id)  # neither sport nor date
    with pytest.raises(Invalid, match="1999"):
        house.training.confirm(me, cid, waiting.id, start=datetime(1990, 1, 1, tzinfo=UTC))
    with pytest.raises(Forbidden):
        house.training.confirm(world.a.caller("admin"), cid, waiting.id, Sport.RIDE)
    with pytest.raises(NotFound):
        house.training.confirm(world.b.caller("lmt"), cid, waiting.id, Sport.RIDE)
    with pytest.raises(NotFound):
        house.training.confirm(me, cid, waiting.id + 99, Sport.RIDE)
    done = house.training.confirm(world.a.caller("lmt"), cid, waiting.id, Sport.RIDE)
    assert done.activity.sport is Sport.RIDE and "the clinician" in done.activity.sport_call.reason
    assert house.training.to_confirm(me, cid) == []
    trail = [e for e in house.audit_trail() if e.action == "training.confirm"]
    assert [(e.outcome, e.detail) for e in trail if e.outcome == "allow"] == [
        ("allow", f"activity {waiting.id}: sport run -> ride")
    ]
    assert any(e.outcome != "allow" for e in trail)  # the refusals are kept too


def test_heart_rate_values_are_checked_and_change_the_load_at_once(
    house: FakeHouse, world: World
) -> None:
    from kneecap.domain.load.physiology import Physiology
    from kneecap.domain.load.trimp import Sex

    me, cid = world.a.caller("client1"), world.a.clients[0].id
    house.training.add_activities(me, cid, [run(TODAY - timedelta(days=1), 8, 45, avg_hr=150)])
    assert house.training.report(me, cid).analysis.weeks[-2].load == 0  # no HRmax, no DOB
    with pytest.raises(Invalid) as bad:
        house.training.set_physiology(me, cid, Physiology(hr_max=150, hr_rest=160))
    assert "hr_rest" in bad.value.errors
    with pytest.raises(Forbidden):
        house.training.set_physiology(world.a.caller("admin"), cid, Physiology(hr_max=190))
    house.training.set_physiology(me, cid, Physiology(Sex.FEMALE, 190, 50))
    report = house.training.report(world.a.caller("lmt"), cid)
    assert report.analysis.weeks[-2].load > 0 and "measured maximum" in report.load_note
    assert house.training.physiology(me, cid) == Physiology(Sex.FEMALE, 190, 50)
