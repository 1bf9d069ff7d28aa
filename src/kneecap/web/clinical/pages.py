"""Clinical pages: intake, examination with decision support, signing and amendments, handoffs
and the chiropractor's inbox, diagnoses, referral letters. Every action goes through the
services, so the pages refuse exactly what the API and the command line refuse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kneecap.domain.access.permissions import Action
from kneecap.domain.clinical.catalogue import Category, catalogue
from kneecap.domain.clinical.findings import format_value
from kneecap.domain.clinical.icd10 import CODE_FAMILIES, CODES
from kneecap.domain.clinical.intake import Mechanism, MedicalScreen, Onset, TrainingChangeKind
from kneecap.domain.clinical.referral_letter import ReferralKind
from kneecap.domain.clinical.side import Side
from kneecap.domain.clinical.suggestions import ACTION_FOR_RULE, Decision, SuggestedAction
from kneecap.domain.clinical.symptoms import KNEE_REGIONS, Provocation, RedFlagScreen
from kneecap.services.assessments import AssessmentService
from kneecap.services.diagnoses import DiagnosisService
from kneecap.services.errors import Invalid, NotFound
from kneecap.services.text_keys import INTAKE_GOALS
from kneecap.web.access import can, of_client
from kneecap.web.clinical.forms import (
    MEDICAL_FIELDS,
    RED_FLAG_FIELDS,
    exam_from_form,
    exam_values,
    field_name,
    intake_from_form,
    one,
)
from kneecap.web.cosign.status import cosign_status
from kneecap.web.deps import (
    AssessmentsDep,
    ClientsDep,
    ClockDep,
    CoSignDep,
    DiagnosesDep,
    DocumentsDep,
    FormPrincipal,
    PagePrincipal,
    Principal,
    caller_of,
)
from kneecap.web.params import MAX_ID, RecordId
from kneecap.web.templating import render

router = APIRouter()
URGENT_RULES = frozenset(
    r for r, action in ACTION_FOR_RULE.items() if action is SuggestedAction.URGENT_REFERRAL
)

RED_FLAG_LABELS = {
    "hot_swollen_joint": "Is the knee hot and swollen?",
    "fever_or_unwell": "Fever, or feeling unwell?",
    "night_pain": "Pain that wakes you at night?",
    "unrelenting_pain": "Pain that never lets up, whatever you do?",
    "night_sweats": "Night sweats?",
    "unexplained_weight_change": "Weight change you cannot explain?",
    "hip_internal_rotation_painful_or_limited": "Hip painful or stiff when turned inwards "
    "(practitioner: hip internal rotation)?",
    "unable_to_bear_weight": "Unable to put weight on the leg?",
}
assert set(RED_FLAG_LABELS) == set(RedFlagScreen.__dataclass_fields__)
# The medical history and signs the newer red flags ask for (red_flags.py names each source).
MEDICAL_LABELS = {
    "history_of_cancer": "Have you ever had cancer?",
    "immunosuppressed": "Do you take medicine that weakens the immune system (e.g. steroids, "
    "chemotherapy), or have a condition that does?",
    "recent_knee_injection_or_surgery": "An injection into, or an operation on, this knee in "
    "the last few months?",
    "recent_surgery_or_immobilisation": "In the last 4 weeks: major surgery, more than 3 days in "
    "bed, or the leg in plaster?",
    "calf_swelling_or_tenderness": "Is the calf swollen, or tender to touch?",
    "numbness_or_circulation_change": "Numbness or tingling below the knee, or a cold, pale or "
    "blue foot?",
    "deformity_or_kneecap_out_of_place": "Does the knee look deformed, or has the kneecap come "
    "out of place?",
}
assert set(MEDICAL_LABELS) == set(MedicalScreen.__dataclass_fields__)


async def _form(request: Request) -> dict[str, list[str]]:
    form = await request.form()
    out: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        out.setdefault(key, []).append(str(value))
    return out


def _choices() -> dict[str, Any]:
    return {
        "regions": KNEE_REGIONS,
        "provocations": list(Provocation),
        "onsets": list(Onset),
        "mechanisms": list(Mechanism),
        "changes": list(TrainingChangeKind),
        "red_flags": RED_FLAG_LABELS,
        "medical": MEDICAL_LABELS,
    }


# --- intake ------------------------------------------------------------------------------
@router.get("/clients/{client_id}/intake")
def intake_form(
    request: Request,
    client_id: RecordId,
    principal: PagePrincipal,
    clock: ClockDep,
    clients: ClientsDep,
    assessments: AssessmentsDep,
    cosign: CoSignDep,
) -> Response:
    caller = caller_of(request, principal)
    record = clients.get(caller, client_id)
    latest = assessments.latest_intake(caller, client_id)
    labels = {INTAKE_GOALS.key(record.id): "The goal"}
    cs = cosign_status(cosign, request, principal, record, labels)
    values: dict[str, Any] = {"age_years": record.age_on(clock.now().date()) or ""}
    if latest:
        i, s = latest.intake, latest.symptoms
        values.update(
            complaint_side=i.complaint_side.value, onset=i.onset.value,
            mechanism=i.mechanism.value, age_years=i.age_years,
            onset_date=latest.onset_date.isoformat() if latest.onset_date else "",
            regions=set(s.regions), provocations={p.value for p in s.provocations},
            usual_pain=s.usual_pain, worst_pain=s.worst_pain,
            swelling_onset_hours="" if s.swelling_onset_hours is None else s.swelling_onset_hours,
            goals=i.goals[0] if i.goals else "",
            **{f: "yes" if getattr(s, f) else "no" for f in
               ("swelling", "tenderness", "crepitus", "giving_way", "locking")},
            **{f: {True: "yes", False: "no"}.get(getattr(s.red_flags, f), "")
               for f in RED_FLAG_FIELDS},
            **{f: {True: "yes", False: "no"}.get(getattr(i.medical, f), "")
               for f in MEDICAL_FIELDS},
        )  # fmt: skip
    return render(
        request, "clinical/intake.html", principal, record=record, values=values, errors={},
        latest=latest, cs=cs, **_choices(),
    )  # fmt: skip


@router.post("/clients/{client_id}/intake")
async def save_intake(
    request: Request,
    client_id: RecordId,
    principal: FormPrincipal,
    clients: ClientsDep,
    assessments: AssessmentsDep,
) -> Response:
    caller = caller_of(request, principal)
    form = await _form(request)
    try:
        assessments.record_intake(caller, client_id, intake_from_form(form))
    except Invalid as exc:
        record = clients.get(caller, client_id)
        values: dict[str, Any] = {k: v[-1] for k, v in form.items()}
        values["regions"] = set(form.get("regions", []))
        values["provocations"] = set(form.get("provocations", []))
        return render(
            request, "clinical/intake.html", principal, 422, record=record, values=values,
            errors=exc.errors, message=exc.message, latest=None, cs={}, **_choices(),
        )  # fmt: skip
    return RedirectResponse(f"/clients/{client_id}?intake=saved", status_code=303)


# --- assessments -------------------------------------------------------------------------
@router.post("/clients/{client_id}/assessments")
async def start_assessment(
    request: Request, client_id: RecordId, principal: FormPrincipal, assessments: AssessmentsDep
) -> Response:
    form = await _form(request)
    side = Side(one(form, "side")) if one(form, "side") in ("left", "right") else None
    a = assessments.start(caller_of(request, principal), client_id, side)
    return RedirectResponse(f"/clients/{client_id}/assessments/{a.id}", status_code=303)


@dataclass(frozen=True)
class _AssessmentPage:
    """What the examination page reads, to show it or to show it again with a form's errors."""

    assessments: AssessmentService
    diagnoses: DiagnosisService

    def render(
        self,
        request: Request,
        principal: Principal,
        client_id: RecordId,
        assessment_id: RecordId,
        status: int = 200,
        **extra: Any,
    ) -> HTMLResponse:
        caller = caller_of(request, principal)
        view = self.assessments.get(caller, client_id, assessment_id)
        a = view.assessment
        editable = not a.note.locked and a.note.author_id == str(principal.user.id)
        # A signed note's findings are amended on the same form, with a reason (?amend=findings).
        amending = (
            a.note.locked
            and request.query_params.get("amend") == "findings"
            and can(principal, Action.NOTE_SIGN, of_client(view.client))
        ) or bool(extra.pop("amending", False))
        diagnoses = [
            d for d in self.diagnoses.list(caller, client_id) if d.assessment_id in (None, a.id)
        ]
        cat = catalogue()
        readings = {(r.finding.test_id, r.finding.side): r for r in view.readings}
        lsi = {s.test_id: s for s in view.symmetries}
        context: dict[str, Any] = {
            "view": view,
            "a": a,
            "record": view.client,
            "editable": editable or amending,
            "amending": amending,
            "values": extra.pop("values", None) or exam_values(a.note.content),
            "errors": extra.pop("errors", {}),
            "categories": [(cat_, cat.in_category(cat_)) for cat_ in Category],
            "sides": (a.side, a.side.other),
            "field_name": field_name,
            "readings": readings,
            # What calls for action first: urgent, then other suggestions, then still open rules.
            "outcomes": sorted(
                view.support.outcomes,
                key=lambda o: (
                    not (o.met and o.rule_id in URGENT_RULES),
                    not o.met,
                    o.verdict.value,
                ),
            ),
            "urgent_rules": URGENT_RULES,
            "shown": {
                (r.finding.test_id, r.finding.side): format_value(r.test, r.finding)
                for r in view.readings
            },
            "lsi": lsi,
            "diagnoses": diagnoses,
            "icd_codes": [
                (code, e)
                for code, e in CODES.items()
                if not e.family.needs_encounter or code[-1] == "A"
            ],
            "families": CODE_FAMILIES,
            "referral_kinds": list(ReferralKind),
            **extra,
        }
        return render(request, "clinical/assessment.html", principal, status, **context)


