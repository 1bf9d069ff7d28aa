"""Slow-motion clips played at 30 fps are refused with what to do; real-speed runs are not."""

import math

import pytest

from kneecap.domain.gait.errors import SlowMotionError
from kneecap.domain.gait.keypoints import KeypointSeries
from kneecap.domain.gait.metrics import analyse
from kneecap.domain.gait.playback import Playback, apparent_gravity_ms2
from tests.support.synthetic import stick_runner


def test_apparent_gravity_worked_value() -> None:
    # 2 pi^2 x 0.08 m / 0.36^2 s^2 = 12.2 m/s^2; four times slower: 16 times less.
    assert apparent_gravity_ms2(0.08, 0.36) == pytest.approx(2 * math.pi**2 * 0.08 / 0.1296)
    assert apparent_gravity_ms2(0.08, 4 * 0.36) == pytest.approx(
        apparent_gravity_ms2(0.08, 0.36) / 16
    )


def test_a_run_at_real_speed_bounces_with_gravity_and_is_analysed() -> None:
    m = analyse(stick_runner(170, 60, 12), None, 170.0)
    assert m.playback is not None
    assert m.playback.apparent_g_ms2 == pytest.approx(9.81, rel=0.15)
    assert not m.playback.slowed and m.playback.real_speed_run


def _played_at_30(fps: float) -> KeypointSeries:
    kp = stick_runner(170, fps, 12)
    return KeypointSeries(kp.xyv, 30.0, kp.width, kp.height)


@pytest.mark.parametrize(("filmed_fps", "factor"), [(60.0, 2), (120.0, 4), (240.0, 8)])
def test_slow_motion_played_at_30_fps_is_refused_with_the_frame_rate_to_give(
    filmed_fps: float, factor: int
) -> None:
    with pytest.raises(SlowMotionError) as exc:
        analyse(_played_at_30(filmed_fps), None, 170.0)
    msg = exc.value.user_message
    assert f"1/{factor} speed" in msg
    assert f"--fps {filmed_fps:.0f}" in msg
    assert "real speed" in msg


def test_the_same_clip_with_its_real_frame_rate_is_analysed() -> None:
    slow = _played_at_30(120.0)
    m = analyse(KeypointSeries(slow.xyv, 120.0, slow.width, slow.height), None, 170.0)
    assert m.cadence_spm == pytest.approx(170, abs=1.5)


def test_without_the_height_the_check_still_works_on_an_assumed_stature() -> None:
    with pytest.raises(SlowMotionError):
        analyse(_played_at_30(120.0))


def test_only_a_slow_step_rate_with_flight_and_too_little_bounce_counts_as_slowed() -> None:
    assert Playback(2.0, 0.38, 85.0).slowed
    assert not Playback(2.0, 0.62, 100.0).slowed  # no flight: a walk
    assert not Playback(2.0, 0.38, 165.0).slowed  # a running step rate
    assert not Playback(9.0, 0.38, 110.0).slowed  # bounces as gravity makes it
    assert Playback(0.6, 0.38, 42.0).likely_factor == 4
