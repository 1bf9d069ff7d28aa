"""JSON API for assessments, handoffs and diagnoses: the same services, the same policy."""

from __future__ import annotations

from fastapi import APIRouter, Request

from kneecap.domain.clinical.errors import ClinicalValidationError
from kneecap.domain.clinical.findings import record_finding
from kneecap.domain.clinical.notes import NoteContent
from kneecap.domain.clinical.side import Side
from kneecap.domain.clinical.suggestions import Decision
from kneecap.services.errors import Invalid
from kneecap.web.clinical.schemas import (
    AmendmentIn,
    AssessmentDraft,
    AssessmentOut,
    AssessmentStart,
    DecisionIn,
    DiagnosisIn,
    DiagnosisOut,
    HandoffIn,
    HandoffOut,
)
from kneecap.web.deps import ApiPrincipal, AssessmentsDep, DiagnosesDep, caller_of
from kneecap.web.params import RecordId

router = APIRouter(prefix="/api/v1", tags=["clinical"])


@router.post("/clients/{client_id}/diagnoses", status_code=201)
def record_diagnosis(
    request: Request,
    client_id: RecordId,
    body: DiagnosisIn,
    principal: ApiPrincipal,
    diagnoses: DiagnosesDep,
) -> DiagnosisOut:
    """Record a diagnosis (chiropractor only: any other role gets 403, and it is audited)."""
    saved = diagnoses.record(
        caller_of(request, principal), client_id, body.code, body.side, body.note,
        body.assessment_id,
    )  # fmt: skip
    return DiagnosisOut.of(saved)


@router.get("/clients/{client_id}/diagnoses")
def list_diagnoses(
    request: Request, client_id: RecordId, principal: ApiPrincipal, diagnoses: DiagnosesDep
) -> list[DiagnosisOut]:
    """What the caller may see: a client only what a chiropractor released to them."""
    return [DiagnosisOut.of(d) for d in diagnoses.list(caller_of(request, principal), client_id)]


@router.post("/clients/{client_id}/diagnoses/{diagnosis_id}/release")
def release_diagnosis(
    request: Request,
    client_id: RecordId,
    diagnosis_id: RecordId,
    principal: ApiPrincipal,
    diagnoses: DiagnosesDep,
) -> DiagnosisOut:
    released = diagnoses.release(caller_of(request, principal), client_id, diagnosis_id)
    return DiagnosisOut.of(released)


@router.post("/clients/{client_id}/assessments", status_code=201)
def start_assessment(
    request: Request,
    client_id: RecordId,
    body: AssessmentStart,
    principal: ApiPrincipal,
    assessments: AssessmentsDep,
) -> AssessmentOut:
    """Start a draft from the client's latest intake (record the intake on its page first)."""
    side = Side(body.side) if body.side else None
    return AssessmentOut.of(assessments.start(caller_of(request, principal), client_id, side))


@router.get("/clients/{client_id}/assessments")
def list_assessments(
    request: Request, client_id: RecordId, principal: ApiPrincipal, assessments: AssessmentsDep
) -> list[AssessmentOut]:
    found = assessments.list(caller_of(request, principal), client_id)
    return [AssessmentOut.of(a) for a in found]


@router.get("/clients/{client_id}/assessments/{assessment_id}")
def get_assessment(
    request: Request,
    client_id: RecordId,
    assessment_id: RecordId,
    principal: ApiPrincipal,
    assessments: AssessmentsDep,
) -> AssessmentOut:
    """The assessment with its decision support (every rule, with criteria and sources)."""
    view = assessments.get(caller_of(request, principal), client_id, assessment_id)
    return AssessmentOut.of(view.assessment, view)


@router.put("/clients/{client_id}/assessments/{assessment_id}")
def update_assessment(
    request: Request,
    client_id: RecordId,
    assessment_id: RecordId,
    body: AssessmentDraft,
    principal: ApiPrincipal,
    assessments: AssessmentsDep,
) -> AssessmentOut:
    """Replace a draft's findings and note text. A signed assessment answers 409."""
    errors: dict[str, str] = {}
    findings = []
    for n, f in enumerate(body.findings):
        try:
            side = Side(f.side) if f.side else None
            findings.append(
                record_finding(f.test_id, f.value, side, body_mass_kg=f.body_mass_kg, note=f.note)
            )
        except (ClinicalValidationError, KeyError) as exc:
            errors[f"findings.{n}"] = str(exc)
    if errors:
        raise Invalid("Some findings are not valid.", errors)
    content = NoteContent(
        subjective=body.subjective,
        objective=body.objective,
        assessment=body.assessment,
        plan=body.plan,
        findings=tuple(findings),
    )
    saved = assessments.update_draft(
        caller_of(request, principal), client_id, assessment_id, content,
        body.other_causes_excluded,
    )  # fmt: skip
    return AssessmentOut.of(saved)


@router.post("/clients/{client_id}/assessments/{assessment_id}/sign")
def sign_assessment(
    request: Request,
    client_id: RecordId,
    assessment_id: RecordId,
    principal: ApiPrincipal,
    assessments: AssessmentsDep,
) -> AssessmentOut:
    """Sign (author only). Signing twice answers 409."""
    return AssessmentOut.of(
        assessments.sign(caller_of(request, principal), client_id, assessment_id)
    )


@router.post("/clients/{client_id}/assessments/{assessment_id}/amendments", status_code=201)
def amend_assessment(
    request: Request,
    client_id: RecordId,
    assessment_id: RecordId,
    body: AmendmentIn,
    principal: ApiPrincipal,
    assessments: AssessmentsDep,
) -> AssessmentOut:
    changes = body.model_dump(exclude={"reason"}, exclude_none=True)
    amended = assessments.amend(
        caller_of(request, principal), client_id, assessment_id, changes, body.reason
    )
    return AssessmentOut.of(amended)


@router.post("/clients/{client_id}/assessments/{assessment_id}/decisions", status_code=201)
def decide(
    request: Request,
    client_id: RecordId,
    assessment_id: RecordId,
    body: DecisionIn,
    principal: ApiPrincipal,
    assessments: AssessmentsDep,
) -> AssessmentOut:
    decided = assessments.decide(
        caller_of(request, principal), client_id, assessment_id, body.rule_id,
        Decision(body.decision), body.reason,
    )  # fmt: skip
    return AssessmentOut.of(decided)


@router.post("/clients/{client_id}/assessments/{assessment_id}/handoff", status_code=201)
def hand_off(
    request: Request,
    client_id: RecordId,
    assessment_id: RecordId,
    body: HandoffIn,
    principal: ApiPrincipal,
    assessments: AssessmentsDep,
) -> HandoffOut:
    sent = assessments.hand_off(
        caller_of(request, principal), client_id, assessment_id, body.message
    )
    return HandoffOut.of(sent)


@router.get("/inbox")
def inbox(
    request: Request, principal: ApiPrincipal, assessments: AssessmentsDep
) -> list[HandoffOut]:
    return [HandoffOut.of(i.handoff) for i in assessments.inbox(caller_of(request, principal))]
