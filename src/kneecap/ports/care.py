"""Repository and unit of work for care plans, notes, home programmes and outcomes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from kneecap.domain.care.alert_state import AlertState
from kneecap.domain.care.decisions import EscalationDecision, RedFlagReport
from kneecap.domain.care.plan import CarePlan
from kneecap.domain.care.prescriptions import HomeProgramme, SessionLog
from kneecap.domain.care.visits import VisitNote
from kneecap.domain.outcomes.responses import OutcomeResponse
from kneecap.ports.repositories import UnitOfWork


@dataclass(frozen=True)
class CareRecords:
    """Several clients' care rows, read a table at a time (the escalation inbox: a fixed
    number of statements however many clients are in care). Each per-client list is in the
    order the repository's `*_for` reads give it; `logs` holds only the sessions of each
    client's newest programme, all that adherence is computed from, and only when asked
    (`newest_programme_logs`)."""

    plans: Mapping[int, Sequence[CarePlan]] = field(default_factory=dict)
    decisions: Mapping[int, Sequence[EscalationDecision]] = field(default_factory=dict)
    red_flags: Mapping[int, Sequence[RedFlagReport]] = field(default_factory=dict)
    outcomes: Mapping[int, Sequence[OutcomeResponse]] = field(default_factory=dict)
    programmes: Mapping[int, Sequence[HomeProgramme]] = field(default_factory=dict)
    logs: Mapping[int, Sequence[SessionLog]] = field(default_factory=dict)

    @property
    def clients(self) -> list[int]:
        return sorted(self.plans)

    def plans_for(self, client_id: int) -> Sequence[CarePlan]:
        return self.plans.get(client_id, ())

    def decisions_for(self, client_id: int) -> Sequence[EscalationDecision]:
        return self.decisions.get(client_id, ())

    def red_flags_for(self, client_id: int) -> Sequence[RedFlagReport]:
        return self.red_flags.get(client_id, ())

    def outcomes_for(self, client_id: int) -> Sequence[OutcomeResponse]:
        return self.outcomes.get(client_id, ())

    def programmes_for(self, client_id: int) -> Sequence[HomeProgramme]:
        return self.programmes.get(client_id, ())

    def logs_for(self, client_id: int) -> Sequence[SessionLog]:
        return self.logs.get(client_id, ())


class CareReads(Protocol):
    """What the escalation check reads of one client (a repository, or CareRecords)."""

    def plans_for(self, client_id: int) -> Sequence[CarePlan]: ...
    def decisions_for(self, client_id: int) -> Sequence[EscalationDecision]: ...
    def red_flags_for(self, client_id: int) -> Sequence[RedFlagReport]: ...
    def outcomes_for(self, client_id: int) -> Sequence[OutcomeResponse]: ...
    def programmes_for(self, client_id: int) -> Sequence[HomeProgramme]: ...
    def logs_for(self, client_id: int) -> Sequence[SessionLog]: ...


class CareRepository(Protocol):
    def add_plan(self, clinic_id: int, plan: CarePlan) -> CarePlan: ...
    def update_plan(self, plan: CarePlan) -> None: ...
    def get_plan(self, plan_id: int) -> CarePlan | None: ...
    def plans_for(self, client_id: int) -> Sequence[CarePlan]: ...
    def outcome_dates_in_care(self, clinic_id: int) -> Mapping[int, Sequence[date]]:
        """The dates of the outcome responses of each client of the clinic with a signed plan,
        oldest first (a client who has measured nothing yet is left out)."""
        ...

    def amended_plans(self, clinic_id: int) -> Sequence[CarePlan]:
        """The clinic's signed plans with at least one amendment (the co-signature queue)."""
        ...

    def care_of(self, client_ids: Sequence[int]) -> CareRecords:
        """The care rows of these clients (no session logs)."""
        ...

    def newest_programme_logs(
        self, client_ids: Sequence[int]
    ) -> Mapping[int, Sequence[SessionLog]]:
        """The sessions logged against each of these clients' newest home programme."""
        ...

    def add_note(self, clinic_id: int, note: VisitNote) -> VisitNote: ...
    def update_note(self, note: VisitNote) -> None: ...
    def get_note(self, note_id: int) -> VisitNote | None: ...
    def notes_for(self, client_id: int) -> Sequence[VisitNote]: ...

    def add_programme(self, clinic_id: int, programme: HomeProgramme) -> HomeProgramme: ...
    def programmes_for(self, client_id: int) -> Sequence[HomeProgramme]: ...
    def add_log(self, client_id: int, log: SessionLog) -> None: ...
    def logs_for(self, client_id: int) -> Sequence[SessionLog]: ...

    def add_outcome(self, clinic_id: int, response: OutcomeResponse) -> OutcomeResponse: ...
    def outcomes_for(self, client_id: int) -> Sequence[OutcomeResponse]: ...

    def add_decision(self, clinic_id: int, decision: EscalationDecision) -> EscalationDecision: ...
    def decisions_for(self, client_id: int) -> Sequence[EscalationDecision]: ...
    def add_red_flag(self, clinic_id: int, report: RedFlagReport) -> RedFlagReport: ...
    def red_flags_for(self, client_id: int) -> Sequence[RedFlagReport]: ...


class AlertRepository(Protocol):
    """Each client's stored escalation state (domain/care/alert_state.py), one row a client."""

    def get(self, client_id: int) -> AlertState | None: ...
    def put(self, clinic_id: int, states: Sequence[AlertState]) -> None:
        """Store these states of the clinic's clients (each replacing the client's last)."""
        ...

    def due(self, clinic_id: int, today: date) -> Sequence[AlertState]:
        """The clinic's states that time may have changed by `today` (due on or before it)."""
        ...

    def other_policy(self, clinic_id: int, policy: str) -> Sequence[AlertState]:
        """The clinic's states computed under another policy than `policy`."""
        ...

    def open_in(self, clinic_id: int, limit: int | None = None) -> tuple[int, list[AlertState]]:
        """How many of the clinic's clients have an open alert, and the newest `limit` of them
        (all when None): the latest opened first."""
        ...


class CareUnitOfWork(UnitOfWork, Protocol):
    @property
    def care(self) -> CareRepository: ...
    @property
    def alerts(self) -> AlertRepository: ...


class CareUnitOfWorkFactory(Protocol):
    def __call__(self) -> CareUnitOfWork: ...
