"""A block plan as plain JSON-able data and back (what the database stores)."""

from __future__ import annotations

from datetime import date
from typing import Any

from kneecap.domain.retraining.block import BlockPlan, SessionPlan
from kneecap.domain.retraining.dose import Dose, Feedback


def plan_to_dict(plan: BlockPlan) -> dict[str, Any]:
    d = plan.dose
    return {
        "baseline_spm": plan.baseline_spm,
        "start": plan.start.isoformat(),
        "dose": {"sessions": d.sessions, "per_week": d.per_week,
                 "first_minutes": d.first_minutes, "peak_minutes": d.peak_minutes},
        "sessions": [
            {"number": s.number, "week": s.week, "day": s.day.isoformat(), "minutes": s.minutes,
             "target_spm": s.target_spm, "feedback": s.feedback.value}
            for s in plan.sessions
        ],
        "notes": list(plan.notes),
    }  # fmt: skip


def plan_from_dict(raw: dict[str, Any]) -> BlockPlan:
    d = raw["dose"]
    return BlockPlan(
        baseline_spm=float(raw["baseline_spm"]),
        start=date.fromisoformat(raw["start"]),
        dose=Dose(int(d["sessions"]), int(d["per_week"]), int(d["first_minutes"]),
                  int(d["peak_minutes"])),
        sessions=tuple(
            SessionPlan(int(s["number"]), int(s["week"]), date.fromisoformat(s["day"]),
                        int(s["minutes"]), int(s["target_spm"]), Feedback(s["feedback"]))
            for s in raw["sessions"]
        ),
        notes=tuple(str(n) for n in raw.get("notes", [])),
    )  # fmt: skip
