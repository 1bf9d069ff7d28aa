"""Series for an outcome chart (dates, scores, baseline, MCID line and band); rendering is the
web layer's job (Plotly)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kneecap.domain.outcomes.change import ScoredOutcome
from kneecap.domain.outcomes.mcid import Mcid, mcid_for


@dataclass(frozen=True, slots=True)
class OutcomeSeries:
    instrument: str
    dates: tuple[date, ...]
    scores: tuple[float, ...]
    baseline: float | None
    mcid: Mcid
    # Score a follow-up must reach to count as improved (baseline +/- MCID, inside the scale).
    improvement_line: float | None
    # Band of "no meaningful change" around baseline, clipped to the scale; None without baseline.
    band_low: float | None
    band_high: float | None
    higher_is_better: bool
    scale_min: float
    scale_max: float


def outcome_chart_series(
    results: Sequence[ScoredOutcome],
    *,
    scale_min: float,
    scale_max: float,
    mcid: Mcid | None = None,
) -> OutcomeSeries:
    """Order one instrument's results by date and add the baseline and MCID guides."""
    instruments = {r.instrument for r in results}
    if len(instruments) > 1:
        raise ValueError(
            f"A chart series takes one instrument; got {', '.join(sorted(instruments))}."
        )
    if scale_max <= scale_min:
        raise ValueError(f"scale_max ({scale_max}) must be above scale_min ({scale_min}).")
    ordered = sorted(results, key=lambda r: r.on)
    instrument = ordered[0].instrument if ordered else (mcid.instrument if mcid else "")
    threshold = mcid if mcid is not None else mcid_for(instrument)
    baseline = ordered[0].score if ordered else None
    line = low = high = None
    if baseline is not None:
        step = threshold.value if threshold.higher_is_better else -threshold.value
        line = min(max(baseline + step, scale_min), scale_max)
        low = max(baseline - threshold.value, scale_min)
        high = min(baseline + threshold.value, scale_max)
    return OutcomeSeries(
        instrument=instrument,
        dates=tuple(r.on for r in ordered),
        scores=tuple(r.score for r in ordered),
        baseline=baseline,
        mcid=threshold,
        improvement_line=line,
        band_low=low,
        band_high=high,
        higher_is_better=threshold.higher_is_better,
        scale_min=scale_min,
        scale_max=scale_max,
    )
