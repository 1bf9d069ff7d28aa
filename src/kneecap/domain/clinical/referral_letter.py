"""A referral letter (to a physician, or for an X-ray or MRI) built from a signed assessment.

The letter carries the signed findings, the decision rules that fired with their sources, and
the referring clinician; adapters render it (PDF, HTML). Only a signed note can back a letter,
and only a role that decides referrals may write one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.roles import Role
from kneecap.domain.clinical import red_flags
from kneecap.domain.clinical.errors import FieldProblem, NoteNotSigned, check
from kneecap.domain.clinical.findings import interpret
from kneecap.domain.clinical.intake import Intake
from kneecap.domain.clinical.notes import AssessmentNote
from kneecap.domain.clinical.scope import require
from kneecap.domain.clinical.side import Laterality
from kneecap.domain.clinical.suggestions import ClinicianDecision, Decision, Suggestion
from kneecap.domain.clinical.symptoms import SymptomProfile


class ReferralKind(StrEnum):
    PHYSICIAN = "physician"
    XRAY = "xray"
    MRI = "mri"

    @property
    def heading(self) -> str:
        return {
            ReferralKind.PHYSICIAN: "Referral to a physician",
            ReferralKind.XRAY: "Request for knee radiography (X-ray)",
            ReferralKind.MRI: "Request for knee MRI",
        }[self]


@dataclass(frozen=True)
class FiredRule:
    title: str
    source: str
    criteria: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class ReferralLetter:
    kind: ReferralKind
    recipient: str
    clinic_name: str
    patient_name: str
    patient_age_years: int
    side: Laterality
    reason: str
    urgent: bool
    findings: tuple[str, ...]  # one line per signed finding, with its reading against reference
    assessment: str  # the signed note's assessment text
    rules: tuple[FiredRule, ...]
    clinician_name: str
    note_signed_at: datetime
    amendments: int  # how many amendments the note had when the letter was written
    dated: date
    date_of_birth: date | None = None
    clinic_address: str = ""
    history: tuple[str, ...] = ()  # from the intake and the note's subjective
    diagnoses: tuple[str, ...] = ()  # the chiropractor's, "M22.2X1 Patellofemoral … (right)"

    @property
    def heading(self) -> str:
        return ("URGENT: " if self.urgent else "") + self.kind.heading


def _source(s: Suggestion) -> str:
    """The red-flag rule cites the sources of the flags that fired, not its whole list."""
    if s.rule_id == red_flags.RULE_ID:
        return "; ".join(red_flags.sources(s.outcome))
    return s.outcome.source


def build_referral_letter(
    note: AssessmentNote,
    *,
    kind: ReferralKind,
    reason: str,
    recipient: str,
    clinic_name: str,
    patient_name: str,
    patient_age_years: int,
    side: Laterality,
    clinician_name: str,
    clinician_role: Role | str,
    today: date,
    suggestions: Sequence[Suggestion] = (),
    decisions: Sequence[ClinicianDecision] = (),
    date_of_birth: date | None = None,
    clinic_address: str = "",
    history: Sequence[str] = (),
    diagnoses: Sequence[str] = (),
) -> ReferralLetter:
    """Build the letter; raise NoteNotSigned for a draft and ClinicalValidationError for gaps."""
    require(clinician_role, Action.REFERRAL_DECIDE)
    if not note.locked or note.signed_at is None:
        raise NoteNotSigned("Sign the assessment note before writing a referral from it.")
    declined = {d.rule_id for d in decisions if d.decision is Decision.DECLINED}
    problems: list[FieldProblem] = []
    for field, value in (
        ("reason", reason),
        ("recipient", recipient),
        ("patient_name", patient_name),
        ("clinician_name", clinician_name),
    ):
        if not value.strip():
            problems.append(FieldProblem(field, "is required on a referral letter"))
    for s in suggestions:
        if s.rule_id in declined:
            problems.append(
                FieldProblem("suggestions", f"{s.outcome.title} was declined; leave it out")
            )
        if not s.outcome.met:
            problems.append(FieldProblem("suggestions", f"{s.outcome.title} did not fire"))
    check(problems)
    rules = tuple(
        FiredRule(
            s.outcome.title,
            _source(s),
            tuple(c.text for c in s.outcome.fired),
            s.outcome.explanation,
        )
        for s in suggestions
    )
    return ReferralLetter(
        kind=kind,
        recipient=recipient.strip(),
        clinic_name=clinic_name.strip(),
        patient_name=patient_name.strip(),
        patient_age_years=patient_age_years,
        side=side,
        reason=reason.strip(),
        urgent=any(s.urgent for s in suggestions),
        findings=tuple(interpret(f).text for f in note.content.findings),
        assessment=note.content.assessment,
        rules=rules,
        clinician_name=clinician_name.strip(),
        note_signed_at=note.signed_at,
        amendments=len(note.amendments),
        dated=today,
        date_of_birth=date_of_birth,
        clinic_address=clinic_address.strip(),
        history=tuple(h for h in history if h.strip()),
        diagnoses=tuple(diagnoses),
    )


def history_lines(intake: Intake, symptoms: SymptomProfile, subjective: str) -> list[str]:
    """The history a receiving clinician reads first: onset and course from the intake, the
    pain and where it is, what brings it on, past injuries and surgery, then the note's
    subjective in the clinician's words."""
    weeks = intake.days_since_onset // 7
    since = f"{weeks} weeks" if weeks >= 2 else f"{intake.days_since_onset} days"
    lines = [
        f"{intake.onset.value.capitalize()} onset, {intake.mechanism.value.replace('_', ' ')}, "
        f"{since} ago.",
        f"Pain {symptoms.usual_pain}/10 usually, {symptoms.worst_pain}/10 at worst; where: "
        + (", ".join(sorted(r.replace("_", " ") for r in symptoms.regions)) or "not marked")
        + ".",
    ]
    if symptoms.provocations:
        brought = sorted(p.value.replace("_", " ") for p in symptoms.provocations)
        lines.append("Brought on by: " + ", ".join(brought) + ".")
    past = [e.description for e in (*intake.previous_injuries, *intake.previous_surgery)]
    if past:
        lines.append("Earlier injuries or surgery: " + "; ".join(past) + ".")
    if subjective.strip():
        lines.append(subjective.strip())
    return lines
