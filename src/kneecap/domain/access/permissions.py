"""Named permissions (actions) and which role may take each, in which scope.

This table is the one place that says who may do what; `policy.decide` reads it. A role not
listed for an action is denied (deny by default).

Scopes:
- CLINIC: the resource belongs to the actor's clinic.
- OWN_RECORD: the resource belongs to the client record that is the actor's own.
- SELF: the resource belongs to the acting user (their tokens, their password).
"""

from __future__ import annotations

from enum import StrEnum

from kneecap.domain.access.roles import Role


class Scope(StrEnum):
    CLINIC = "clinic"
    OWN_RECORD = "own_record"
    SELF = "self"


class Action(StrEnum):
    CLIENT_LIST = "client.list"
    CLIENT_READ = "client.read"
    CLIENT_CREATE = "client.create"
    CLIENT_UPDATE = "client.update"
    CLIENT_INVITE = "client.invite"
    STAFF_LIST = "staff.list"
    STAFF_INVITE = "staff.invite"
    CLINIC_SECURITY = "clinic.security"  # e.g. require two-factor sign-in for all staff
    CLINIC_SETTINGS = "clinic.settings"  # the address letters print, time zone, notice periods
    AUDIT_READ = "audit.read"
    TOKEN_MANAGE = "token.manage"
    # Scope of practice: only a chiropractor may give a diagnosis. US massage acts commonly
    # exclude diagnosis from massage therapy (e.g. New Mexico 61-12C-3), see CLINICAL.md.
    DIAGNOSIS_RECORD = "diagnosis.record"
    DIAGNOSIS_RELEASE = "diagnosis.release"
    DIAGNOSIS_READ = "diagnosis.read"
    JOB_READ = "job.read"
    # Care plans, visit notes, home programme, outcomes (issue 4). Which *modality* a role may
    # prescribe is a content rule kept in domain/care/scope.py, checked after this gate.
    CARE_PLAN_VIEW = "care_plan.view"
    CARE_PLAN_DRAFT = "care_plan.draft"
    CARE_PLAN_SIGN = "care_plan.sign"
    CARE_PLAN_AMEND = "care_plan.amend"
    CARE_PLAN_COSIGN_AMENDMENT = "care_plan.cosign_amendment"
    VISIT_NOTE_READ = "visit_note.read"
    VISIT_NOTE_WRITE = "visit_note.write"
    VISIT_NOTE_SIGN = "visit_note.sign"
    VISIT_NOTE_ADDENDUM = "visit_note.addendum"
    HOME_PROGRAMME_PRESCRIBE = "home_programme.prescribe"
    HOME_PROGRAMME_VIEW = "home_programme.view"
    SESSION_LOG_WRITE = "session_log.write"
    OUTCOME_RECORD = "outcome.record"
    OUTCOME_VIEW = "outcome.view"
    ESCALATION_RECEIVE = "escalation.receive"
    ESCALATION_DECIDE = "escalation.decide"
    RED_FLAG_REPORT = "red_flag.report"
    HANDOUT_EXPORT = "handout.export"
    CALENDAR_EXPORT = "calendar.export"
    # Assessment (clinical area). Assessment is within massage practice; diagnosis is not.
    INTAKE_RECORD = "intake.record"  # intake, history and symptom questionnaires
    INTAKE_READ = "intake.read"
    ASSESSMENT_READ = "assessment.read"  # findings, notes, decision support
    FINDINGS_RECORD = "findings.record"  # start an assessment, record test results
    NOTE_SIGN = "note.sign"  # sign one's own note (authorship is checked by the domain), amend
    FINDINGS_HANDOFF = "findings.handoff"  # pass findings to the chiropractor with a message
    HANDOFF_INBOX = "handoff.inbox"  # read and close handoffs addressed to the chiropractor
    REFERRAL_DECIDE = "referral.decide"  # answer decision-support suggestions, write referrals
    # Training load (issue 5): the runner's own watch files, pain log and progression plan.
    TRAINING_READ = "training.read"
    TRAINING_IMPORT = "training.import"
    PAIN_LOG = "training.pain_log"
    PLAN_MANAGE = "training.plan_manage"
    TRAINING_CONFIRM = "training.confirm"  # settle an activity's uncertain sport or date
    TRAINING_PROFILE = "training.profile"  # measured HRmax, resting HR and sex for the load
    TRAINING_CLINIC_ALERTS = "training.clinic_alerts"
    # Running-form videos: upload, read (clients: released only, filtered in the service),
    # review (comments, edited cues, re-run) and release to the client.
    GAIT_UPLOAD = "gait.upload"
    GAIT_READ = "gait.read"
    GAIT_REVIEW = "gait.review"
    GAIT_RELEASE = "gait.release"
    # Client-visible clinical text an LMT wrote reaches the client once a chiropractor
    # co-signed it (CLINICAL.md, Scope of practice): the queue, and approving or returning.
    COSIGN_REVIEW = "cosign.review"
    COSIGN_STATUS = "cosign.status"  # what of a client's text waits, and why (not for clients)
    # Gait retraining: blocks of cued runs started from a released cue, checked on the watch.
    RETRAINING_READ = "retraining.read"
    RETRAINING_START = "retraining.start"
    RETRAINING_END = "retraining.end"
    # Secure messages: a client's thread with their care team (the admin runs accounts, not
    # care, and reads no threads); the clinic's list of threads that wait for an answer.
    MESSAGE_READ = "message.read"
    MESSAGE_WRITE = "message.write"
    MESSAGE_THREADS = "message.threads"
    # The clinic's day (issue 13): the front desk (admin) books too; a client books, moves and
    # cancels their own visits within the clinic's notice period (checked in the service).
    APPOINTMENT_READ = "appointment.read"
    APPOINTMENT_BOOK = "appointment.book"  # book, move, cancel
    SCHEDULE_MANAGE = "schedule.manage"  # practitioners' working hours
    MAIL_OUTBOX = "mail.outbox"  # what was or would be e-mailed (addresses, never health data)


