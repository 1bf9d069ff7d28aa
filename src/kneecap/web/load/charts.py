"""The numbers behind the load page's charts, as one JSON-able dict for static/load.js.

Guardrail bands are drawn from the rules' own thresholds (domain/load/rules.py), so the
charts and the alerts can never disagree.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from kneecap.domain.load import rules as R
from kneecap.domain.load.ewma import ACWR_SWEET_SPOT
from kneecap.services.training import TrainingReport

DAYS_SHOWN = 182  # half a year of daily series keeps the page light
WEEKS_SHOWN = 26


def _num(x: float) -> float | None:
    return None if math.isnan(x) or math.isinf(x) else round(float(x), 2)


def chart_data(r: TrainingReport, shoe_limit_km: float) -> dict[str, Any]:
    a = r.analysis
    weeks = a.weeks[-WEEKS_SHOWN:]
    prev = [None, *[w.run_km for w in weeks[:-1]]]
    first = max(a.daily.days - DAYS_SHOWN, 0)
    days = [(a.daily.day0 + timedelta(days=i)).isoformat() for i in range(first, a.daily.days)]
    longest = a.daily.longest_run_m[0, first:] / 1000
    prev30 = a.derived.prev30_longest_m[0, first:] / 1000
    acwr = [
        _num(v) if i >= R.ACWR_WARMUP_DAYS else None
        for i, v in enumerate(a.derived.acwr[0]) if i >= first
    ]  # fmt: skip
    shown_from = a.daily.day0 + timedelta(days=first)
    end = r.period_end or r.today
    in_view = [x for x in r.activities if shown_from <= x.start.date() <= end]
    cadence_runs = [x for x in in_view if x.counts_as_running and x.avg_cadence_spm]
    dated = [x.start.date() for x in r.activities if not x.date_unconfirmed]
    earlier = max((d for d in dated if d < shown_from), default=None)
    return {
        # Which period the charts show, and the one that has data when this one has none.
        "period": {
            "from": shown_from.isoformat(),
            "to": end.isoformat(),
            "activities": len(in_view),
            "data_from": r.data_first.isoformat() if r.data_first else None,
            "data_to": r.data_last.isoformat() if r.data_last else None,
            # the newest activity before this period: the page offers the period ending there
            "earlier": earlier.isoformat() if earlier else None,
        },
        "weekly": {
            "weeks": [w.start.isoformat() for w in weeks],
            "run_km": [w.run_km for w in weeks],
            "other_km": [round(w.distance_km - w.run_km, 2) for w in weeks],
            # Nielsen 2014: more than +30% on the week before
            "ramp_limit_km": [
                None if not p else round(p * (1 + R.WEEKLY_RAMP_LIMIT), 2) for p in prev
            ],
            # the '10% rule', drawn for information: not supported by trials (Buist 2008)
            "ten_pct_km": [
                None if not p else round(p * (1 + R.TEN_PERCENT_LIMIT), 2) for p in prev
            ],
        },
        "long_runs": {
            "days": [d for d, km in zip(days, longest, strict=True) if km > 0],
            "km": [round(float(km), 2) for km in longest if km > 0],
            "days_all": days,
            # Frandsen 2025: a run more than 10% over the previous 30 days' longest
            "spike_limit_km": [
                None if p <= 0 else round(float(p) * (1 + R.SPIKE_BANDS[0].low), 2) for p in prev30
            ],
        },
        "load": {
            "days": days,
            "acute": [_num(v) for v in a.derived.acute[0, first:]],
            "chronic": [_num(v) for v in a.chronic[0, first:]],
            "chronic_label": a.chronic_label,
            "chronic_days": a.chronic_days,
            "acwr": acwr,
            "sweet_spot": list(ACWR_SWEET_SPOT),
            "danger": R.ACWR_DANGER,
        },
        "shoes": {
            "gear": [s.gear for s in r.shoes],
            "km": [round(s.km, 1) for s in r.shoes],
            "limit_km": shoe_limit_km,
        },
        "cadence": {
            "weeks": [w.start.isoformat() for w in weeks if w.avg_run_cadence_spm],
            "spm": [w.avg_run_cadence_spm for w in weeks if w.avg_run_cadence_spm],
            # what the card says beside the table: runs with cadence in the period shown,
            # and all activities with a cadence (other sports, other periods, unconfirmed)
            "runs_in_period": len(cadence_runs),
            "with_cadence": sum(1 for x in r.activities if x.avg_cadence_spm),
        },
    }
