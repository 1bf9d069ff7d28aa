"""JSON shapes of the care API (pydantic)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kneecap.domain.access.roles import Role
from kneecap.domain.care.adherence import Adherence
from kneecap.domain.care.modalities import Modality, ModalityPrescription
from kneecap.domain.care.plan import CarePlan, Goal, PlanContent, PlannedVisit
from kneecap.domain.care.prescriptions import ExercisePrescription, SessionLog
from kneecap.domain.outcomes.change import Change
from kneecap.domain.outcomes.responses import OutcomeResponse
from kneecap.web.params import RecordRef


class GoalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str
    instrument: str | None = None
    target: float | None = None
    by: date | None = None


class ModalityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    modality: Modality
    area: str
    dose: float | None = None
    per_week: int
    weeks: int
    side: str = "both"
    notes: str = ""


class VisitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    on: date
    provider_role: Role
    purpose: str = ""


class PlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: date
    goals: list[GoalIn] = Field(default_factory=list)
    modalities: list[ModalityIn] = Field(default_factory=list)
    planned_visits: list[VisitIn] = Field(default_factory=list)

    def content(self) -> PlanContent:
        return PlanContent(
            tuple(Goal(g.description, g.instrument, g.target, g.by) for g in self.goals),
            tuple(
                ModalityPrescription(
                    m.modality, m.area, m.dose, m.per_week, m.weeks, m.side, m.notes
                )
                for m in self.modalities
            ),
            tuple(PlannedVisit(v.on, v.provider_role, v.purpose) for v in self.planned_visits),
        )


class PlanOut(BaseModel):
    id: int
    status: str
    start: date
    signed_at: str | None
    goals: list[str]
    # Each: modality, description, purpose (plain words); for clinicians also the evidence
    # verdict and CPG grade (information; a client is never shown a verdict on their care).
    modalities: list[dict[str, Any]]
    planned_visits: list[dict[str, Any]]
    amendments: int
    amendments_waiting: int  # an LMT's amendment awaiting the chiropractor's co-signature
    notice: str = ""  # after an amendment: what its author is told

    @classmethod
    def of(cls, p: CarePlan, *, clinician: bool = True, notice: str = "") -> PlanOut:
        from kneecap.domain.care.evidence import evidence_for
        from kneecap.domain.care.modalities import client_view

        def modality(m: ModalityPrescription) -> dict[str, Any]:
            shown: dict[str, Any] = {
                "modality": m.modality.value,
                "description": m.describe(),
                "purpose": client_view(m).purpose,
            }
            if clinician:
                ev = evidence_for(m.modality)
                shown.update(evidence=ev.verdict.value, cpg_grade=ev.cpg_grade)
            return shown

        return cls(
            id=int(p.id),
            status=p.status.value,
            start=p.start,
            signed_at=p.signed_at.isoformat() if p.signed_at else None,
            goals=[g.description for g in p.content.goals],
            modalities=[modality(m) for m in p.content.modalities],
            planned_visits=[_visit(v) for v in p.content.planned_visits],
            amendments=len(p.amendments),
            amendments_waiting=sum(a.needs_cosign for a in p.amendments),
            notice=notice,
        )


def _visit(v: PlannedVisit) -> dict[str, Any]:
    return {"on": v.on.isoformat(), "provider_role": v.provider_role.value, "purpose": v.purpose}


class AmendmentIn(PlanIn):
    """The whole amended content (goals, modalities, visits) and why it changes."""

    reason: str


class PrescriptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    exercise_id: str
    sets: int
    reps: int
    hold_seconds: int = 0
    load_kg: float | None = None
    load_note: str = ""
    days_per_week: int = 3
    notes: str = ""

    def domain(self) -> ExercisePrescription:
        return ExercisePrescription(**self.model_dump())


class ProgrammeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    plan_id: RecordRef
    start: date
    end: date
    exercises: list[PrescriptionIn]


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    on: date | None = None
    exercises_done: list[str] | None = None  # None: the whole programme
    pain_during: int | None = None
    pain_next_morning: int | None = None
    note: str = ""


class SessionOut(BaseModel):
    on: date
    exercises_done: list[str]
    pain_during: int | None
    pain_next_morning: int | None

    @classmethod
    def of(cls, s: SessionLog) -> SessionOut:
        return cls(
            on=s.on,
            exercises_done=list(s.exercises_done),
            pain_during=s.pain_during,
            pain_next_morning=s.pain_next_morning,
        )


class AdherenceOut(BaseModel):
    start: date
    end: date
    expected: float
    completed: float
    ratio: float | None

    @classmethod
    def of(cls, a: Adherence | None) -> AdherenceOut | None:
        if a is None:
            return None
        return cls(
            start=a.start,
            end=a.end,
            expected=round(a.expected, 2),
            completed=round(a.completed, 2),
            ratio=None if a.ratio is None else round(a.ratio, 3),
        )


class ProgrammeOut(BaseModel):
    id: int | None
    start: date | None
    end: date | None
    exercises: list[dict[str, Any]]
    sessions: list[SessionOut]
    adherence: AdherenceOut | None
    adherence_last_7_days: AdherenceOut | None


class ChangeOut(BaseModel):
    series: str
    baseline: float
    latest: float
    delta: float
    mcid: float
    reading: str
    # Pain also reads as a share of the baseline (about 30% less, Farrar 2001): None elsewhere.
    relative_improvement: float | None = None
    relative_mcid: float | None = None
    text: str = ""  # the reading in words, with the 30% reading where it applies

    @classmethod
    def of(cls, c: Change | None) -> ChangeOut | None:
        if c is None:
            return None
        return cls(
            series=c.instrument,
            baseline=c.baseline,
            latest=c.latest,
            delta=c.delta,
            mcid=c.mcid.value,
            reading=c.reading.value,
            relative_improvement=c.relative_improvement,
            relative_mcid=c.mcid.relative,
            text=c.text,
        )


class OutcomeOut(BaseModel):
    id: int | None
    instrument: str
    on: date
    score: float
    scores: dict[str, float]
    answers: dict[str, Any]
    change: ChangeOut | None

    @classmethod
    def of(cls, r: OutcomeResponse, change: Change | None) -> OutcomeOut:
        return cls(
            id=r.id,
            instrument=r.instrument,
            on=r.on,
            score=r.score,
            scores=dict(r.scores),
            answers=dict(r.answers),
            change=ChangeOut.of(change),
        )


class OutcomeList(BaseModel):
    outcomes: list[OutcomeOut]
    changes: list[ChangeOut]
    next_due: date | None


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: str
    note: str


class RedFlagIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
