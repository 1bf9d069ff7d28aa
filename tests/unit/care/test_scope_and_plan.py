from datetime import date, datetime

import pytest

from kneecap.domain.access.roles import Role
from kneecap.domain.care.errors import (
    CareError,
    ModalityParameterError,
    ScopeError,
    SigningError,
)
from kneecap.domain.care.evidence import Verdict, evidence_for, evidence_notes
from kneecap.domain.care.modalities import (
    MODALITY_RULES,
    Modality,
    ModalityPrescription,
    client_view,
    validate_modality,
)
from kneecap.domain.care.plan import (
    CarePlan,
    Goal,
    PlanContent,
    PlanStatus,
    amend_plan,
    cosign_amendment,
    new_plan,
    sign_plan,
)
from kneecap.domain.care.scope import allowed_modalities, can_prescribe

AT = datetime(2025, 3, 3, 10, 0)
MASSAGE = ModalityPrescription(Modality.MASSAGE, "thigh", 45, 1, 6)
ADJUST = ModalityPrescription(Modality.CHIROPRACTIC_ADJUSTMENT, "pelvis", None, 1, 4)
GOAL = Goal("Run 5 km without knee pain", instrument="akps", target=85)


def draft(role: Role = Role.LMT, *mods: ModalityPrescription) -> CarePlan:
    return new_plan(
        plan_id=1,
        client_id=1,
        author_id="u1",
        author_role=role,
        created_at=AT,
        start=date(2025, 3, 3),
        content=PlanContent(goals=(GOAL,), modalities=mods or (MASSAGE,)),
    )


def test_lmt_cannot_prescribe_an_adjustment() -> None:
    assert not can_prescribe(Role.LMT, Modality.CHIROPRACTIC_ADJUSTMENT)
    assert can_prescribe(Role.CHIROPRACTOR, Modality.CHIROPRACTIC_ADJUSTMENT)
    assert Modality.MASSAGE in allowed_modalities(Role.LMT)
    assert allowed_modalities(Role.CLIENT) == frozenset()
    with pytest.raises(ScopeError, match="lmt may not prescribe chiropractic adjustment"):
        draft(Role.LMT, MASSAGE, ADJUST)


def test_modality_parameters_validated_per_modality() -> None:
    with pytest.raises(ModalityParameterError, match="between 5 and 20") as err:
        validate_modality(ModalityPrescription(Modality.ICE_HEAT, "knee", 200, 7, 2))
    assert err.value.field == "dose"
    with pytest.raises(ModalityParameterError, match="takes no dose"):
        validate_modality(ModalityPrescription(Modality.CHIROPRACTIC_ADJUSTMENT, "hip", 3, 1, 2))
    with pytest.raises(ModalityParameterError, match="area 'shoulder'"):
        validate_modality(ModalityPrescription(Modality.MASSAGE, "shoulder", 30, 1, 2))
    with pytest.raises(ModalityParameterError, match="times per week") as err:
        validate_modality(ModalityPrescription(Modality.MASSAGE, "thigh", 30, 5, 2))
    assert err.value.field == "per_week"


def test_evidence_is_information_with_sources() -> None:
    assert evidence_for(Modality.STRENGTHENING).verdict is Verdict.RECOMMENDED
    assert any("Willy" in s for s in evidence_for(Modality.STRENGTHENING).sources)
    assert evidence_for(Modality.MICROCURRENT).verdict is Verdict.NOT_RECOMMENDED
    # The 4-week window is patellar (rigid) taping's evidence; elastic tape is kept apart.
    taping = ModalityPrescription(Modality.PATELLAR_TAPING, "knee", 3, 2, 6)
    assert any("about 4 weeks" in n for n in evidence_notes(taping))
    elastic = evidence_for(Modality.KINESIOLOGY_TAPING)
    assert elastic.verdict is Verdict.NO_SPECIFIC_RECOMMENDATION and not elastic.sources
    # Not recommended is not a block: a chiropractor can still plan it.
    fsm = ModalityPrescription(Modality.MICROCURRENT, "knee", 20, 2, 4)
    assert draft(Role.CHIROPRACTOR, fsm).content.modalities == (fsm,)


