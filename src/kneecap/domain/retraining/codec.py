"""A block plan as plain JSON-able data and back (what the database stores)."""

from __future__ import annotations

from datetime import date
from typing import Any

from kneecap.domain.retraining.block import BlockPlan, SessionPlan
from kneecap.domain.retraining.dose import Dose, Feedback
from kneecap.domain.retraining.form import Lever, goal_from_dict, goal_to_dict


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
        "lever": plan.lever.value,
        "goal": None if plan.goal is None else goal_to_dict(plan.goal),
    }  # fmt: skip


def plan_from_dict(raw: dict[str, Any]) -> BlockPlan:
    """A stored plan; plans stored before posture blocks have no lever: step rate."""
    d = raw["dose"]
    lever = Lever(raw.get("lever", Lever.CADENCE.value))
    base = raw.get("baseline_spm")
    return BlockPlan(
        baseline_spm=None if base is None else float(base),
        start=date.fromisoformat(raw["start"]),
        dose=Dose(int(d["sessions"]), int(d["per_week"]), int(d["first_minutes"]),
                  int(d["peak_minutes"])),
        sessions=tuple(
            SessionPlan(int(s["number"]), int(s["week"]), date.fromisoformat(s["day"]),
                        int(s["minutes"]),
                        None if s["target_spm"] is None else int(s["target_spm"]),
                        Feedback(s["feedback"]), lever)
            for s in raw["sessions"]
        ),
        notes=tuple(str(n) for n in raw.get("notes", [])),
        lever=lever,
        goal=goal_from_dict(raw.get("goal")),
    )  # fmt: skip
