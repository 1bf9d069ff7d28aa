"""A block's sessions inside the runner's progression plan: each goes into a planned run, none
adds one, so the plan's weekly load is the plan's alone ("a block never raises weekly load by
itself").

The plan (domain/load/planner.py) is written by the load guardrails and adapts to the pain log
(a painful week is repeated); sessions follow the plan as it stands, so the guardrails and the
pain model apply to a cued run as to every run. A session goes into the first free planned run
in or after its week of the block (the block's days are suggestions: any run that week does),
never before today, one session a run and in order; a race is never cued. A session the plan
has no run for says so and stays in a run the runner does anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kneecap.domain.load.planner import Kind, Session, Week
from kneecap.domain.retraining.block import BlockPlan, SessionPlan

CUED_KINDS = (Kind.RUN, Kind.WALK_RUN)


@dataclass(frozen=True, slots=True)
class PlacedSession:
    session: SessionPlan
    run: Session | None  # the planned run holding the cue; None: the plan has none for it

    @property
    def day(self) -> date:
        return self.run.day if self.run is not None else self.session.day


@dataclass(frozen=True, slots=True)
class PlanSessions:
    block_id: int
    placed: tuple[PlacedSession, ...]

    @property
    def by_day(self) -> dict[date, PlacedSession]:
        """The sessions placed in planned runs, by the run's day."""
        return {p.day: p for p in self.placed if p.run is not None}

    @property
    def unplaced(self) -> tuple[PlacedSession, ...]:
        return tuple(p for p in self.placed if p.run is None)


def place(
    block_id: int, plan: BlockPlan, weeks: Sequence[Week], done: int, today: date
) -> PlanSessions:
    """The sessions still to run (after the `done` first ones), each in a planned run."""
    runs = sorted(
        (s for w in weeks for s in w.sessions if s.kind in CUED_KINDS and s.day >= today),
        key=lambda s: s.day,
    )
    taken: set[int] = set()
    out = []
    for s in plan.sessions[done:]:
        earliest = max(plan.start + timedelta(weeks=s.week - 1), today)
        i = next((i for i, r in enumerate(runs) if i not in taken and r.day >= earliest), None)
        if i is not None:
            taken.add(i)
        out.append(PlacedSession(s, runs[i] if i is not None else None))
    return PlanSessions(block_id, tuple(out))


def cue_notes(sessions: PlanSessions) -> dict[date, str]:
    """What each cued planned run carries, for the plan's calendar entries."""
    return {
        d: f"retraining session {p.session.number}: {p.session.what}"
        for d, p in sessions.by_day.items()
    }
