"""The container: every service, wired once from Settings and the adapters, never changed."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from kneecap.adapters.activities.cadence import FileCadenceReader
from kneecap.adapters.activities.read import FileActivityReader
from kneecap.adapters.calendar.ics import IcsCalendarExporter
from kneecap.adapters.calendar.invite import IcsInviteMaker
from kneecap.adapters.db.engine import make_engine, make_session_factory
from kneecap.adapters.db.migrate import upgrade
from kneecap.adapters.db.repositories.blob_owners import SqlBlobOwners
from kneecap.adapters.db.repositories.jobs import SqlJobStore
from kneecap.adapters.db.uow import SqlUnitOfWorkFactory
from kneecap.adapters.documents.handout_pdf import FpdfHandoutRenderer
from kneecap.adapters.documents.referral_pdf import FpdfReferralRenderer
from kneecap.adapters.jobs.inprocess import InProcessQueue
from kneecap.adapters.mail.smtp import SmtpSender
from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.adapters.security.clock import SystemClock
from kneecap.adapters.security.totp import PyOtpPasswords
from kneecap.adapters.storage.scratch import TempScratch
from kneecap.adapters.video.analyzer import PipelineAnalyzer
from kneecap.bootstrap.blobs import blob_store
from kneecap.config import Settings
from kneecap.domain.care.escalation import EscalationPolicy
from kneecap.ports.calendar import CalendarExporter
from kneecap.ports.documents import HandoutRenderer, ReferralRenderer
from kneecap.ports.gait import GaitAnalyzer
from kneecap.ports.jobs import JobQueue
from kneecap.ports.mail import MailSender
from kneecap.ports.security import Clock, PasswordHasher
from kneecap.services.accounts import AccountPolicy, AccountService
from kneecap.services.alerts import AlertKeeper
from kneecap.services.appointments import AppointmentService
from kneecap.services.assessments import AssessmentService
from kneecap.services.audit_log import AuditLogService
from kneecap.services.authz import Gate
from kneecap.services.blob_sweep import SWEEP_EVERY_S, BlobSweep
from kneecap.services.care import CarePlanService
from kneecap.services.clients import ClientService
from kneecap.services.cosignature import CoSignatureService
from kneecap.services.diagnoses import DiagnosisService
from kneecap.services.escalation import EscalationService
from kneecap.services.gait import GaitService
from kneecap.services.gait_job import JOB_KIND as GAIT_JOB
from kneecap.services.gait_job import GaitAnalysisJob
from kneecap.services.home_programme import HomeProgrammeService
from kneecap.services.jobs import Handler, JobRunner, JobService, ScheduledTask
from kneecap.services.messages import MessageService
from kneecap.services.notify import (
    QUESTIONNAIRE_EVERY_S,
    SEND_JOB,
    MailSendJob,
    NotifyService,
)
from kneecap.services.outcomes import OutcomeService
from kneecap.services.portal import PortalService
from kneecap.services.record_export import ExportSources, RecordExportService
from kneecap.services.retraining import RetrainingService
from kneecap.services.training import TrainingService
from kneecap.services.training_import import IMPORT_JOB, ActivityImportJob, ActivityImports
from kneecap.services.two_factor import TwoFactorService


@dataclass(frozen=True)
class CareServices:
    """The care area's services (the escalation threshold comes from
    Settings.escalation_weeks)."""

    plans: CarePlanService
    programme: HomeProgrammeService
    outcomes: OutcomeService
    escalation: EscalationService


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
    cosign: CoSignatureService  # the chiropractor's queue of client-visible text to co-sign
    messages: MessageService  # client threads with the care team
    portal: PortalService  # the client's home: what is due, in order
    assessments: AssessmentService
    diagnoses: DiagnosisService
    training: TrainingService
    gait: GaitService
    retraining: RetrainingService  # gait-retraining blocks checked against the watch
    records: RecordExportService  # the client's own record as FHIR R4 and their files
    two_factor: TwoFactorService
    handouts: HandoutRenderer  # hand-out and referral letter as PDF / printable HTML
    referrals: ReferralRenderer
    appointments: AppointmentService  # the clinic's day: hours, slots, bookings
    notify: NotifyService  # e-mail: the outbox, send jobs, reminders
    blob_sweep: BlobSweep  # removes stored files no record refers to (orphans)

    def close(self) -> None:
        self.engine.dispose()


def build(
    settings: Settings,
    *,
    clock: Clock | None = None,
    hasher: PasswordHasher | None = None,
    analyzer: GaitAnalyzer | None = None,
    job_handlers: Mapping[str, Handler] | None = None,
    mail_sender: MailSender | None = None,
    queue_jobs: bool = True,
    migrate: bool = True,
    pooled: bool = True,
    schedule: Sequence[ScheduledTask] = (),
) -> Container:
    """Every service of the app. `analyzer` stands in for the video pipeline and
    `job_handlers` add job kinds (tests); with `queue_jobs=False` a submitted job waits for
    its submitter to run it (`jobs.run`), as a command that imports in its own process does.
    `schedule` is work every process that runs jobs offers, run once per tick across them."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url, pooled=pooled)
    if migrate:
        upgrade(engine)
    sessions = make_session_factory(engine)
    uow = SqlUnitOfWorkFactory(sessions)  # every area's unit-of-work port
    clock = clock or SystemClock()
    gate = Gate(clock)
    calendar = IcsCalendarExporter()
    # Every area keeps its uploads (watch files, videos, analysis outputs) in one store.
    blobs = blob_store(settings)
    sweep = BlobSweep(blobs, SqlBlobOwners(sessions), clock)
    analyzer = analyzer or PipelineAnalyzer(settings.gait_processes)
    sender = mail_sender or (SmtpSender(settings.smtp_url) if settings.smtp_url else None)
    notify = NotifyService(
        uow,
        gate,
        clock,
        IcsInviteMaker(),
        sender,
        base_url=settings.base_url or "http://127.0.0.1:8000",
        from_address=settings.mail_from,
    )
    store = SqlJobStore(sessions)
    runner = JobRunner(
        store,
        clock,
        {
            GAIT_JOB: GaitAnalysisJob(uow, blobs, analyzer, TempScratch()),
            IMPORT_JOB: ActivityImportJob(uow, clock, blobs, FileActivityReader()),
            SEND_JOB: MailSendJob(notify),
            **(job_handlers or {}),
        },
        owner=f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}",
        lease_s=settings.job_lease_s,
        # Reminders: swept once per tick across the processes that run jobs, never by a page.
        schedule=(
            *schedule,
            ScheduledTask("mail.sweep", settings.sweep_seconds, notify.tick),
            ScheduledTask("questionnaire.sweep", QUESTIONNAIRE_EVERY_S, notify.questionnaires_tick),
            ScheduledTask("blobs.sweep", SWEEP_EVERY_S, sweep.tick),
        ),
    )
    jobs = JobService(
        store, uow, gate, clock, runner, _queue(settings, runner) if queue_jobs else None
    )
    notify.submit_with(
        lambda kind, payload, clinic_id: jobs.submit(
            kind, payload, clinic_id=clinic_id, created_by=None
        )
    )
    appointments = AppointmentService(uow, gate, clock, on_change=notify.appointment_changed)
    policy = AccountPolicy(
        session_hours=settings.session_hours,
        lockout_after=settings.lockout_after,
        lockout_minutes=settings.lockout_minutes,
        base_url=settings.base_url,
    )
    alerts = AlertKeeper(EscalationPolicy(weeks_without_improvement=settings.escalation_weeks))
    care = CareServices(
        plans=CarePlanService(uow, gate, clock, alerts),
        programme=HomeProgrammeService(uow, gate, clock, calendar),
        outcomes=OutcomeService(uow, gate, clock, alerts),
        escalation=EscalationService(uow, gate, clock, alerts),
    )
    diagnoses = DiagnosisService(uow, gate, clock)
    assessments = AssessmentService(uow, gate, clock)
    training = TrainingService(
        uow, gate, clock, jobs, ActivityImports(uow, gate, jobs, blobs), calendar
    )
    gait = GaitService(uow, gate, clock, blobs, jobs, analyzer, on_released=notify.form_ready)
    messages = MessageService(
        uow, gate, clock, blobs, training.imports, on_sent=notify.message_sent
    )
    sources = ExportSources(diagnoses, care.outcomes, care.plans, training, gait, messages)
    accounts = AccountService(uow, gate, hasher or Argon2Hasher(), clock, policy)
    accounts.mail_invitations_with(
        lambda link: notify.invitation(
            link.user.clinic_id, link.user.email, link.url, f"invitation:{link.token[:12]}"
        )
    )
    return Container(
        settings=settings,
        engine=engine,
        uow_factory=uow,
        clock=clock,
        gate=gate,
        accounts=accounts,
        clients=ClientService(uow, gate, clock),
        audit=AuditLogService(uow, gate),
        jobs=jobs,
        calendar=calendar,
        care=care,
        cosign=CoSignatureService(
            uow, gate, clock, {"message": messages.release_held, "gait.cues": gait.cues_cosigned}
        ),
        messages=messages,
        portal=PortalService(
            assessments, care.outcomes, care.programme, gait, messages, clock, appointments
        ),
        assessments=assessments,
        diagnoses=diagnoses,
        training=training,
        gait=gait,
        retraining=RetrainingService(uow, gate, clock, jobs, blobs, FileCadenceReader(), calendar),
        records=RecordExportService(uow, gate, clock, blobs, sources),
        two_factor=TwoFactorService(uow, gate, clock, PyOtpPasswords(), policy),
        handouts=FpdfHandoutRenderer(),
        referrals=FpdfReferralRenderer(),
        appointments=appointments,
        notify=notify,
        blob_sweep=sweep,
    )


def _queue(settings: Settings, runner: JobRunner) -> JobQueue:
    if settings.broker_url:
        # Jobs go to Redis; `kneecap worker` processes on any machine run them.
        from kneecap.adapters.jobs.dramatiq_queue import DramatiqQueue

        return DramatiqQueue(
            settings.broker_url,
            runner.run,
            runner.maintain,
            runner.queued,
            namespace=settings.broker_namespace,
            threads=settings.worker_threads,
            every_s=runner.lease_s / 3,
        )
    return InProcessQueue(runner.run, runner.maintain, runner.queued, every_s=runner.lease_s / 3)
