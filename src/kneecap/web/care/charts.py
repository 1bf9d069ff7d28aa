"""Outcome series -> the JSON the static chart script draws with Plotly (no inline script)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kneecap.services.outcomes import SeriesSummary

# Charted series; worst pain and GROC stay in the table (GROC is a single change rating).
CHARTED = ("akps", "nprs_usual", "psfs", "koos_pf")


def chart_payload(series: Sequence[SeriesSummary]) -> list[dict[str, Any]]:
    out = []
    for s in series:
        if s.key not in CHARTED:
            continue
        ch = s.chart
        out.append(
            {
                "key": s.key,
                "label": s.label,
                "dates": [d.isoformat() for d in ch.dates],
                "scores": list(ch.scores),
                "baseline": ch.baseline,
                "improvement_line": ch.improvement_line,
                "band_low": ch.band_low,
                "band_high": ch.band_high,
                "scale_min": ch.scale_min,
                "scale_max": ch.scale_max,
                "higher_is_better": ch.higher_is_better,
                "mcid": ch.mcid.value,
                "reading": s.change.reading.value if s.change else "baseline only",
            }
        )
    return out
