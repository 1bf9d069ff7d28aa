"""The runner's own heart rate, the two load scales, chronic load, monotony and the ratio's base."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from kneecap.domain.load.activity import Activity, HeartRateTrace, Sport
from kneecap.domain.load.analysis import analyze
from kneecap.domain.load.ewma import CHRONIC_LABELS, CTL_DAYS, acwr, decay, ewma
from kneecap.domain.load.hr_samples import HrHistogram, histogram_from_samples
from kneecap.domain.load.monotony import rolling_monotony
from kneecap.domain.load.series import acwr_reason
from kneecap.domain.load.trimp import (
    HeartRateProfile,
    HrMaxSource,
    LoadScale,
    Sex,
    session_loads,
    tanaka_hr_max,
    trimp_from_histogram,
    trimp_from_trace,
)


def day(d: date, hour: int = 7) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=UTC)


def hr_run(d: date, minutes: float = 40, bpm: float = 150, rpe: float | None = None) -> Activity:
    t = np.arange(0.0, minutes * 60 + 1, 1.0)
    trace = HeartRateTrace(t, np.full(t.size, bpm))
    return Activity(Sport.RUN, day(d), minutes * 60, distance_m=minutes * 160, rpe=rpe,
                    avg_hr=bpm, heart_rate=trace)  # fmt: skip


def rpe_run(d: date, minutes: float = 40, rpe: float = 5) -> Activity:
    return Activity(Sport.RUN, day(d), minutes * 60, distance_m=minutes * 160, rpe=rpe)


def test_tanaka_worked_values_and_age_on_each_day() -> None:
    assert tanaka_hr_max(40) == pytest.approx(180.0)  # 208 − 0.7 × 40
    assert tanaka_hr_max(20) == pytest.approx(194.0)
    p = HeartRateProfile(birth_date=date(1984, 6, 1))
    assert p.hr_max_on(date(2024, 6, 1)) == pytest.approx(180.0, abs=0.01)
    assert p.hr_max_on(date(2014, 6, 1)) == pytest.approx(187.0, abs=0.01)  # at 30
    measured = HeartRateProfile(52, 191, Sex.MALE, birth_date=date(1984, 6, 1))
    assert measured.hr_max_on(date(2024, 6, 1)) == 191  # a measured value wins
    assert HeartRateProfile.from_age(40, None).hr_max_source is HrMaxSource.TANAKA


def test_profile_refuses_values_that_are_not_heart_rates() -> None:
    with pytest.raises(ValueError, match="resting"):
        HeartRateProfile(hr_rest=10)
    with pytest.raises(ValueError, match="maximum"):
        HeartRateProfile(hr_max=300)
    with pytest.raises(ValueError, match="above the resting"):
        HeartRateProfile(hr_rest=110, hr_max=105)


def test_sex_sets_the_banister_weighting_and_unknown_is_named() -> None:
    h = HrHistogram(130, np.array([1800.0]))  # 30 min at 130 bpm
    male = HeartRateProfile(60, 200, Sex.MALE)
    female = HeartRateProfile(60, 200, Sex.FEMALE)
    unknown = HeartRateProfile(None, 200, None)  # rest not measured: 60 assumed
    assert trimp_from_histogram(h, male) == pytest.approx(30 * 0.5 * 0.64 * math.exp(0.96))
    assert trimp_from_histogram(h, female) == pytest.approx(30 * 0.5 * 0.86 * math.exp(0.835))
    assert trimp_from_histogram(h, unknown) == trimp_from_histogram(h, female)
    assert "female weighting (sex not recorded)" in unknown.describe()
    assert "resting heart rate 60 bpm assumed" in unknown.describe()
    assert "measured maximum heart rate 200" in male.describe()


def test_histogram_recomputes_the_trace_trimp_exactly_for_new_values() -> None:
    rng = np.random.default_rng(4)
    t = np.cumsum(rng.integers(1, 5, 3000)).astype(np.float64)
    bpm = rng.integers(95, 185, 3000).astype(np.float64)
    h = histogram_from_samples(t, bpm)
    assert h is not None and h.seconds.size <= 91
    for p in (HeartRateProfile(60, 190, Sex.FEMALE), HeartRateProfile(48, 201, Sex.MALE)):
        assert trimp_from_histogram(h, p) == pytest.approx(trimp_from_trace(t, bpm, p))
    back = HrHistogram.from_bytes(h.to_bytes())
    assert back.first_bpm == h.first_bpm and np.allclose(back.seconds, h.seconds)
    assert len(h.to_bytes()) == 2 + 4 * h.seconds.size  # compact: not the 3,000 samples


def test_heart_rate_without_any_hr_max_is_no_load_with_a_reason() -> None:
    a = hr_run(date(2024, 3, 1))
    s = session_loads(a, HeartRateProfile(hr_rest=55))
    assert s.trimp is None and s.srpe is None
    assert s.reason is not None and "no maximum heart rate" in s.reason
    res = analyze([a], date(2024, 3, 2), HeartRateProfile(hr_rest=55))
    assert res.coverage is not None and res.coverage.on_scale == 0
    assert (
        "no maximum heart rate" in res.method_note and "1 sessions carry no load" in res.method_note
    )


def test_rpe_and_heart_rate_loads_are_never_added_on_one_scale() -> None:
    start = date(2024, 3, 4)
    p = HeartRateProfile(60, 190, Sex.FEMALE)
    acts = [hr_run(start + timedelta(days=i)) for i in range(0, 10, 2)]
    acts += [rpe_run(start + timedelta(days=i)) for i in range(1, 6, 2)]
    res = analyze(acts, start + timedelta(days=10), p)
    assert res.daily.scale is LoadScale.TRIMP  # 5 HR sessions vs 3 RPE-only
    assert np.allclose(res.daily.load, res.daily.load_trimp)  # nothing of the RPE scale in it
    assert res.daily.load_srpe.sum() == pytest.approx(3 * 40 * 5)
    assert res.coverage is not None and res.coverage.other_scale_only == 3
    assert "3 sessions have only session RPE" in res.method_note
    srpe = analyze(acts, start + timedelta(days=10), p, scale=LoadScale.SRPE)
    assert np.allclose(srpe.daily.load, srpe.daily.load_srpe)


def test_chronic_load_is_offered_over_28_and_42_days_and_labelled() -> None:
    start = date(2024, 1, 1)
    acts = [rpe_run(start + timedelta(days=i)) for i in range(0, 90, 2)]
    res = analyze(acts, start + timedelta(days=90))
    assert res.chronic_label == CHRONIC_LABELS[28] and "28-day" in res.method_note
    assert np.allclose(res.derived.chronic_series(CTL_DAYS), ewma(res.daily.load, 42))
    ctl = analyze(acts, start + timedelta(days=90), chronic_days=CTL_DAYS)
    assert ctl.derived.ctl is not None
    assert "GoldenCheetah" in ctl.chronic_label and np.allclose(ctl.chronic, ctl.derived.ctl)
    with pytest.raises(ValueError):
        res.derived.chronic_series(30)


def test_monotony_is_fosters_with_the_population_sd_and_says_so() -> None:
    week = np.array([300.0] * 6 + [0.0])
    mono, _ = rolling_monotony(week)
    assert mono[-1] == pytest.approx(257.142857 / 104.97, rel=1e-3)  # population SD 104.97
    sample, _ = rolling_monotony(week, ddof=1)
    assert sample[-1] == pytest.approx(mono[-1] * math.sqrt(6 / 7))
    res = analyze([rpe_run(date(2024, 1, 1))], date(2024, 1, 2))
    assert "population SD" in res.method_note and "Foster 1998" in res.method_note


def test_one_easy_run_after_two_years_off_has_no_ratio_and_says_why() -> None:
    old = [rpe_run(date(2021, 1, 1) + timedelta(days=i)) for i in range(0, 200, 2)]
    today = date(2023, 9, 1)
    res = analyze([*old, rpe_run(today, 30, 3)], today)
    raw = acwr(res.daily.load)[2][0, -1]
    assert raw == pytest.approx(decay(7) / decay(28), rel=1e-3)  # 3.79: one session / EWMA tail
    assert raw == pytest.approx(3.79, abs=0.01)
    assert np.isnan(res.derived.acwr[0, -1])
    reason = acwr_reason(res.derived, 0, res.daily.days - 1)
    assert reason is not None and "break of more than 28 days" in reason
    assert not [a for a in res.alerts if a.rule_id == "acwr"]


def test_the_ratio_returns_once_the_new_base_is_built() -> None:
    start = date(2023, 1, 2)
    acts = [rpe_run(start + timedelta(days=i)) for i in range(0, 70, 2)]
    res = analyze(acts, start + timedelta(days=69))
    assert not np.isnan(res.derived.acwr[0, -1])
    assert acwr_reason(res.derived, 0, res.daily.days - 1) is None
    assert np.isnan(res.derived.acwr[0, 40])  # 40 days in: still building the base
