"""The unit of work over one SQLAlchemy session: one transaction per `with` block.

Audit entries of the work are inserted together just before its COMMIT (SqlAudit.write).
Audit entries that must outlive the work (denials: `audit.keep`) are written with a commit,
or, when the block ends without one, in a transaction of their own on the same session right
after the rollback. So a refusal is recorded without a second connection that would wait for
the write lock this one still holds (SQLite) or for a free pooled connection.

One class carries every area's repositories (they only wrap the session), so it satisfies
each area's unit-of-work port; services still see only the port of their own area.

Inside a request transaction (request_transaction.py: a read request's) the block joins the
request's one session and transaction instead of opening its own, and its `commit()` hands its
audit entries to the request, which writes them all with its one COMMIT.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session, sessionmaker

from kneecap.adapters.db.repositories.accounts import (
    SqlClinics,
    SqlInvitations,
    SqlRecoveryCodes,
    SqlSessions,
    SqlTokens,
    SqlUsers,
)
from kneecap.adapters.db.repositories.alerts import SqlAlerts
from kneecap.adapters.db.repositories.audit import SqlAudit
from kneecap.adapters.db.repositories.care import SqlCare
from kneecap.adapters.db.repositories.clients import SqlClients
from kneecap.adapters.db.repositories.clinical import SqlClinical
from kneecap.adapters.db.repositories.gait import SqlGait
from kneecap.adapters.db.repositories.load import (
    SqlActivities,
    SqlPainLog,
    SqlPhysiology,
    SqlTrainingPlans,
)
from kneecap.adapters.db.repositories.messages import SqlMessages
from kneecap.adapters.db.repositories.outbox import SqlOutbox
from kneecap.adapters.db.repositories.retraining import SqlRetraining
from kneecap.adapters.db.repositories.schedule import SqlSchedule
from kneecap.adapters.db.repositories.texts import SqlTexts
from kneecap.adapters.db.request_transaction import (
    Block,
    RequestTransaction,
    current,
    request_transaction,
)


class SqlUnitOfWork:
    session: Session
    clinics: SqlClinics
    users: SqlUsers
    clients: SqlClients
    audit: SqlAudit
    sessions: SqlSessions
    tokens: SqlTokens
    invitations: SqlInvitations
    recovery_codes: SqlRecoveryCodes
    clinical: SqlClinical
    care: SqlCare
    alerts: SqlAlerts  # each client's stored escalation state
    gait: SqlGait
    activities: SqlActivities  # training load: activities, pain log, training plans
    pain_log: SqlPainLog
    plans: SqlTrainingPlans
    physiology: SqlPhysiology
    texts: SqlTexts  # client-visible clinical text and its co-signature
    retraining: SqlRetraining  # gait-retraining blocks and cadence traces
    messages: SqlMessages  # client threads with the care team
    schedule: SqlSchedule  # scheduling settings, working hours, appointments
    outbox: SqlOutbox  # every e-mail sent or waiting

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory
        self._request: RequestTransaction | None = None
        self._block: Block | None = None

    def __enter__(self) -> Self:
        request = current()
        shared = request.claim(self._factory) if request is not None else None
        if request is not None and shared is not None:
            self._request, self.session = request, shared
            self._block = request.begin()
            self.audit = SqlAudit(shared, request.insert_waiting)
        else:
            self.session = self._factory()
            self.audit = SqlAudit(self.session)
        s = self.session
        self.clinics = SqlClinics(s)
        self.users = SqlUsers(s)
        self.clients = SqlClients(s)
        self.sessions = SqlSessions(s)
        self.tokens = SqlTokens(s)
        self.invitations = SqlInvitations(s)
        self.recovery_codes = SqlRecoveryCodes(s)
        self.clinical = SqlClinical(s)
        self.care = SqlCare(s)
        self.alerts = SqlAlerts(s)
        self.gait = SqlGait(s)
        self.activities = SqlActivities(s)
        self.pain_log = SqlPainLog(s)
        self.plans = SqlTrainingPlans(s)
        self.physiology = SqlPhysiology(s)
        self.texts = SqlTexts(s)
        self.retraining = SqlRetraining(s)
        self.messages = SqlMessages(s)
        self.schedule = SqlSchedule(s)
        self.outbox = SqlOutbox(s)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._request is not None and self._block is not None:
            self._request.end(self._block, exc_type is not None, self.audit)
            return
        try:
            self.session.rollback()
            self.audit.discard()
            if self.audit.kept:
                self.audit.write()
                self.session.commit()
        finally:
            self.session.close()

    def commit(self) -> None:
        if self._request is not None and self._block is not None:
            self._request.commit(self._block, self.audit)
            return
        self.audit.write()  # one INSERT for the block's entries, in its transaction
        self.session.commit()

    def rollback(self) -> None:
        if self._request is not None:
            raise RuntimeError("a unit of work in a request transaction ends by its block")
        self.session.rollback()
        self.audit.discard()


class SqlUnitOfWorkFactory:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory)

    def request(self) -> AbstractContextManager[RequestTransaction]:
        """A request transaction over this factory's database (see request_transaction.py)."""
        return request_transaction(self.session_factory)
