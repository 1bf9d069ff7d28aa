"""Change since baseline read against the MCID, minding each instrument's direction.

AKPS, KOOS-PF and PSFS improve upwards; pain ratings improve downwards. A change counts as
meaningful when it reaches the MCID (>=), the usual reading of a minimal important difference.
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

    @property
    def text(self) -> str:
        return str(self.reading)


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
    )


def change_since_baseline(
    results: list[ScoredOutcome] | tuple[ScoredOutcome, ...], *, mcid: Mcid | None = None
) -> Change | None:
    """Compare the earliest and the latest result of one instrument; None with fewer than two."""
    if len(results) < 2:
        return None
    instruments = {r.instrument for r in results}
    if len(instruments) != 1:
        raise ValueError(
            f"change_since_baseline got several instruments ({', '.join(sorted(instruments))}); "
            "pass the results of one instrument at a time."
        )
    ordered = sorted(results, key=lambda r: r.on)
    first, last = ordered[0], ordered[-1]
    return compare(
        first.instrument,
        first.score,
        last.score,
        mcid=mcid,
        baseline_on=first.on,
        latest_on=last.on,
    )
