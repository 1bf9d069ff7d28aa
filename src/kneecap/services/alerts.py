"""A client's escalation state, computed from their care rows, and its stored copy kept in step.

`status_of` computes it live (the client's page, a decision). `AlertKeeper` writes the stored
copy (domain/care/alert_state.py) in the unit of work of every change that can alter it: a plan
signed (its start begins care) or amended, an outcome recorded, a decision, a red flag. The
home programme's adherence only words an alert's review points, never its trigger, so a logged
session changes nothing stored. Time passing is the stored due day: a state due on or before
today is computed again by the next reader (`catch_up`), so the dashboard reads open alerts by
index however many clients are in care.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kneecap.domain.care.adherence import Adherence, adherence
from kneecap.domain.care.alert_state import AlertState, escalation_state, kept, policy_key
from kneecap.domain.care.decisions import EscalationDecision, RedFlagReport
from kneecap.domain.care.escalation import EscalationAlert, EscalationPolicy
from kneecap.ports.care import CareReads, CareUnitOfWork


@dataclass(frozen=True)
class EscalationStatus:
    alert: EscalationAlert | None
    open: bool  # an alert with no decision recorded since its newest evidence
    decisions: Sequence[EscalationDecision]
    red_flags: Sequence[RedFlagReport]
    adherence: Adherence | None = None  # the current home programme, from its start to today
    due_on: date | None = None  # the first day time alone may change the alert


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
    care_start = min(p.start for p in plans)

    def check(done: Adherence | None) -> EscalationStatus:
        state = escalation_state(
            care_start=care_start, today=today, responses=responses, decisions=decisions,
            red_flags=flags, policy=policy, adherence=done,
        )  # fmt: skip
        return EscalationStatus(state.alert, state.open, decisions, flags, done, state.due_on)

    # Adherence is read (two queries) only where the alert asks for a review and names it.
    found = check(None)
    if found.alert is not None and found.alert.review_points and with_adherence:
        found = check(programme_adherence(repo, client_id, today))
    return found


class AlertKeeper:
    """Writes each client's stored escalation state, under one policy."""

    def __init__(self, policy: EscalationPolicy) -> None:
        self.policy = policy
        self._key = policy_key(policy)
        self._checked: set[int] = set()  # clinics whose states this process found current

    def refresh(self, uow: CareUnitOfWork, clinic_id: int, client_id: int, today: date) -> None:
        """Compute the client's state again and store it (after a change to their care)."""
        state = status_of(uow.care, client_id, today, self.policy, with_adherence=False)
        stored = self._kept(uow.alerts.get(client_id), client_id, state, today)
        if stored is not None:
            uow.alerts.put(clinic_id, [stored])

    def catch_up(self, uow: CareUnitOfWork, clinic_id: int, today: date) -> None:
        """Compute again the clinic's states due by today, and (once per process and clinic)
        those computed under another policy (the threshold is a setting): one read of their
        care rows, each in memory, one write; a fixed number of statements however many."""
        stale = {s.client_id: s for s in uow.alerts.due(clinic_id, today)}
        if clinic_id not in self._checked:
            other = uow.alerts.other_policy(clinic_id, self._key)
            if not other:  # marked once a check finds none (a fix that rolled back is redone)
                self._checked.add(clinic_id)
            stale.update((s.client_id, s) for s in other)
        if not stale:
            return
        care = uow.care.care_of(sorted(stale))
        changed = []
        for client_id, previous in sorted(stale.items()):
            state = status_of(care, client_id, today, self.policy, with_adherence=False)
            if (stored := self._kept(previous, client_id, state, today)) is not None:
                changed.append(stored)
        uow.alerts.put(clinic_id, changed)

    def _kept(
        self,
        previous: AlertState | None,
        client_id: int,
        state: EscalationStatus,
        today: date,
    ) -> AlertState | None:
        """The state to store, or None when the stored one already says it."""
        trigger = state.alert.trigger if state.open and state.alert is not None else None
        stored = kept(previous, client_id, trigger, state.due_on, today, self.policy)
        return None if stored == previous else stored
