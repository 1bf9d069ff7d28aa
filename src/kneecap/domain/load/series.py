"""Daily and weekly series per athlete, as numpy arrays indexed [athlete, day].

One layout serves one runner (one row) and a whole clinic (10,000 rows): every derived
series is computed for all rows at once, and adding an activity touches one cell and
recomputes only that athlete's row from the affected day on (see add_activity).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.load.ewma import ACUTE_DAYS, CHRONIC_DAYS, CTL_DAYS, Decay, acwr, ewma
from kneecap.domain.load.monotony import rolling_monotony
from kneecap.domain.load.rules import ACWR_WARMUP_DAYS
from kneecap.domain.load.trimp import HeartRateProfile, LoadScale, SessionLoad, session_loads

F = npt.NDArray[np.float64]
LOOKBACK_DAYS = 30  # Frandsen et al. 2025: longest run of the previous 30 days
SPORTS = list(Sport)


@dataclass(slots=True)
class DailyLoad:
    """Raw per-day sums; shape (athletes, days). Day 0 is `day0`."""

    day0: date
    distance_m: F
    duration_s: F
    ascent_m: F
    load: F
    run_m: F  # running distance
    longest_run_m: F  # longest single run that day
    sport_s: F  # shape (athletes, days, len(SPORTS)): time per sport
    cadence_sum: F  # sum of run avg cadence (steps/min), for the trend
    cadence_n: F
    active: npt.NDArray[np.bool_]  # any activity that day
    # the two load scales, never added together (trimp.py); `load` is the one on `scale`
    load_trimp: F
    load_srpe: F
    sessions_trimp: F  # sessions with a load on each scale, and with none
    sessions_srpe: F
    sessions_unloaded: F
    scale: LoadScale = LoadScale.TRIMP

    @staticmethod
    def empty(
        athletes: int, day0: date, days: int, scale: LoadScale = LoadScale.TRIMP
    ) -> DailyLoad:
        def z() -> F:
            return np.zeros((athletes, days))

        return DailyLoad(
            day0, z(), z(), z(), z(), z(), z(), np.zeros((athletes, days, len(SPORTS))),
            z(), z(), np.zeros((athletes, days), dtype=bool), z(), z(), z(), z(), z(), scale,
        )  # fmt: skip

    def use_scale(self, scale: LoadScale) -> None:
        """Show the series on this scale: `load` becomes that scale's daily sums."""
        self.scale = scale
        self.load[:] = self.load_trimp if scale is LoadScale.TRIMP else self.load_srpe

    @property
    def days(self) -> int:
        return self.distance_m.shape[1]

    def day_index(self, d: date) -> int:
        return (d - self.day0).days

    def date_of(self, i: int) -> date:
        return self.day0 + timedelta(days=i)


def add_to_daily(daily: DailyLoad, row: int, a: Activity, load: float | SessionLoad) -> int:
    """Add one activity's totals to its (local-date) day; returns the day index.

    A plain number is added to `load` as it is (synthetic series); a SessionLoad adds to each
    scale it has a value on, and to `load` only on the series' own scale."""
    i = daily.day_index(a.start.date())
    if not 0 <= i < daily.days:
        raise ValueError(f"activity on {a.start.date()} is outside the series' date range")
    dist = a.distance_m or 0.0
    daily.distance_m[row, i] += dist
    daily.duration_s[row, i] += a.duration_s
    daily.ascent_m[row, i] += a.ascent_m or 0.0
    if isinstance(load, SessionLoad):
        if load.trimp is not None:
            daily.load_trimp[row, i] += load.trimp
            daily.sessions_trimp[row, i] += 1
        if load.srpe is not None:
            daily.load_srpe[row, i] += load.srpe
            daily.sessions_srpe[row, i] += 1
        if load.trimp is None and load.srpe is None:
            daily.sessions_unloaded[row, i] += 1
        daily.load[row, i] += load.on(daily.scale) or 0.0
    else:
        daily.load[row, i] += load
    daily.sport_s[row, i, SPORTS.index(a.sport)] += a.moving_s or a.duration_s
    daily.active[row, i] = True
    if a.counts_as_running:
        daily.run_m[row, i] += dist
        daily.longest_run_m[row, i] = max(daily.longest_run_m[row, i], dist)
        if a.avg_cadence_spm:
            daily.cadence_sum[row, i] += a.avg_cadence_spm
            daily.cadence_n[row, i] += 1
    return i


