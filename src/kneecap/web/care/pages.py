"""Care pages: plan, visit notes, home programme, outcomes with charts, schedule, hand-out,
and the chiropractor's escalation inbox."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from kneecap.domain.access.permissions import Action
from kneecap.domain.care.decisions import offered
from kneecap.domain.care.escalation import INSTRUMENT_LABELS
from kneecap.domain.care.evidence import evidence_for
from kneecap.domain.care.modalities import MODALITY_RULES, SIDES, Modality, client_view
from kneecap.domain.care.plan_review import amendment_notice, plan_versions
from kneecap.domain.care.scope import allowed_modalities
from kneecap.domain.outcomes.groc import GROC_MAX, GROC_MIN
from kneecap.domain.outcomes.instruments import load_questionnaire
from kneecap.ports.security import Clock
from kneecap.services.care import CarePlanService, current_plan, modality_views
from kneecap.services.clients import ClientService
from kneecap.services.cosignature import CoSignatureService
from kneecap.services.errors import Invalid, NotFound, ServiceError
from kneecap.services.escalation import EscalationService
from kneecap.services.home_programme import HomeProgrammeService
from kneecap.services.outcomes import OutcomeService
from kneecap.services.text_keys import OUTCOME_ACTIVITIES, PROGRAMME_NOTES
from kneecap.web import form_values as fv
from kneecap.web.access import can, of_client
from kneecap.web.care.charts import chart_payload
from kneecap.web.care.forms import (
    EXERCISE_ROWS,
    MODALITY_ROWS,
    form_date,
    optional_int,
    plan_content_from_form,
    plan_form_values,
    prescriptions_from_form,
)
from kneecap.web.cosign.status import NOTICE_SAVED, cosign_status
from kneecap.web.deps import (
    CarePlansDep,
    ClientsDep,
    ClockDep,
    CoSignDep,
    DocumentsDep,
    EscalationDep,
    FormPrincipal,
    OutcomesDep,
    PagePrincipal,
    Principal,
    ProgrammeDep,
    caller_of,
)
from kneecap.web.params import RecordId
from kneecap.web.templating import render

router = APIRouter()


async def _values(request: Request) -> dict[str, str]:
    return {k: str(v) for k, v in (await request.form()).multi_items() if k != "done"}


def _back(client_id: int, page: str, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/clients/{client_id}/{page}{anchor}", status_code=303)


# Care plan and notes ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _PlanPage:
    """What the plan page reads, to show it or to show it again with a form's errors."""

    clients: ClientService
    plans: CarePlanService
    escalation: EscalationService
    clock: Clock

    def context(
        self, request: Request, principal: Principal, client_id: RecordId
    ) -> dict[str, Any]:
        caller = caller_of(request, principal)
        record = self.clients.get(caller, client_id)
        plans = self.plans.plans(caller, client_id)
        plan = current_plan(plans)
        here = of_client(record)
        # Who drafts plans reads the evidence and the history; the client reads what each
        # prescribed modality is for (never an evidence verdict beside their care).
        clinician = can(principal, Action.CARE_PLAN_DRAFT, here)
        status = (
            self.escalation.status(caller, client_id)
            if can(principal, Action.ESCALATION_RECEIVE, here)
            else None
        )
        notice = request.query_params.get("notice") == "amended" and plan is not None
        return {
            "record": record,
            "plan": plan,
            "clinician": clinician,
            "views": modality_views(plan) if plan and clinician else [],
            "client_views": [client_view(m) for m in plan.content.modalities] if plan else [],
            "history": plan_versions(plan) if plan and clinician else None,
            "notice": amendment_notice(plan) if notice and plan else "",
            "plans": plans,
            "notes": self.plans.notes(caller, client_id)
            if can(principal, Action.VISIT_NOTE_READ, here)
            else [],
            "status": status,
            "modalities": list(Modality),
            "rules": MODALITY_RULES,
            "mine": allowed_modalities(principal.user.role),
            "evidence": {m: evidence_for(m) for m in Modality},
            "sides": SIDES,
            "rows": range(MODALITY_ROWS),
            "decisions": offered(status.alert.trigger.value) if status and status.alert else (),
            "instrument_labels": INSTRUMENT_LABELS,
            "today": self.clock.now().date(),
            # The amend form starts from the signed plan as it stands.
            "values": plan_form_values(plan) if plan and plan.is_locked and clinician else {},
            "errors": {},
        }

    async def act(
        self,
        request: Request,
        principal: Principal,
        client_id: RecordId,
        act: Callable[[dict[str, str]], object],
    ) -> Response:
        """Run a form's change; on a form error show the plan page again with the messages."""
        values = await _values(request)
        try:
            done = act(values)
        except ServiceError as exc:
            if not isinstance(exc, Invalid):
                raise
            ctx = self.context(request, principal, client_id)
            ctx.update(values=values, errors=exc.errors, message=exc.message)
            return render(request, "care/plan.html", principal, 422, **ctx)
        return _back(client_id, "care" + (f"?notice={done}" if isinstance(done, str) else ""))


