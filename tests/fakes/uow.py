"""The fake unit of work: every area's fake repositories over one transaction on Tables.

It satisfies each area's unit-of-work port, as the SQL one does. Leaving the `with` block
without `commit()` drops what the block changed. Audit entries it was told to keep (the
gate's denials) are written with the commit or, when the block ends without one, in a
transaction of their own right after the rollback: as SqlUnitOfWork does, on the same
connection, so that write needs the write lock this unit of work just gave up.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from tests.fakes.accounts import (
    FakeAudit,
    FakeClients,
    FakeClinics,
    FakeInvitations,
    FakeRecoveryCodes,
    FakeSessions,
    FakeTokens,
    FakeUsers,
)
from tests.fakes.alerts import FakeAlerts
from tests.fakes.care import FakeCare
from tests.fakes.clinical import FakeClinical
from tests.fakes.gait import FakeGait
from tests.fakes.load import FakeActivities, FakePainLog, FakePhysiology, FakeTrainingPlans
from tests.fakes.mail import FakeOutbox
from tests.fakes.messages import FakeMessages
from tests.fakes.retraining import FakeRetraining
from tests.fakes.schedule import FakeSchedule
from tests.fakes.tables import Tables
from tests.fakes.texts import FakeTexts


class FakeUnitOfWork:
    def __init__(self, committed: Tables) -> None:
        self._work = committed.fork()
        t = self._work
        self.clinics = FakeClinics(t)
        self.users = FakeUsers(t)
        self.clients = FakeClients(t)
        self.audit = FakeAudit(t)
        self.sessions = FakeSessions(t)
        self.tokens = FakeTokens(t)
        self.invitations = FakeInvitations(t)
        self.recovery_codes = FakeRecoveryCodes(t)
        self.clinical = FakeClinical(t)
        self.care = FakeCare(t)
        self.alerts = FakeAlerts(t)
        self.gait = FakeGait(t)
        self.activities = FakeActivities(t)
        self.pain_log = FakePainLog(t)
        self.plans = FakeTrainingPlans(t)
        self.physiology = FakePhysiology(t)
        self.texts = FakeTexts(t)
        self.retraining = FakeRetraining(t)
        self.messages = FakeMessages(t)
        self.schedule = FakeSchedule(t)
        self.outbox = FakeOutbox(t)

    def __enter__(self) -> Self:
        self._work.refresh()  # a transaction sees what was committed when it began
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._work.refresh()
        if self.audit.kept:
            self.audit.write_kept()
            self._work.merge()

    def commit(self) -> None:
        self.audit.write_kept()
        self._work.merge()

    def rollback(self) -> None:
        self._work.refresh()


class FakeUnitOfWorkFactory:
    """Units of work on one set of committed tables (`rows`, for tests to read)."""

    def __init__(self) -> None:
        self.rows = Tables()

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.rows)
