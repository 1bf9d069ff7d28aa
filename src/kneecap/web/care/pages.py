"""Care pages: plan, visit notes, home programme, outcomes with charts, schedule, hand-out,
and the chiropractor's escalation inbox."""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kneecap.adapters.documents.handout_pdf import FpdfHandoutRenderer
from kneecap.bootstrap import Container
from kneecap.domain.access.roles import Role
from kneecap.domain.care.decisions import DecisionKind
from kneecap.domain.care.evidence import evidence_for
from kneecap.domain.care.modalities import MODALITY_RULES, SIDES, Modality
from kneecap.domain.care.scope import allowed_modalities
from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.outcomes.groc import GROC_MAX, GROC_MIN
from kneecap.domain.outcomes.instruments import load_questionnaire
from kneecap.services.care import current_plan, modality_views
from kneecap.services.errors import Invalid, NotFound, ServiceError
from kneecap.web.care.charts import chart_payload
from kneecap.web.care.forms import (
    EXERCISE_ROWS,
    MODALITY_ROWS,
    form_date,
    optional_int,
    plan_content_from_form,
    prescriptions_from_form,
)
from kneecap.web.deps import ContainerDep, FormPrincipal, PagePrincipal, Principal, caller_of
from kneecap.web.panels import Panel, client_panel, dashboard_panel
from kneecap.web.templating import render

router = APIRouter()


async def _values(request: Request) -> dict[str, str]:
    return {k: str(v) for k, v in (await request.form()).multi_items() if k != "done"}


