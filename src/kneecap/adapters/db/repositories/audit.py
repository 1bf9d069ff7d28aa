"""Append and query the audit log; there is deliberately no update or delete.

Appended entries wait in the unit of work and go in as one Core INSERT (`write`) in the same
transaction, just before its COMMIT: a read is audited by the commit that also ends it, so no
entry is lost to a crash of the app (the entry commits with, or before, the response), and a
request pays no ORM flush per entry. A query of the log writes the waiting entries first, so
it sees them as it would after a flush.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from kneecap.adapters.db.models.audit import AuditRow
from kneecap.domain.access.audit import AuditEntry
from kneecap.ports.repositories import AuditQuery

AUDIT_TABLE: Table = AuditRow.__table__  # type: ignore[assignment]  # declarative: a Table


class SqlAudit:
    def __init__(self, session: Session) -> None:
        self._s = session
        # Entries that outlive the unit of work (denials); SqlUnitOfWork writes them.
        self.kept: list[AuditEntry] = []
        # Entries of this transaction, written by `write` before it commits.
        self.pending: list[AuditEntry] = []

    def keep(self, entry: AuditEntry) -> None:
        self.kept.append(entry)

    def append(self, entry: AuditEntry) -> None:
        self.pending.append(entry)

    def discard(self) -> None:
        """The transaction rolled back: its entries go with it (kept ones stay)."""
        self.pending.clear()

    def write(self) -> None:
        """Insert the waiting and kept entries in the session's transaction (the unit of work
        commits), one statement for all."""
        entries = [*self.pending, *self.kept]
        self.pending.clear()
        self.kept.clear()
        self._insert(entries)

    def _insert(self, entries: Sequence[AuditEntry]) -> None:
        if entries:
            self._s.flush()  # rows the entries name (a new client) are in the database first
            self._s.execute(insert(AUDIT_TABLE), [_values(e) for e in entries])

    def query(self, q: AuditQuery) -> tuple[Sequence[AuditEntry], int]:
        self._insert(self.pending)
        self.pending.clear()
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


def _values(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at,
        "clinic_id": entry.clinic_id,
        "actor_user_id": entry.actor_user_id,
        "actor_label": entry.actor_label[:320],
        "action": entry.action[:64],
        "outcome": entry.outcome,
        "address": entry.address[:64],
        "client_id": entry.client_id,
        "resource": entry.resource[:64],
        "detail": entry.detail,
    }
