"""JSON shapes of the clinical API, kept apart from the domain dataclasses."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kneecap.domain.clinical.findings import Finding
from kneecap.domain.clinical.records import Assessment, Handoff, StoredDiagnosis
from kneecap.domain.clinical.rule_outcome import RuleOutcome
from kneecap.domain.clinical.side import Side
from kneecap.services.assessments import AssessmentView
from kneecap.web.params import RecordRef


class DiagnosisIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=16, examples=["M22.2X1"])
    side: str = Field(examples=["right"], description="right, left or unspecified")
    note: str = Field("", max_length=2000)
    assessment_id: RecordRef | None = None


class DiagnosisOut(BaseModel):
    id: int
    client_id: int
    assessment_id: int | None
    code: str
    title: str
    side: str
    note: str
    author_user_id: int
    recorded_at: datetime
    released: bool
    released_at: datetime | None

    @classmethod
    def of(cls, sd: StoredDiagnosis) -> DiagnosisOut:
        d = sd.diagnosis
        assert sd.id is not None
        return cls(
            id=sd.id,
            client_id=sd.client_id,
            assessment_id=sd.assessment_id,
            code=d.code,
            title=d.title,
            side=d.side.value,
            note=d.note,
            author_user_id=int(d.author_id),
            recorded_at=d.recorded_at,
            released=d.released,
            released_at=d.released_at,
        )


class FindingIO(BaseModel):
    model_config = ConfigDict(extra="forbid")
    test_id: str
    value: bool | float | str
    side: Literal["left", "right"] | None = None
    body_mass_kg: float | None = None
    note: str = ""

    @classmethod
    def of(cls, f: Finding) -> FindingIO:
        side: Literal["left", "right"] | None = (
            None if f.side is None else ("left" if f.side is Side.LEFT else "right")
        )
        return cls(
            test_id=f.test_id, value=f.value, side=side, body_mass_kg=f.body_mass_kg, note=f.note
        )


class AssessmentStart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    side: Literal["left", "right"] | None = None


class AssessmentDraft(BaseModel):
    """The whole draft: findings and note text replace what was there."""

    model_config = ConfigDict(extra="forbid")
    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""
    findings: list[FindingIO] = Field(default_factory=list)
    other_causes_excluded: bool | None = None


class AmendmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str
    subjective: str | None = None
    objective: str | None = None
    assessment: str | None = None
    plan: str | None = None


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rule_id: str
    decision: Literal["accepted", "declined"]
    reason: str = ""


class HandoffIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    message: str = Field(max_length=2000)


class HandoffOut(BaseModel):
    id: int
    client_id: int
    assessment_id: int
    from_name: str
    message: str
    sent_at: datetime
    open: bool

    @classmethod
    def of(cls, h: Handoff) -> HandoffOut:
        assert h.id is not None
        return cls(
            id=h.id,
            client_id=h.client_id,
            assessment_id=h.assessment_id,
            from_name=h.from_name,
            message=h.message,
            sent_at=h.sent_at,
            open=h.open,
        )


class RuleOut(BaseModel):
    rule_id: str
    title: str
    source: str
    verdict: str
    fired: list[str]
    unknown: list[str]
    explanation: str

    @classmethod
    def of(cls, o: RuleOutcome) -> RuleOut:
        return cls(
            rule_id=o.rule_id,
            title=o.title,
            source=o.source,
            verdict=o.verdict.value,
            fired=[c.text for c in o.fired],
            unknown=[c.text for c in o.unknown],
            explanation=o.explanation,
        )


class AmendmentOut(BaseModel):
    by_user_id: int
    at: datetime
    reason: str
    fields: list[str]


class AssessmentOut(BaseModel):
    id: int
    client_id: int
    side: str
    state: str
    author_user_id: int
    author_name: str
    created_at: datetime
    signed_at: datetime | None
    subjective: str
    objective: str
    assessment: str
    plan: str
    findings: list[FindingIO]
    other_causes_excluded: bool | None
    amendments: list[AmendmentOut]
    decision_support: list[RuleOut] | None = None
    handoffs: list[HandoffOut] | None = None

    @classmethod
    def of(cls, a: Assessment, view: AssessmentView | None = None) -> AssessmentOut:
        n = a.note
        c = n.content
        assert a.id is not None
        return cls(
            id=a.id,
            client_id=a.client_id,
            side=a.side.value,
            state=n.state.value,
            author_user_id=int(n.author_id),
            author_name=n.author_name,
            created_at=n.created_at,
            signed_at=n.signed_at,
            subjective=c.subjective,
            objective=c.objective,
            assessment=c.assessment,
            plan=c.plan,
            findings=[FindingIO.of(f) for f in c.findings],
            other_causes_excluded=a.other_causes_excluded,
            amendments=[
                AmendmentOut(
                    by_user_id=int(m.by_id),
                    at=m.at,
                    reason=m.reason,
                    fields=[ch.field for ch in m.changes],
                )
                for m in n.amendments
            ],
            decision_support=[RuleOut.of(o) for o in view.support.outcomes] if view else None,
            handoffs=[HandoffOut.of(h) for h in view.handoffs] if view else None,
        )
