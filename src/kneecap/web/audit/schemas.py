"""JSON shapes of the audit-log API (pydantic)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from kneecap.domain.access.audit import AuditEntry


class AuditOut(BaseModel):
    id: int | None
    at: datetime
    actor: str
    action: str
    outcome: str
    address: str
    client_id: int | None
    resource: str
    detail: str

    @classmethod
    def of(cls, e: AuditEntry) -> AuditOut:
        return cls(
            id=e.id,
            at=e.at,
            actor=e.actor_label,
            action=e.action,
            outcome=e.outcome,
            address=e.address,
            client_id=e.client_id,
            resource=e.resource,
            detail=e.detail,
        )


class AuditList(BaseModel):
    entries: list[AuditOut]
    total: int  # the matching entries, counted up to 10,000
    capped: bool = False  # more than `total` match
    newer: int | None = None  # pass as `after` for the newer page (None: this is the newest)
    older: int | None = None  # pass as `before` for the older page (None: this is the oldest)
