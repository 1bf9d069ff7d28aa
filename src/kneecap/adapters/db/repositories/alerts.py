"""SQLAlchemy repository of the clients' stored escalation states (one row a client)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kneecap.adapters.db.models.care import EscalationAlertRow
from kneecap.domain.care.alert_state import AlertState
from kneecap.domain.care.escalation import Trigger

A = EscalationAlertRow
COLUMNS = (A.client_id, A.trigger, A.since, A.due_on, A.policy)


def _state(row: Any) -> AlertState:
    trigger = Trigger(row.trigger) if row.trigger else None
    return AlertState(row.client_id, trigger, row.since, row.due_on, row.policy)


class SqlAlerts:
    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, client_id: int) -> AlertState | None:
        row = self._s.execute(select(*COLUMNS).where(A.client_id == client_id)).first()
        return _state(row) if row else None

    def put(self, clinic_id: int, states: Sequence[AlertState]) -> None:
        # one upsert for them all: two writers of one client's first row (a client's
        # questionnaire and the chiropractor's decision at once) must not fail on the key
        if not states:
            return
        rows = [
            {"client_id": s.client_id, "clinic_id": clinic_id,
             "trigger": s.trigger.value if s.trigger else None, "since": s.since,
             "due_on": s.due_on, "policy": s.policy}
            for s in states
        ]  # fmt: skip
        dialect = postgresql if self._s.get_bind().dialect.name == "postgresql" else sqlite
        insert = dialect.insert(A)
        changed = {k: insert.excluded[k] for k in rows[0] if k != "client_id"}
        self._s.execute(
            insert.on_conflict_do_update(index_elements=["client_id"], set_=changed), rows
        )

    def due(self, clinic_id: int, today: date) -> Sequence[AlertState]:
        query = select(*COLUMNS).where(A.clinic_id == clinic_id, A.due_on <= today)
        return [_state(r) for r in self._s.execute(query.order_by(A.client_id))]

    def other_policy(self, clinic_id: int, policy: str) -> Sequence[AlertState]:
        query = select(*COLUMNS).where(A.clinic_id == clinic_id, A.policy != policy)
        return [_state(r) for r in self._s.execute(query.order_by(A.client_id))]

    def open_in(self, clinic_id: int, limit: int | None = None) -> tuple[int, list[AlertState]]:
        # one statement through (clinic_id, since, client_id): the count rides along as a
        # window over the open rows, the page is the index's newest end
        total = func.count().over().label("total")
        query = (
            select(*COLUMNS, total)
            .where(A.clinic_id == clinic_id, A.since.is_not(None))
            .order_by(A.since.desc(), A.client_id.desc())
            .limit(limit)
        )
        rows = self._s.execute(query).all()
        return (rows[0].total if rows else 0), [_state(r) for r in rows]
