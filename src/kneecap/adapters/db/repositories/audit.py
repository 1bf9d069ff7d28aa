"""Append and query the audit log; there is deliberately no update or delete.

Appended entries wait in the unit of work and go in as one Core INSERT (`write`) in the same
transaction, just before its COMMIT: a read is audited by the commit that also ends it, so no
entry is lost to a crash of the app (the entry commits with, or before, the response), and a
request pays no ORM flush per entry. A query of the log writes the waiting entries first, so
it sees them as it would after a flush.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, func, insert, or_, select
from sqlalchemy.orm import Session

from kneecap.adapters.db.models.audit import AuditRow
from kneecap.domain.access.audit import AuditEntry
from kneecap.ports.repositories import AuditQuery

AUDIT_TABLE: Table = AuditRow.__table__  # type: ignore[assignment]  # declarative: a Table
_INSERT = insert(AUDIT_TABLE)  # built once: every audited request runs it


class SqlAudit:
    def __init__(
        self, session: Session, waiting: Callable[[list[AuditEntry]], None] | None = None
    ) -> None:
        self._s = session
        # In a request transaction: writes the request's waiting entries and these (the
        # query below sees them); otherwise this unit of work inserts its own.
        self._waiting = waiting
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
        insert_entries(self._s, entries)

    def _at(self, clinic_id: int, entry_id: int) -> datetime | None:
        q = select(AuditRow.at).where(AuditRow.id == entry_id, AuditRow.clinic_id == clinic_id)
        return self._s.scalar(q)

    def query(self, q: AuditQuery) -> tuple[Sequence[AuditEntry], int]:
        if self._waiting is not None:
            self._waiting(self.pending)
        else:
            self._insert(self.pending)
            self.pending.clear()
        sqlite = self._s.get_bind().dialect.name == "sqlite"
        where = _filters(q)
        # clinic_id leads every audit index, so PostgreSQL can count from the index alone
        # (an index-only scan where the visibility map allows), not from the table's rows.
        counted = select(AuditRow.clinic_id).where(*where, *_action(q.action_prefix, sqlite, True))
        if q.count_cap is not None:
            counted = counted.limit(q.count_cap)
        total = self._s.scalar(select(func.count()).select_from(counted.subquery())) or 0
        # An action prefix that matches few entries reads them through the action index; one
        # that matches many (past the cap) finds its page sooner walking the log by time.
        by_action = q.count_cap is None or total < q.count_cap
        page = select(AuditRow).where(*where, *_action(q.action_prefix, sqlite, by_action))
        cursor = q.after if q.after is not None else q.before
        at = None if cursor is None else self._at(q.clinic_id, cursor)
        if cursor is not None and at is None:
            return [], total  # a cursor from another clinic (or made up) shows nothing
        if q.after is not None:
            # `at <=`/`at >=` is what an index on (…, at) can range over; the id breaks ties
            page = page.where(AuditRow.at >= at, or_(AuditRow.at > at, AuditRow.id > cursor))
            page = page.order_by(AuditRow.at, AuditRow.id)
        else:
            if cursor is not None:
                page = page.where(AuditRow.at <= at, or_(AuditRow.at < at, AuditRow.id < cursor))
            page = page.order_by(AuditRow.at.desc(), AuditRow.id.desc())
        page = page.limit(q.limit)
        if cursor is None:
            page = page.offset(q.offset)
        rows = list(self._s.scalars(page))
        if q.after is not None:
            rows.reverse()
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


def insert_entries(session: Session, entries: Sequence[AuditEntry]) -> None:
    """One Core INSERT for all the entries, in the session's transaction."""
    if entries:
        session.flush()  # rows the entries name (a new client) are in the database first
        session.execute(_INSERT, [_values(e) for e in entries])


def _filters(q: AuditQuery) -> list[ColumnElement[bool]]:
    where = [AuditRow.clinic_id == q.clinic_id]
    if q.client_id is not None:
        where.append(AuditRow.client_id == q.client_id)
    if q.actor_user_id is not None:
        where.append(AuditRow.actor_user_id == q.actor_user_id)
    if q.outcome:
        where.append(AuditRow.outcome == q.outcome)
    if q.since is not None:
        where.append(AuditRow.at >= q.since)
    if q.until is not None:
        where.append(AuditRow.at < q.until)
    return where


def _action(prefix: str | None, sqlite: bool, indexed: bool) -> list[ColumnElement[bool]]:
    """Actions that start with `prefix`, case-sensitive on both databases. PostgreSQL ranges
    over a LIKE prefix with the index's pattern operators (whatever the database's collation);
    SQLite's LIKE ignores case and no index serves it, so there the prefix is the range of
    strings from it up to its successor (SQLite compares them bytewise), and `action || ''`
    where the walk by time is the quicker way (an expression no index serves)."""
    if not prefix:
        return []
    if not sqlite:
        return [AuditRow.action.startswith(prefix, autoescape=True)]
    column: Any = AuditRow.action if indexed else AuditRow.action.concat("")
    found = [column >= prefix]
    last = ord(prefix[-1])
    if last < 0x10FFFF:
        found.append(column < prefix[:-1] + chr(last + 1))
    return found


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
