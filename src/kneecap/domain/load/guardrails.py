"""Evaluate the guardrail rules (rules.py) on an athlete's series; each alert carries its why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from kneecap.domain.load import rules as R
from kneecap.domain.load.activity import RUNNING_SPORTS, Sport
from kneecap.domain.load.series import SPORTS, DailyLoad, Derived, weekly


@dataclass(frozen=True, slots=True)
class Alert:
    rule_id: str
    date: date
    severity: R.Severity
    message: str
    why: dict[str, float] = field(default_factory=dict)
    source: str = ""
    evidence: str = ""


def _alert(rule: R.Rule, day: date, sev: R.Severity, msg: str, **why: float) -> Alert:
    return Alert(rule.id, day, sev, msg, {k: round(v, 3) for k, v in why.items()},
                 rule.source, rule.evidence)  # fmt: skip


def spike_band(previous_longest_m: float, run_m: float) -> R.SpikeBand | None:
    """Frandsen 2025 band of a run against the previous 30 days' longest run (None: ≤10%)."""
    if previous_longest_m <= 0:
        return None  # first run in 30 days: no reference
    increase = round(run_m / previous_longest_m - 1.0, 9)  # 11.0 vs 10.0 km is exactly 10%
    for band in R.SPIKE_BANDS:
        if band.low < increase <= band.high:
            return band
    return None


def weekly_ramp_alerts(week_start: date, week_m: npt.NDArray[np.float64]) -> list[Alert]:
    """Week-over-week running distance: Nielsen (>30%), Damsted (>20% early in a build),
    and the 10% rule shown as unsupported information."""
    out: list[Alert] = []
    build_week = 0
    for w in range(1, len(week_m)):
        prev, cur = float(week_m[w - 1]), float(week_m[w])
        build_week = 0 if prev <= 0 else build_week + 1
        if prev <= 0 or cur <= prev:
            continue
        inc = cur / prev - 1.0
        day = week_start + timedelta(weeks=w)
        km = {"previous_week_km": prev / 1000, "this_week_km": cur / 1000, "increase": inc}
        if inc > R.WEEKLY_RAMP_LIMIT:
            out.append(_alert(R.WEEKLY_RAMP, day, R.Severity.WARNING,
                f"Running distance rose {inc:.0%} on the week before (over 30%): in novices this"
                f" went with 1.59× the rate of distance-related injuries.",
                hazard_ratio=R.WEEKLY_RAMP_HR, **km))  # fmt: skip
        elif inc > R.EARLY_BUILD_LIMIT and build_week <= R.EARLY_BUILD_WEEKS:
            out.append(_alert(R.EARLY_BUILD_RAMP, day, R.Severity.CAUTION,
                f"Running distance rose {inc:.0%} in week {build_week} of a build (over 20%):"
                " early big jumps raised injury risk.",
                build_week=build_week, risk_difference=R.EARLY_BUILD_RISK_DIFF, **km))  # fmt: skip
        elif inc > R.TEN_PERCENT_LIMIT:
            out.append(
                _alert(
                    R.TEN_PERCENT_RULE,
                    day,
                    R.Severity.INFO,
                    f"Running distance rose {inc:.0%}. The '10% rule' is popular but a trial found"
                    " it did not prevent injuries; watch how your knee responds instead.",
                    **km,
                )
            )
    return out


