"""Fake repository of the clients' stored escalation states, as SqlAlerts answers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kneecap.domain.care.alert_state import AlertState
from tests.fakes.tables import Tables


class FakeAlerts:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def get(self, client_id: int) -> AlertState | None:
        found = self._t.escalation_alerts.get(client_id)
        return found[1] if found else None

    def put(self, clinic_id: int, states: Sequence[AlertState]) -> None:
        for state in states:
            self._t.escalation_alerts.put(state.client_id, (clinic_id, state))

    def _of(self, clinic_id: int) -> list[AlertState]:
        return [s for c, s in self._t.escalation_alerts.rows() if c == clinic_id]

    def due(self, clinic_id: int, today: date) -> Sequence[AlertState]:
        return [s for s in self._of(clinic_id) if s.due_on is not None and s.due_on <= today]

    def other_policy(self, clinic_id: int, policy: str) -> Sequence[AlertState]:
        return [s for s in self._of(clinic_id) if s.policy != policy]

    def open_in(self, clinic_id: int, limit: int | None = None) -> tuple[int, list[AlertState]]:
        found = [s for s in self._of(clinic_id) if s.since is not None]
        found.sort(key=lambda s: (s.since, s.client_id), reverse=True)
        return len(found), found[:limit]
