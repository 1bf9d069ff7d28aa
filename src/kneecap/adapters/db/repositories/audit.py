"""Append and query the audit log; there is deliberately no update or delete."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kneecap.adapters.db.models.audit import AuditRow
from kneecap.domain.access.audit import AuditEntry
from kneecap.ports.repositories import AuditQuery


class SqlAudit:
    def __init__(self, session: Session) -> None:
        self._s = session
        # Entries that outlive the unit of work (denials); SqlUnitOfWork writes them.
        self.kept: list[AuditEntry] = []

    def keep(self, entry: AuditEntry) -> None:
        self.kept.append(entry)

    def append(self, entry: AuditEntry) -> None:
        self._s.add(_row(entry))

    def write_kept(self) -> None:
        """Add the kept entries to the session's transaction (the unit of work commits)."""
        self._s.add_all([_row(e) for e in self.kept])
        self.kept.clear()

    def query(self, q: AuditQuery) -> tuple[Sequence[AuditEntry], int]:
        where = [AuditRow.clinic_id == q.clinic_id]
        if q.client_id is not None:
            where.append(AuditRow.client_id == q.client_id)
        if q.actor_user_id is not None:
            where.append(AuditRow.actor_user_id == q.actor_user_id)
        if q.action_prefix:
            where.append(AuditRow.action.startswith(q.action_prefix, autoescape=True))
        if q.outcome:
            where.append(AuditRow.outcome == q.outcome)
        if q.since is not None:
            where.append(AuditRow.at >= q.since)
        if q.until is not None:
            where.append(AuditRow.at < q.until)
        total = self._s.scalar(select(func.count()).select_from(AuditRow).where(*where)) or 0
        rows = self._s.scalars(
            select(AuditRow)
            .where(*where)
            .order_by(AuditRow.at.desc(), AuditRow.id.desc())
            .limit(q.limit)
            .offset(q.offset)
        )
        return [
            AuditEntry(
                at=r.at,
                clinic_id=r.clinic_id,
                actor_user_id=r.actor_user_id,
                actor_label=r.actor_label,
                action=r.action,
                outcome=r.outcome,
                address=r.address,
                client_id=r.client_id,
                resource=r.resource,
                detail=r.detail,
                id=r.id,
            )
            for r in rows
        ], total


def _row(entry: AuditEntry) -> AuditRow:
    return AuditRow(
        at=entry.at,
        clinic_id=entry.clinic_id,
        actor_user_id=entry.actor_user_id,
        actor_label=entry.actor_label[:320],
        action=entry.action[:64],
        outcome=entry.outcome,
        address=entry.address[:64],
        client_id=entry.client_id,
        resource=entry.resource[:64],
        detail=entry.detail,
    )