async def _assessment_page(assessments: AssessmentsDep, diagnoses: DiagnosesDep) -> _AssessmentPage:
    return _AssessmentPage(assessments, diagnoses)


AssessmentPage = Annotated[_AssessmentPage, Depends(_assessment_page)]


@router.get("/clients/{client_id}/assessments/{assessment_id}")
def assessment_page(
    request: Request,
    client_id: RecordId,
    assessment_id: RecordId,
    principal: PagePrincipal,
    page: AssessmentPage,
) -> Response:
    return page.render(request, principal, client_id, assessment_id)


@router.post("/clients/{client_id}/assessments/{assessment_id}")
async def save_assessment(
    request: Request,
    client_id: RecordId,
    assessment_id: RecordId,
    principal: FormPrincipal,
    page: AssessmentPage,
) -> Response:
    caller = caller_of(request, principal)
    form = await _form(request)
    try:
        exam = exam_from_form(form)
        page.assessments.update_draft(
            caller, client_id, assessment_id, exam.content, exam.other_causes_excluded
        )
    except Invalid as exc:
        values = {k: v[-1] for k, v in form.items()}
        return page.render(
            request, principal, client_id, assessment_id, 422,
            values=values, errors=exc.errors, message=exc.message,
        )  # fmt: skip
    return RedirectResponse(
        f"/clients/{client_id}/assessments/{assessment_id}#decision-support", status_code=303
    )