_PRACTITIONERS = {Role.LMT: Scope.CLINIC, Role.CHIROPRACTOR: Scope.CLINIC}
_STAFF = {**_PRACTITIONERS, Role.ADMIN: Scope.CLINIC}
_CHIRO = {Role.CHIROPRACTOR: Scope.CLINIC}
_PRACTITIONERS_AND_OWN = {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD}

RULES: dict[Action, dict[Role, Scope]] = {
    Action.CLIENT_LIST: {**_STAFF, Role.CLIENT: Scope.OWN_RECORD},
    Action.CLIENT_READ: {**_STAFF, Role.CLIENT: Scope.OWN_RECORD},
    Action.CLIENT_CREATE: dict(_PRACTITIONERS),
    Action.CLIENT_UPDATE: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    Action.CLIENT_INVITE: dict(_PRACTITIONERS),
    Action.STAFF_LIST: dict(_STAFF),
    Action.STAFF_INVITE: {Role.ADMIN: Scope.CLINIC},
    Action.CLINIC_SECURITY: {Role.ADMIN: Scope.CLINIC},
    Action.CLINIC_SETTINGS: {Role.ADMIN: Scope.CLINIC},
    Action.AUDIT_READ: {Role.ADMIN: Scope.CLINIC},
    Action.TOKEN_MANAGE: {role: Scope.SELF for role in Role},
    Action.DIAGNOSIS_RECORD: {Role.CHIROPRACTOR: Scope.CLINIC},
    Action.DIAGNOSIS_RELEASE: {Role.CHIROPRACTOR: Scope.CLINIC},
    # Clients see only what was released to them; the service filters.
    Action.DIAGNOSIS_READ: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    # Progress of imports and analyses: whoever may see the client's record.
    Action.JOB_READ: {**_STAFF, Role.CLIENT: Scope.OWN_RECORD},
    # Care: the admin keeps accounts and settings and sees no clinical records. Only the
    # chiropractor signs a plan and decides on escalation (shared/CLINICAL.md).
    Action.CARE_PLAN_VIEW: dict(_PRACTITIONERS_AND_OWN),
    Action.CARE_PLAN_DRAFT: dict(_PRACTITIONERS),
    Action.CARE_PLAN_SIGN: dict(_CHIRO),
    Action.CARE_PLAN_AMEND: dict(_PRACTITIONERS),
    Action.CARE_PLAN_COSIGN_AMENDMENT: dict(_CHIRO),
    Action.VISIT_NOTE_READ: dict(_PRACTITIONERS),
    Action.VISIT_NOTE_WRITE: dict(_PRACTITIONERS),
    Action.VISIT_NOTE_SIGN: dict(_PRACTITIONERS),
    Action.VISIT_NOTE_ADDENDUM: dict(_PRACTITIONERS),
    Action.HOME_PROGRAMME_PRESCRIBE: dict(_PRACTITIONERS),
    Action.HOME_PROGRAMME_VIEW: dict(_PRACTITIONERS_AND_OWN),
    Action.SESSION_LOG_WRITE: {Role.CLIENT: Scope.OWN_RECORD},
    Action.OUTCOME_RECORD: dict(_PRACTITIONERS_AND_OWN),
    Action.OUTCOME_VIEW: dict(_PRACTITIONERS_AND_OWN),
    Action.ESCALATION_RECEIVE: dict(_CHIRO),
    Action.ESCALATION_DECIDE: dict(_CHIRO),
    Action.RED_FLAG_REPORT: dict(_PRACTITIONERS),
    Action.HANDOUT_EXPORT: dict(_PRACTITIONERS_AND_OWN),
    Action.CALENDAR_EXPORT: dict(_PRACTITIONERS_AND_OWN),
    # A client fills their own intake in the portal; they never read findings or notes.
    Action.INTAKE_RECORD: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    Action.INTAKE_READ: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    Action.ASSESSMENT_READ: dict(_PRACTITIONERS),
    Action.FINDINGS_RECORD: dict(_PRACTITIONERS),
    Action.NOTE_SIGN: dict(_PRACTITIONERS),
    Action.FINDINGS_HANDOFF: {Role.LMT: Scope.CLINIC},
    Action.HANDOFF_INBOX: {Role.CHIROPRACTOR: Scope.CLINIC},
    Action.REFERRAL_DECIDE: {Role.CHIROPRACTOR: Scope.CLINIC},
    # Training data is health data: the runner's own record and the clinic's practitioners;
    # the admin runs accounts and the audit log, not care.
    Action.TRAINING_READ: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    Action.TRAINING_IMPORT: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    Action.PAIN_LOG: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    Action.PLAN_MANAGE: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    # The runner knows what they did and their own measured heart rate; so may the clinician.
    Action.TRAINING_CONFIRM: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    Action.TRAINING_PROFILE: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    # The clinic-wide list of runners with open alerts: practitioners only.
    Action.TRAINING_CLINIC_ALERTS: dict(_PRACTITIONERS),
    Action.GAIT_UPLOAD: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    Action.GAIT_READ: {**_PRACTITIONERS, Role.CLIENT: Scope.OWN_RECORD},
    Action.GAIT_REVIEW: dict(_PRACTITIONERS),
    # Releasing puts the cues in front of the runner: the chiropractor does it; an LMT's
    # edited cues go to the co-signature queue instead.
    Action.GAIT_RELEASE: dict(_CHIRO),
    Action.COSIGN_REVIEW: dict(_CHIRO),
    Action.COSIGN_STATUS: dict(_PRACTITIONERS),
    # A block is numbers from a cue the chiropractor already released: either practitioner
    # starts or ends one; the runner reads their own (the video-vs-watch flag is staff-only,
    # filtered in the service).
    Action.RETRAINING_READ: dict(_PRACTITIONERS_AND_OWN),
    Action.RETRAINING_START: dict(_PRACTITIONERS),
    Action.RETRAINING_END: dict(_PRACTITIONERS),
    Action.MESSAGE_READ: dict(_PRACTITIONERS_AND_OWN),
    Action.MESSAGE_WRITE: dict(_PRACTITIONERS_AND_OWN),
    Action.MESSAGE_THREADS: dict(_PRACTITIONERS),
    Action.APPOINTMENT_READ: {**_STAFF, Role.CLIENT: Scope.OWN_RECORD},
    Action.APPOINTMENT_BOOK: {**_STAFF, Role.CLIENT: Scope.OWN_RECORD},
    Action.SCHEDULE_MANAGE: dict(_STAFF),
    Action.MAIL_OUTBOX: {Role.ADMIN: Scope.CLINIC},
}


def permissions_of(role: Role) -> frozenset[Action]:
    """Every action a role may take somewhere (used to show or hide buttons, never to decide)."""
    return frozenset(action for action, roles in RULES.items() if role in roles)
