"""The audit log page (admins): filter and page; nothing here can change an entry."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kneecap.ports.repositories import AuditQuery
from kneecap.web.deps import AuditDep, PagePrincipal, caller_of
from kneecap.web.params import MAX_ID
from kneecap.web.templating import render

router = APIRouter()
PAGE_SIZE = 50
COUNT_CAP = 10_000  # entries counted for the total; past it the page says "more than"


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
    before: str = "",
    after: str = "",
) -> Response:
    # Pages go by the entry they start from (keyset), not by number: a page deep in a log of
    # a million entries costs what the first does, and the count stops at COUNT_CAP.
    older_than, newer_than = _entry_id(before), _entry_id(after)
    q = replace(
        filtered(principal.user.clinic_id, client_id, action, outcome, since, until),
        limit=PAGE_SIZE + 1,  # one more than shown says whether there is a next page
        before=older_than if newer_than is None else None,
        after=newer_than,
        count_cap=COUNT_CAP + 1,
    )
    entries, total = audit_log.query(caller_of(request, principal), q)
    entries = list(entries)
    more = len(entries) > PAGE_SIZE
    if newer_than is not None:
        newer, older = more, True
        entries = entries[1:] if more else entries
    else:
        newer, older = older_than is not None, more
        entries = entries[:PAGE_SIZE]
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
        capped=total > COUNT_CAP,
        cap=COUNT_CAP,
        newer=entries[0].id if newer and entries else None,
        older=entries[-1].id if older and entries else None,
        filters=filters,
        qs=urlencode({k: v for k, v in filters.items() if v}),
    )


def _entry_id(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and int(raw) <= MAX_ID else None