@router.post("/clients/{client_id}/assessments/{assessment_id}/sign")
async def sign_assessment(
    request: Request,
    client_id: RecordId,
    assessment_id: RecordId,
    principal: FormPrincipal,
    assessments: AssessmentsDep,
) -> Response:
    assessments.sign(caller_of(request, principal), client_id, assessment_id)
    return RedirectResponse(f"/clients/{client_id}/assessments/{assessment_id}", status_code=303)


@router.post("/clients/{client_id}/assessments/{assessment_id}/amend")
async def amend_assessment(
    request: Request,
    client_id: RecordId,
    assessment_id: RecordId,
    principal: FormPrincipal,
    page: AssessmentPage,
) -> Response:
    form = await _form(request)
    changes: dict[str, object] = {
        f: one(form, f) for f in ("subjective", "objective", "assessment", "plan")
    }
    findings = one(form, "amend_findings") == "1"  # the examination form, amended whole
    try:
        if findings:
            changes["findings"] = exam_from_form(form).content.findings
        page.assessments.amend(
            caller_of(request, principal), client_id, assessment_id, changes, one(form, "reason")
        )
    except Invalid as exc:
        if findings:
            return page.render(
                request, principal, client_id, assessment_id, 422, amending=True,
                values={k: v[-1] for k, v in form.items()}, errors=exc.errors,
                message=exc.message,
            )  # fmt: skip
        texts = {k: str(v) for k, v in changes.items()}
        return page.render(
            request, principal, client_id, assessment_id, 422,
            amend_errors=exc.errors, amend_values=texts | {"reason": one(form, "reason")},
        )  # fmt: skip
    return RedirectResponse(
        f"/clients/{client_id}/assessments/{assessment_id}#history", status_code=303
    )


@router.post("/clients/{client_id}/assessments/{assessment_id}/decisions")
async def decide_suggestion(
    request: Request,
    client_id: RecordId,
    assessment_id: RecordId,
    principal: FormPrincipal,
    page: AssessmentPage,
) -> Response:
    form = await _form(request)
    try:
        decision = Decision(one(form, "decision"))
    except ValueError:
        raise Invalid("Choose accept or decline.", {"decision": "accept or decline"}) from None
    rule_id = one(form, "rule_id")
    try:
        page.assessments.decide(
            caller_of(request, principal), client_id, assessment_id, rule_id, decision,
            one(form, "reason"),
        )  # fmt: skip
    except Invalid as exc:
        return page.render(
            request, principal, client_id, assessment_id, 422,
            decision_errors={rule_id: exc.errors.get("reason", exc.message)},
        )  # fmt: skip
    return RedirectResponse(
        f"/clients/{client_id}/assessments/{assessment_id}#decision-support", status_code=303
    )