def _back(client_id: int, page: str, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/clients/{client_id}/{page}{anchor}", status_code=303)


@router.get("/static-lib/plotly.min.js")
def plotly_js() -> Response:
    """Plotly from the installed package (no CDN), cached by the browser for a day."""
    return Response(
        _plotly_source(),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@cache
def _plotly_source() -> bytes:
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs()).encode()


# Care plan and notes ---------------------------------------------------------------------------
def _care_context(
    request: Request, principal: Principal, c: Container, client_id: int
) -> dict[str, Any]:
    caller = caller_of(request, principal)
    record = c.clients.get(caller, client_id)
    plans = c.care.plans.plans(caller, client_id)
    plan = current_plan(plans)
    role = principal.user.role
    ctx: dict[str, Any] = {
        "record": record,
        "plan": plan,
        "views": modality_views(plan) if plan else [],
        "plans": plans,
        "notes": c.care.plans.notes(caller, client_id) if role.is_practitioner else [],
        "status": c.care.escalation.status(caller, client_id)
        if role is Role.CHIROPRACTOR
        else None,
        "modalities": list(Modality),
        "rules": MODALITY_RULES,
        "mine": allowed_modalities(role),
        "evidence": {m: evidence_for(m) for m in Modality},
        "sides": SIDES,
        "rows": range(MODALITY_ROWS),
        "decisions": list(DecisionKind),
        "today": c.clock.now().date(),
        "values": {},
        "errors": {},
    }
    return ctx


@router.get("/clients/{client_id}/care")
def care_page(
    request: Request, client_id: int, principal: PagePrincipal, c: ContainerDep
) -> Response:
    return render(
        request, "care/plan.html", principal, **_care_context(request, principal, c, client_id)
    )


async def _care_action(
    request: Request, principal: Principal, c: Container, client_id: int, act: Any
) -> Response:
    values = await _values(request)
    try:
        act(values)
    except ServiceError as exc:
        if not isinstance(exc, Invalid):
            raise
        ctx = _care_context(request, principal, c, client_id)
        ctx.update(values=values, errors=exc.errors, message=exc.message)
        return render(request, "care/plan.html", principal, 422, **ctx)
    return _back(client_id, "care")


@router.post("/clients/{client_id}/care/plans")
async def create_plan(
    request: Request, client_id: int, principal: FormPrincipal, c: ContainerDep
) -> Response:
    caller = caller_of(request, principal)

    def act(values: dict[str, str]) -> None:
        start, content = plan_content_from_form(values)
        c.care.plans.create(caller, client_id, start, content)

    return await _care_action(request, principal, c, client_id, act)


@router.post("/clients/{client_id}/care/plans/{plan_id}/sign")
async def sign_plan(
    request: Request, client_id: int, plan_id: int, principal: FormPrincipal, c: ContainerDep
) -> Response:
    caller = caller_of(request, principal)
    return await _care_action(
        request, principal, c, client_id, lambda _: c.care.plans.sign(caller, client_id, plan_id)
    )


@router.post("/clients/{client_id}/care/plans/{plan_id}/amend")
async def amend_plan(
    request: Request, client_id: int, plan_id: int, principal: FormPrincipal, c: ContainerDep
) -> Response:
    caller = caller_of(request, principal)

    def act(values: dict[str, str]) -> None:
        _, content = plan_content_from_form(values)
        c.care.plans.amend(caller, client_id, plan_id, values.get("reason", ""), content)

    return await _care_action(request, principal, c, client_id, act)


@router.post("/clients/{client_id}/care/notes")
async def write_note(
    request: Request, client_id: int, principal: FormPrincipal, c: ContainerDep
) -> Response:
    caller = caller_of(request, principal)

    def act(values: dict[str, str]) -> None:
        try:
            on = date.fromisoformat(values.get("visit_date", ""))
        except ValueError:
            raise Invalid("Enter the visit date.", {"visit_date": "Use YYYY-MM-DD."}) from None
        sections = {k: values.get(k, "") for k in ("subjective", "objective", "assessment", "plan")}
        c.care.plans.write_note(
            caller,
            client_id,
            int(values.get("plan_id", "0") or 0),
            on,
            sections,
            sign=values.get("sign") == "1",
        )

    return await _care_action(request, principal, c, client_id, act)


@router.post("/clients/{client_id}/care/notes/{note_id}/addenda")
async def addendum(
    request: Request, client_id: int, note_id: int, principal: FormPrincipal, c: ContainerDep
) -> Response:
    caller = caller_of(request, principal)
    return await _care_action(
        request,
        principal,
        c,
        client_id,
        lambda v: c.care.plans.add_addendum(
            caller, client_id, note_id, v.get("reason", ""), v.get("text", "")
        ),
    )


@router.post("/clients/{client_id}/care/escalation")
async def decide(
    request: Request, client_id: int, principal: FormPrincipal, c: ContainerDep
) -> Response:
    caller = caller_of(request, principal)
    return await _care_action(
        request,
        principal,
        c,
        client_id,
        lambda v: c.care.escalation.decide(
            caller, client_id, v.get("decision", ""), v.get("note", "")
        ),
    )


@router.post("/clients/{client_id}/care/red-flags")
async def red_flag(
    request: Request, client_id: int, principal: FormPrincipal, c: ContainerDep
) -> Response:
    caller = caller_of(request, principal)
    return await _care_action(
        request,
        principal,
        c,
        client_id,
        lambda v: c.care.escalation.report_red_flag(caller, client_id, v.get("text", "")),
    )


# Home programme ----------------------------------------------------------------------------
def _programme_page(
    request: Request,
    principal: Principal,
    c: Container,
    client_id: int,
    status: int = 200,
    **extra: Any,
) -> Response:
    caller = caller_of(request, principal)
    record = c.clients.get(caller, client_id)
    view = c.care.programme.view(caller, client_id)
    plans = c.care.plans.plans(caller, client_id)
    ctx: dict[str, Any] = {
        "record": record,
        "view": view,
        "plan": current_plan(plans),
        "rows": range(EXERCISE_ROWS),
        "today": c.clock.now().date(),
        "values": {},
        "errors": {},
        **extra,
    }
    return render(request, "care/programme.html", principal, status, **ctx)


@router.get("/clients/{client_id}/programme")
def programme_page(
    request: Request, client_id: int, principal: PagePrincipal, c: ContainerDep
) -> Response:
    return _programme_page(request, principal, c, client_id)


@router.post("/clients/{client_id}/programme")
async def prescribe(
    request: Request, client_id: int, principal: FormPrincipal, c: ContainerDep
) -> Response:
    values = await _values(request)
    try:
        errors: dict[str, str] = {}
        items = prescriptions_from_form(values)
        start, end = form_date(values, "start", errors), form_date(values, "end", errors)
        if errors:
            raise Invalid("Check the dates.", errors)
        c.care.programme.prescribe(
            caller_of(request, principal),
            client_id,
            int(values.get("plan_id", "0") or 0),
            start,
            end,
            items,
        )
    except Invalid as exc:
        return _programme_page(
            request,
            principal,
            c,
            client_id,
            422,
            values=values,
            errors=exc.errors,
            message=exc.message,
        )
    return _back(client_id, "programme")


@router.post("/clients/{client_id}/programme/sessions")
async def log_session(
    request: Request, client_id: int, principal: FormPrincipal, c: ContainerDep
) -> Response:
    form = await request.form()
    values = {k: str(v) for k, v in form.multi_items() if k != "done"}
    done = [str(v) for v in form.getlist("done")]
    try:
        on = date.fromisoformat(values.get("on", "") or c.clock.now().date().isoformat())
        c.care.programme.log_session(
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
        return _programme_page(
            request, principal, c, client_id, 422, values=values, errors=errors, message=message
        )
    return _back(client_id, "programme", "#logged")


# Outcomes ------------------------------------------------------------------------------------
def _outcomes_page(
    request: Request,
    principal: Principal,
    c: Container,
    client_id: int,
    status: int = 200,
    **extra: Any,
) -> Response:
    caller = caller_of(request, principal)
    record = c.clients.get(caller, client_id)
    summary = c.care.outcomes.summary(caller, client_id)
    ctx: dict[str, Any] = {
        "record": record,
        "summary": summary,
        "chart_json": json.dumps(chart_payload(summary.series)),
        "akps": load_questionnaire("akps"),
        "groc_range": range(GROC_MIN, GROC_MAX + 1),
        "values": {},
        "errors": {},
        **extra,
    }
    return render(request, "care/outcomes.html", principal, status, **ctx)


@router.get("/clients/{client_id}/outcomes")
def outcomes_page(
    request: Request, client_id: int, principal: PagePrincipal, c: ContainerDep
) -> Response:
    return _outcomes_page(request, principal, c, client_id)


@router.post("/clients/{client_id}/outcomes")
async def record_outcome(
    request: Request, client_id: int, principal: FormPrincipal, c: ContainerDep
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
        c.care.outcomes.record(caller_of(request, principal), client_id, instrument, payload)
    except Invalid as exc:
        return _outcomes_page(
            request,
            principal,
            c,
            client_id,
            422,
            values=values,
            errors=exc.errors,
            message=exc.message,
            open_form=instrument,
        )
    return _back(client_id, "outcomes", "#results")


# Schedule, hand-out --------------------------------------------------------------------------
@router.get("/clients/{client_id}/schedule")
def schedule(
    request: Request, client_id: int, principal: PagePrincipal, c: ContainerDep, week: str = ""
) -> Response:
    caller = caller_of(request, principal)
    record = c.clients.get(caller, client_id)
    try:
        anchor = date.fromisoformat(week) if week else c.clock.now().date()
    except ValueError:
        raise Invalid("Give the week as YYYY-MM-DD.", {"week": week}) from None
    monday = anchor - timedelta(days=anchor.weekday())
    try:
        events = c.care.programme.events(caller, client_id)
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
        today=c.clock.now().date(),
        has_events=bool(events),
    )


@router.get("/clients/{client_id}/handout")
def handout_html(
    request: Request, client_id: int, principal: PagePrincipal, c: ContainerDep
) -> Response:
    handout = c.care.programme.handout(caller_of(request, principal), client_id)
    return render(request, "care/handout.html", principal, h=handout, client_id=client_id)


@router.get("/clients/{client_id}/handout.pdf")
def handout_pdf(
    request: Request, client_id: int, principal: PagePrincipal, c: ContainerDep
) -> Response:
    handout = c.care.programme.handout(caller_of(request, principal), client_id)
    return Response(
        FpdfHandoutRenderer().to_pdf(handout),
        media_type="application/pdf",
        headers={"Content-Disposition": 'inline; filename="home-programme.pdf"'},
    )


# Escalation inbox and client panel ---------------------------------------------------------
@router.get("/care/inbox")
def inbox(request: Request, principal: PagePrincipal, c: ContainerDep) -> Response:
    alerts = c.care.escalation.inbox(caller_of(request, principal))
    return render(request, "care/inbox.html", principal, alerts=alerts)


@dashboard_panel
def escalation_panel(request: Request, principal: Principal, c: Container) -> Panel | None:
    """Open escalation alerts on the chiropractor's dashboard."""
    if principal.user.role is not Role.CHIROPRACTOR:
        return None
    alerts = c.care.escalation.inbox(caller_of(request, principal))
    return Panel("care/_dashboard_alerts.html", {"alerts": alerts})


@client_panel
def care_panel(
    request: Request, principal: Principal, c: Container, record: ClientRecord
) -> Panel | None:
    if principal.user.role is Role.ADMIN:
        return None
    caller = caller_of(request, principal)
    plan = current_plan(c.care.plans.plans(caller, record.id))
    view = c.care.programme.view(caller, record.id)
    summary = c.care.outcomes.summary(caller, record.id)
    akps = next((s for s in summary.series if s.key == "akps"), None)
    return Panel(
        "care/_client_panel.html",
        {"record": record, "plan": plan, "view": view, "akps": akps, "due": summary.next_due},
    )
