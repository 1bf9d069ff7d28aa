"""Care JSON API under /api/v1/clients/{id}/…: the same services and gate as the pages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import Response

from kneecap.domain.access.permissions import Action
from kneecap.domain.care.decisions import offered
from kneecap.domain.care.plan_review import amendment_notice
from kneecap.services.errors import Invalid
from kneecap.services.home_programme import ProgrammeView
from kneecap.web.access import can
from kneecap.web.care.schemas import (
    AdherenceOut,
    AmendmentIn,
    ChangeOut,
    DecisionIn,
    OutcomeList,
    OutcomeOut,
    PlanIn,
    PlanOut,
    ProgrammeIn,
    ProgrammeOut,
    RedFlagIn,
    SessionIn,
    SessionOut,
)
from kneecap.web.deps import (
    ApiPrincipal,
    CarePlansDep,
    ClockDep,
    EscalationDep,
    OutcomesDep,
    ProgrammeDep,
    caller_of,
)
from kneecap.web.params import RecordId

router = APIRouter(prefix="/api/v1/clients/{client_id}", tags=["care"])


@router.post("/outcomes", status_code=201)
def record_outcome(
    request: Request,
    client_id: RecordId,
    principal: ApiPrincipal,
    outcomes: OutcomesDep,
    body: dict[str, Any] = Body(
        ...,
        examples=[
            {"instrument": "akps", "answers": [0] * 13},
            {"instrument": "nprs", "usual": 4, "worst": 6},
        ],
    ),
) -> OutcomeOut:
    instrument = body.get("instrument")
    if not isinstance(instrument, str):
        raise Invalid(
            "Say which questionnaire: 'instrument' is akps, nprs, psfs, groc or koos_pf.",
            {"instrument": "missing"},
        )
    stored, change = outcomes.record(caller_of(request, principal), client_id, instrument, body)
    return OutcomeOut.of(stored, change)


@router.get("/outcomes")
def list_outcomes(
    request: Request, client_id: RecordId, principal: ApiPrincipal, outcomes: OutcomesDep
) -> OutcomeList:
    summary = outcomes.summary(caller_of(request, principal), client_id)
    return OutcomeList(
        outcomes=[OutcomeOut.of(r, summary.changes.get(r.id or -1)) for r in summary.responses],
        changes=[x for s in summary.series if (x := ChangeOut.of(s.change)) is not None],
        next_due=summary.next_due,
    )


@router.get("/calendar.ics")
def calendar(
    request: Request, client_id: RecordId, principal: ApiPrincipal, programme: ProgrammeDep
) -> Response:
    body = programme.calendar_file(caller_of(request, principal), client_id)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="knee-plan.ics"'},
    )


@router.get("/care-plans")
def list_plans(
    request: Request, client_id: RecordId, principal: ApiPrincipal, plans: CarePlansDep
) -> list[PlanOut]:
    clinician = can(principal, Action.CARE_PLAN_DRAFT)
    found = plans.plans(caller_of(request, principal), client_id)
    return [PlanOut.of(p, clinician=clinician) for p in found]


@router.post("/care-plans", status_code=201)
def create_plan(
    request: Request,
    client_id: RecordId,
    body: PlanIn,
    principal: ApiPrincipal,
    plans: CarePlansDep,
) -> PlanOut:
    plan = plans.create(caller_of(request, principal), client_id, body.start, body.content())
    return PlanOut.of(plan)


@router.post("/care-plans/{plan_id}/amendments", status_code=201)
def amend_plan(
    request: Request,
    client_id: RecordId,
    plan_id: RecordId,
    body: AmendmentIn,
    principal: ApiPrincipal,
    plans: CarePlansDep,
) -> PlanOut:
    """Amend a signed plan with the whole new content and a reason. An LMT's amendment waits
    for the chiropractor's co-signature (the notice says so, and why when flagged); until
    then the client sees the last co-signed content."""
    caller = caller_of(request, principal)
    plan = plans.amend(caller, client_id, plan_id, body.reason, body.content())
    return PlanOut.of(plan, notice=amendment_notice(plan))


@router.post("/care-plans/{plan_id}/sign")
def sign_plan(
    request: Request,
    client_id: RecordId,
    plan_id: RecordId,
    principal: ApiPrincipal,
    plans: CarePlansDep,
) -> PlanOut:
    return PlanOut.of(plans.sign(caller_of(request, principal), client_id, plan_id))


@router.post("/home-programme", status_code=201)
def prescribe(
    request: Request,
    client_id: RecordId,
    body: ProgrammeIn,
    principal: ApiPrincipal,
    programme: ProgrammeDep,
) -> ProgrammeOut:
    caller = caller_of(request, principal)
    programme.prescribe(
        caller, client_id, body.plan_id, body.start, body.end, [e.domain() for e in body.exercises]
    )
    return _programme_out(programme.view(caller, client_id))


@router.get("/home-programme")
def programme(
    request: Request, client_id: RecordId, principal: ApiPrincipal, programmes: ProgrammeDep
) -> ProgrammeOut:
    return _programme_out(programmes.view(caller_of(request, principal), client_id))


def _programme_out(view: ProgrammeView) -> ProgrammeOut:
    p = view.programme
    return ProgrammeOut(
        id=int(p.id) if p else None,
        start=p.start if p else None,
        end=p.end if p else None,
        exercises=[
            {
                "exercise_id": x.exercise_id,
                "name": view.library.get(x.exercise_id).name,
                "dose": x.describe(),
            }
            for x in (p.prescriptions if p else ())
        ],
        sessions=[SessionOut.of(s) for s in view.logs],
        adherence=AdherenceOut.of(view.adherence),
        adherence_last_7_days=AdherenceOut.of(view.last_week),
    )


@router.post("/sessions", status_code=201)
def log_session(
    request: Request,
    client_id: RecordId,
    body: SessionIn,
    principal: ApiPrincipal,
    programme: ProgrammeDep,
    clock: ClockDep,
) -> SessionOut:
    log = programme.log_session(
        caller_of(request, principal),
        client_id,
        body.on or clock.now().date(),
        body.exercises_done,
        body.pain_during,
        body.pain_next_morning,
        body.note,
    )
    return SessionOut.of(log)


@router.get("/escalation")
def escalation(
    request: Request, client_id: RecordId, principal: ApiPrincipal, escalation: EscalationDep
) -> dict[str, Any]:
    state = escalation.status(caller_of(request, principal), client_id)
    alert = state.alert
    done = state.adherence
    return {
        "open": state.open,
        "alert": None
        if alert is None
        else {
            "trigger": alert.trigger.value,
            "message": alert.message,
            "weeks_in_care": round(alert.weeks_in_care, 1),
            "changes": [ChangeOut.of(x) for x in alert.changes],
            "missing": list(alert.missing_instruments),
            "review_points": list(alert.review_points),
            "evidence": [{"claim": e.claim, "source": e.source} for e in alert.evidence],
            "reviewed_on": alert.reviewed_on.isoformat() if alert.reviewed_on else None,
            "decisions_offered": [d.value for d in offered(alert.trigger.value)],
        },
        "adherence": AdherenceOut.of(done),
        "decisions": [
            {"decision": d.decision.value, "note": d.note, "at": d.decided_at.isoformat()}
            for d in state.decisions
        ],
    }


@router.post("/escalation/decision", status_code=201)
def decide(
    request: Request,
    client_id: RecordId,
    body: DecisionIn,
    principal: ApiPrincipal,
    escalation: EscalationDep,
) -> dict[str, Any]:
    d = escalation.decide(caller_of(request, principal), client_id, body.decision, body.note)
    return {"id": d.id, "decision": d.decision.value, "trigger": d.trigger, "evidence": d.evidence}


@router.post("/red-flags", status_code=201)
def red_flag(
    request: Request,
    client_id: RecordId,
    body: RedFlagIn,
    principal: ApiPrincipal,
    escalation: EscalationDep,
) -> dict[str, Any]:
    r = escalation.report_red_flag(caller_of(request, principal), client_id, body.text)
    return {"id": r.id, "text": r.text}
