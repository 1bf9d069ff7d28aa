"""The first page after sign-in: one view for running the clinic, treating, or being treated."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kneecap.domain.access.permissions import Action
from kneecap.ports.repositories import AuditQuery
from kneecap.web.access import can
from kneecap.web.audit.paging import COUNT_CAP as AUDIT_COUNT_CAP
from kneecap.web.deps import (
    AccountsDep,
    AuditDep,
    ClientsDep,
    PagePrincipal,
    PanelsDep,
    PortalDep,
    caller_of,
)
from kneecap.web.templating import render

router = APIRouter()


# The busiest pages and API reads are `async def` and do their database work inline: it takes
# about a millisecond, and a hop to the thread pool costs as much again. Measured with
# bench/web_load.py on SQLite and PostgreSQL; sending it to the pool was slower on both.
@router.get("/dashboard")
async def dashboard(
    request: Request,
    principal: PagePrincipal,
    clients: ClientsDep,
    accounts: AccountsDep,
    audit_log: AuditDep,
    panels: PanelsDep,
    portal: PortalDep,
    logged: int = 0,
) -> Response:
    caller = caller_of(request, principal)
    context: dict[str, Any] = {
        "clinic": principal.clinic or accounts.clinic(principal.user.clinic_id),
        "panels": panels.for_dashboard(request, principal),
    }
    # One view per kind of work: who reads the audit log runs the clinic, who takes clients on
    # treats them, and everyone else is a client looking at their own record.
    if can(principal, Action.AUDIT_READ):
        staff = accounts.staff(caller)
        # the count stops at the audit page's cap: counting a large log would cost more
        # than the rest of the page
        recent = AuditQuery(clinic_id=0, limit=10, count_cap=AUDIT_COUNT_CAP + 1)
        entries, total = audit_log.query(caller, recent)
        shown = f"more than {AUDIT_COUNT_CAP}" if total > AUDIT_COUNT_CAP else str(total)
        context.update(staff=staff, audit=entries, audit_total=shown)
        return render(request, "dashboard/admin.html", principal, **context)
    if can(principal, Action.CLIENT_CREATE):
        page = clients.list(caller, limit=10)
        context.update(page=page)
        return render(request, "dashboard/practitioner.html", principal, **context)
    page = clients.list(caller)
    own = page.clients[0] if page.clients else None
    context.update(own=own, logged=bool(logged))
    context["home"] = portal.home(caller, own.id) if own is not None else None
    return render(request, "dashboard/client.html", principal, **context)
