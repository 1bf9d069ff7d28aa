"""Escalation: the chiropractor is alerted when a red flag is reported or care goes the wrong
way, an alert stays open until a decision is recorded, and only the chiropractor decides."""

from __future__ import annotations

from datetime import date

import pytest

from kneecap.domain.care.escalation import Trigger
from kneecap.services.errors import Forbidden, Invalid
from tests.factories import CARE_START, World, signed_plan_with_programme
from tests.fakes.house import FakeHouse


def test_no_alert_without_a_signed_plan_or_before_care_has_had_time(
    house: FakeHouse, world: World
) -> None:
    chiro, cid = world.a.caller("chiropractor"), world.a.clients[0].id
    house.care.escalation.report_red_flag(world.a.caller("lmt"), cid, "night pain")
    status = house.care.escalation.status(chiro, cid)
    assert status.alert is None and [f.text for f in status.red_flags] == ["night pain"]
    signed_plan_with_programme(house, world, 1)  # another client's plan, two weeks in
    assert house.care.escalation.status(chiro, world.a.clients[1].id).alert is None
    assert house.care.escalation.inbox(chiro) == []


def test_a_red_flag_opens_an_alert_until_the_chiropractor_decides(
    house: FakeHouse, world: World
) -> None:
    lmt, chiro, cid = world.a.caller("lmt"), world.a.caller("chiropractor"), world.a.clients[0].id
    signed_plan_with_programme(house, world)
    with pytest.raises(Invalid, match="Describe the red flag"):
        house.care.escalation.report_red_flag(lmt, cid, "  ")
    house.care.escalation.report_red_flag(lmt, cid, " locking ")
    ((record, alert),) = house.care.escalation.inbox(chiro)
    assert record.id == cid and alert.trigger is Trigger.RED_FLAG and "locking" in alert.message
    with pytest.raises(Forbidden):
        house.care.escalation.decide(lmt, cid, "refer_other", "MRI")
    with pytest.raises(Invalid, match="why"):
        house.care.escalation.decide(chiro, cid, "refer_other", " ")
    with pytest.raises(Invalid, match="Unknown decision"):
        house.care.escalation.decide(chiro, cid, "wait and see", "MRI")
    house.clock.advance(minutes=5)
    made = house.care.escalation.decide(chiro, cid, "refer_other", "Orthopaedic review, MRI")
    assert made.trigger == "red_flag" and "locking" in made.evidence
    assert house.audit_trail()[-1].detail == "decision: refer_other; trigger: red_flag"
    assert house.care.escalation.inbox(chiro) == []
    house.clock.advance(days=1)
    house.care.escalation.report_red_flag(lmt, cid, "swelling")  # a new flag opens it again
    assert len(house.care.escalation.inbox(chiro)) == 1


def test_worsening_beyond_the_mcid_alerts_at_any_week(house: FakeHouse, world: World) -> None:
    chiro, me, cid = (
        world.a.caller("chiropractor"),
        world.a.caller("client1"),
        world.a.clients[0].id,
    )
    signed_plan_with_programme(house, world)
    house.care.outcomes.record(me, cid, "akps", {"answers": [1] * 13}, on=CARE_START)  # 72
    house.care.outcomes.record(me, cid, "akps", {"answers": [2] * 13})  # far worse
    status = house.care.escalation.status(chiro, cid)
    assert status.open and status.alert is not None
    assert status.alert.trigger is Trigger.WORSENING and status.alert.weeks_in_care == 2


def test_after_six_weeks_without_follow_up_the_measures_are_due(
    house: FakeHouse, world: World
) -> None:
    chiro, cid = world.a.caller("chiropractor"), world.a.clients[0].id
    signed_plan_with_programme(house, world)
    house.clock.advance(weeks=4)
    status = house.care.escalation.status(chiro, cid)
    assert status.alert is not None and status.alert.trigger is Trigger.MEASURES_DUE
    assert house.clock.now().date() == date(2026, 3, 30)
    with pytest.raises(Forbidden):  # the LMT is not the one alerted
        house.care.escalation.status(world.a.caller("lmt"), cid)
