"""Audit-log JSON API (admins): filter and page; nothing here can change an entry."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fastapi import APIRouter, Query, Request

from kneecap.ports.repositories import AuditQuery
from kneecap.web.audit.paging import page_of
from kneecap.web.audit.schemas import AuditList, AuditOut
from kneecap.web.deps import ApiPrincipal, AuditDep, caller_of
from kneecap.web.params import MAX_OFFSET, QueryId

router = APIRouter(prefix="/api/v1", tags=["api"])


def _day(d: date | None, days: int = 0) -> datetime | None:
    if d is None:
        return None
    try:
        return datetime.combine(d + timedelta(days=days), datetime.min.time(), UTC)
    except OverflowError:  # the day after the last there is: no bound
        return None


@router.get("/audit")
def audit(
    request: Request,
    principal: ApiPrincipal,
    audit_log: AuditDep,
    client_id: QueryId | None = None,
    action: str | None = Query(None, max_length=64),
    outcome: str | None = Query(None, max_length=16),
    since: date | None = None,
    until: date | None = None,
    before: QueryId | None = None,
    after: QueryId | None = None,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> AuditList:
    """Newest first, like the page: go older with `before` (the answer's `older`) and back
    with `after` (`newer`), each an entry id; the count stops at 10,000 (`capped`). `offset`
    still pages from the newest for older scripts, at a cost that grows with it."""
    q = AuditQuery(
        clinic_id=principal.user.clinic_id,
        client_id=client_id,
        action_prefix=action.strip() if action and action.strip() else None,
        outcome=outcome or None,
        since=_day(since),
        until=_day(until, days=1),  # the whole of that day
        offset=offset,
    )
    page = page_of(audit_log, caller_of(request, principal), q, limit, before, after)
    return AuditList(
        entries=[AuditOut.of(e) for e in page.entries],
        total=page.total,
        capped=page.capped,
        newer=page.newer,
        older=page.older,
    )
