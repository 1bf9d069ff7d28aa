"""One athlete's load picture: daily series, weekly summary and all alerts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from kneecap.domain.load import rules as R
from kneecap.domain.load.activity import Activity
from kneecap.domain.load.ewma import CHRONIC_LABELS, DEFAULT_CHRONIC_DAYS, Decay
from kneecap.domain.load.guardrails import Alert, evaluate
from kneecap.domain.load.monotony import MONOTONY_CONVENTION
from kneecap.domain.load.pain import PainEntry, pain_alerts
from kneecap.domain.load.series import DailyLoad, Derived, daily_from_activities, derive, weekly
from kneecap.domain.load.shoes import shoe_alerts, shoe_mileage
from kneecap.domain.load.trimp import HeartRateProfile, LoadScale, session_loads

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


SCALE_NAMES = {
    LoadScale.TRIMP: "Banister TRIMP from heart rate",
    LoadScale.SRPE: "session RPE × minutes (Foster 2001)",
}


@dataclass(frozen=True, slots=True)
class LoadCoverage:
    """Which scale the series is on, and how many sessions it leaves out and why."""

    scale: LoadScale
    on_scale: int  # sessions with a load on the series' scale
    other_scale_only: int  # sessions with a load only on the other scale (not added)
    without_load: dict[str, int] = field(default_factory=dict)  # reason -> sessions


@dataclass(slots=True)
class LoadAnalysis:
    daily: DailyLoad
    derived: Derived
    weeks: list[WeekSummary]
    alerts: list[Alert]
    coverage: LoadCoverage | None = None
    chronic_days: int = DEFAULT_CHRONIC_DAYS
    # left out of every series until a person confirms their date (provenance.Issue)
    excluded: list[Activity] = field(default_factory=list)
    # counted under their best-guess sport, which a person still has to confirm
    unconfirmed: list[Activity] = field(default_factory=list)
    method_note: str = ""

    @property
    def chronic_label(self) -> str:
        return CHRONIC_LABELS[self.chronic_days]

    @property
    def chronic(self) -> npt.NDArray[np.float64]:
        """The chronic series named by chronic_label."""
        return self.derived.chronic_series(self.chronic_days)


def analyze(
    activities: list[Activity],
    today: date,
    profile: HeartRateProfile | None = None,
    pain: list[PainEntry] | None = None,
    shoe_limit_km: float = R.DEFAULT_SHOE_LIMIT_KM,
    convention: Decay = Decay.GOLDENCHEETAH,
    chronic_days: int = DEFAULT_CHRONIC_DAYS,
    scale: LoadScale | None = None,
) -> LoadAnalysis:
    """Series and alerts from the first activity (or 3 years back at most) up to `today`.

    Activities whose date awaits confirmation are left out (listed in `excluded`); the load
    series is on one scale (`scale`, else the one more sessions have) and says which."""
    excluded = [a for a in activities if a.date_unconfirmed]
    acts = [a for a in activities if not a.date_unconfirmed]
    first = min((a.start.date() for a in acts), default=today)
    day0 = max(min(first, today), today - timedelta(days=3 * 365))
    days = (today - day0).days + 1
    d = daily_from_activities(acts, profile, day0, days, scale)
    dv = derive(d, convention)
    alerts = evaluate(d, dv)
    alerts += shoe_alerts(shoe_mileage(acts), shoe_limit_km)
    alerts += pain_alerts(pain or [])
    in_range = [a for a in acts if day0 <= a.start.date() <= today]
    coverage = load_coverage(in_range, profile, d.scale)
    return LoadAnalysis(
        d, dv, weekly_summary(d), sorted(alerts, key=lambda a: a.date), coverage,
        chronic_days, excluded, [a for a in in_range if a.sport_call.needs_confirmation],
        method_note(coverage, profile, dv.decay, chronic_days),
    )  # fmt: skip


def load_coverage(
    acts: list[Activity], profile: HeartRateProfile | None, scale: LoadScale
) -> LoadCoverage:
    on = other = 0
    reasons: Counter[str] = Counter()
    for a in acts:
        s = session_loads(a, profile)
        if s.on(scale) is not None:
            on += 1
        elif s.trimp is not None or s.srpe is not None:
            other += 1
        else:
            reasons[s.reason or "no load"] += 1
    return LoadCoverage(scale, on, other, dict(reasons))


def method_note(
    c: LoadCoverage, profile: HeartRateProfile | None, convention: Decay, chronic_days: int
) -> str:
    """How the load shown was computed, in words (which scale, what it leaves out, which
    chronic load, which monotony)."""
    parts = [f"Session load: {SCALE_NAMES[c.scale]} ({c.on_scale} sessions)."]
    if c.scale is LoadScale.TRIMP:
        parts.append(
            "Heart-rate values: "
            + (profile.describe() if profile else "no heart-rate profile")
            + "."
        )
    if c.other_scale_only:
        other = LoadScale.SRPE if c.scale is LoadScale.TRIMP else LoadScale.TRIMP
        parts.append(
            f"{c.other_scale_only} sessions have only {SCALE_NAMES[other]}: a different scale,"
            " not added."
        )
    for reason, n in sorted(c.without_load.items()):
        parts.append(f"{n} sessions carry no load: {reason}.")
    parts.append(
        f"Acute load: 7-day EWMA; {CHRONIC_LABELS[chronic_days]}"
        f" (decay {convention.value}). Monotony: {MONOTONY_CONVENTION}."
    )
    return " ".join(parts)


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
