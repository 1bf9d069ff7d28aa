"""A block's sessions as calendar events (all-day: the runner picks the run that day)."""

from __future__ import annotations

from kneecap.domain.calendar.events import DatedEvent
from kneecap.domain.retraining.block import BlockPlan


def block_events(block_id: int, client_id: int, plan: BlockPlan) -> list[DatedEvent]:
    return [
        DatedEvent(
            key=f"retraining/{client_id}/{block_id}/{s.number}",
            title=f"Step-rate session {s.number}: {s.minutes} min at {s.target_spm} steps/min",
            on=s.day,
            description=(
                f"Part of a usual easy run, not an extra one: {s.minutes} min at"
                f" {s.target_spm} steps/min, {s.feedback.label}."
            ),
            category="retraining",
        )
        for s in plan.sessions
    ]
