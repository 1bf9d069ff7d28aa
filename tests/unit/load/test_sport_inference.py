"""Sport inference from speed, its variability and cadence (domain/load/sport_inference.py)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kneecap.domain.load.activity import Sport
from kneecap.domain.load.provenance import Confidence, SportBasis
from kneecap.domain.load.speed_records import (
    CYCLING_HOUR_RECORD_MS,
    RUNNING_RECORDS,
    running_record_speed,
)
from kneecap.domain.load.sport_inference import Motion, infer_sport, motion


def track(
    speeds_kmh: list[float], seconds_each: float = 60.0, cadence: float | None = None
) -> Motion:
    """1-s samples, each stretch at its own constant speed."""
    v = np.repeat(np.array(speeds_kmh) / 3.6, int(seconds_each))
    t = np.arange(v.size + 1, dtype=np.float64)
    d = np.concatenate([[0.0], np.cumsum(v)])
    return motion(t, d, None, cadence)


def test_record_speeds_are_the_records_themselves() -> None:
    for seconds, metres in RUNNING_RECORDS:
        assert running_record_speed(seconds) == pytest.approx(metres / seconds)
    # marathon world record 2:00:35: 5.83 m/s; beyond it the bound stays there
    assert running_record_speed(7235) == pytest.approx(42195 / 7235)
    assert running_record_speed(20000) == pytest.approx(42195 / 7235)
    assert round(CYCLING_HOUR_RECORD_MS, 3) == 15.776  # 56.792 km/h


def test_steady_run_is_a_run_without_asking() -> None:
    sport, call = infer_sport(track([11.0] * 50))
    assert sport is Sport.RUN and call.basis is SportBasis.INFERRED
    assert call.confidence is Confidence.MEDIUM and not call.needs_confirmation
    assert "running speed" in call.reason


def test_ride_at_24_kmh_for_100_minutes_is_faster_than_any_run() -> None:
    # 40.8 km at 24 km/h: an hour at 24 km/h beats the running record for an hour (~22 km/h)
    sport, call = infer_sport(track([24.0] * 102))
    assert sport is Sport.RIDE and call.confidence is Confidence.HIGH
    assert not call.needs_confirmation and "world record" in call.reason


def test_urban_ride_21_km_in_64_min_is_never_a_run() -> None:
    # stop-and-go city riding: 64 minutes alternating 28 and 12 km/h, with short stops
    speeds = [28.0, 28.0, 12.0, 0.0, 28.0, 28.0, 28.0, 12.0] * 8
    sport, _ = infer_sport(track(speeds))
    assert sport is Sport.RIDE
    # the same distance ridden perfectly steadily is national-class running pace: asked
    sport, call = infer_sport(track([19.8] * 64))
    assert sport is Sport.RIDE and call.needs_confirmation and "national class" in call.reason


def test_walking_speed_is_a_walk() -> None:
    sport, call = infer_sport(track([5.0] * 60))
    assert sport is Sport.WALK and not call.needs_confirmation


@pytest.mark.parametrize(
    ("cadence", "sport", "ask"),
    [(None, None, True), (82.0, Sport.RUN, False), (55.0, Sport.WALK, False)],
)
def test_walk_run_mixture_regime_is_decided_by_stride_rate_or_asked(
    cadence: float | None, sport: Sport | None, ask: bool
) -> None:
    s, call = infer_sport(track([8.0] * 40, cadence=cadence))  # 2.2 m/s: 1.9-3.0 regime
    assert call.needs_confirmation is ask
    if sport is not None:
        assert s is sport
    assert "between walking and running" in call.reason


def test_car_speed_is_not_human_powered() -> None:
    sport, call = infer_sport(track([80.0] * 30))
    assert sport is Sport.OTHER and call.needs_confirmation and "hour record" in call.reason


def test_too_little_movement_says_nothing() -> None:
    sport, call = infer_sport(track([10.0]))  # one minute
    assert sport is Sport.OTHER and call.needs_confirmation


def test_running_speed_that_swings_like_a_bike_is_asked() -> None:
    _, call = infer_sport(track([6.0, 24.0] * 20))  # mean 15 km/h, swinging
    assert call.needs_confirmation and "swings" in call.reason


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0.0, 90.0), min_size=3, max_size=150))
def test_nothing_faster_than_a_world_record_is_ever_called_a_run(speeds: list[float]) -> None:
    m = track(speeds)
    sport, call = infer_sport(m)
    beats_record = any(s >= running_record_speed(w) for w, s in m.best_speed.items())
    if beats_record:
        assert sport is not Sport.RUN
    if sport is Sport.RUN and not call.needs_confirmation:
        assert all(s < 0.8 * running_record_speed(w) for w, s in m.best_speed.items())
