"""Audit-log JSON API (admins): filter and page; nothing here can change an entry."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from kneecap.ports.repositories import AuditQuery
from kneecap.web.audit.schemas import AuditList, AuditOut
from kneecap.web.deps import ApiPrincipal, AuditDep, caller_of
from kneecap.web.params import MAX_OFFSET, QueryId

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get("/audit")
def audit(
    request: Request,
    principal: ApiPrincipal,
    audit_log: AuditDep,
    client_id: QueryId | None = None,
    action: str | None = None,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> AuditList:
    q = AuditQuery(
        clinic_id=principal.user.clinic_id,
        client_id=client_id,
        action_prefix=action,
        limit=limit,
        offset=offset,
    )
    entries, total = audit_log.query(caller_of(request, principal), q)
    return AuditList(entries=[AuditOut.of(e) for e in entries], total=total)
