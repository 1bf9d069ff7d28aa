"""Composition root: Settings -> engine -> adapters -> services.

Shells (web, CLI, worker) call `build(settings)` once and use the services on the returned
container; tests pass their own clock, hasher or database URL.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import Engine

from kneecap.adapters.calendar.ics import IcsCalendarExporter
from kneecap.adapters.db.engine import make_engine, make_session_factory
from kneecap.adapters.db.migrate import upgrade
from kneecap.adapters.db.repositories.jobs import SqlJobStore
from kneecap.adapters.db.uow.base import SqlUnitOfWorkFactory
from kneecap.adapters.db.uow.care import SqlCareUnitOfWorkFactory
from kneecap.adapters.db.uow.clinical import SqlClinicalUnitOfWorkFactory
from kneecap.adapters.db.uow.gait import SqlGaitUnitOfWorkFactory
from kneecap.adapters.jobs.inprocess import InProcessQueue
from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.adapters.security.clock import SystemClock
from kneecap.adapters.storage.local import LocalBlobStore
from kneecap.adapters.video.analyzer import PipelineAnalyzer
from kneecap.adapters.video.mannequin import demo_clip
from kneecap.config import Settings
from kneecap.ports.calendar import CalendarExporter
from kneecap.ports.security import Clock, PasswordHasher
from kneecap.services.accounts import AccountPolicy, AccountService
from kneecap.services.assessments import AssessmentService
from kneecap.services.audit_log import AuditLogService
from kneecap.services.authz import Gate
from kneecap.services.care_demo import care_demo
from kneecap.services.care_services import CareServices, care_services
from kneecap.services.clients import ClientService
from kneecap.services.clinical_demo import ClinicalDemo
from kneecap.services.demo import DemoExtension
from kneecap.services.diagnoses import DiagnosisService
from kneecap.services.gait import GaitService
from kneecap.services.gait_demo import gait_demo
from kneecap.services.jobs import JobService
from kneecap.services.load_demo import LoadDemo
from kneecap.services.training import TrainingService

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
    calendar: CalendarExporter  # any area's dated events -> .ics (care plan, running planner)
    care: CareServices
    assessments: AssessmentService
    diagnoses: DiagnosisService
    training: TrainingService
    gait: GaitService
    # Each area's demo data, in order, for `kneecap demo`.
    demo_extensions: list[DemoExtension] = field(default_factory=list)

    def close(self) -> None:
        self.engine.dispose()


def build(
    settings: Settings,
    *,
    clock: Clock | None = None,
    hasher: PasswordHasher | None = None,
    migrate: bool = True,
    pooled: bool = True,
) -> Container:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url, pooled=pooled)
    if migrate:
        upgrade(engine)
    uow_factory = SqlUnitOfWorkFactory(make_session_factory(engine))
    clock = clock or SystemClock()
    hasher = hasher or Argon2Hasher()
    gate = Gate(uow_factory, clock)
    calendar = IcsCalendarExporter()
    clinical_uow = SqlClinicalUnitOfWorkFactory(uow_factory.session_factory)
    policy = AccountPolicy(
        session_hours=settings.session_hours,
        lockout_after=settings.lockout_after,
        lockout_minutes=settings.lockout_minutes,
        base_url=settings.base_url,
    )
    jobs = JobService(SqlJobStore(uow_factory.session_factory), uow_factory, gate, clock)
    if settings.broker_url:
        # Jobs go to Redis; `kneecap worker` processes on any machine run them.
        from kneecap.adapters.jobs.dramatiq_queue import DramatiqQueue

        jobs.queue = DramatiqQueue(
            settings.broker_url,
            jobs.run,
            jobs.recover,
            jobs.queued,
            namespace=settings.broker_namespace,
            threads=settings.worker_threads,
        )
    else:
        jobs.queue = InProcessQueue(jobs.run, jobs.recover, jobs.queued)
    blobs = LocalBlobStore(settings.uploads_dir)
    accounts = AccountService(uow_factory, gate, hasher, clock, policy)
    assessments = AssessmentService(clinical_uow, gate, clock)
    training = _training(uow_factory, gate, clock, jobs, calendar, blobs)
    gait_uow = SqlGaitUnitOfWorkFactory(uow_factory.session_factory)
    gait = GaitService(gait_uow, gate, clock, blobs, jobs, PipelineAnalyzer())
    container = Container(
        settings=settings,
        engine=engine,
        uow_factory=uow_factory,
        clock=clock,
        gate=gate,
        accounts=accounts,
        clients=ClientService(uow_factory, gate, clock),
        audit=AuditLogService(uow_factory, gate),
        jobs=jobs,
        calendar=calendar,
        care=care_services(
            SqlCareUnitOfWorkFactory(uow_factory.session_factory),
            gate,
            clock,
            calendar,
            settings.escalation_weeks,
        ),
        assessments=assessments,
        diagnoses=DiagnosisService(clinical_uow, gate, clock),
        training=training,
        gait=gait,
    )
    container.demo_extensions = [
        ClinicalDemo(accounts, assessments, clock),
        care_demo(container.care),
        LoadDemo(training),
        gait_demo(gait, jobs, demo_clip),
    ]
    return container


def _training(
    uow: SqlUnitOfWorkFactory,
    gate: Gate,
    clock: Clock,
    jobs: JobService,
    calendar: CalendarExporter,
    blobs: LocalBlobStore,
) -> TrainingService:
    """Training load: imports through the job queue, uploads kept on disk, plan calendar."""
    from kneecap.adapters.activities.read import FileActivityReader
    from kneecap.adapters.db.uow.load import SqlLoadUnitOfWorkFactory
    from kneecap.services.training_import import ActivityImports

    load_uow = SqlLoadUnitOfWorkFactory(uow.session_factory)
    imports = ActivityImports(load_uow, gate, clock, jobs, blobs, FileActivityReader())
    return TrainingService(load_uow, gate, clock, jobs, imports, calendar)
