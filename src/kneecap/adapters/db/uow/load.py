"""The unit of work for training load: the base repositories plus activities, pain log and
plans, in the same transaction."""

from __future__ import annotations

from typing import Self

from kneecap.adapters.db.repositories.load import SqlActivities, SqlPainLog, SqlTrainingPlans
from kneecap.adapters.db.uow.base import SqlUnitOfWork, SqlUnitOfWorkFactory


class SqlLoadUnitOfWork(SqlUnitOfWork):
    activities: SqlActivities
    pain_log: SqlPainLog
    plans: SqlTrainingPlans

    def __enter__(self) -> Self:
        super().__enter__()
        self.activities = SqlActivities(self.session)
        self.pain_log = SqlPainLog(self.session)
        self.plans = SqlTrainingPlans(self.session)
        return self


class SqlLoadUnitOfWorkFactory(SqlUnitOfWorkFactory):
    def __call__(self) -> SqlLoadUnitOfWork:
        return SqlLoadUnitOfWork(self.session_factory)
