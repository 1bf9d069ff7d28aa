"""The clinical area's unit of work: the base one plus the clinical repository."""

from __future__ import annotations

from typing import Self

from kneecap.adapters.db.repositories.clinical import SqlClinical
from kneecap.adapters.db.uow.base import SqlUnitOfWork, SqlUnitOfWorkFactory


class SqlClinicalUnitOfWork(SqlUnitOfWork):
    clinical: SqlClinical

    def __enter__(self) -> Self:
        super().__enter__()
        self.clinical = SqlClinical(self.session)
        return self


class SqlClinicalUnitOfWorkFactory(SqlUnitOfWorkFactory):
    def __call__(self) -> SqlClinicalUnitOfWork:
        return SqlClinicalUnitOfWork(self.session_factory)
