"""Every service wired on the fakes, as kneecap.bootstrap.build wires them on the adapters.

The attribute names are the container's, so test data made through services
(tests.factories) works on either. Passing each fake where its port is expected is also what
makes mypy check that the fakes satisfy the ports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kneecap.bootstrap import CareServices
from kneecap.config import Settings
from kneecap.domain.access.audit import AuditEntry
from kneecap.domain.care.escalation import EscalationPolicy
from kneecap.services.accounts import AccountPolicy, AccountService
from kneecap.services.alerts import AlertKeeper
from kneecap.services.appointments import AppointmentService
from kneecap.services.assessments import AssessmentService
from kneecap.services.audit_log import AuditLogService
from kneecap.services.authz import Gate
from kneecap.services.care import CarePlanService
from kneecap.services.clients import ClientService
from kneecap.services.cosignature import CoSignatureService
from kneecap.services.diagnoses import DiagnosisService
from kneecap.services.escalation import EscalationService
from kneecap.services.gait import GaitService
from kneecap.services.gait_job import JOB_KIND as GAIT_JOB
from kneecap.services.gait_job import GaitAnalysisJob
from kneecap.services.home_programme import HomeProgrammeService
from kneecap.services.jobs import Handler, JobRunner, JobService
from kneecap.services.messages import MessageService
from kneecap.services.notify import SEND_JOB, MailSendJob, NotifyService
from kneecap.services.outcomes import OutcomeService
from kneecap.services.portal import PortalService
from kneecap.services.record_export import ExportSources, RecordExportService
from kneecap.services.retraining import RetrainingService
from kneecap.services.training import TrainingService
from kneecap.services.training_import import IMPORT_JOB, ActivityImportJob, ActivityImports
from kneecap.services.two_factor import TwoFactorService
from tests.fakes.activities import FakeActivityReader
from tests.fakes.calendar import FakeCalendar
from tests.fakes.clock import FixedClock
from tests.fakes.gait import FakeGaitAnalyzer
from tests.fakes.jobs import FakeJobQueue, FakeJobStore
from tests.fakes.mail import FakeInvites, FakeSender
from tests.fakes.retraining import FakeCadenceReader
from tests.fakes.security import FakeHasher, FakeOneTimePasswords
from tests.fakes.storage import FakeBlobStore, FakeScratch
from tests.fakes.uow import FakeUnitOfWorkFactory

# The settings' defaults, as a clinic that changed nothing runs.
DEFAULTS = Settings(base_url="http://testserver")
POLICY = AccountPolicy(
    session_hours=DEFAULTS.session_hours,
    lockout_after=DEFAULTS.lockout_after,
    lockout_minutes=DEFAULTS.lockout_minutes,
    base_url=DEFAULTS.base_url,
)
ESCALATION = EscalationPolicy(weeks_without_improvement=DEFAULTS.escalation_weeks)


@dataclass
class FakeHouse:
    clock: FixedClock
    uow_factory: FakeUnitOfWorkFactory
    hasher: FakeHasher
    otp: FakeOneTimePasswords
    blobs: FakeBlobStore
    scratch: FakeScratch
    job_store: FakeJobStore
    queue: FakeJobQueue
    analyzer: FakeGaitAnalyzer
    reader: FakeActivityReader
    cadence: FakeCadenceReader  # per-record cadence of the same uploads
    calendar: FakeCalendar
    gate: Gate
    accounts: AccountService
    clients: ClientService
    audit: AuditLogService
    jobs: JobService
    care: CareServices
    assessments: AssessmentService
    diagnoses: DiagnosisService
    training: TrainingService
    gait: GaitService
    retraining: RetrainingService
    cosign: CoSignatureService
    messages: MessageService
    portal: PortalService
    records: RecordExportService
    two_factor: TwoFactorService
    appointments: AppointmentService
    notify: NotifyService
    mail: FakeSender

    def audit_trail(self, clinic_id: int | None = None) -> list[AuditEntry]:
        """Committed audit entries, oldest first (of one clinic's log if given)."""
        rows = self.uow_factory.rows.audit.rows()
        return [e for e in rows if clinic_id is None or e.clinic_id == clinic_id]


def fake_house(scratch_root: Path, extra_jobs: dict[str, Handler] | None = None) -> FakeHouse:
    """Services on fresh fakes; scratch folders (the video job's) go under `scratch_root`."""
    clock, uow, hasher = FixedClock(), FakeUnitOfWorkFactory(), FakeHasher()
    blobs, scratch, store = FakeBlobStore(), FakeScratch(scratch_root), FakeJobStore(uow.rows.lock)
    analyzer, reader, calendar = FakeGaitAnalyzer(), FakeActivityReader(), FakeCalendar()
    gate = Gate(clock)
    mail = FakeSender()
    notify = NotifyService(
        uow, gate, clock, FakeInvites(), mail, base_url="http://testserver", from_address="k@t"
    )
    handlers: dict[str, Handler] = {
        SEND_JOB: MailSendJob(notify),
        GAIT_JOB: GaitAnalysisJob(uow, blobs, analyzer, scratch),
        IMPORT_JOB: ActivityImportJob(uow, clock, blobs, reader),
        **(extra_jobs or {}),
    }
    runner = JobRunner(store, clock, handlers)
    queue = FakeJobQueue(runner.run)
    jobs = JobService(store, uow, gate, clock, runner, queue)
    notify.submit_with(
        lambda kind, payload, clinic: jobs.submit(kind, payload, clinic_id=clinic, created_by=None)
    )
    alerts = AlertKeeper(ESCALATION)
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
    otp = FakeOneTimePasswords()
    appointments = AppointmentService(uow, gate, clock, on_change=notify.appointment_changed)
    cadence = FakeCadenceReader()
    messages = MessageService(
        uow, gate, clock, blobs, training.imports, on_sent=notify.message_sent
    )
    sources = ExportSources(diagnoses, care.outcomes, care.plans, training, gait, messages)
    return FakeHouse(
        clock=clock,
        uow_factory=uow,
        hasher=hasher,
        otp=otp,
        blobs=blobs,
        scratch=scratch,
        job_store=store,
        queue=queue,
        analyzer=analyzer,
        reader=reader,
        cadence=cadence,
        calendar=calendar,
        gate=gate,
        accounts=AccountService(uow, gate, hasher, clock, POLICY),
        clients=ClientService(uow, gate, clock),
        audit=AuditLogService(uow, gate),
        jobs=jobs,
        care=care,
        assessments=assessments,
        diagnoses=diagnoses,
        training=training,
        gait=gait,
        retraining=RetrainingService(uow, gate, clock, jobs, blobs, cadence, calendar),
        cosign=CoSignatureService(
            uow, gate, clock, {"message": messages.release_held, "gait.cues": gait.cues_cosigned}
        ),
        messages=messages,
        portal=PortalService(
            assessments, care.outcomes, care.programme, gait, messages, clock, appointments
        ),
        records=RecordExportService(uow, gate, clock, blobs, sources),
        two_factor=TwoFactorService(uow, gate, clock, otp, POLICY),
        appointments=appointments,
        notify=notify,
        mail=mail,
    )