async def _plan_page(
    clients: ClientsDep, plans: CarePlansDep, escalation: EscalationDep, clock: ClockDep
) -> _PlanPage:
    return _PlanPage(clients, plans, escalation, clock)


PlanPage = Annotated[_PlanPage, Depends(_plan_page)]


@router.get("/clients/{client_id}/care")
def care_page(
    request: Request, client_id: RecordId, principal: PagePrincipal, page: PlanPage
) -> Response:
    return render(
        request, "care/plan.html", principal, **page.context(request, principal, client_id)
    )


@router.post("/clients/{client_id}/care/plans")
async def create_plan(
    request: Request, client_id: RecordId, principal: FormPrincipal, page: PlanPage
) -> Response:
    caller = caller_of(request, principal)

    def act(values: dict[str, str]) -> None:
        start, content = plan_content_from_form(values)
        page.plans.create(caller, client_id, start, content)

    return await page.act(request, principal, client_id, act)


@router.post("/clients/{client_id}/care/plans/{plan_id}/sign")
async def sign_plan(
    request: Request,
    client_id: RecordId,
    plan_id: RecordId,
    principal: FormPrincipal,
    page: PlanPage,
) -> Response:
    caller = caller_of(request, principal)
    return await page.act(
        request, principal, client_id, lambda _: page.plans.sign(caller, client_id, plan_id)
    )


@router.post("/clients/{client_id}/care/plans/{plan_id}/amend")
async def amend_plan(
    request: Request,
    client_id: RecordId,
    plan_id: RecordId,
    principal: FormPrincipal,
    page: PlanPage,
) -> Response:
    caller = caller_of(request, principal)

    def act(values: dict[str, str]) -> str:
        _, content = plan_content_from_form(values)
        page.plans.amend(caller, client_id, plan_id, values.get("reason", ""), content)
        return "amended"  # the page then says whether it went to the chiropractor, and why

    return await page.act(request, principal, client_id, act)


@router.post("/clients/{client_id}/care/notes")
async def write_note(
    request: Request, client_id: RecordId, principal: FormPrincipal, page: PlanPage
) -> Response:
    caller = caller_of(request, principal)

    def act(values: dict[str, str]) -> None:
        errors: dict[str, str] = {}
        on = fv.day(values, "visit_date", errors)
        plan_id = fv.record_id(values, "plan_id", errors)
        fv.refuse_if(errors)
        assert on is not None
        sections = {k: values.get(k, "") for k in ("subjective", "objective", "assessment", "plan")}
        page.plans.write_note(
            caller,
            client_id,
            plan_id,
            on,
            sections,
            sign=values.get("sign") == "1",
        )

    return await page.act(request, principal, client_id, act)


@router.post("/clients/{client_id}/care/notes/{note_id}/addenda")
async def addendum(
    request: Request,
    client_id: RecordId,
    note_id: RecordId,
    principal: FormPrincipal,
    page: PlanPage,
) -> Response:
    caller = caller_of(request, principal)
    return await page.act(
        request,
        principal,
        client_id,
        lambda v: page.plans.add_addendum(
            caller, client_id, note_id, v.get("reason", ""), v.get("text", "")
        ),
    )


@router.post("/clients/{client_id}/care/escalation")
async def decide(
    request: Request, client_id: RecordId, principal: FormPrincipal, page: PlanPage
) -> Response:
    caller = caller_of(request, principal)
    return await page.act(
        request,
        principal,
        client_id,
        lambda v: page.escalation.decide(
            caller, client_id, v.get("decision", ""), v.get("note", "")
        ),
    )


@router.post("/clients/{client_id}/care/red-flags")
async def red_flag(
    request: Request, client_id: RecordId, principal: FormPrincipal, page: PlanPage
) -> Response:
    caller = caller_of(request, principal)
    return await page.act(
        request,
        principal,
        client_id,
        lambda v: page.escalation.report_red_flag(caller, client_id, v.get("text", "")),
    )