@router.post("/clients/{client_id}/assessments/{assessment_id}/handoff")
async def hand_off(
    request: Request,
    client_id: RecordId,
    assessment_id: RecordId,
    principal: FormPrincipal,
    page: AssessmentPage,
) -> Response:
    form = await _form(request)
    try:
        page.assessments.hand_off(
            caller_of(request, principal), client_id, assessment_id, one(form, "message")
        )
    except Invalid as exc:
        return page.render(
            request, principal, client_id, assessment_id, 422,
            handoff_error=exc.errors.get("message", exc.message),
        )  # fmt: skip
    return RedirectResponse(
        f"/clients/{client_id}/assessments/{assessment_id}?handoff=sent#handoff", status_code=303
    )


# --- referral letters --------------------------------------------------------------------
def _kind(kind: str) -> ReferralKind:
    try:
        return ReferralKind(kind)
    except ValueError:
        known = ", ".join(k.value for k in ReferralKind)
        raise Invalid(f"Unknown referral kind {kind!r}; use one of {known}.") from None


@router.get("/clients/{client_id}/assessments/{assessment_id}/referral")
def referral_html(
    request: Request,
    client_id: RecordId,
    assessment_id: RecordId,
    principal: PagePrincipal,
    diagnoses: DiagnosesDep,
    documents: DocumentsDep,
    kind: str = "physician",
    recipient: str = "",
    reason: str = "",
) -> Response:
    letter = diagnoses.referral(
        caller_of(request, principal), client_id, assessment_id, _kind(kind), recipient, reason
    )
    return HTMLResponse(documents.referrals.to_html(letter))


@router.get("/clients/{client_id}/assessments/{assessment_id}/referral.pdf")
def referral_pdf(
    request: Request,
    client_id: RecordId,
    assessment_id: RecordId,
    principal: PagePrincipal,
    diagnoses: DiagnosesDep,
    documents: DocumentsDep,
    kind: str = "physician",
    recipient: str = "",
    reason: str = "",
) -> Response:
    letter = diagnoses.referral(
        caller_of(request, principal), client_id, assessment_id, _kind(kind), recipient, reason
    )
    name = f"referral-{kind}-{client_id}-{assessment_id}.pdf"
    return Response(
        documents.referrals.to_pdf(letter),
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


# --- diagnoses ---------------------------------------------------------------------------
@router.post("/clients/{client_id}/diagnoses")
async def record_diagnosis(
    request: Request, client_id: RecordId, principal: FormPrincipal, page: AssessmentPage
) -> Response:
    form = await _form(request)
    raw_aid = one(form, "assessment_id")
    aid = int(raw_aid) if raw_aid.isdecimal() else None
    if aid is not None and aid > MAX_ID:
        raise NotFound()  # no assessment has that id: the same answer as a missing one
    try:
        page.diagnoses.record(
            caller_of(request, principal), client_id, one(form, "code"), one(form, "side"),
            one(form, "note"), aid,
        )  # fmt: skip
    except Invalid as exc:
        if aid is None:
            raise
        return page.render(
            request, principal, client_id, aid, 422,
            diagnosis_errors=exc.errors or {"code": exc.message},
        )  # fmt: skip
    target = f"/clients/{client_id}/assessments/{aid}#diagnosis" if aid else f"/clients/{client_id}"
    return RedirectResponse(target, status_code=303)


@router.post("/clients/{client_id}/diagnoses/{diagnosis_id}/release")
async def release_diagnosis(
    request: Request,
    client_id: RecordId,
    diagnosis_id: RecordId,
    principal: FormPrincipal,
    diagnoses: DiagnosesDep,
) -> Response:
    form = await _form(request)
    diagnoses.release(caller_of(request, principal), client_id, diagnosis_id)
    back = one(form, "back")
    target = back if back.startswith(f"/clients/{client_id}") else f"/clients/{client_id}"
    return RedirectResponse(target, status_code=303)


# --- inbox -------------------------------------------------------------------------------
@router.get("/red-flags")
def red_flags(request: Request, principal: PagePrincipal, assessments: AssessmentsDep) -> Response:
    """Every open intake red flag (the dashboard panel shows the newest few)."""
    found = assessments.red_flags_in_clinic(caller_of(request, principal))
    return render(request, "clinical/red_flags.html", principal, found=found)


@router.get("/inbox")
def inbox(request: Request, principal: PagePrincipal, assessments: AssessmentsDep) -> Response:
    items = assessments.inbox(caller_of(request, principal))
    return render(request, "clinical/inbox.html", principal, items=items)


@router.post("/inbox/{handoff_id}/close")
async def close_handoff(
    request: Request, handoff_id: RecordId, principal: FormPrincipal, assessments: AssessmentsDep
) -> Response:
    assessments.close_handoff(caller_of(request, principal), handoff_id)
    return RedirectResponse("/inbox", status_code=303)
