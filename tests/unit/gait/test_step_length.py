"""Step length and vertical ratio: worked values and a stick runner of known geometry."""

import numpy as np
import pytest

from kneecap.domain.gait.keypoints import Side
from kneecap.domain.gait.metrics import analyse
from kneecap.domain.gait.spatial import (
    StepLengthSource,
    belt_step_length_cm,
    cm_per_px,
    vertical_ratio_pct,
)
from kneecap.domain.gait.view import View
from tests.support.synthetic import STANCE_FRACTION, stick_runner


def test_scale_from_winters_leg_proportion() -> None:
    # Winter 2009: hip to ankle = (0.245 + 0.246) H; a 180 cm runner's leg over 442 px.
    assert cm_per_px(180.0, 442.0) == pytest.approx(180 * 0.491 / 442)
    with pytest.raises(ValueError):
        cm_per_px(0.0, 400.0)


def test_belt_speed_times_step_time() -> None:
    # 10.8 km/h = 3.0 m/s; a 350 ms step carries the foot back 105 cm.
    assert belt_step_length_cm(3.0, 0.350) == pytest.approx(105.0)


def test_vertical_ratio_is_oscillation_over_step_length_in_percent() -> None:
    # Garmin Running Dynamics: 8 cm bounce over a 1.00 m step = 8.0 %.
    assert vertical_ratio_pct(8.0, 100.0) == pytest.approx(8.0)
    assert np.isnan(vertical_ratio_pct(8.0, 0.0))


def test_video_step_length_is_the_belts_travel_per_step() -> None:
    # The stick runner's forefoot is carried back 240 px over a stance of 0.36 of the stride
    # with the pelvis still: per step (half a stride) the ground moves 240 / 0.36 / 2 px.
    m = analyse(stick_runner(170, 60, 12), None, 170.0)
    expected_cm = 240 / STANCE_FRACTION / 2 * m.cm_per_px  # type: ignore[operator]
    for side in Side:
        assert m.per_side[side]["step_length_cm"].mean == pytest.approx(expected_cm, rel=0.03)
    assert m.step_length_source is StepLengthSource.VIDEO
    assert any("estimate" in n and "+-10%" in n for n in m.notes)


def test_vertical_ratio_is_shown_with_the_step_length_from_its_own_steps() -> None:
    m = analyse(stick_runner(170, 60, 12), None, 170.0)
    for s in m.steps:
        if "vertical_ratio_pct" in s.values:
            assert s.values["vertical_ratio_pct"] == pytest.approx(
                100 * s.values["vertical_oscillation_cm"] / s.values["step_length_cm"]
            )
    assert "vertical_ratio_pct" in m.per_side[Side.LEFT]


def test_belt_speed_wins_over_the_video_estimate_and_says_so() -> None:
    m = analyse(stick_runner(170, 60, 12), None, 170.0, belt_speed_ms=3.0)
    step_s = 60 / 170
    assert m.per_side[Side.RIGHT]["step_length_cm"].mean == pytest.approx(300 * step_s, rel=0.02)
    assert m.step_length_source is StepLengthSource.BELT
    assert any("belt speed (10.8 km/h" in n for n in m.notes)


def test_without_height_or_belt_speed_no_step_length_and_the_report_says_why() -> None:
    m = analyse(stick_runner(170, 60, 12))
    assert "step_length_cm" not in m.per_side[Side.LEFT]
    assert "vertical_ratio_pct" not in m.per_side[Side.LEFT]
    assert m.step_length_source is None
    assert any("need the runner's height" in n for n in m.notes)


def test_a_rear_view_gives_no_video_step_length_or_vertical_ratio() -> None:
    m = analyse(stick_runner(170, 60, 12), View.REAR, 170.0)
    assert not any("step_length_cm" in s.values or "vertical_ratio_pct" in s.values
                   for s in m.steps)  # fmt: skip
