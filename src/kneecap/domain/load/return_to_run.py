"""Walk/run return-to-run stages for a runner coming back from knee pain, gated by pain.

Stages follow the common clinical walk/run progression (e.g. the interval return-to-run
programmes used in sports physiotherapy): each stage is done 3 times a week. The gate is the
pain-monitoring model (Silbernagel et al. 2007): the runner moves on after the stage's sessions
when pain during stayed within what the model accepts (up to 5/10) and the next morning had
settled, and steps back one stage when the model says so (pain above 5, a worse next morning,
or pain rising week to week). A clinic may set a stricter gate (e.g. 2/10, the model's "safe"
zone); that is the clinic's choice, not the model's, and its source is the clinic.
"""

from __future__ import annotations

from dataclasses import dataclass

from kneecap.domain.load import rules as R
from kneecap.domain.load.pain import PainEntry, needs_step_back


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


@dataclass(frozen=True, slots=True)
class PainGate:
    """Highest pain during a session that still lets the runner move on to the next stage."""

    progress_max: float
    source: str

    def __post_init__(self) -> None:
        if not 0 <= self.progress_max <= R.PAIN_ACCEPTABLE_MAX:
            raise ValueError(
                f"the progression gate must be 0 to {R.PAIN_ACCEPTABLE_MAX:g}/10: above that "
                "the pain-monitoring model steps back"
            )

    def lets_progress(self, e: PainEntry) -> bool:
        return e.during <= self.progress_max and not needs_step_back(e)


SILBERNAGEL_GATE = PainGate(
    R.PAIN_ACCEPTABLE_MAX, "Silbernagel et al. 2007: up to 5/10 during is acceptable"
)
DEFAULT_GATE = SILBERNAGEL_GATE


def clinic_gate(progress_max: float) -> PainGate:
    """A stricter gate a clinic chooses (e.g. 2/10, the model's safe zone)."""
    return PainGate(progress_max, f"clinic setting: progress at ≤ {progress_max:g}/10")


STAGES = (
    Stage(1, 4, 6), Stage(2, 3, 6), Stage(3, 2, 6), Stage(4, 1, 6),
    Stage(5, 1, 5), Stage(8, 1, 3), Stage(10, 1, 3), Stage(15, 1, 2), Stage(30, 0, 1),
)  # fmt: skip
SESSIONS_PER_STAGE = 3


def next_stage(current: int, log: list[PainEntry], gate: PainGate = DEFAULT_GATE) -> int:
    """Stage index for the next session from the pain log of the sessions at this stage."""
    if any(needs_step_back(e) for e in log):
        return max(current - 1, 0)
    if len(log) >= SESSIONS_PER_STAGE and all(gate.lets_progress(e) for e in log):
        return min(current + 1, len(STAGES) - 1)
    return current
