"""The unit of work for running-form analyses: the base one plus the gait repository."""

from __future__ import annotations

from typing import Self

from kneecap.adapters.db.repositories.gait import SqlGait
from kneecap.adapters.db.uow.base import SqlUnitOfWork, SqlUnitOfWorkFactory


class SqlGaitUnitOfWork(SqlUnitOfWork):
    gait: SqlGait

    def __enter__(self) -> Self:
        super().__enter__()
        self.gait = SqlGait(self.session)
        return self


class SqlGaitUnitOfWorkFactory(SqlUnitOfWorkFactory):
    def __call__(self) -> SqlGaitUnitOfWork:
        return SqlGaitUnitOfWork(self.session_factory)
