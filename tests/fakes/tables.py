"""The fake database: one table of frozen records per kind of row, and transactions over them.

A unit of work forks the committed tables; its changes stay in the fork until it commits, and
then only the rows it changed are written back, so two open units of work behave like two
transactions on a real database. Ids come from one counter per table that, like a database
sequence, never goes back.

One unit of work writes at a time, as SQLite (the embedded default) allows: there a second
writer waits out the busy timeout (30 s) and fails, so here it fails at once and says why.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from kneecap.domain.access.audit import AuditEntry
from kneecap.domain.accounts.entities import (
    ApiToken,
    Clinic,
    Invitation,
    TotpState,
    User,
    WebSession,
)
from kneecap.domain.accounts.throttle import ThrottleState
from kneecap.domain.care.alert_state import AlertState
from kneecap.domain.care.decisions import EscalationDecision, RedFlagReport
from kneecap.domain.care.plan import CarePlan
from kneecap.domain.care.prescriptions import HomeProgramme, SessionLog
from kneecap.domain.care.visits import VisitNote
from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.clinical.records import Assessment, Handoff, IntakeRecord, StoredDiagnosis
from kneecap.domain.gait.review import Comment, GaitAnalysisRecord, GaitVideo
from kneecap.domain.load.pain import PainEntry
from kneecap.domain.load.physiology import Physiology
from kneecap.domain.messages.thread import Message
from kneecap.domain.outcomes.responses import OutcomeResponse
from kneecap.domain.schedule.appointments import Appointment, ClinicRules
from kneecap.domain.schedule.hours import HoursBlock
from kneecap.ports.load import StoredActivity, StoredGoal
from kneecap.ports.mail import Mail
from kneecap.ports.retraining import StoredBlock, StoredTrace
from kneecap.ports.texts import StoredText

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class RecoveryCode:
    """One row of the recovery_codes table (only the code's hash is kept)."""

    user_id: int
    code_hash: str
    created_at: datetime
    used_at: datetime | None = None


class WriteLock:
    """Who holds the database's one write lock: the first unit of work to write, until it
    commits or rolls back."""

    def __init__(self) -> None:
        self.holder: object | None = None

    def claim(self, writer: object) -> None:
        if self.holder is not None and self.holder is not writer:
            raise AssertionError(
                "Two units of work write at once. On SQLite the second waits 30 s for the "
                "first one's lock and fails: commit or roll back the first before writing."
            )
        self.holder = writer

    def release(self, writer: object) -> None:
        if self.holder is writer:
            self.holder = None


class Table(Generic[K, V]):
    """Rows by key: committed (no parent), or one unit of work's fork of them."""

    def __init__(self, parent: Table[K, V] | None = None, writer: object | None = None) -> None:
        self._parent = parent
        self._rows: dict[K, V] = dict(parent._rows) if parent else {}
        self._ids: Iterator[int] = parent._ids if parent else itertools.count(1)
        self._changed: dict[K, None] = {}  # an ordered set
        self.lock: WriteLock = parent.lock if parent else WriteLock()
        self._writer = writer  # the unit of work whose fork this is

    def next_id(self) -> int:
        return next(self._ids)

    def get(self, key: K) -> V | None:
        return self._rows.get(key)

    def _write(self) -> None:
        if self._writer is not None:
            self.lock.claim(self._writer)
        else:  # written directly: a one-statement transaction, as the job store's
            self.lock.claim(self)
            self.lock.release(self)

    def put(self, key: K, row: V) -> V:
        self._write()
        self._rows[key] = row
        self._changed[key] = None
        return row

    def delete(self, key: K) -> None:
        self._write()
        self._rows.pop(key, None)
        self._changed[key] = None

    def rows(self, where: Callable[[V], bool] = lambda _: True) -> list[V]:
        """Rows in key order (ids ascend), as a query ordered by id."""
        return [r for _, r in self.items(where)]

    def items(self, where: Callable[[V], bool] = lambda _: True) -> list[tuple[K, V]]:
        """(key, row) pairs in key order, for an update or delete by a condition."""
        return [(k, r) for k, r in sorted(self._rows.items(), key=_key) if where(r)]

    def first(self, where: Callable[[V], bool]) -> V | None:
        return next(iter(self.rows(where)), None)

    def fork(self, writer: object) -> Table[K, V]:
        return Table(self, writer)

    def merge(self) -> None:
        assert self._parent is not None, "only a fork commits"
        for key in self._changed:
            if key in self._rows:
                self._parent._rows[key] = self._rows[key]
            else:
                self._parent._rows.pop(key, None)
        self._changed.clear()
        self.lock.release(self._writer)

    def refresh(self) -> None:
        assert self._parent is not None
        self._rows = dict(self._parent._rows)
        self._changed.clear()
        self.lock.release(self._writer)


def _key(item: tuple[Any, Any]) -> Any:
    return item[0]


class Tables:
    """Every area's rows. A new kind of row is one more table here and one fake repository."""

    def __init__(self) -> None:
        # accounts and clients
        self.clinics: Table[int, Clinic] = Table()
        self.users: Table[int, User] = Table()
        self.throttles: Table[int, ThrottleState] = Table()
        self.totp: Table[int, TotpState] = Table()  # by user id (columns of users in SQL)
        self.recovery_codes: Table[int, RecoveryCode] = Table()
        self.clients: Table[int, ClientRecord] = Table()  # user_id is read from the users table
        self.audit: Table[int, AuditEntry] = Table()
        self.sessions: Table[int, WebSession] = Table()
        self.tokens: Table[int, ApiToken] = Table()
        self.invitations: Table[int, Invitation] = Table()
        # clinical
        self.intakes: Table[int, IntakeRecord] = Table()
        self.intake_red_flags: Table[int, bool] = Table()  # by intake id, as stored
        self.assessments: Table[int, Assessment] = Table()
        self.handoffs: Table[int, Handoff] = Table()
        self.diagnoses: Table[int, StoredDiagnosis] = Table()
        # care (plans keep their clinic: the escalation inbox lists a clinic's signed plans)
        self.care_plans: Table[int, tuple[int, CarePlan]] = Table()
        self.visit_notes: Table[int, VisitNote] = Table()
        self.programmes: Table[int, HomeProgramme] = Table()
        self.session_logs: Table[int, tuple[int, SessionLog]] = Table()  # (client id, log)
        self.outcomes: Table[int, OutcomeResponse] = Table()
        self.escalation_decisions: Table[int, EscalationDecision] = Table()
        self.red_flags: Table[int, RedFlagReport] = Table()
        self.escalation_alerts: Table[int, tuple[int, AlertState]] = Table()  # (clinic, state)
        # gait
        self.videos: Table[int, GaitVideo] = Table()
        self.analyses: Table[int, GaitAnalysisRecord] = Table()
        self.comments: Table[int, Comment] = Table()
        # training load
        self.activities: Table[int, StoredActivity] = Table()
        self.pain_log: Table[tuple[int, date], tuple[int, PainEntry]] = Table()  # (client, day)
        self.training_plans: Table[int, tuple[StoredGoal, bool]] = Table()  # (goal, active)
        # gait retraining: blocks, cadence traces by (client, run start minute), read jobs
        self.retraining_blocks: Table[int, StoredBlock] = Table()
        self.cadence_traces: Table[tuple[int, datetime], StoredTrace] = Table()
        self.cadence_scans: Table[tuple[int, int], tuple[int, int]] = Table()
        self.physiology: Table[int, Physiology] = Table()  # by client
        # client-visible text and its co-signatures, by key ("client.12.goals")
        self.texts: Table[str, StoredText] = Table()
        # message threads (attachments inside their message; their ids from their own counter)
        self.messages: Table[int, Message] = Table()
        self.message_attachment_ids: Table[int, None] = Table()
        self.message_reads: Table[tuple[int, int], datetime] = Table()  # (user, client)
        # the clinic's day: settings by clinic, hours by practitioner, lock rows by
        # (practitioner, step) holding the appointment's id
        self.schedule_rules: Table[int, ClinicRules] = Table()
        self.working_hours: Table[int, tuple[HoursBlock, ...]] = Table()
        self.appointments: Table[int, Appointment] = Table()
        self.appointment_cells: Table[tuple[int, datetime], int] = Table()
        self.client_cells: Table[tuple[int, datetime], int] = Table()
        self.outbox: Table[int, Mail] = Table()  # every e-mail, its key unique
        self.lock = WriteLock()  # one for every table, and the fakes' job store
        for table in self._tables():
            table.lock = self.lock

    def _tables(self) -> list[Table[Any, Any]]:
        return [t for t in vars(self).values() if isinstance(t, Table)]

    def fork(self) -> Tables:
        forked = Tables()
        forked.lock = self.lock
        for name, table in list(vars(self).items()):
            if isinstance(table, Table):
                setattr(forked, name, table.fork(forked))
        return forked

    def merge(self) -> None:
        for table in self._tables():
            table.merge()

    def refresh(self) -> None:
        for table in self._tables():
            table.refresh()
