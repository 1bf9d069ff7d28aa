"""Shoe mileage per pair, with the configurable retirement limit (rules.SHOE_MILEAGE)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kneecap.domain.load import rules as R
from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.load.guardrails import Alert

ON_FOOT = (Sport.RUN, Sport.WALK, Sport.HIKE)


@dataclass(frozen=True, slots=True)
class ShoeMileage:
    gear: str
    km: float
    activities: int
    last_used: date


def shoe_mileage(activities: list[Activity]) -> list[ShoeMileage]:
    acc: dict[str, tuple[float, int, date]] = {}
    for a in activities:
        if not a.gear or a.sport not in ON_FOOT:
            continue
        km, n, last = acc.get(a.gear, (0.0, 0, a.start.date()))
        acc[a.gear] = (km + (a.distance_m or 0.0) / 1000, n + 1, max(last, a.start.date()))
    return [ShoeMileage(g, km, n, last) for g, (km, n, last) in sorted(acc.items())]


def shoe_alerts(pairs: list[ShoeMileage], limit_km: float = R.DEFAULT_SHOE_LIMIT_KM) -> list[Alert]:
    r = R.SHOE_MILEAGE
    return [
        Alert(r.id, p.last_used, R.Severity.INFO,
              f"Shoes '{p.gear}' have {p.km:.0f} km, past the {limit_km:.0f} km limit set for"
              " this clinic; consider a new pair (no trial shows a set number).",
              {"km": round(p.km, 1), "limit_km": limit_km}, r.source, r.evidence)
        for p in pairs if p.km > limit_km
    ]  # fmt: skip
