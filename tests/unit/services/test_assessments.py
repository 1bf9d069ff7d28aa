"""Intake, examination and signed notes: the exam starts from the intake, a signed note is
locked and changes only by an amendment with a reason, only its author signs it, and signed
findings reach the chiropractor's inbox."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kneecap.domain.clinical.suggestions import Decision
from kneecap.services.errors import Conflict, Forbidden, Invalid, NotFound
from tests.factories import World, examined, pfp_findings, pfp_intake
from tests.fakes.house import FakeHouse


def test_the_examination_starts_from_the_intake_of_the_day(house: FakeHouse, world: World) -> None:
    lmt, cid = world.a.caller("lmt"), world.a.clients[0].id
    with pytest.raises(Invalid, match="Record the intake"):
        house.assessments.start(lmt, cid)
    answers = replace(pfp_intake(), onset_date=date(2026, 1, 31))
    house.assessments.record_intake(world.a.caller("client1"), cid, answers)  # in the portal
    a = house.assessments.start(lmt, cid)
    assert a.side.value == "right"  # the only side the intake names
    assert a.intake.days_since_onset == 30  # worked out on 2026-03-02
    assert a.note.author_name == "Licensed massage therapist ALPHA"


def test_an_onset_in_the_future_is_refused_by_field(house: FakeHouse, world: World) -> None:
    answers = replace(pfp_intake(), onset_date=date(2026, 3, 3))
    with pytest.raises(Invalid) as refused:
        house.assessments.record_intake(world.a.caller("lmt"), world.a.clients[0].id, answers)
    assert "onset_date" in refused.value.errors
    assert house.assessments.latest_intake(world.a.caller("lmt"), world.a.clients[0].id) is None


def test_a_signed_note_is_locked_and_changes_by_amendment_only(
    house: FakeHouse, world: World
) -> None:
    lmt, cid = world.a.caller("lmt"), world.a.clients[0].id
    a = examined(house, lmt, cid)
    assert a.id is not None and a.note.locked
    with pytest.raises(Conflict):
        house.assessments.update_draft(lmt, cid, a.id, pfp_findings(), True)
    with pytest.raises(Invalid, match="reason"):
        house.assessments.amend(lmt, cid, a.id, {"plan": "Refer for imaging"}, reason=" ")
    amended = house.assessments.amend(lmt, cid, a.id, {"plan": "Refer"}, "Forgot the plan")
    assert amended.note.content.plan == "Refer"
    assert amended.note.signed_content == a.note.signed_content  # what was signed stays
    (entry,) = amended.note.amendments
    assert (entry.reason, entry.by_id) == ("Forgot the plan", str(world.a.users["lmt"].id))
    assert house.audit_trail()[-1].detail == "amended: plan"


def test_only_the_author_signs_a_note_and_a_try_is_audited(house: FakeHouse, world: World) -> None:
    cid = world.a.clients[0].id
    draft = examined(house, world.a.caller("lmt"), cid, signed=False)
    assert draft.id is not None
    with pytest.raises(Forbidden):
        house.assessments.sign(world.a.caller("chiropractor"), cid, draft.id)
    last = house.audit_trail()[-1]
    assert (last.action, last.outcome, last.detail) == (
        "note.sign", "forbidden", "not the note's author",
    )  # fmt: skip
    assert not house.assessments.get(world.a.caller("lmt"), cid, draft.id).assessment.note.locked


def test_an_assessment_of_another_client_is_missing(house: FakeHouse, world: World) -> None:
    lmt = world.a.caller("lmt")
    a = examined(house, lmt, world.a.clients[0].id)
    assert a.id is not None
    with pytest.raises(NotFound, match="That assessment"):
        house.assessments.get(lmt, world.a.clients[1].id, a.id)
    with pytest.raises(Forbidden):  # findings and notes never reach a client
        house.assessments.list(world.a.caller("client1"), world.a.clients[0].id)


def test_signed_findings_go_to_the_chiropractors_inbox_until_reviewed(
    house: FakeHouse, world: World
) -> None:
    lmt, chiro, cid = world.a.caller("lmt"), world.a.caller("chiropractor"), world.a.clients[0].id
    draft = examined(house, lmt, cid, signed=False)
    assert draft.id is not None
    with pytest.raises(Conflict, match="Sign the assessment"):
        house.assessments.hand_off(lmt, cid, draft.id, "Please look at the right knee")
    house.assessments.sign(lmt, cid, draft.id)
    with pytest.raises(Invalid):
        house.assessments.hand_off(lmt, cid, draft.id, "   ")
    sent = house.assessments.hand_off(lmt, cid, draft.id, " Please look at the right knee ")
    (item,) = house.assessments.inbox(chiro)
    assert (item.client_name, item.handoff.message) == ("Runner ALPHA1", sent.message)
    assert item.handoff.from_name == "Licensed massage therapist ALPHA"
    with pytest.raises(Forbidden):
        house.assessments.inbox(lmt)
    assert sent.id is not None
    closed = house.assessments.close_handoff(chiro, sent.id)
    assert closed.closed_at == house.clock.now() and house.assessments.inbox(chiro) == []
    with pytest.raises(NotFound):
        house.assessments.close_handoff(world.b.caller("chiropractor"), sent.id)


def test_the_chiropractor_answers_a_suggestion_that_fired(house: FakeHouse, world: World) -> None:
    chiro, cid = world.a.caller("chiropractor"), world.a.clients[0].id
    a = examined(house, world.a.caller("lmt"), cid)
    assert a.id is not None
    with pytest.raises(Invalid, match="not showing"):
        house.assessments.decide(chiro, cid, a.id, "ottawa_knee", Decision.ACCEPTED)
    with pytest.raises(Invalid, match="why"):
        house.assessments.decide(chiro, cid, a.id, "pfp_cpg_2019", Decision.DECLINED)
    decided = house.assessments.decide(chiro, cid, a.id, "pfp_cpg_2019", Decision.ACCEPTED)
    found = decided.decision_for("pfp_cpg_2019")
    assert found is not None and found.decision is Decision.ACCEPTED
    assert house.audit_trail()[-1].detail == "pfp_cpg_2019: accepted"
    with pytest.raises(Forbidden):
        house.assessments.decide(
            world.a.caller("lmt"), cid, a.id, "pfp_cook_2010", Decision.ACCEPTED
        )
