"""Escalation: alert the chiropractor when care is not going as it should (domain/care/
escalation.py: a red flag, worsening, measures due, no improvement -> review, no improvement
after a review -> referral named) and record the decision (audited).

The service passes the home programme's adherence so far and the days the chiropractor recorded
a review of care (a REVIEWED_CARE decision). An alert is open until a decision is recorded
after its newest evidence, or when its trigger differs from the last decision's (a new step).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.care.decisions import (
    EscalationDecision,
    RedFlagReport,
    make_decision,
    make_red_flag,
)
from kneecap.domain.care.errors import CareError
from kneecap.domain.care.escalation import EscalationAlert, EscalationPolicy
from kneecap.domain.clients.record import ClientRecord
from kneecap.ports.care import CareUnitOfWorkFactory
from kneecap.ports.security import Clock
from kneecap.services.alerts import AlertKeeper, EscalationStatus, status_of
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller, user_id_of
from kneecap.services.errors import Invalid

__all__ = ["EscalationService", "EscalationStatus", "OpenAlerts", "status_of"]


@dataclass(frozen=True)
class OpenAlerts:
    """The newest open alerts of a clinic, and how many there are in all."""

    shown: list[tuple[ClientRecord, EscalationAlert]]
    total: int


class EscalationService:
    def __init__(
        self,
        uow_factory: CareUnitOfWorkFactory,
        gate: Gate,
        clock: Clock,
        alerts: AlertKeeper,
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock
        self.alerts = alerts
        self.policy: EscalationPolicy = alerts.policy

    def status(self, caller: Caller, client_id: int) -> EscalationStatus:
        with self._uow() as uow:
            self._gate.client(uow, caller, Action.ESCALATION_RECEIVE, client_id, kind="escalation")
            found = status_of(uow.care, client_id, self._clock.now().date(), self.policy)
            uow.commit()
        return found

    def inbox(self, caller: Caller) -> list[tuple[ClientRecord, EscalationAlert]]:
        """Every open alert of the caller's clinic, the latest opened first (the inbox)."""
        return self.open_alerts(caller).shown

    def open_alerts(self, caller: Caller, limit: int | None = None) -> OpenAlerts:
        """The newest `limit` open alerts of the caller's clinic (all when None) and their
        count (the chiropractor's dashboard panel). Read from the stored states (services/
        alerts.py), those due today computed again first; then the alerts shown are computed
        live, with the home programme's adherence where they name it: a fixed number of
        statements however many clients are in care."""
        clinic_id = caller.actor.clinic_id
        today = self._clock.now().date()
        with self._uow() as uow:
            self._gate.check(uow, caller, Action.ESCALATION_RECEIVE, Resource("clinic", clinic_id))
            self.alerts.catch_up(uow, clinic_id, today)
            total, stored = uow.alerts.open_in(clinic_id, limit)
            ids = [s.client_id for s in stored]
            care = uow.care.care_of(ids)
            if ids:  # the shown alerts' programme sessions with the rest: one statement
                care = replace(care, logs=uow.care.newest_programme_logs(ids))
            states = {c: status_of(care, c, today, self.policy) for c in ids}
            records = {r.id: r for r in uow.clients.many(ids)} if ids else {}
            found = [
                (records[c], alert)
                for c in ids
                if c in records and states[c].open and (alert := states[c].alert) is not None
            ]
            self._gate.record(
                uow,
                caller,
                "escalation.inbox",
                Resource("clinic", clinic_id),
                f"open alerts: {total}",
            )
            uow.commit()
        return OpenAlerts(found, total)

    def decide(
        self, caller: Caller, client_id: int, decision: str, note: str
    ) -> EscalationDecision:
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, Action.ESCALATION_DECIDE, client_id, kind="escalation"
            )
            state = status_of(uow.care, client_id, self._clock.now().date(), self.policy)
            alert = state.alert
            evidence = alert.message if alert else "No alert was open when this was decided."
            try:
                made = make_decision(
                    client_id=client_id,
                    decided_by=user_id_of(caller),
                    decided_at=self._clock.now(),
                    trigger=alert.trigger.value if alert else "none",
                    decision=decision,
                    note=note,
                    evidence=evidence,
                )
            except CareError as exc:
                raise Invalid(
                    str(exc), {"decision" if "decision" in str(exc) else "note": str(exc)}
                ) from exc
            stored = uow.care.add_decision(record.clinic_id, made)
            self.alerts.refresh(uow, record.clinic_id, client_id, self._clock.now().date())
            self._gate.record(
                uow,
                caller,
                "escalation.decided",
                Resource("escalation", record.clinic_id, client_id=client_id, id=stored.id),
                f"decision: {made.decision.value}; trigger: {made.trigger}",
            )
            uow.commit()
        return stored

    def report_red_flag(self, caller: Caller, client_id: int, text: str) -> RedFlagReport:
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, Action.RED_FLAG_REPORT, client_id, kind="red_flag"
            )
            try:
                report = make_red_flag(
                    client_id=client_id,
                    reported_by=user_id_of(caller),
                    reported_at=self._clock.now(),
                    text=text,
                )
            except CareError as exc:
                raise Invalid(str(exc), {"text": str(exc)}) from exc
            stored = uow.care.add_red_flag(record.clinic_id, report)
            self.alerts.refresh(uow, record.clinic_id, client_id, self._clock.now().date())
            uow.commit()
        return stored
