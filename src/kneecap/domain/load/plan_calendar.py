"""A training plan's sessions as calendar events (rest days are left out).

Each event's key is the plan id, the day and the session kind, so exporting the plan again
(after it adapted to the pain log) updates the same calendar entries instead of adding new ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from kneecap.domain.calendar.events import DatedEvent
from kneecap.domain.load.planner import Kind, Session, Week

TITLES = {
    Kind.RUN: "Run",
    Kind.WALK_RUN: "Walk/run",
    Kind.CROSS: "Cross-training",
    Kind.STRENGTH: "Strength",
    Kind.RACE: "Race",
}


def session_title(s: Session) -> str:
    what = TITLES.get(s.kind, s.kind.value)
    if s.distance_km is not None:
        return f"{what} {s.distance_km:g} km"
    if s.minutes is not None:
        return f"{what} {s.minutes:g} min"
    return what


def plan_events(
    plan_id: int, client_id: int, weeks: list[Week], cues: Mapping[date, str] | None = None
) -> list[DatedEvent]:
    """`cues`: what a planned run on that day also carries (a retraining session): it is said
    in the run's own entry, never as an entry of its own, as it adds no run."""
    out = []
    for w in weeks:
        for s in w.sessions:
            if s.kind is Kind.REST:
                continue
            cue = (cues or {}).get(s.day) if s.kind in (Kind.RUN, Kind.WALK_RUN) else None
            out.append(DatedEvent(
                key=f"training-plan/{client_id}/{plan_id}/{s.day.isoformat()}/{s.kind.value}",
                title=session_title(s) + (f" · {cue}" if cue else ""), on=s.day,
                description="; ".join(
                    t for t in (s.notes, cue and f"{cue}, within this run (not an extra one)") if t
                ),
                category="training",
            ))  # fmt: skip
    return out
