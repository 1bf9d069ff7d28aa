"""The audit log page (admins): filter and page; nothing here can change an entry."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kneecap.ports.repositories import AuditQuery
from kneecap.web.deps import AuditDep, PagePrincipal, caller_of
from kneecap.web.params import MAX_ID, MAX_OFFSET
from kneecap.web.templating import render

router = APIRouter()
PAGE_SIZE = 50


def _day(raw: str) -> datetime | None:
    try:
        return datetime.combine(date.fromisoformat(raw), datetime.min.time(), UTC) if raw else None
    except ValueError:
        return None


def filtered(
    clinic_id: int, client_id: str, action: str, outcome: str, since: str, until: str
) -> AuditQuery:
    """The page's filters as a query (dates are whole days, `until` included)."""
    until_day = _day(until)
    return AuditQuery(
        clinic_id=clinic_id,
        client_id=int(client_id) if client_id.isdigit() and int(client_id) <= MAX_ID else None,
        action_prefix=action.strip() or None,
        outcome=outcome or None,
        since=_day(since),
        until=until_day + timedelta(days=1) if until_day else None,
    )


@router.get("/audit")
def audit_page(
    request: Request,
    principal: PagePrincipal,
    audit_log: AuditDep,
    client_id: str = "",
    action: str = "",
    outcome: str = "",
    since: str = "",
    until: str = "",
    page: int = 1,
) -> Response:
    page = min(max(1, page), MAX_OFFSET // PAGE_SIZE)
    q = replace(
        filtered(principal.user.clinic_id, client_id, action, outcome, since, until),
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    entries, total = audit_log.query(caller_of(request, principal), q)
    pages = max(1, -(-total // PAGE_SIZE))
    filters = {
        "client_id": client_id,
        "action": action,
        "outcome": outcome,
        "since": since,
        "until": until,
    }
    return render(
        request,
        "audit/log.html",
        principal,
        entries=entries,
        total=total,
        page=page,
        pages=pages,
        filters=filters,
        qs=urlencode({k: v for k, v in filters.items() if v}),
    )
