"""Walk/run return-to-run stages for a runner coming back from knee pain, gated by pain.

Stages follow the common clinical walk/run progression (e.g. the interval return-to-run
programmes used in sports physiotherapy): each stage is done 3 times a week; the runner moves
on only when pain stayed ≤ 2/10 during and was not worse next morning (Silbernagel 2007),
repeats it when pain was 3–5, and steps back one stage when the pain model says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from kneecap.domain.load.pain import PainEntry, PainZone, needs_step_back, pain_zone


@dataclass(frozen=True, slots=True)
class Stage:
    run_min: float
    walk_min: float
    repeats: int

    @property
    def minutes(self) -> float:
        return (self.run_min + self.walk_min) * self.repeats

    def describe(self) -> str:
        return f"{self.repeats} × (run {self.run_min:g} min + walk {self.walk_min:g} min)"


STAGES = (
    Stage(1, 4, 6), Stage(2, 3, 6), Stage(3, 2, 6), Stage(4, 1, 6),
    Stage(5, 1, 5), Stage(8, 1, 3), Stage(10, 1, 3), Stage(15, 1, 2), Stage(30, 0, 1),
)  # fmt: skip
SESSIONS_PER_STAGE = 3


def next_stage(current: int, log: list[PainEntry]) -> int:
    """Stage index for the next session from the pain log of the sessions at this stage."""
    if any(needs_step_back(e) for e in log):
        return max(current - 1, 0)
    if len(log) >= SESSIONS_PER_STAGE and all(pain_zone(e.during) is PainZone.SAFE for e in log):
        return min(current + 1, len(STAGES) - 1)
    return current