# Home programme ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _ProgrammePage:
    clients: ClientService
    programme: HomeProgrammeService
    plans: CarePlanService
    clock: Clock
    cosign: CoSignatureService

    def render(
        self,
        request: Request,
        principal: Principal,
        client_id: RecordId,
        status: int = 200,
        **extra: Any,
    ) -> Response:
        caller = caller_of(request, principal)
        record = self.clients.get(caller, client_id)
        view = self.programme.view(caller, client_id)
        plans = self.plans.plans(caller, client_id)
        labels = (
            {PROGRAMME_NOTES.key(view.programme.id): "The programme's notes"}
            if view.programme
            else {}
        )
        ctx: dict[str, Any] = {
            "record": record,
            "view": view,
            "cs": cosign_status(self.cosign, request, principal, record, labels),
            "plan": current_plan(plans),
            "rows": range(EXERCISE_ROWS),
            "today": self.clock.now().date(),
            "values": {},
            "errors": {},
            **extra,
        }
        return render(request, "care/programme.html", principal, status, **ctx)


async def _programme_page(
    clients: ClientsDep,
    programme: ProgrammeDep,
    plans: CarePlansDep,
    clock: ClockDep,
    cosign: CoSignDep,
) -> _ProgrammePage:
    return _ProgrammePage(clients, programme, plans, clock, cosign)


ProgrammePage = Annotated[_ProgrammePage, Depends(_programme_page)]


@router.get("/clients/{client_id}/programme")
def programme_page(
    request: Request, client_id: RecordId, principal: PagePrincipal, page: ProgrammePage
) -> Response:
    return page.render(request, principal, client_id)


@router.post("/clients/{client_id}/programme")
async def prescribe(
    request: Request, client_id: RecordId, principal: FormPrincipal, page: ProgrammePage
) -> Response:
    values = await _values(request)
    try:
        errors: dict[str, str] = {}
        items = prescriptions_from_form(values)
        start, end = form_date(values, "start", errors), form_date(values, "end", errors)
        plan_id = fv.record_id(values, "plan_id", errors)
        fv.refuse_if(errors, "Check the dates and the care plan.")
        page.programme.prescribe(
            caller_of(request, principal),
            client_id,
            plan_id,
            start,
            end,
            items,
        )
    except Invalid as exc:
        return page.render(
            request, principal, client_id, 422,
            values=values, errors=exc.errors, message=exc.message,
        )  # fmt: skip
    return _back(client_id, f"programme?notice={NOTICE_SAVED}")


@router.post("/clients/{client_id}/programme/sessions")
async def log_session(
    request: Request, client_id: RecordId, principal: FormPrincipal, page: ProgrammePage
) -> Response:
    form = await request.form()
    values = {k: str(v) for k, v in form.multi_items() if k != "done"}
    done = [str(v) for v in form.getlist("done")]
    try:
        on = date.fromisoformat(values.get("on", "") or page.clock.now().date().isoformat())
        page.programme.log_session(
            caller_of(request, principal),
            client_id,
            on,
            done,
            optional_int(values, "pain_during"),
            optional_int(values, "pain_next_morning"),
            values.get("note", ""),
        )
    except (Invalid, ValueError) as exc:
        message = exc.message if isinstance(exc, Invalid) else "Enter the day as YYYY-MM-DD."
        errors = exc.errors if isinstance(exc, Invalid) else {"on": message}
        return page.render(
            request, principal, client_id, 422, values=values, errors=errors, message=message
        )
    if values.get("back") == "home":  # one tap on the client's home page
        return RedirectResponse("/dashboard?logged=1#today", status_code=303)
    return _back(client_id, "programme", "#logged")


# Outcomes ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _OutcomesPage:
    clients: ClientService
    outcomes: OutcomeService
    cosign: CoSignatureService

    def render(
        self,
        request: Request,
        principal: Principal,
        client_id: RecordId,
        status: int = 200,
        **extra: Any,
    ) -> Response:
        caller = caller_of(request, principal)
        record = self.clients.get(caller, client_id)
        summary = self.outcomes.summary(caller, client_id)
        labels = {
            OUTCOME_ACTIVITIES.key(r.id): f"PSFS activities of {r.on.isoformat()}"
            for r in summary.responses
            if r.id is not None and r.instrument == "psfs"
        }
        ctx: dict[str, Any] = {
            "record": record,
            "summary": summary,
            "cs": cosign_status(self.cosign, request, principal, record, labels),
            "chart_json": json.dumps(chart_payload(summary.series)),
            "akps": load_questionnaire("akps"),
            "groc_range": range(GROC_MIN, GROC_MAX + 1),
            "values": {},
            "errors": {},
            **extra,
        }
        return render(request, "care/outcomes.html", principal, status, **ctx)


