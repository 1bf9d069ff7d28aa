"""JSON documents <-> care domain values (plan content, amendments, addenda, prescriptions)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from kneecap.domain.access.roles import Role
from kneecap.domain.care.modalities import Modality, ModalityPrescription
from kneecap.domain.care.plan import Amendment, Goal, PlanContent, PlannedVisit
from kneecap.domain.care.prescriptions import ExercisePrescription
from kneecap.domain.care.visits import Addendum


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _at(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def content_to_json(content: PlanContent) -> dict[str, Any]:
    return {
        "goals": [
            {
                "description": g.description,
                "instrument": g.instrument,
                "target": g.target,
                "by": g.by.isoformat() if g.by else None,
            }
            for g in content.goals
        ],
        "modalities": [
            {
                "modality": m.modality.value,
                "area": m.area,
                "dose": m.dose,
                "per_week": m.per_week,
                "weeks": m.weeks,
                "side": m.side,
                "notes": m.notes,
            }
            for m in content.modalities
        ],
        "planned_visits": [
            {"on": v.on.isoformat(), "provider_role": v.provider_role.value, "purpose": v.purpose}
            for v in content.planned_visits
        ],
    }


def content_from_json(raw: dict[str, Any]) -> PlanContent:
    return PlanContent(
        goals=tuple(
            Goal(g["description"], g.get("instrument"), g.get("target"), _day(g.get("by")))
            for g in raw.get("goals", [])
        ),
        modalities=tuple(
            ModalityPrescription(
                Modality(m["modality"]),
                m["area"],
                m.get("dose"),
                int(m["per_week"]),
                int(m["weeks"]),
                m.get("side", "both"),
                m.get("notes", ""),
            )
            for m in raw.get("modalities", [])
        ),
        planned_visits=tuple(
            PlannedVisit(
                date.fromisoformat(v["on"]), Role(v["provider_role"]), v.get("purpose", "")
            )
            for v in raw.get("planned_visits", [])
        ),
    )


def amendment_to_json(a: Amendment) -> dict[str, Any]:
    return {
        "at": a.at.isoformat(),
        "by_id": a.by_id,
        "by_role": a.by_role.value,
        "reason": a.reason,
        "before": content_to_json(a.before),
        "after": content_to_json(a.after),
        "cosigned_by": a.cosigned_by,
        "cosigned_at": a.cosigned_at.isoformat() if a.cosigned_at else None,
        "returned_by": a.returned_by,
        "returned_at": a.returned_at.isoformat() if a.returned_at else None,
        "comment": a.comment,
        "superseded": a.superseded,
    }


def amendment_from_json(raw: dict[str, Any]) -> Amendment:
    at = _at(raw["at"])
    assert at is not None
    return Amendment(
        at=at,
        by_id=raw["by_id"],
        by_role=Role(raw["by_role"]),
        reason=raw["reason"],
        before=content_from_json(raw["before"]),
        after=content_from_json(raw["after"]),
        cosigned_by=raw.get("cosigned_by"),
        cosigned_at=_at(raw.get("cosigned_at")),
        # Amendments stored before review states existed read as co-signed or waiting.
        returned_by=raw.get("returned_by"),
        returned_at=_at(raw.get("returned_at")),
        comment=raw.get("comment", ""),
        superseded=bool(raw.get("superseded", False)),
    )


def addendum_to_json(a: Addendum) -> dict[str, Any]:
    return {
        "at": a.at.isoformat(),
        "by_id": a.by_id,
        "by_role": a.by_role.value,
        "reason": a.reason,
        "text": a.text,
    }


def addendum_from_json(raw: dict[str, Any]) -> Addendum:
    at = _at(raw["at"])
    assert at is not None
    return Addendum(at, raw["by_id"], Role(raw["by_role"]), raw["reason"], raw["text"])


def prescription_to_json(p: ExercisePrescription) -> dict[str, Any]:
    return {
        "exercise_id": p.exercise_id,
        "sets": p.sets,
        "reps": p.reps,
        "hold_seconds": p.hold_seconds,
        "load_kg": p.load_kg,
        "load_note": p.load_note,
        "days_per_week": p.days_per_week,
        "notes": p.notes,
    }


def prescription_from_json(raw: dict[str, Any]) -> ExercisePrescription:
    return ExercisePrescription(
        exercise_id=raw["exercise_id"],
        sets=int(raw["sets"]),
        reps=int(raw["reps"]),
        hold_seconds=int(raw.get("hold_seconds", 0)),
        load_kg=raw.get("load_kg"),
        load_note=raw.get("load_note", ""),
        days_per_week=int(raw.get("days_per_week", 3)),
        notes=raw.get("notes", ""),
    )