def evaluate(
    d: DailyLoad,
    dv: Derived,
    row: int = 0,
    since: date | None = None,
) -> list[Alert]:
    """Alerts for one athlete from `since` (default: the whole series) to the series' end."""
    first = 0 if since is None else max(d.day_index(since), 0)
    out: list[Alert] = []
    longest, prev = d.longest_run_m[row], dv.prev30_longest_m[row]
    for i in np.nonzero(longest[first:] > 0)[0] + first:
        band = spike_band(float(prev[i]), float(longest[i]))
        if band is None:
            continue
        inc = longest[i] / prev[i] - 1.0
        out.append(_alert(R.SINGLE_RUN_SPIKE, d.date_of(int(i)), band.severity,
            f"This run ({longest[i] / 1000:.1f} km) was {inc:.0%} longer than your longest run"
            f" of the previous 30 days ({prev[i] / 1000:.1f} km). In a cohort of 5,205 runners,"
            f" such runs came with {band.rate_ratio}× the injury rate.",
            run_km=longest[i] / 1000, previous_longest_km=prev[i] / 1000, increase=inc,
            rate_ratio=band.rate_ratio))  # fmt: skip
    week0, wk = weekly(d.run_m[row : row + 1], d.day0)
    out.extend(a for a in weekly_ramp_alerts(week0, wk[0]) if since is None or a.date >= since)
    mono = dv.monotony[row]
    for i in range(max(first, 6), d.days):
        if mono[i] > R.MONOTONY_LIMIT and (i - 7 < first or not mono[i - 7] > R.MONOTONY_LIMIT):
            out.append(_alert(R.MONOTONY, d.date_of(i), R.Severity.CAUTION,
                f"Monotony {mono[i]:.1f} over the last 7 days (above 2): the same load day"
                " after day; vary hard and easy days.",
                monotony=float(mono[i]), strain=float(dv.strain[row, i])))  # fmt: skip
    streak = dv.days_since_rest[row]
    for i in np.nonzero(streak[first:] == R.NO_REST_DAYS)[0] + first:
        out.append(_alert(R.NO_REST, d.date_of(int(i)), R.Severity.CAUTION,
            f"{R.NO_REST_DAYS} days in a row with training and no rest day.",
            days_without_rest=float(R.NO_REST_DAYS)))  # fmt: skip
    out.extend(_cross_training(d, row))
    out.extend(_acwr_info(d, dv, row, first))
    return sorted(out, key=lambda a: (a.date, a.rule_id))


def _cross_training(d: DailyLoad, row: int) -> list[Alert]:
    last = d.sport_s[row, -R.CROSS_TRAINING_DAYS :, :].sum(axis=0)
    total = float(last.sum())
    if total <= 0:
        return []
    run_idx = [SPORTS.index(s) for s in RUNNING_SPORTS]
    other = total - float(last[run_idx].sum()) - float(last[SPORTS.index(Sport.TRANSITION)])
    share = other / total
    if share >= R.CROSS_TRAINING_MIN_SHARE:
        return []
    return [_alert(R.CROSS_TRAINING, d.date_of(d.days - 1), R.Severity.INFO,
        f"Only {share:.0%} of your training time in the last 4 weeks was cross-training;"
        " cycling, swimming or strength work add fitness with less knee load.",
        cross_training_share=share)]  # fmt: skip


def _acwr_info(d: DailyLoad, dv: Derived, row: int, first: int) -> list[Alert]:
    r = dv.acwr[row]
    out = []
    for i in range(max(first, R.ACWR_WARMUP_DAYS), d.days):
        if r[i] > R.ACWR_DANGER and not r[i - 1] > R.ACWR_DANGER:
            out.append(_alert(R.ACWR_INFO, d.date_of(i), R.Severity.INFO,
                f"Acute:chronic ratio {r[i]:.2f} (EWMA, {dv.decay.value} decay). Shown for"
                " information only: this ratio is disputed and predicts injury poorly.",
                acwr=float(r[i]), acute=float(dv.acute[row, i]),
                chronic=float(dv.chronic[row, i])))  # fmt: skip
    return out


def flag_counts(d: DailyLoad, dv: Derived) -> dict[str, npt.NDArray[np.int64]]:
    """Vectorised day flags for many athletes at once (clinic dashboards, benchmarks)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        inc = np.where(dv.prev30_longest_m > 0, d.longest_run_m / dv.prev30_longest_m - 1, 0)
    _, wk = weekly(d.run_m, d.day0)
    with np.errstate(divide="ignore", invalid="ignore"):
        winc = np.where(wk[:, :-1] > 0, wk[:, 1:] / wk[:, :-1] - 1, 0)
    return {
        R.SINGLE_RUN_SPIKE.id: ((d.longest_run_m > 0) & (inc > R.SPIKE_BANDS[0].low)).sum(1),
        R.WEEKLY_RAMP.id: (winc > R.WEEKLY_RAMP_LIMIT).sum(1),
        R.MONOTONY.id: (dv.monotony > R.MONOTONY_LIMIT).sum(1),
        R.NO_REST.id: (dv.days_since_rest == R.NO_REST_DAYS).sum(1),
        R.ACWR_INFO.id: (dv.acwr > R.ACWR_DANGER).sum(1),
    }
