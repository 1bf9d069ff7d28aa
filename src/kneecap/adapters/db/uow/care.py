"""The care area's unit of work: the base one plus the care repository."""

from __future__ import annotations

from typing import Self

from kneecap.adapters.db.repositories.care import SqlCare
from kneecap.adapters.db.uow.base import SqlUnitOfWork, SqlUnitOfWorkFactory


class SqlCareUnitOfWork(SqlUnitOfWork):
    care: SqlCare

    def __enter__(self) -> Self:
        super().__enter__()
        self.care = SqlCare(self.session)
        return self


class SqlCareUnitOfWorkFactory(SqlUnitOfWorkFactory):
    def __call__(self) -> SqlCareUnitOfWork:
        return SqlCareUnitOfWork(self.session_factory)
