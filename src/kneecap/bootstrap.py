"""Composition root: Settings -> engine -> adapters -> services.

Shells (web, CLI, worker) call `build(settings)` once and use the services on the returned
container; tests pass their own clock, hasher or database URL.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import Engine

from kneecap.adapters.db.engine import make_engine, make_session_factory
from kneecap.adapters.db.gait_uow import SqlGaitUnitOfWorkFactory
from kneecap.adapters.db.migrate import upgrade
from kneecap.adapters.db.repositories.jobs import SqlJobStore
from kneecap.adapters.db.uow import SqlUnitOfWorkFactory
from kneecap.adapters.jobs.inprocess import InProcessQueue
from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.adapters.security.clock import SystemClock
from kneecap.adapters.storage.local import LocalBlobStore
from kneecap.adapters.video.analyzer import PipelineAnalyzer
from kneecap.adapters.video.mannequin import demo_clip
from kneecap.config import Settings
from kneecap.ports.security import Clock, PasswordHasher
from kneecap.services import gait_demo
from kneecap.services.accounts import AccountPolicy, AccountService
from kneecap.services.audit_log import AuditLogService
from kneecap.services.authz import Gate
from kneecap.services.clients import ClientService
from kneecap.services.gait import GaitService
from kneecap.services.jobs import JobService

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
    jobs: JobService
    gait: GaitService
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
    policy = AccountPolicy(
        session_hours=settings.session_hours,
        lockout_after=settings.lockout_after,
        lockout_minutes=settings.lockout_minutes,
        base_url=settings.base_url,
    )
    jobs = JobService(SqlJobStore(uow_factory.session_factory), uow_factory, gate, clock)
    if settings.broker_url:
        from kneecap.adapters.jobs.dramatiq_queue import DramatiqQueue

        extra = settings.extra
        jobs.queue = DramatiqQueue(
            settings.broker_url,
            jobs.run,
            jobs.recover,
            jobs.queued,
            namespace=extra.get("KNEECAP_BROKER_NAMESPACE", "kneecap"),
            threads=int(extra.get("KNEECAP_WORKER_THREADS", "1")),
        )
    else:
        jobs.queue = InProcessQueue(jobs.run, jobs.recover, jobs.queued)
    gait_uow = SqlGaitUnitOfWorkFactory(uow_factory.session_factory)
    blobs = LocalBlobStore(settings.uploads_dir)
    gait = GaitService(gait_uow, gate, clock, blobs, jobs, PipelineAnalyzer())
    gait_demo.install(gait, jobs, demo_clip)
    return Container(
        settings=settings,
        engine=engine,
        uow_factory=uow_factory,
        clock=clock,
        gate=gate,
        accounts=AccountService(uow_factory, gate, hasher, clock, policy),
        clients=ClientService(uow_factory, gate, clock),
        audit=AuditLogService(uow_factory, gate),
        jobs=jobs,
        gait=gait,
    )
