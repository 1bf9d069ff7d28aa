"""The audit log page (admins): filter and page; nothing here can change an entry."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kneecap.ports.repositories import AuditQuery
from kneecap.web.audit.paging import COUNT_CAP, page_of
from kneecap.web.deps import AuditDep, PagePrincipal, caller_of
from kneecap.web.params import MAX_ID
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
        client_id=int(client_id) if client_id.isdecimal() and int(client_id) <= MAX_ID else None,
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
    before: str = "",
    after: str = "",
) -> Response:
    # Pages go by the entry they start from (keyset), not by number (web/audit/paging.py).
    page = page_of(
        audit_log,
        caller_of(request, principal),
        filtered(principal.user.clinic_id, client_id, action, outcome, since, until),
        PAGE_SIZE,
        before=_entry_id(before),
        after=_entry_id(after),
    )
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
        entries=page.entries,
        total=page.total,
        capped=page.capped,
        cap=COUNT_CAP,
        newer=page.newer,
        older=page.older,
        filters=filters,
        qs=urlencode({k: v for k, v in filters.items() if v}),
    )


def _entry_id(raw: str) -> int | None:
    return int(raw) if raw.isdecimal() and int(raw) <= MAX_ID else None
