"""The one gate: allowed touches of client data are audited with the change, a denial is
audited even though the caller's work is rolled back, and another clinic's record answers
exactly like a missing one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kneecap.domain.care.modalities import Modality, ModalityPrescription
from kneecap.domain.care.plan import Goal, PlanContent
from kneecap.services.errors import Forbidden, NotFound
from tests.factories import ADDRESS, CARE_START, PLAN_CONTENT, World
from tests.fakes.house import FakeHouse


def test_an_allowed_read_is_audited_with_who_from_where_and_whose_record(
    house: FakeHouse, world: World
) -> None:
    own = world.a.clients[0]
    before = len(house.audit_trail())
    house.clients.get(world.a.caller("lmt"), own.id)
    (entry,) = house.audit_trail()[before:]
    assert (entry.action, entry.outcome, entry.client_id) == ("client.read", "allow", own.id)
    assert entry.actor_user_id == world.a.users["lmt"].id and entry.address == ADDRESS
    assert entry.resource == f"client:{own.id}" and entry.clinic_id == world.a.clinic_id


def test_another_clinics_client_is_as_missing_as_no_client(house: FakeHouse, world: World) -> None:
    lmt = world.a.caller("lmt")
    foreign = world.b.clients[0].id
    with pytest.raises(NotFound) as other:
        house.clients.get(lmt, foreign)
    with pytest.raises(NotFound) as missing:
        house.clients.get(lmt, 9999)
    assert other.value.message == missing.value.message == "That client was not found."
    denials = [e for e in house.audit_trail() if e.outcome == "hidden"]
    assert [(e.clinic_id, e.client_id) for e in denials] == [(world.a.clinic_id, None)] * 2
    # The other clinic's own log does not learn of the attempt.
    assert all(e.actor_user_id != lmt.actor.user_id for e in house.audit_trail(world.b.clinic_id))


def test_a_client_cannot_reach_a_fellow_clients_record(house: FakeHouse, world: World) -> None:
    me = world.a.caller("client1")
    assert house.clients.get(me, world.a.clients[0].id).name == "Runner ALPHA1"
    with pytest.raises(NotFound):
        house.clients.get(me, world.a.clients[1].id)
    assert house.audit_trail()[-1].outcome == "hidden"


def test_a_forbidden_action_is_refused_audited_and_stores_nothing(
    house: FakeHouse, world: World
) -> None:
    cid = world.a.clients[0].id
    with pytest.raises(Forbidden) as refused:
        house.diagnoses.record(world.a.caller("lmt"), cid, "M22.2X1", "right")
    assert "Licensed massage therapist" in refused.value.message
    assert "Ask a chiropractor" in refused.value.message
    last = house.audit_trail()[-1]
    assert (last.action, last.outcome, last.client_id) == ("diagnosis.record", "forbidden", cid)
    assert house.diagnoses.list(world.a.caller("chiropractor"), cid) == []


def test_a_scope_refusal_of_the_domain_is_audited_as_a_denial(
    house: FakeHouse, world: World
) -> None:
    """An LMT may draft a plan, but not one with a chiropractic adjustment in it."""
    cid = world.a.clients[0].id
    content = PlanContent(
        (Goal("Run pain-free"),),
        (ModalityPrescription(Modality.CHIROPRACTIC_ADJUSTMENT, "pelvis", None, 1, 4),),
    )
    with pytest.raises(Forbidden, match="chiropractor"):
        house.care.plans.create(world.a.caller("lmt"), cid, date(2026, 3, 2), content)
    last = house.audit_trail()[-1]
    assert (last.action, last.outcome) == ("care_plan.draft", "forbidden")
    assert house.care.plans.plans(world.a.caller("chiropractor"), cid) == []


def test_the_admin_sees_no_clinical_records(house: FakeHouse, world: World) -> None:
    cid = world.a.clients[0].id
    admin = world.a.caller("admin")
    assert house.clients.get(admin, cid).id == cid  # the record, for accounts
    with pytest.raises(Forbidden):
        house.assessments.list(admin, cid)
    with pytest.raises(Forbidden):
        house.care.plans.plans(admin, cid)


def test_a_denial_after_an_allowed_step_outlives_the_rollback_of_that_step(
    house: FakeHouse, world: World
) -> None:
    """An LMT may amend a signed plan, not put an adjustment into it. The gate allowed the
    amendment (an audit row in the caller's work) before the domain refused it: the work is
    rolled back, that row with it, and the denial it kept is written after the rollback."""
    chiro, lmt, cid = world.a.caller("chiropractor"), world.a.caller("lmt"), world.a.clients[0].id
    base = PlanContent((Goal("Run pain-free"),), PLAN_CONTENT.modalities[:1])
    plan = house.care.plans.create(chiro, cid, CARE_START, base)
    house.care.plans.sign(chiro, cid, plan.id)
    before = len(house.audit_trail())
    adjust = ModalityPrescription(Modality.CHIROPRACTIC_ADJUSTMENT, "pelvis", None, 1, 4)
    with pytest.raises(Forbidden, match="chiropractic adjustment"):
        house.care.plans.amend(lmt, cid, plan.id, "add", replace(base, modalities=(adjust,)))
    (denial,) = house.audit_trail()[before:]
    assert (denial.action, denial.outcome, denial.client_id) == (
        "care_plan.amend",
        "forbidden",
        cid,
    )
    assert denial.actor_user_id == lmt.actor.user_id and "adjustment" in denial.detail
    assert house.care.plans.plans(chiro, cid)[0].content == base  # nothing of the work kept
    assert house.uow_factory.rows.lock.holder is None  # and no write lock left behind
