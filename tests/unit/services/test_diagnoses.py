"""Diagnoses and referral letters: only the chiropractor diagnoses and releases, the code and
the side must agree, a client sees released diagnoses only, and a letter comes from a signed
note alone."""

from __future__ import annotations

import pytest

from kneecap.domain.clinical.referral_letter import ReferralKind
from kneecap.services.errors import Conflict, Forbidden, Invalid, NotFound
from tests.factories import World, examined
from tests.fakes.house import FakeHouse


def test_a_diagnosis_is_coded_for_one_knee_and_audited_by_its_code(
    house: FakeHouse, world: World
) -> None:
    chiro, cid = world.a.caller("chiropractor"), world.a.clients[0].id
    saved = house.diagnoses.record(chiro, cid, " m22.2x1 ", " Right ", note=" PFP ")
    assert (saved.diagnosis.code, saved.diagnosis.side.value, saved.diagnosis.note) == (
        "M22.2X1", "right", "PFP",
    )  # fmt: skip
    assert house.audit_trail()[-1].detail == "code M22.2X1"  # the note's text stays out


@pytest.mark.parametrize(
    ("code", "side", "field"),
    [("M22.2X1", "left", "side"), ("M22.2X1", "both knees", "side"), ("M99.99", "left", "code")],
)
def test_a_code_that_does_not_fit_is_refused_by_field(
    house: FakeHouse, world: World, code: str, side: str, field: str
) -> None:
    chiro, cid = world.a.caller("chiropractor"), world.a.clients[0].id
    with pytest.raises(Invalid) as refused:
        house.diagnoses.record(chiro, cid, code, side)
    assert field in refused.value.errors
    assert house.diagnoses.list(chiro, cid) == []


def test_a_diagnosis_can_only_cite_this_clients_assessment(house: FakeHouse, world: World) -> None:
    a = examined(house, world.a.caller("lmt"), world.a.clients[1].id)
    with pytest.raises(NotFound, match="That assessment"):
        house.diagnoses.record(
            world.a.caller("chiropractor"), world.a.clients[0].id, "M22.2X1", "right",
            assessment_id=a.id,
        )  # fmt: skip


def test_the_client_sees_a_diagnosis_once_it_is_released(house: FakeHouse, world: World) -> None:
    chiro, me, cid = (
        world.a.caller("chiropractor"),
        world.a.caller("client1"),
        world.a.clients[0].id,
    )
    first = house.diagnoses.record(chiro, cid, "M22.2X1", "right")
    house.diagnoses.record(chiro, cid, "M76.51", "right")
    assert first.id is not None
    assert house.diagnoses.list(me, cid) == []
    with pytest.raises(Forbidden):
        house.diagnoses.release(world.a.caller("lmt"), cid, first.id)
    released = house.diagnoses.release(chiro, cid, first.id)
    assert released.diagnosis.released_at == house.clock.now()
    house.clock.advance(hours=1)
    again = house.diagnoses.release(chiro, cid, first.id)
    assert again.diagnosis.released_at == released.diagnosis.released_at  # the first release
    assert [d.diagnosis.code for d in house.diagnoses.list(me, cid)] == ["M22.2X1"]
    assert len(house.diagnoses.list(world.a.caller("lmt"), cid)) == 2
    with pytest.raises(NotFound):
        house.diagnoses.release(chiro, world.a.clients[1].id, first.id)


def test_a_referral_letter_comes_from_a_signed_note_only(house: FakeHouse, world: World) -> None:
    chiro, cid = world.a.caller("chiropractor"), world.a.clients[0].id
    draft = examined(house, world.a.caller("lmt"), cid, signed=False)
    assert draft.id is not None
    with pytest.raises(Conflict, match="Sign the assessment note"):
        house.diagnoses.referral(chiro, cid, draft.id, ReferralKind.PHYSICIAN)
    house.assessments.sign(world.a.caller("lmt"), cid, draft.id)
    letter = house.diagnoses.referral(chiro, cid, draft.id, ReferralKind.XRAY)
    assert letter.recipient == "Radiology department" and letter.patient_name == "Runner ALPHA1"
    assert letter.clinic_name == "Alpha Clinic" and letter.clinician_name == "Chiropractor ALPHA"
    # No rule backs an X-ray here: the letter says it rests on the clinician's judgement.
    assert letter.reason.startswith("Clinical judgement") and not letter.urgent
    assert house.audit_trail()[-1].detail == "referral letter: xray"
    with pytest.raises(Forbidden):
        house.diagnoses.referral(world.a.caller("lmt"), cid, draft.id, ReferralKind.XRAY)
