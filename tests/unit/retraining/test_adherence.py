"""Time on target, drift and trend from per-record cadence; runs without cadence say so."""

from __future__ import annotations

from datetime import date

import numpy as np

from kneecap.domain.load.pain import PainEntry, PainZone
from kneecap.domain.retraining.adherence import (
    CadenceTrace,
    RunStatus,
    from_average,
    from_trace,
    pain_on,
    trend,
)


def _trace(spm: list[float], dt: float = 1.0) -> CadenceTrace:
    return CadenceTrace(np.arange(len(spm)) * dt, np.array(spm, float))


def test_time_within_band_and_drift() -> None:
    # 10 min at 172 (on target), then 5 min at 168 (4 off: outside +-3)
    r = from_trace(_trace([172.0] * 600 + [168.0] * 300), 172)
    assert r.status is RunStatus.MEASURED
    assert r.running_s == 900
    assert r.within_s == 600 and round(r.within_share or 0, 3) == 0.667
    assert r.first_third_spm == 172.0 and r.last_third_spm == 168.0
    assert r.drift_spm == -4.0
    assert "67% of the running within ±3 steps/min of 172" in r.message


def test_band_edges_are_inside() -> None:
    r = from_trace(_trace([169.0] * 60 + [175.0] * 60 + [175.5] * 60), 172)
    assert r.within_s == 120


def test_walking_and_pauses_are_not_running_time() -> None:
    # 2 min running on target, a 5-min gap (watch paused), 1 min walking at 100 spm
    t = np.concatenate([np.arange(120.0), 420 + np.arange(60.0)])
    spm = np.concatenate([np.full(120, 172.0), np.full(60, 100.0)])
    r = from_trace(CadenceTrace(t, spm), 172)
    assert r.running_s == 120 and r.within_share == 1.0


def test_hostile_traces() -> None:
    assert from_trace(_trace([]), 172).status is RunStatus.NO_CADENCE
    assert from_trace(_trace([0.0] * 100), 172).status is RunStatus.NO_CADENCE
    assert from_trace(_trace([float("nan")] * 100), 172).status is RunStatus.NO_CADENCE
    assert from_trace(_trace([172.0] * 30), 172).status is RunStatus.TOO_SHORT
    shuffled = CadenceTrace(np.array([2.0, 0.0, 1.0] * 1), np.array([172.0, 172.0, 172.0]))
    assert from_trace(shuffled, 172).status is RunStatus.TOO_SHORT


def test_runs_without_records_say_so() -> None:
    assert "no cadence data" in from_average(None, 172).message
    avg = from_average(170.0, 172)
    assert avg.status is RunStatus.AVERAGE_ONLY and avg.within_share is None
    assert "cannot be measured" in avg.message


def test_trend_across_sessions() -> None:
    runs = [from_trace(_trace([v] * 600), 172) for v in (164.0, 167.0, 170.0, 172.0)]
    t = trend(runs)
    assert t.sessions_measured == 4
    assert round(t.spm_per_session or 0, 2) == 2.7
    assert t.share_first == 0.0 and t.share_last == 1.0


def test_pain_during_and_next_morning_by_the_pain_model() -> None:
    p = pain_on(PainEntry(date(2026, 3, 2), during=4, next_morning=6))
    assert p.zone is PainZone.ACCEPTABLE and p.worse_next_morning
    assert pain_on(None).zone is None
