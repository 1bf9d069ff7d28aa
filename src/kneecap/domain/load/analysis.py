"""One athlete's load picture: daily series, weekly summary and all alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from kneecap.domain.load import rules as R
from kneecap.domain.load.activity import Activity
from kneecap.domain.load.ewma import Decay
from kneecap.domain.load.guardrails import Alert, evaluate
from kneecap.domain.load.pain import PainEntry, pain_alerts
from kneecap.domain.load.series import DailyLoad, Derived, daily_from_activities, derive, weekly
from kneecap.domain.load.shoes import shoe_alerts, shoe_mileage
from kneecap.domain.load.trimp import HeartRateProfile

# "Open" alerts for the clinic's list of runners: guardrail alerts (caution or warning; the
# information-only ones such as ACWR and the 10% rule are left out) dated in the last two
# weeks. A display window chosen by the clinic, not a clinical threshold.
OPEN_ALERT_DAYS = 14


def open_alerts(alerts: list[Alert], today: date, days: int = OPEN_ALERT_DAYS) -> list[Alert]:
    since = today - timedelta(days=days - 1)
    return [a for a in alerts if a.severity is not R.Severity.INFO and since <= a.date <= today]


@dataclass(frozen=True, slots=True)
class WeekSummary:
    start: date
    distance_km: float
    run_km: float
    hours: float
    ascent_m: float
    load: float
    longest_run_km: float
    avg_run_cadence_spm: float | None


@dataclass(slots=True)
class LoadAnalysis:
    daily: DailyLoad
    derived: Derived
    weeks: list[WeekSummary]
    alerts: list[Alert]


def analyze(
    activities: list[Activity],
    today: date,
    profile: HeartRateProfile | None = None,
    pain: list[PainEntry] | None = None,
    shoe_limit_km: float = R.DEFAULT_SHOE_LIMIT_KM,
    convention: Decay = Decay.GOLDENCHEETAH,
) -> LoadAnalysis:
    """Series and alerts from the first activity (or 1 year back at most) up to `today`."""
    first = min((a.start.date() for a in activities), default=today)
    day0 = max(first, today - timedelta(days=3 * 365))
    days = (today - day0).days + 1
    d = daily_from_activities(activities, profile, day0, days)
    dv = derive(d, convention)
    alerts = evaluate(d, dv)
    alerts += shoe_alerts(shoe_mileage(activities), shoe_limit_km)
    alerts += pain_alerts(pain or [])
    return LoadAnalysis(d, dv, weekly_summary(d), sorted(alerts, key=lambda a: a.date))


def weekly_summary(d: DailyLoad, row: int = 0) -> list[WeekSummary]:
    w0, dist = weekly(d.distance_m[row : row + 1], d.day0)
    sums = {
        k: weekly(getattr(d, k)[row : row + 1], d.day0)[1][0]
        for k in ("run_m", "duration_s", "ascent_m", "load", "cadence_sum", "cadence_n")
    }
    shift = d.day0.weekday()
    longest = np.concatenate([np.zeros(shift), d.longest_run_m[row]])
    longest = np.concatenate([longest, np.zeros(-len(longest) % 7)]).reshape(-1, 7).max(1)
    out = []
    for k in range(dist.shape[1]):
        n = sums["cadence_n"][k]
        out.append(WeekSummary(
            w0 + timedelta(weeks=k), round(float(dist[0, k]) / 1000, 2),
            round(float(sums["run_m"][k]) / 1000, 2), round(float(sums["duration_s"][k]) / 3600, 2),
            round(float(sums["ascent_m"][k]), 1), round(float(sums["load"][k]), 1),
            round(float(longest[k]) / 1000, 2),
            round(float(sums["cadence_sum"][k] / n), 1) if n else None,
        ))  # fmt: skip
    return out