def test_only_a_chiropractor_signs_and_signing_locks() -> None:
    plan = draft(Role.LMT)
    with pytest.raises(SigningError, match="Only a chiropractor"):
        sign_plan(plan, signer_id="u1", signer_role=Role.LMT, at=AT)
    signed = sign_plan(plan, signer_id="dc", signer_role=Role.CHIROPRACTOR, at=AT)
    assert signed.status is PlanStatus.SIGNED and signed.signed_by == "dc"
    with pytest.raises(SigningError, match="already signed"):
        sign_plan(signed, signer_id="dc", signer_role=Role.CHIROPRACTOR, at=AT)


def test_empty_plan_cannot_be_signed() -> None:
    empty = new_plan(
        plan_id=1,
        client_id=1,
        author_id="dc",
        author_role=Role.CHIROPRACTOR,
        created_at=AT,
        start=date(2025, 3, 3),
    )
    with pytest.raises(SigningError, match="at least one goal"):
        sign_plan(empty, signer_id="dc", signer_role=Role.CHIROPRACTOR, at=AT)


def test_amendments_need_a_reason_and_lmt_amendments_need_cosign() -> None:
    signed = sign_plan(draft(Role.LMT), signer_id="dc", signer_role=Role.CHIROPRACTOR, at=AT)
    longer = PlanContent(
        goals=(GOAL,), modalities=(ModalityPrescription(Modality.MASSAGE, "thigh", 60, 1, 6),)
    )
    with pytest.raises(CareError, match="needs a reason"):
        amend_plan(signed, by_id="u1", by_role=Role.LMT, reason=" ", content=longer, at=AT)
    amended = amend_plan(
        signed,
        by_id="u1",
        by_role=Role.LMT,
        reason="tolerates longer sessions",
        content=longer,
        at=AT,
    )
    assert amended.content == longer
    assert amended.amendments[0].before == signed.content
    assert amended.amendments[0].needs_cosign
    cosigned = cosign_amendment(amended, 0, by_id="dc", by_role=Role.CHIROPRACTOR, at=AT)
    assert not cosigned.amendments[0].needs_cosign
    with pytest.raises(ScopeError):
        cosign_amendment(amended, 0, by_id="u1", by_role=Role.LMT, at=AT)


def test_lmt_cannot_amend_in_an_adjustment() -> None:
    signed = sign_plan(draft(Role.LMT), signer_id="dc", signer_role=Role.CHIROPRACTOR, at=AT)
    with pytest.raises(ScopeError):
        amend_plan(
            signed,
            by_id="u1",
            by_role=Role.LMT,
            reason="add adjustment",
            content=PlanContent(goals=(GOAL,), modalities=(MASSAGE, ADJUST)),
            at=AT,
        )


def test_education_and_gait_retraining_are_modalities_with_cpg_grades() -> None:
    for m in (Modality.EDUCATION, Modality.GAIT_RETRAINING):
        ev = evidence_for(m)
        assert ev.verdict is Verdict.MAY_USE and any("Willy" in s for s in ev.sources)
        assert ev.cpg_grade == "C"
    assert evidence_for(Modality.STRENGTHENING).grade_text.startswith("CPG grade A")
    gait = ModalityPrescription(Modality.GAIT_RETRAINING, "running", 20, 2, 4)
    assert validate_modality(gait) is gait
    assert any(n.startswith("CPG grade C") for n in evidence_notes(gait))


def test_every_modality_has_evidence_a_rule_and_a_plain_purpose_for_the_client() -> None:
    for m in Modality:
        assert evidence_for(m).summary and MODALITY_RULES[m].purpose, m
    view = client_view(ModalityPrescription(Modality.MICROCURRENT, "knee", 20, 2, 4))
    assert view.purpose.startswith("A very low electrical current")
    assert "recommended" not in f"{view.label} {view.description} {view.purpose}".lower()
