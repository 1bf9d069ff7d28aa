"""Care plans and visit notes: the chiropractor signs, a signed plan changes only by an
amendment with a reason (an LMT's waits for co-signature), a signed visit note only by an
addendum, and every record names a real user."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kneecap.domain.care.modalities import Modality, ModalityPrescription
from kneecap.domain.care.plan import Goal, PlanStatus
from kneecap.services.errors import Conflict, Forbidden, Invalid, NotFound
from tests.factories import CARE_START, PLAN_CONTENT, World
from tests.fakes.house import FakeHouse

SOAP = {"subjective": "Stairs easier", "objective": "Squat pain 2/10",
        "assessment": "Improving", "plan": "Continue"}  # fmt: skip


def test_an_lmt_drafts_the_chiropractor_signs_and_signing_locks(
    house: FakeHouse, world: World
) -> None:
    lmt, chiro, cid = world.a.caller("lmt"), world.a.caller("chiropractor"), world.a.clients[0].id
    massage_only = replace(PLAN_CONTENT, modalities=PLAN_CONTENT.modalities[1:4])
    draft = house.care.plans.create(lmt, cid, CARE_START, massage_only)
    assert draft.status is PlanStatus.DRAFT and draft.author_id == str(world.a.users["lmt"].id)
    with pytest.raises(Forbidden):
        house.care.plans.sign(lmt, cid, draft.id)
    signed = house.care.plans.sign(chiro, cid, draft.id)
    assert signed.is_locked and signed.signed_at == house.clock.now()
    with pytest.raises(Conflict, match="already signed on 2026-03-02"):
        house.care.plans.sign(chiro, cid, draft.id)
    assert [p.id for p in house.care.plans.plans(world.a.caller("client1"), cid)] == [draft.id]


def test_a_plan_needs_a_goal_and_a_modality_before_signing(house: FakeHouse, world: World) -> None:
    chiro, cid = world.a.caller("chiropractor"), world.a.clients[0].id
    empty = house.care.plans.create(chiro, cid, CARE_START, replace(PLAN_CONTENT, goals=()))
    with pytest.raises(Invalid, match="at least one goal"):
        house.care.plans.sign(chiro, cid, empty.id)


def test_a_signed_plan_changes_by_amendment_and_an_lmts_waits_for_cosignature(
    house: FakeHouse, world: World
) -> None:
    lmt, chiro, cid = world.a.caller("lmt"), world.a.caller("chiropractor"), world.a.clients[0].id
    plan = house.care.plans.create(chiro, cid, CARE_START, PLAN_CONTENT)
    with pytest.raises(Invalid, match="still a draft"):
        house.care.plans.amend(chiro, cid, plan.id, "why", PLAN_CONTENT)
    house.care.plans.sign(chiro, cid, plan.id)
    more = replace(PLAN_CONTENT, goals=(*PLAN_CONTENT.goals, Goal("Stairs without pain")))
    with pytest.raises(Invalid, match="reason"):
        house.care.plans.amend(lmt, cid, plan.id, "  ", more)
    with pytest.raises(Invalid, match="changes nothing"):
        house.care.plans.amend(lmt, cid, plan.id, "no change", PLAN_CONTENT)
    by_lmt = house.care.plans.amend(lmt, cid, plan.id, "Stairs matter to her", more)
    assert by_lmt.content == more and by_lmt.amendments[-1].needs_cosign
    by_chiro = house.care.plans.amend(chiro, cid, plan.id, "Fewer goals", PLAN_CONTENT)
    assert not by_chiro.amendments[-1].needs_cosign
    assert house.care.plans.plans(chiro, cid)[0].amendments == by_chiro.amendments


def test_an_lmt_amending_in_a_chiropractic_adjustment_is_refused_and_audited(
    house: FakeHouse, world: World
) -> None:
    lmt, chiro, cid = world.a.caller("lmt"), world.a.caller("chiropractor"), world.a.clients[0].id
    base = replace(PLAN_CONTENT, modalities=PLAN_CONTENT.modalities[:1])
    plan = house.care.plans.create(chiro, cid, CARE_START, base)
    house.care.plans.sign(chiro, cid, plan.id)
    adjust = ModalityPrescription(Modality.CHIROPRACTIC_ADJUSTMENT, "pelvis", None, 1, 4)
    with pytest.raises(Forbidden):
        house.care.plans.amend(lmt, cid, plan.id, "add", replace(base, modalities=(adjust,)))
    last = house.audit_trail()[-1]
    assert (last.action, last.outcome) == ("care_plan.amend", "forbidden")
    assert house.care.plans.plans(chiro, cid)[-1].content == base


def test_another_clients_plan_is_missing(house: FakeHouse, world: World) -> None:
    chiro = world.a.caller("chiropractor")
    plan = house.care.plans.create(chiro, world.a.clients[0].id, CARE_START, PLAN_CONTENT)
    with pytest.raises(NotFound, match="That care plan"):
        house.care.plans.sign(chiro, world.a.clients[1].id, plan.id)


def test_a_signed_visit_note_changes_by_addendum_only(house: FakeHouse, world: World) -> None:
    lmt, chiro, cid = world.a.caller("lmt"), world.a.caller("chiropractor"), world.a.clients[0].id
    plan = house.care.plans.create(chiro, cid, CARE_START, PLAN_CONTENT)
    with pytest.raises(Invalid, match="empty"):
        house.care.plans.write_note(lmt, cid, plan.id, date(2026, 3, 2), {"subjective": "x"},
                                    sign=True)  # fmt: skip
    note = house.care.plans.write_note(
        lmt, cid, plan.id, date(2026, 3, 2), SOAP, given=(Modality.MASSAGE,), sign=True
    )
    assert note.is_locked and note.modalities_given == (Modality.MASSAGE,)
    with pytest.raises(Invalid, match="reason and its text"):
        house.care.plans.add_addendum(chiro, cid, note.id, "", "text")
    fixed = house.care.plans.add_addendum(chiro, cid, note.id, "Typo", "Squat pain 3/10")
    assert [a.text for a in fixed.addenda] == ["Squat pain 3/10"]
    assert house.care.plans.notes(lmt, cid)[0].addenda == fixed.addenda
    with pytest.raises(NotFound, match="That visit note"):
        house.care.plans.add_addendum(chiro, world.a.clients[1].id, note.id, "Typo", "x")


def test_an_lmt_may_not_record_giving_an_adjustment(house: FakeHouse, world: World) -> None:
    lmt, chiro, cid = world.a.caller("lmt"), world.a.caller("chiropractor"), world.a.clients[0].id
    plan = house.care.plans.create(chiro, cid, CARE_START, PLAN_CONTENT)
    with pytest.raises(Forbidden):
        house.care.plans.write_note(lmt, cid, plan.id, date(2026, 3, 2), SOAP,
                                    given=(Modality.CHIROPRACTIC_ADJUSTMENT,))  # fmt: skip
    assert house.care.plans.notes(chiro, cid) == []
    with pytest.raises(Forbidden):  # clients read their plan, not the clinic's notes
        house.care.plans.notes(world.a.caller("client1"), cid)