def daily_from_activities(
    activities: list[Activity],
    profile: HeartRateProfile | None,
    day0: date,
    days: int,
    scale: LoadScale | None = None,
) -> DailyLoad:
    """One athlete's daily sums. The load scale is `scale`, else the one more sessions have a
    load on (TRIMP on a tie: it is measured, not rated)."""
    d = DailyLoad.empty(1, day0, days)
    for a in activities:
        if 0 <= d.day_index(a.start.date()) < days:
            add_to_daily(d, 0, a, session_loads(a, profile))
    if scale is None:
        more_srpe = d.sessions_srpe.sum() > d.sessions_trimp.sum()
        scale = LoadScale.SRPE if more_srpe else LoadScale.TRIMP
    d.use_scale(scale)
    return d


@dataclass(slots=True)
class Derived:
    """Series derived from DailyLoad, same shape (athletes, days)."""

    acute: F
    chronic: F
    acwr: F
    monotony: F
    strain: F
    prev30_longest_m: F  # longest run of the 30 days before each day (today excluded)
    days_since_rest: F  # consecutive active days ending on each day
    run_m_7d: F  # running distance of the 7 days ending on each day
    decay: Decay = field(default=Decay.GOLDENCHEETAH)
    ctl: F | None = None  # 42-day EWMA (GoldenCheetah's CTL), offered beside the 28-day one
    base_days: F | None = None  # days of load history since it (re)started; see acwr_base_days

    def chronic_series(self, days: int = CHRONIC_DAYS) -> F:
        """The chronic load named by its window: 28 (the ratio's base) or 42 (CTL)."""
        if days == CHRONIC_DAYS:
            return self.chronic
        if days == CTL_DAYS and self.ctl is not None:
            return self.ctl
        raise ValueError(f"chronic load is offered over {CHRONIC_DAYS} or {CTL_DAYS} days")


def derive(d: DailyLoad, convention: Decay = Decay.GOLDENCHEETAH) -> Derived:
    acute, chronic, ratio = acwr(d.load, convention)
    base = acwr_base_days(d.load)
    mono, strain = rolling_monotony(d.load)
    return Derived(
        acute, chronic, _without_base(ratio, base), mono, strain,
        prev_window_max(d.longest_run_m, LOOKBACK_DAYS), active_streak(d.active),
        rolling_sum(d.run_m, 7), convention, ewma(d.load, CTL_DAYS, convention), base,
    )  # fmt: skip


def acwr_base_days(load: F) -> F:
    """Days since the load history (re)started, on each day: it starts on the first day with
    load, and again on the first day with load after a whole chronic window (28 days) without
    any - after such a break the 28-day window holds no training, so there is no chronic base
    and the ratio of one session to the EWMA's tail says nothing (one easy run after two years
    off reads 3.79 = λ7/λ28). NaN before any load."""
    n = load.shape[-1]
    idx = np.arange(n, dtype=np.float64)
    has = load > 0
    last = np.where(has, idx, -np.inf)
    last = np.maximum.accumulate(last, axis=-1)
    prev = np.concatenate([np.full((*load.shape[:-1], 1), -np.inf), last[..., :-1]], axis=-1)
    restart = has & (idx - prev > CHRONIC_DAYS)
    start = np.maximum.accumulate(np.where(restart, idx, -np.inf), axis=-1)
    out: F = np.where(np.isfinite(start), idx - start, np.nan)
    return out


def _without_base(ratio: F, base: F) -> F:
    """The ratio only where the chronic window has two time constants of history behind it
    (rules.ACWR_WARMUP_DAYS, counted from the last restart); NaN elsewhere."""
    with np.errstate(invalid="ignore"):
        out: F = np.where(base >= ACWR_WARMUP_DAYS, ratio, np.nan)
    return out


def acwr_reason(dv: Derived, row: int, i: int) -> str | None:
    """Why there is no ratio on day i (None when there is one)."""
    b = None if dv.base_days is None else float(dv.base_days[row, i])
    if b is None or np.isnan(b):
        return "no training load recorded yet, so there is no chronic base"
    if b < ACWR_WARMUP_DAYS:
        return (
            f"only {b:.0f} days of training since the start or since a break of more than"
            f" {CHRONIC_DAYS} days; the ratio needs {ACWR_WARMUP_DAYS} days of chronic base"
        )
    if np.isnan(dv.acwr[row, i]):
        return "no chronic load on this day"
    return None


