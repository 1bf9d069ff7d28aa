"""A block's sessions as calendar events (all-day: the runner picks the run that day)."""

from __future__ import annotations

from kneecap.domain.calendar.events import DatedEvent
from kneecap.domain.retraining.block import BlockPlan
from kneecap.domain.retraining.form import Lever

_KIND = {Lever.CADENCE: "Step-rate", Lever.POSTURE: "Posture"}


def block_events(block_id: int, client_id: int, plan: BlockPlan) -> list[DatedEvent]:
    return [
        DatedEvent(
            key=f"retraining/{client_id}/{block_id}/{s.number}",
            title=f"{_KIND[plan.lever]} session {s.number}: {s.what}",
            on=s.day,
            description=(
                f"Part of a usual easy run, not an extra one: {s.what}, {s.feedback_label}."
            ),
            category="retraining",
        )
        for s in plan.sessions
    ]
