"""Change since baseline read against the MCID, minding each instrument's direction.

AKPS, KOOS-PF and PSFS improve upwards; pain ratings improve downwards. A change counts as
meaningful when it reaches the MCID (>=), the usual reading of a minimal important difference.
Where the MCID's source also names a proportional change (pain: about 30% less, Farrar 2001),
that reading is given beside the absolute one, for improvement only: the source studied
reductions, so Kneecap draws no "worse by 30%" from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kneecap.domain.outcomes.mcid import Mcid, mcid_for


class ChangeReading(StrEnum):
    IMPROVED = "improved beyond the MCID"
    WORSE = "worse beyond the MCID"
    NO_MEANINGFUL_CHANGE = "no meaningful change"


@dataclass(frozen=True, slots=True)
class ScoredOutcome:
    """One scored questionnaire on one day (what services store and pass back in)."""

    instrument: str
    on: date
    score: float


@dataclass(frozen=True, slots=True)
class Change:
    instrument: str
    baseline: float
    latest: float
    delta: float  # latest - baseline, in the instrument's units
    improvement: float  # delta signed so that positive is always better
    mcid: Mcid
    reading: ChangeReading
    baseline_on: date | None = None
    latest_on: date | None = None
    # Improvement as a share of the baseline (0.5 = half the pain); None without a relative MCID
    # or with a baseline of 0 (no share of nothing).
    relative_improvement: float | None = None
    # True when the relative improvement reaches the relative MCID; None when not applicable.
    relative_improved: bool | None = None

    @property
    def improved(self) -> bool:
        """Improved beyond either the absolute or (where sourced) the relative MCID."""
        return self.reading is ChangeReading.IMPROVED or self.relative_improved is True

    @property
    def text(self) -> str:
        """E.g. 'no meaningful change (2-point MCID); 50% lower, reaches the 30% threshold'."""
        rel = self.relative_improvement
        if rel is None or rel <= 0 or self.mcid.relative is None:
            return str(self.reading)  # the relative reading is for improvement only
        way = "better" if self.mcid.higher_is_better else "lower"
        verdict = "reaches" if self.relative_improved else "below"
        return (
            f"{self.reading} ({self.mcid.value:g}-point MCID); {rel:.0%} {way}, {verdict} "
            f"the {self.mcid.relative:.0%} threshold"
        )


def compare(
    instrument: str,
    baseline: float,
    latest: float,
    *,
    mcid: Mcid | None = None,
    baseline_on: date | None = None,
    latest_on: date | None = None,
) -> Change:
    threshold = mcid if mcid is not None else mcid_for(instrument)
    delta = latest - baseline
    improvement = delta if threshold.higher_is_better else -delta
    if improvement >= threshold.value:
        reading = ChangeReading.IMPROVED
    elif -improvement >= threshold.value:
        reading = ChangeReading.WORSE
    else:
        reading = ChangeReading.NO_MEANINGFUL_CHANGE
    relative = relative_improved = None
    if threshold.relative is not None and baseline != 0:
        relative = round(improvement / abs(baseline), 9)  # 10 -> 7 is exactly 30%
        relative_improved = relative >= threshold.relative
    return Change(
        instrument=instrument,
        baseline=baseline,
        latest=latest,
        delta=delta,
        improvement=improvement,
        mcid=threshold,
        reading=reading,
        baseline_on=baseline_on,
        latest_on=latest_on,
        relative_improvement=relative,
        relative_improved=relative_improved,
    )
