"""Composition root: Settings -> engine -> adapters -> services.

Shells (web, CLI, worker) call `build(settings)` once and use the services on the returned
container; tests pass their own clock, hasher or database URL.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import Engine

from kneecap.adapters.db.engine import make_engine, make_session_factory
from kneecap.adapters.db.migrate import upgrade
from kneecap.adapters.db.uow import SqlUnitOfWorkFactory
from kneecap.adapters.db.uow_clinical import SqlClinicalUnitOfWorkFactory
from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.adapters.security.clock import SystemClock
from kneecap.config import Settings
from kneecap.ports.security import Clock, PasswordHasher
from kneecap.services import clinical_demo
from kneecap.services.accounts import AccountPolicy, AccountService
from kneecap.services.assessments import AssessmentService
from kneecap.services.audit_log import AuditLogService
from kneecap.services.authz import Gate
from kneecap.services.clients import ClientService
from kneecap.services.diagnoses import DiagnosisService

log = logging.getLogger("kneecap")


@dataclass
class Container:
    settings: Settings
    engine: Engine
    uow_factory: SqlUnitOfWorkFactory
    clock: Clock
    gate: Gate
    accounts: AccountService
    clients: ClientService
    audit: AuditLogService
    assessments: AssessmentService
    diagnoses: DiagnosisService
    extras: dict[str, object] = field(default_factory=dict)

    def close(self) -> None:
        self.engine.dispose()


def build(
    settings: Settings,
    *,
    clock: Clock | None = None,
    hasher: PasswordHasher | None = None,
    migrate: bool = True,
) -> Container:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    uow_factory = SqlUnitOfWorkFactory(make_session_factory(engine))
    clock = clock or SystemClock()
    hasher = hasher or Argon2Hasher()
    gate = Gate(uow_factory, clock)
    clinical_uow = SqlClinicalUnitOfWorkFactory(uow_factory.session_factory)
    policy = AccountPolicy(
        session_hours=settings.session_hours,
        lockout_after=settings.lockout_after,
        lockout_minutes=settings.lockout_minutes,
        base_url=settings.base_url,
    )
    accounts = AccountService(uow_factory, gate, hasher, clock, policy)
    assessments = AssessmentService(clinical_uow, gate, clock)
    clinical_demo.register(accounts, assessments, clock)
    return Container(
        settings=settings,
        engine=engine,
        uow_factory=uow_factory,
        clock=clock,
        gate=gate,
        accounts=accounts,
        clients=ClientService(uow_factory, gate, clock),
        audit=AuditLogService(uow_factory, gate),
        assessments=assessments,
        diagnoses=DiagnosisService(clinical_uow, gate, clock),
    )