def prev_window_max(x: F, window: int) -> F:
    """Max over the `window` days before each day (exclusive), 0 where there are none."""
    n = x.shape[-1]
    padded = np.concatenate([np.zeros((*x.shape[:-1], window)), x], axis=-1)
    # doubling trick: max over 2^k windows, O(n log w) instead of O(n w)
    m = padded.copy()
    span = 1
    while span * 2 <= window:
        m[..., :-span] = np.maximum(m[..., :-span], m[..., span:])
        span *= 2
    out: F = np.maximum(m[..., :n], m[..., window - span : window - span + n])
    return out


def rolling_sum(x: F, window: int) -> F:
    c: F = np.cumsum(np.concatenate([np.zeros((*x.shape[:-1], 1)), x], axis=-1), axis=-1)
    out: F = c[..., 1:].copy()
    out[..., window:] -= c[..., 1:-window]
    return out


def active_streak(active: npt.NDArray[np.bool_]) -> F:
    """Days in a row with activity, ending on each day (0 on a rest day)."""
    idx = np.arange(active.shape[-1])
    last_rest = np.where(~active, idx, -1)
    last_rest = np.maximum.accumulate(last_rest, axis=-1)
    streak: F = (idx - last_rest).astype(np.float64)
    return streak


def add_activity(
    d: DailyLoad, dv: Derived, row: int, a: Activity, profile: HeartRateProfile | None
) -> int:
    """Incremental update: add one activity and refresh that athlete's derived series from
    the affected day on (EWMA restarts from the previous day's value). Returns the day."""
    i = add_to_daily(d, row, a, session_loads(a, profile))
    lo = max(i - 1, 0)
    series = [(ACUTE_DAYS, dv.acute), (CHRONIC_DAYS, dv.chronic)]
    if dv.ctl is not None:
        series.append((CTL_DAYS, dv.ctl))
    for n, out in series:
        start = out[row, i - 1] if i > 0 else 0.0
        out[row, i:] = ewma(d.load[row, i:], n, dv.decay, start=float(start))
    if dv.base_days is not None:
        dv.base_days[row] = acwr_base_days(d.load[row])
    with np.errstate(divide="ignore", invalid="ignore"):
        c = dv.chronic[row, i:]
        ratio = np.where(c > 1e-9, dv.acute[row, i:] / c, np.nan)
    base = dv.base_days[row, i:] if dv.base_days is not None else np.full(ratio.shape, np.inf)
    dv.acwr[row, i:] = _without_base(ratio, base)
    w0, e = max(i - 6, 0), min(i + 7, d.days)  # the monotony windows containing day i
    mono, strain = rolling_monotony(d.load[row, w0:e])
    first = i if i >= 6 else 0
    dv.monotony[row, first:e] = mono[first - w0 :]
    dv.strain[row, first:e] = strain[first - w0 :]
    hi = min(i + LOOKBACK_DAYS + 1, d.days)
    dv.prev30_longest_m[row, lo:hi] = prev_window_max(
        d.longest_run_m[row : row + 1, :hi], LOOKBACK_DAYS
    )[0, lo:hi]
    dv.days_since_rest[row, :] = active_streak(d.active[row])
    dv.run_m_7d[row, i : i + 7] = rolling_sum(d.run_m[row, : i + 7], 7)[i : i + 7]
    return i


def weekly(x: F, day0: date) -> tuple[date, F]:
    """Sum per ISO week (Monday start); returns (first Monday, array (athletes, weeks))."""
    shift = day0.weekday()
    first_monday = day0 - timedelta(days=shift)
    padded = np.concatenate([np.zeros((*x.shape[:-1], shift)), x], axis=-1)
    n = padded.shape[-1]
    weeks = -(-n // 7)
    padded = np.concatenate([padded, np.zeros((*x.shape[:-1], weeks * 7 - n))], axis=-1)
    return first_monday, padded.reshape((*x.shape[:-1], weeks, 7)).sum(axis=-1)
