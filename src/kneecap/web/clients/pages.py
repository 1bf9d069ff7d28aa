"""Client list, search, record pages, and inviting a client to the portal."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kneecap.domain.clients.record import ClientRecord
from kneecap.services.cosignature import CoSignatureService
from kneecap.services.errors import Invalid
from kneecap.services.text_keys import CLIENT_GOALS, CLIENT_SPORTS, INTAKE_GOALS
from kneecap.web.clients.forms import client_details_from_form
from kneecap.web.cosign.status import NOTICE_SAVED, cosign_status
from kneecap.web.deps import (
    AccountsDep,
    ClientsDep,
    ClockDep,
    CoSignDep,
    FormPrincipal,
    PagePrincipal,
    PanelsDep,
    Principal,
    caller_of,
    origin_of,
)
from kneecap.web.params import MAX_OFFSET, RecordId
from kneecap.web.templating import render

router = APIRouter()
PAGE_SIZE = 25


@router.get("/clients")
async def client_list(
    request: Request, principal: PagePrincipal, clients: ClientsDep, q: str = "", page: int = 1
) -> Response:
    # A user who is a client record (the runner) has a list of one: go straight to it.
    if principal.user.client_id:
        return RedirectResponse(f"/clients/{principal.user.client_id}", status_code=303)
    page = min(max(1, page), MAX_OFFSET // PAGE_SIZE)
    result = clients.list(caller_of(request, principal), q, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    pages = max(1, -(-result.total // PAGE_SIZE))
    return render(
        request, "clients/list.html", principal, result=result, q=q, page=page, pages=pages
    )


@router.get("/clients/new")
def new_client_form(request: Request, principal: PagePrincipal) -> Response:
    return render(request, "clients/form.html", principal, record=None, values={}, errors={})


def _record_status(
    cosign: CoSignatureService, request: Request, principal: Principal, record: ClientRecord
) -> dict[str, object]:
    labels = {
        CLIENT_GOALS.key(record.id): "Goals",
        CLIENT_SPORTS.key(record.id): "Sports",
        INTAKE_GOALS.key(record.id): "The intake's goal",
    }
    return cosign_status(cosign, request, principal, record, labels)


@router.post("/clients")
async def create_client(
    request: Request, principal: FormPrincipal, clients: ClientsDep
) -> Response:
    values = {k: str(v) for k, v in (await request.form()).items()}
    try:
        record = clients.create(caller_of(request, principal), client_details_from_form(values))
    except Invalid as exc:
        return render(
            request,
            "clients/form.html",
            principal,
            422,
            record=None,
            values=values,
            errors=exc.errors,
            message=exc.message,
        )
    return RedirectResponse(f"/clients/{record.id}?notice={NOTICE_SAVED}", status_code=303)


@router.get("/clients/{client_id}")
async def client_page(
    request: Request,
    client_id: RecordId,
    principal: PagePrincipal,
    clock: ClockDep,
    clients: ClientsDep,
    cosign: CoSignDep,
    panels: PanelsDep,
) -> Response:
    record = clients.get(caller_of(request, principal), client_id)
    return render(
        request,
        "clients/detail.html",
        principal,
        record=record,
        age=record.age_on(clock.now().date()),
        invitation=None,
        panels=panels.for_client(request, principal, record),
        cs=_record_status(cosign, request, principal, record),
    )


@router.get("/clients/{client_id}/edit")
def edit_client_form(
    request: Request, client_id: RecordId, principal: PagePrincipal, clients: ClientsDep
) -> Response:
    record = clients.get(caller_of(request, principal), client_id)
    d = record.details
    values = {
        "name": d.name,
        "date_of_birth": d.date_of_birth.isoformat() if d.date_of_birth else "",
        "email": d.email or "",
        "phone": d.phone or "",
        "sports": ", ".join(d.sports),
        "weekly_running_km": "" if d.weekly_running_km is None else f"{d.weekly_running_km:g}",
        "goals": d.goals,
    }
    return render(request, "clients/form.html", principal, record=record, values=values, errors={})


@router.post("/clients/{client_id}/edit")
async def update_client(
    request: Request, client_id: RecordId, principal: FormPrincipal, clients: ClientsDep
) -> Response:
    caller = caller_of(request, principal)
    values = {k: str(v) for k, v in (await request.form()).items()}
    try:
        clients.update_reviewed(caller, client_id, client_details_from_form(values))
    except Invalid as exc:
        record = clients.get(caller, client_id)
        return render(
            request,
            "clients/form.html",
            principal,
            422,
            record=record,
            values=values,
            errors=exc.errors,
            message=exc.message,
        )
    return RedirectResponse(f"/clients/{client_id}?notice={NOTICE_SAVED}", status_code=303)


@router.post("/clients/{client_id}/invite")
async def invite_client(
    request: Request,
    client_id: RecordId,
    principal: FormPrincipal,
    clock: ClockDep,
    clients: ClientsDep,
    accounts: AccountsDep,
    cosign: CoSignDep,
    panels: PanelsDep,
) -> Response:
    caller = caller_of(request, principal)
    link = accounts.invite_client(caller, client_id, origin=origin_of(request))
    record = clients.get(caller, client_id)
    return render(
        request,
        "clients/detail.html",
        principal,
        record=record,
        age=record.age_on(clock.now().date()),
        invitation=link,
        panels=panels.for_client(request, principal, record),
        cs=_record_status(cosign, request, principal, record),
    )
