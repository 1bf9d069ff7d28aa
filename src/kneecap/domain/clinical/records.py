"""What the clinic keeps of an assessment: the intake as given, the assessment with its note,
the clinician's answers to suggestions, handoffs to the chiropractor and diagnoses.

These are the shapes services and repositories pass around; the rules that act on them live in
notes.py, suggestions.py and diagnosis.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kneecap.domain.clinical.diagnosis import Diagnosis
from kneecap.domain.clinical.errors import FieldProblem, check
from kneecap.domain.clinical.intake import Intake
from kneecap.domain.clinical.notes import AssessmentNote
from kneecap.domain.clinical.side import Side
from kneecap.domain.clinical.suggestions import AssessmentFacts, ClinicianDecision
from kneecap.domain.clinical.symptoms import SymptomProfile

MAX_MESSAGE_CHARS = 2000


@dataclass(frozen=True)
class IntakeRecord:
    """One filled intake (history + symptom profile); a newer one supersedes it."""

    client_id: int
    intake: Intake
    symptoms: SymptomProfile
    onset_date: date | None
    recorded_by_user_id: int | None
    recorded_by_role: str
    recorded_at: datetime
    id: int | None = None


@dataclass(frozen=True)
class Assessment:
    """An examination of one knee: a snapshot of the intake, the note and its findings."""

    clinic_id: int
    client_id: int
    side: Side
    intake: Intake
    symptoms: SymptomProfile
    note: AssessmentNote
    other_causes_excluded: bool | None = None
    decisions: tuple[ClinicianDecision, ...] = ()
    id: int | None = None

    def facts(self) -> AssessmentFacts:
        return AssessmentFacts(
            self.intake,
            self.symptoms,
            self.note.content.findings,
            self.side,
            other_causes_excluded=self.other_causes_excluded,
        )

    def decision_for(self, rule_id: str) -> ClinicianDecision | None:
        found = self.decisions_for(rule_id)
        return found[-1] if found else None

    def decisions_for(self, rule_id: str) -> list[ClinicianDecision]:
        """Every answer to one suggestion, oldest first: a later one never erases an earlier
        one (a decline then an accept shows both)."""
        return [d for d in self.decisions if d.rule_id == rule_id]


@dataclass(frozen=True)
class Handoff:
    """Findings passed from an LMT to the chiropractor, with a message; open until reviewed."""

    clinic_id: int
    client_id: int
    assessment_id: int
    from_user_id: int
    from_name: str
    message: str
    sent_at: datetime
    closed_at: datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        problems: list[FieldProblem] = []
        if not self.message.strip():
            problems.append(FieldProblem("message", "tell the chiropractor what to look at"))
        elif len(self.message) > MAX_MESSAGE_CHARS:
            problems.append(FieldProblem("message", f"use at most {MAX_MESSAGE_CHARS} characters"))
        check(problems)

    @property
    def open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class StoredDiagnosis:
    clinic_id: int
    client_id: int
    diagnosis: Diagnosis
    assessment_id: int | None = None
    id: int | None = None
