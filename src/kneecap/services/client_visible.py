"""Every free-text field a client's pages, API answers and documents (hand-out PDF, calendar)
are built from, and the rule that keeps an LMT's words from reaching the client unreviewed.

An LMT may not give a client a diagnosis (CLINICAL.md, Scope of practice), so every piece of
clinical text a client can see carries its author, and what an LMT wrote reaches the client
once a chiropractor co-signed it. Each field below says how that holds for it (`Rule`). The
client-visible-text test walks every type the client outputs render and fails on a text field
that is not listed here, and it writes the issue's repro text into every field a clinician
writes, proving the rule on every output.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kneecap.domain.accounts.entities import Clinic, User, WebSession
from kneecap.domain.calendar.events import DatedEvent
from kneecap.domain.care.adherence import ExerciseAdherence, PainTrend
from kneecap.domain.care.evidence import Evidence
from kneecap.domain.care.handout import Handout, HandoutExercise
from kneecap.domain.care.modalities import ClientModalityView, ModalityPrescription, ModalityRule
from kneecap.domain.care.plan import Amendment, CarePlan, Goal, PlannedVisit
from kneecap.domain.care.prescriptions import ExercisePrescription, HomeProgramme, SessionLog
from kneecap.domain.clients.record import ClientDetails
from kneecap.domain.clinical.diagnosis import Diagnosis
from kneecap.domain.clinical.intake import Intake, PastEvent, SportVolume, TrainingChange
from kneecap.domain.clinical.records import IntakeRecord, StoredDiagnosis
from kneecap.domain.clinical.symptoms import KneeRegion, SymptomProfile
from kneecap.domain.gait.review import (
    Comment,
    ComparedMetric,
    FeedbackItem,
    GaitAnalysisRecord,
    GaitVideo,
)
from kneecap.domain.jobs import Job
from kneecap.domain.load.activity import Activity
from kneecap.domain.load.analysis import LoadAnalysis, LoadCoverage
from kneecap.domain.load.goal import Adaptation, PlanView, TrainingGoal
from kneecap.domain.load.guardrails import Alert
from kneecap.domain.load.planner import Session
from kneecap.domain.load.provenance import Issue, SportCall
from kneecap.domain.load.return_to_run import Stage
from kneecap.domain.load.rules import Rule as LoadRule
from kneecap.domain.load.shoes import ShoeMileage
from kneecap.domain.messages.thread import Attachment, Message
from kneecap.domain.outcomes.change import Change, ScoredOutcome
from kneecap.domain.outcomes.chart import OutcomeSeries
from kneecap.domain.outcomes.instruments import Item, Questionnaire
from kneecap.domain.outcomes.mcid import Mcid
from kneecap.domain.outcomes.responses import OutcomeResponse
from kneecap.domain.retraining.adherence import PainOnRun, RunAdherence, Trend
from kneecap.domain.retraining.agreement import CadenceAgreement
from kneecap.domain.retraining.block import BlockPlan, SessionPlan
from kneecap.domain.retraining.dose import Dose
from kneecap.domain.retraining.form import FormGoal
from kneecap.domain.retraining.in_plan import PlacedSession, PlanSessions
from kneecap.domain.retraining.summary import BlockSummary, Score
from kneecap.domain.schedule.appointments import Appointment, ClinicRules
from kneecap.domain.schedule.slots import Slot
from kneecap.ports.retraining import StoredBlock
from kneecap.services.appointments import AgendaItem
from kneecap.services.gait import AnalysisPage
from kneecap.services.home_programme import ProgrammeView
from kneecap.services.messages import Posted, Review, ThreadRow, ThreadView
from kneecap.services.outcomes import OutcomeSummary, SeriesSummary
from kneecap.services.portal import PortalHome, QuestionnaireDue, TodayExercises
from kneecap.services.retraining import BlockView, RetrainingPage, SessionRow
from kneecap.services.text_keys import (
    CLIENT_GOALS,
    CLIENT_SPORTS,
    GAIT_CUES,
    INTAKE_GOALS,
    MESSAGE,
    OUTCOME_ACTIVITIES,
    PROGRAMME_NOTES,
    TextKind,
)
from kneecap.services.training import PlanPage, TrainingReport
from kneecap.services.two_factor import Enrolment, TwoFactorStatus


class Rule(StrEnum):
    COSIGNED = "co-signed"  # versioned; an LMT's version reaches the client once co-signed
    SIGNED_PLAN = "signed plan"  # a care plan's content: the client sees signed plans as
    # co-signed (plan_review.client_plan), never a draft or an amendment that waits
    CHIROPRACTOR = "chiropractor"  # written only by a role that may diagnose, shown once released
    CLIENT = "client"  # the client's own words
    KNEECAP = "kneecap"  # Kneecap's own: exercise library, rules, labels, computed readings
    DEVICE = "device"  # from the runner's own files (watch exports, the uploaded video)
    FIXED = "fixed"  # an id, a code, a key or a choice from a fixed list, not free text
    IDENTITY = "identity"  # names and contact details, not clinical text
    STAFF = "staff"  # clinicians' text no client output renders (the services leave it out)
    SECRET = "secret"  # credentials: never rendered


@dataclass(frozen=True)
class Visible:
    rule: Rule
    kind: TextKind | None = None  # COSIGNED: where its versions live
    why: str = ""


FIXED = Visible(Rule.FIXED)
KNEECAP = Visible(Rule.KNEECAP)
DEVICE = Visible(Rule.DEVICE)
IDENTITY = Visible(Rule.IDENTITY)
PLAN = Visible(Rule.SIGNED_PLAN)
STAFF = Visible(Rule.STAFF)


def cosigned(kind: TextKind) -> Visible:
    return Visible(Rule.COSIGNED, kind)


FIELDS: dict[type, dict[str, Visible]] = {
    # The client record and the portal account.
    ClientDetails: {
        "name": IDENTITY,
        "email": IDENTITY,
        "phone": IDENTITY,
        "sports": cosigned(CLIENT_SPORTS),
        "goals": cosigned(CLIENT_GOALS),
    },
    User: {"email": IDENTITY, "name": IDENTITY, "password_hash": Visible(Rule.SECRET)},
    WebSession: {
        "token_hash": Visible(Rule.SECRET),
        "csrf_token": Visible(Rule.SECRET, why="only in the forms of its own session"),
        "address": IDENTITY,
    },
    Clinic: {"name": IDENTITY, "slug": FIXED, "address": IDENTITY},
    # Two-factor sign-in: the set-up page shows its own user the new secret, for the app.
    Enrolment: {
        "secret": Visible(Rule.SECRET, why="only on its own user's set-up page, once"),
        "uri": Visible(Rule.SECRET, why="the same secret, drawn as the set-up page's QR code"),
    },
    TwoFactorStatus: {},
    # Care plans: signed by the chiropractor; an LMT's amendment waits for co-signature.
    CarePlan: {"author_id": FIXED, "signed_by": FIXED},
    Amendment: {
        "by_id": FIXED,
        "reason": Visible(Rule.STAFF, why="client_plan leaves the amendment history out"),
        "cosigned_by": FIXED,
        "returned_by": FIXED,
        "comment": STAFF,
    },
    Goal: {"description": PLAN, "instrument": FIXED},
    PlannedVisit: {"purpose": PLAN},
    ModalityPrescription: {
        "area": Visible(Rule.FIXED, why="validate_modality accepts its rule's areas only"),
        "side": FIXED,
        "notes": PLAN,
    },
    ModalityRule: {"label": KNEECAP, "areas": FIXED, "dose_unit": KNEECAP, "purpose": KNEECAP},
    ClientModalityView: {
        "label": KNEECAP,
        "description": Visible(Rule.SIGNED_PLAN, why="describe() of the client's content"),
        "purpose": KNEECAP,
    },
    Evidence: {"summary": KNEECAP, "sources": KNEECAP, "cpg_grade": KNEECAP},
    # The home programme and the documents made from it.
    HomeProgramme: {"prescribed_by": FIXED},
    ExercisePrescription: {
        "exercise_id": FIXED,
        "load_note": cosigned(PROGRAMME_NOTES),
        "notes": cosigned(PROGRAMME_NOTES),
    },
    SessionLog: {"exercises_done": FIXED, "note": Visible(Rule.CLIENT)},
    ProgrammeView: {},
    ExerciseAdherence: {"exercise_id": FIXED},
    PainTrend: {"field": FIXED},
    Handout: {
        "clinic_name": IDENTITY,
        "client_name": IDENTITY,
        "goals": PLAN,
        "care_items": PLAN,
        "pain_guide": KNEECAP,
    },
    HandoutExercise: {
        "name": KNEECAP,
        "purpose": KNEECAP,
        "cues": KNEECAP,
        "dose": Visible(Rule.COSIGNED, PROGRAMME_NOTES, "describe() holds the load note"),
        "notes": cosigned(PROGRAMME_NOTES),
    },
    DatedEvent: {
        "key": FIXED,
        "title": KNEECAP,
        "description": Visible(
            Rule.SIGNED_PLAN, why="a visit's purpose from the client's plan, else exercise names"
        ),
        "category": FIXED,
    },
    # Intake: the client's answers; the goal is versioned, the history never shown back.
    IntakeRecord: {"recorded_by_role": FIXED},
    Intake: {"goals": cosigned(INTAKE_GOALS)},
    PastEvent: {"description": Visible(Rule.STAFF, why="the intake form does not show it back")},
    SportVolume: {"sport": FIXED},
    TrainingChange: {"detail": STAFF},
    SymptomProfile: {"regions": FIXED},
    KneeRegion: {"id": FIXED, "label": KNEECAP, "view": FIXED},
    StoredDiagnosis: {},
    Diagnosis: {
        "code": FIXED,
        "note": Visible(Rule.CHIROPRACTOR, why="visible_to_client: released, by a role that may"),
        "author_id": FIXED,
        "released_by": FIXED,
    },
    # Outcomes.
    OutcomeResponse: {
        "instrument": FIXED,
        "scores": FIXED,
        "answers": Visible(Rule.COSIGNED, OUTCOME_ACTIVITIES, "a PSFS's activity names"),
        "extra": KNEECAP,
    },
    OutcomeSummary: {},
    SeriesSummary: {"key": FIXED, "label": KNEECAP},
    OutcomeSeries: {"instrument": FIXED},
    Change: {"instrument": FIXED},
    ScoredOutcome: {"instrument": FIXED},
    Mcid: {"instrument": FIXED, "source": KNEECAP, "relative_source": KNEECAP},
    Questionnaire: {"id": FIXED, "name": KNEECAP, "source": KNEECAP, "variant": FIXED},
    Item: {"id": FIXED, "label": KNEECAP, "options": KNEECAP},
    # Running form: the chiropractor releases; an LMT's cues wait for co-signature.
    AnalysisPage: {},
    GaitAnalysisRecord: {"view": FIXED, "metrics": KNEECAP, "outputs": FIXED},
    FeedbackItem: {"rule": FIXED, "text": cosigned(GAIT_CUES)},
    Comment: {
        "text": Visible(Rule.STAFF, why="GaitService.page gives the client no comments"),
        "author_name": IDENTITY,
    },
    GaitVideo: {"blob_key": FIXED, "filename": DEVICE},
    ComparedMetric: {
        "label": KNEECAP,
        "before_why": KNEECAP,
        "after_why": KNEECAP,
        "group": FIXED,
    },
    Job: {"kind": FIXED, "message": KNEECAP, "payload": FIXED, "result": KNEECAP, "error": KNEECAP},
    # Gait retraining: numbers from a released cue and the runner's own watch files; the
    # video-vs-watch check is staff-only (RetrainingService leaves it out for clients).
    RetrainingPage: {},
    BlockView: {},
    StoredBlock: {"cue_rule": FIXED, "plan": KNEECAP},
    BlockPlan: {"notes": KNEECAP},
    PlanSessions: {},  # sessions placed in the plan's runs: both registered on their own
    PlacedSession: {},
    FormGoal: {
        "rule": FIXED,
        "metric": FIXED,
        "label": KNEECAP,
        "unit": FIXED,
        "source": KNEECAP,
        "watch_checks": KNEECAP,
        "video_checks": KNEECAP,
        "caution": KNEECAP,
    },
    SessionPlan: {},
    Dose: {},
    SessionRow: {},
    RunAdherence: {},
    PainOnRun: {},
    Trend: {},
    BlockSummary: {},
    Score: {},
    CadenceAgreement: {},
    # Training load: computed from the runner's own files; no clinician writes text there.
    TrainingReport: {"load_note": KNEECAP},
    PlanPage: {"start_note": KNEECAP},
    Activity: {"gear": DEVICE, "name": DEVICE, "source": DEVICE, "sub_sport": DEVICE},
    LoadAnalysis: {"method_note": KNEECAP},
    LoadCoverage: {"without_load": KNEECAP},
    Adaptation: {"message": KNEECAP},
    PlanView: {"notes": KNEECAP},
    TrainingGoal: {"base_reason": KNEECAP},
    Alert: {
        "rule_id": FIXED,
        "message": KNEECAP,
        "why": KNEECAP,
        "source": KNEECAP,
        "evidence": KNEECAP,
    },
    Session: {"notes": KNEECAP},
    Stage: {},
    Issue: {"message": KNEECAP},
    SportCall: {"reason": KNEECAP},
    LoadRule: {"id": FIXED, "title": KNEECAP, "source": KNEECAP, "evidence": KNEECAP},
    ShoeMileage: {"gear": DEVICE},
    # Messages: conversation with the care team. An LMT's message the scope screen flags is
    # held (the client gets nothing of it) until the chiropractor co-signs it.
    ThreadView: {},
    Message: {
        "author_name": IDENTITY,
        "text": Visible(Rule.COSIGNED, MESSAGE, "held by hold_message while flagged"),
    },
    Attachment: {"name": DEVICE, "content_type": FIXED, "blob_key": FIXED},
    Review: {
        "comment": Visible(Rule.STAFF, why="MessageService.thread gives clients no reviews"),
        "reasons": Visible(Rule.STAFF, why="the scope screen's, shown to the care team"),
    },
    Posted: {"reason": KNEECAP},
    ThreadRow: {},
    # The client's home: read through the services above, nothing of its own.
    PortalHome: {},
    QuestionnaireDue: {},
    TodayExercises: {
        "exercises": Visible(Rule.KNEECAP, why="library names beside the co-signed prescription")
    },
    # The clinic's day: times, types and names; no clinical text.
    Appointment: {
        "video_link": Visible(Rule.FIXED, why="an https address (kinds.check_video_link)")
    },
    AgendaItem: {"client_name": IDENTITY, "practitioner_name": IDENTITY},
    Slot: {},
    ClinicRules: {"time_zone": FIXED},
}


def clinician_written() -> list[tuple[type, str, Visible]]:
    """The fields a clinician writes free text into (what the test writes the repro text in)."""
    rules = (Rule.COSIGNED, Rule.SIGNED_PLAN, Rule.STAFF, Rule.CHIROPRACTOR)
    return [(cls, name, v) for cls, fields in FIELDS.items() for name, v in fields.items()
            if v.rule in rules]  # fmt: skip
