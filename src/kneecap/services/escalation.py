"""Escalation: alert the chiropractor when care is not going as it should (domain/care/
escalation.py: a red flag, worsening, measures due, no improvement -> review, no improvement
after a review -> referral named) and record the decision (audited).

The service passes the home programme's adherence so far and the days the chiropractor recorded
a review of care (a REVIEWED_CARE decision). An alert is open until a decision is recorded
after its newest evidence, or when its trigger differs from the last decision's (a new step).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.care.adherence import Adherence, adherence
from kneecap.domain.care.decisions import (
    DecisionKind,
    EscalationDecision,
    RedFlagReport,
    make_decision,
    make_red_flag,
)
from kneecap.domain.care.errors import CareError
from kneecap.domain.care.escalation import EscalationAlert, EscalationPolicy, check_escalation
from kneecap.domain.clients.record import ClientRecord
from kneecap.ports.care import CareReads, CareUnitOfWorkFactory
from kneecap.ports.security import Clock
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller, user_id_of
from kneecap.services.errors import Invalid
from kneecap.services.outcomes import scored


@dataclass(frozen=True)
class EscalationStatus:
    alert: EscalationAlert | None
    open: bool  # an alert with no decision recorded since its newest evidence
    decisions: Sequence[EscalationDecision]
    red_flags: Sequence[RedFlagReport]
    adherence: Adherence | None = None  # the current home programme, from its start to today


def programme_adherence(repo: CareReads, client_id: int, today: date) -> Adherence | None:
    """The current home programme's adherence from its start to today (None before it)."""
    programmes = repo.programmes_for(client_id)
    if not programmes or today < programmes[-1].start:
        return None
    programme = programmes[-1]
    logs = [log for log in repo.logs_for(client_id) if log.programme_id == programme.id]
    return adherence(programme, logs, start=programme.start, end=today)


def status_of(
    repo: CareReads,
    client_id: int,
    today: date,
    policy: EscalationPolicy,
    with_adherence: bool = True,
) -> EscalationStatus:
    """The client's escalation state; `with_adherence=False` leaves the home programme's
    adherence out (an alert that asks for it then says so with its review points)."""
    plans = [p for p in repo.plans_for(client_id) if p.is_locked]
    decisions = list(repo.decisions_for(client_id))
    flags = list(repo.red_flags_for(client_id))
    if not plans:
        return EscalationStatus(None, False, decisions, flags)
    responses = list(repo.outcomes_for(client_id))
    last_decision = decisions[-1].decided_at if decisions else None
    new_flags = [f.text for f in flags if last_decision is None or f.reported_at > last_decision]
    care_start = min(p.start for p in plans)

    def check(done: Adherence | None) -> EscalationAlert | None:
        return check_escalation(
            care_start=care_start,
            today=max(today, care_start),
            outcomes=scored(responses),
            red_flags=new_flags,
            policy=policy,
            adherence=done,
            reviews=[
                d.decided_at.date() for d in decisions if d.decision is DecisionKind.REVIEWED_CARE
            ],
        )

    # Adherence is read (two queries) only where the alert asks for a review and names it.
    alert = check(None)
    done = None
    if alert is not None and alert.review_points and with_adherence:
        done = programme_adherence(repo, client_id, today)
        alert = check(done)
    if alert is None:
        return EscalationStatus(None, False, decisions, flags, done)
    evidence = [r.recorded_at for r in responses if r.recorded_at is not None]
    newest = max(evidence, default=None)
    is_open = (
        last_decision is None
        or (newest is not None and newest > last_decision)
        or decisions[-1].trigger != alert.trigger.value
    )
    return EscalationStatus(alert, is_open or bool(new_flags), decisions, flags, done)


class EscalationService:
    def __init__(
        self,
        uow_factory: CareUnitOfWorkFactory,
        gate: Gate,
        clock: Clock,
        policy: EscalationPolicy,
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock
        self.policy = policy

    def status(self, caller: Caller, client_id: int) -> EscalationStatus:
        with self._uow() as uow:
            self._gate.client(uow, caller, Action.ESCALATION_RECEIVE, client_id, kind="escalation")
            found = status_of(uow.care, client_id, self._clock.now().date(), self.policy)
            uow.commit()
        return found

    def inbox(self, caller: Caller) -> list[tuple[ClientRecord, EscalationAlert]]:
        """Open alerts for the caller's clinic (the chiropractor's dashboard panel)."""
        clinic_id = caller.actor.clinic_id
        today = self._clock.now().date()
        with self._uow() as uow:
            self._gate.check(uow, caller, Action.ESCALATION_RECEIVE, Resource("clinic", clinic_id))
            # the clinic's care rows a table at a time, then each client's check in memory: a
            # fixed number of statements however many clients are in care. Session logs only
            # for the alerts that name adherence (a second pass): they are most of the rows.
            care = uow.care.signed_care(clinic_id)
            states = {c: status_of(care, c, today, self.policy, False) for c in care.clients}
            review = [c for c, s in states.items() if s.alert and s.alert.review_points]
            if review:
                care = replace(care, logs=uow.care.newest_programme_logs(review))
                states.update((c, status_of(care, c, today, self.policy)) for c in review)
            alerts = {c: s.alert for c, s in states.items() if s.open and s.alert is not None}
            records = {r.id: r for r in uow.clients.many(alerts)} if alerts else {}
            found = [(records[c], alert) for c, alert in alerts.items() if c in records]
            self._gate.record(
                uow,
                caller,
                "escalation.inbox",
                Resource("clinic", clinic_id),
                f"open alerts: {len(found)}",
            )
            uow.commit()
        return found

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
            uow.commit()
        return stored
