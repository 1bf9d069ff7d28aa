"""Load engine at clinic scale: 10,000 synthetic athletes × 3 years.

Full recompute (EWMA acute/chronic + ACWR, monotony/strain, 30-day longest run, rest streaks,
weekly sums, vectorised guardrail flags) and one new activity added incrementally.
Baseline in the same run: a per-athlete Python loop over the same EWMA for 100 athletes.
Run: python bench/load_scale.py
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import numpy as np

from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.load.ewma import decay
from kneecap.domain.load.guardrails import flag_counts
from kneecap.domain.load.series import DailyLoad, add_activity, derive

ATHLETES, DAYS = 10_000, 3 * 365


def synthetic(rng: np.random.Generator) -> DailyLoad:
    d = DailyLoad.empty(ATHLETES, date(2022, 1, 1), DAYS)
    runs = rng.random((ATHLETES, DAYS)) < 0.5
    km = rng.gamma(4.0, 2.0, (ATHLETES, DAYS)) * runs
    d.run_m[:] = km * 1000
    d.distance_m[:] = d.run_m
    d.longest_run_m[:] = d.run_m
    d.duration_s[:] = km * 330
    d.load[:] = km * 6.0
    d.active[:] = runs
    return d


def main() -> None:
    rng = np.random.default_rng(1)
    d = synthetic(rng)
    t = time.perf_counter()
    dv = derive(d)
    flags = flag_counts(d, dv)
    t_full = time.perf_counter() - t
    lam = decay(28)
    t = time.perf_counter()
    for r in range(100):  # baseline: naive Python EWMA, 100 athletes only
        x = 0.0
        for v in d.load[r].tolist():
            x += lam * (v - x)
    t_base = (time.perf_counter() - t) * ATHLETES / 100
    times = []
    for k in range(200):
        a = Activity(
            Sport.RUN,
            datetime(2024, 6, 1 + k % 28, 7, tzinfo=UTC),
            3600.0,
            distance_m=12_000.0,
            rpe=5.0,
        )
        t = time.perf_counter()
        add_activity(d, dv, k, a, None)
        times.append(time.perf_counter() - t)
    print(
        f"{ATHLETES} athletes × {DAYS} days: full recompute {t_full:.2f} s"
        f" (flags: { {k: int(v.sum()) for k, v in flags.items()} })"
    )
    print(f"baseline naive Python EWMA (one series, extrapolated from 100): {t_base:.1f} s")
    print(
        f"add one activity: median {np.median(times) * 1e3:.2f} ms,"
        f" max {max(times) * 1e3:.2f} ms over {len(times)}"
    )


if __name__ == "__main__":
    main()
