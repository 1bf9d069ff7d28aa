"""Clinical domain objects <-> JSON documents stored in the clinical tables.

Decoding builds the domain dataclasses again, so a stored document is validated exactly as
fresh input is.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from kneecap.domain.clinical.findings import Finding
from kneecap.domain.clinical.intake import (
    Intake,
    Mechanism,
    MedicalScreen,
    Onset,
    PastEvent,
    SportVolume,
    TrainingChange,
    TrainingChangeKind,
)
from kneecap.domain.clinical.notes import Amendment, FieldChange, NoteContent
from kneecap.domain.clinical.side import Laterality, Side
from kneecap.domain.clinical.symptoms import Provocation, RedFlagScreen, SymptomProfile

Doc = dict[str, Any]


def intake_doc(i: Intake) -> Doc:
    return {
        "age_years": i.age_years,
        "complaint_side": i.complaint_side.value,
        "onset": i.onset.value,
        "mechanism": i.mechanism.value,
        "days_since_onset": i.days_since_onset,
        "previous_injuries": [_event_doc(e) for e in i.previous_injuries],
        "previous_surgery": [_event_doc(e) for e in i.previous_surgery],
        "sports": [asdict(s) for s in i.sports],
        "recent_changes": [
            {"kind": c.kind.value, "weeks_ago": c.weeks_ago, "detail": c.detail}
            for c in i.recent_changes
        ],
        "goals": list(i.goals),
        "medical": asdict(i.medical),
    }


def _event_doc(e: PastEvent) -> Doc:
    return {"description": e.description, "side": e.side.value, "year": e.year}


def _event(d: Doc) -> PastEvent:
    return PastEvent(d["description"], Laterality(d["side"]), d.get("year"))


def intake_of(d: Doc) -> Intake:
    return Intake(
        age_years=d["age_years"],
        complaint_side=Laterality(d["complaint_side"]),
        onset=Onset(d["onset"]),
        mechanism=Mechanism(d["mechanism"]),
        days_since_onset=d["days_since_onset"],
        previous_injuries=tuple(_event(e) for e in d.get("previous_injuries", ())),
        previous_surgery=tuple(_event(e) for e in d.get("previous_surgery", ())),
        sports=tuple(SportVolume(**s) for s in d.get("sports", ())),
        recent_changes=tuple(
            TrainingChange(TrainingChangeKind(c["kind"]), c["weeks_ago"], c.get("detail", ""))
            for c in d.get("recent_changes", ())
        ),
        goals=tuple(d.get("goals", ())),
        # Intakes stored before these questions existed have none: "not asked", never "no".
        medical=MedicalScreen(**d.get("medical", {})),
    )


def symptoms_doc(s: SymptomProfile) -> Doc:
    return {
        "side": s.side.value,
        "regions": sorted(s.regions),
        "provocations": sorted(p.value for p in s.provocations),
        "usual_pain": s.usual_pain,
        "worst_pain": s.worst_pain,
        "swelling": s.swelling,
        "swelling_onset_hours": s.swelling_onset_hours,
        "tenderness": s.tenderness,
        "crepitus": s.crepitus,
        "giving_way": s.giving_way,
        "locking": s.locking,
        "red_flags": asdict(s.red_flags),
    }


def symptoms_of(d: Doc) -> SymptomProfile:
    return SymptomProfile(
        side=Laterality(d["side"]),
        regions=frozenset(d["regions"]),
        provocations=frozenset(Provocation(p) for p in d["provocations"]),
        usual_pain=d["usual_pain"],
        worst_pain=d["worst_pain"],
        swelling=d.get("swelling", False),
        swelling_onset_hours=d.get("swelling_onset_hours"),
        tenderness=d.get("tenderness", False),
        crepitus=d.get("crepitus", False),
        giving_way=d.get("giving_way", False),
        locking=d.get("locking", False),
        red_flags=RedFlagScreen(**d.get("red_flags", {})),
    )


def finding_doc(f: Finding) -> Doc:
    return {
        "test_id": f.test_id,
        "value": f.value,
        "side": f.side.value if f.side else None,
        "body_mass_kg": f.body_mass_kg,
        "note": f.note,
    }


def finding_of(d: Doc) -> Finding:
    side = Side(d["side"]) if d.get("side") else None
    return Finding(d["test_id"], d["value"], side, d.get("body_mass_kg"), d.get("note", ""))


def content_doc(c: NoteContent) -> Doc:
    return {
        "subjective": c.subjective,
        "objective": c.objective,
        "assessment": c.assessment,
        "plan": c.plan,
        "findings": [finding_doc(f) for f in c.findings],
    }


def content_of(d: Doc) -> NoteContent:
    return NoteContent(
        subjective=d.get("subjective", ""),
        objective=d.get("objective", ""),
        assessment=d.get("assessment", ""),
        plan=d.get("plan", ""),
        findings=tuple(finding_of(f) for f in d.get("findings", ())),
    )


def _value_doc(field: str, value: object) -> object:
    if field == "findings":
        assert isinstance(value, tuple)
        return [finding_doc(f) for f in value]
    return value


def _value_of(field: str, value: Any) -> object:
    return tuple(finding_of(f) for f in value) if field == "findings" else value


def changes_doc(changes: tuple[FieldChange, ...]) -> list[Doc]:
    return [
        {
            "field": c.field,
            "before": _value_doc(c.field, c.before),
            "after": _value_doc(c.field, c.after),
        }
        for c in changes
    ]


def amendment_of(by_id: int, at: datetime, reason: str, changes: list[Doc]) -> Amendment:
    return Amendment(
        str(by_id),
        at,
        tuple(
            FieldChange(
                c["field"], _value_of(c["field"], c["before"]), _value_of(c["field"], c["after"])
            )
            for c in changes
        ),
        reason,
    )