async def _outcomes_page(
    clients: ClientsDep, outcomes: OutcomesDep, cosign: CoSignDep
) -> _OutcomesPage:
    return _OutcomesPage(clients, outcomes, cosign)


OutcomesPage = Annotated[_OutcomesPage, Depends(_outcomes_page)]


@router.get("/clients/{client_id}/outcomes")
def outcomes_page(
    request: Request, client_id: RecordId, principal: PagePrincipal, page: OutcomesPage
) -> Response:
    return page.render(request, principal, client_id)


@router.post("/clients/{client_id}/outcomes")
async def record_outcome(
    request: Request, client_id: RecordId, principal: FormPrincipal, page: OutcomesPage
) -> Response:
    values = await _values(request)
    instrument = values.get("instrument", "")
    payload: dict[str, Any] = {}
    try:
        if instrument == "akps":
            n = len(load_questionnaire("akps").items)
            payload["answers"] = [optional_int(values, f"akps_{i}") for i in range(n)]
        elif instrument == "nprs":
            payload = {
                "usual": optional_int(values, "usual"),
                "worst": optional_int(values, "worst"),
            }
        elif instrument == "groc":
            payload = {"value": optional_int(values, "value")}
        elif instrument == "psfs":
            payload["activities"] = [
                {
                    "activity": values.get(f"psfs_{i}_activity", ""),
                    "rating": optional_int(values, f"psfs_{i}_rating"),
                }
                for i in range(3)
                if values.get(f"psfs_{i}_activity", "").strip()
            ]
        page.outcomes.record(caller_of(request, principal), client_id, instrument, payload)
    except Invalid as exc:
        return page.render(
            request, principal, client_id, 422,
            values=values, errors=exc.errors, message=exc.message, open_form=instrument,
        )  # fmt: skip
    return _back(client_id, f"outcomes?notice={NOTICE_SAVED}", "#results")


# Schedule, hand-out --------------------------------------------------------------------------
@router.get("/clients/{client_id}/schedule")
def schedule(
    request: Request,
    client_id: RecordId,
    principal: PagePrincipal,
    clients: ClientsDep,
    programme: ProgrammeDep,
    clock: ClockDep,
    week: str = "",
) -> Response:
    caller = caller_of(request, principal)
    record = clients.get(caller, client_id)
    try:
        anchor = date.fromisoformat(week) if week else clock.now().date()
    except ValueError:
        raise Invalid("Give the week as YYYY-MM-DD.", {"week": week}) from None
    monday = anchor - timedelta(days=anchor.weekday())
    try:
        events = programme.events(caller, client_id)
    except NotFound:
        events = []
    days = [
        (monday + timedelta(days=i), [e for e in events if e.on == monday + timedelta(days=i)])
        for i in range(7)
    ]
    return render(
        request,
        "care/schedule.html",
        principal,
        record=record,
        days=days,
        monday=monday,
        prev=monday - timedelta(days=7),
        next=monday + timedelta(days=7),
        today=clock.now().date(),
        has_events=bool(events),
    )


@router.get("/clients/{client_id}/handout")
def handout_html(
    request: Request, client_id: RecordId, principal: PagePrincipal, programme: ProgrammeDep
) -> Response:
    handout = programme.handout(caller_of(request, principal), client_id)
    return render(request, "care/handout.html", principal, h=handout, client_id=client_id)


@router.get("/clients/{client_id}/handout.pdf")
def handout_pdf(
    request: Request,
    client_id: RecordId,
    principal: PagePrincipal,
    programme: ProgrammeDep,
    documents: DocumentsDep,
) -> Response:
    handout = programme.handout(caller_of(request, principal), client_id)
    return Response(
        documents.handouts.to_pdf(handout),
        media_type="application/pdf",
        headers={"Content-Disposition": 'inline; filename="home-programme.pdf"'},
    )


# Escalation inbox ----------------------------------------------------------------------------
@router.get("/care/inbox")
def inbox(request: Request, principal: PagePrincipal, escalation: EscalationDep) -> Response:
    alerts = escalation.inbox(caller_of(request, principal))
    return render(request, "care/inbox.html", principal, alerts=alerts)
