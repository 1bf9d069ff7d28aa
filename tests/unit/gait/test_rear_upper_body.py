"""Rear view: arm crossover and lateral trunk sway from keypoints of known geometry."""

import numpy as np
import pytest

from kneecap.domain.gait import frontal
from kneecap.domain.gait.keypoints import KeypointSeries, Landmark, Side
from kneecap.domain.gait.metrics import ARMS_UNSEEN_NOTE, analyse
from kneecap.domain.gait.view import View
from tests.support.synthetic import stick_runner


def _frame(shoulder_dx: float, left_wrist_x: float, right_wrist_x: float) -> KeypointSeries:
    """One frame from behind: hips at x 450/550 (y 500), shoulders 120 px either side of
    500 + shoulder_dx (y 200), wrists at y 350."""
    xyv = np.zeros((1, 33, 3))
    xyv[:, :, 2] = 1.0
    xyv[0, Landmark.LEFT_HIP, :2] = (450, 500)
    xyv[0, Landmark.RIGHT_HIP, :2] = (550, 500)
    xyv[0, Landmark.LEFT_SHOULDER, :2] = (380 + shoulder_dx, 200)
    xyv[0, Landmark.RIGHT_SHOULDER, :2] = (620 + shoulder_dx, 200)
    xyv[0, Landmark.LEFT_WRIST, :2] = (left_wrist_x, 350)
    xyv[0, Landmark.RIGHT_WRIST, :2] = (right_wrist_x, 350)
    return KeypointSeries(xyv, 30.0, 1000, 1000)


def test_a_wrist_past_the_midline_towards_the_other_side_reads_positive() -> None:
    # Upright trunk: the midline is x = 500. From behind the runner's left is the image's left.
    kp = _frame(0.0, left_wrist_x=520.0, right_wrist_x=560.0)
    assert frontal.wrist_past_midline_px(kp, Side.LEFT)[0] == pytest.approx(20.0)
    assert frontal.wrist_past_midline_px(kp, Side.RIGHT)[0] == pytest.approx(-60.0)


def test_the_midline_follows_a_leaning_trunk() -> None:
    # Shoulder centre 30 px right of the pelvis centre, 300 px above it: at the wrists'
    # height (halfway up) the midline is at x = 515, and the trunk leans atan(30/300).
    kp = _frame(30.0, left_wrist_x=520.0, right_wrist_x=500.0)
    assert frontal.wrist_past_midline_px(kp, Side.LEFT)[0] == pytest.approx(5.0)
    assert frontal.wrist_past_midline_px(kp, Side.RIGHT)[0] == pytest.approx(15.0)
    lean = float(np.degrees(np.arctan(30 / 300)))
    assert frontal.lateral_trunk_lean_deg(kp, Side.RIGHT)[0] == pytest.approx(lean)
    assert frontal.lateral_trunk_lean_deg(kp, Side.LEFT)[0] == pytest.approx(-lean)


def _runner_from_behind(left_past: float, right_past: float, sway_px: float) -> KeypointSeries:
    """The stick runner read as a rear view (its contacts are found from its bounce), with
    wrists held at a known distance past the trunk midline and the shoulders swaying."""
    kp = stick_runner(170, 60, 12)
    xyv = kp.xyv.copy()
    t = np.arange(kp.n_frames) / kp.fps
    xyv[:, [11, 12], 0] += (sway_px / 2) * np.sin(2 * np.pi * t * 170 / 120)[:, None]
    pelvis = (xyv[:, 23, :2] + xyv[:, 24, :2]) / 2
    shoulders = (xyv[:, 11, :2] + xyv[:, 12, :2]) / 2
    wrist_y = pelvis[:, 1] - 100
    mid_x = pelvis[:, 0] + (wrist_y - pelvis[:, 1]) * (shoulders[:, 0] - pelvis[:, 0]) / (
        shoulders[:, 1] - pelvis[:, 1]
    )
    xyv[:, Landmark.LEFT_WRIST, :2] = np.stack([mid_x + left_past, wrist_y], 1)
    xyv[:, Landmark.RIGHT_WRIST, :2] = np.stack([mid_x - right_past, wrist_y], 1)
    return KeypointSeries(xyv, kp.fps, kp.width, kp.height)


def test_rear_view_reports_arm_crossover_and_trunk_sway_per_side() -> None:
    m = analyse(_runner_from_behind(20.0, -30.0, 40.0), View.REAR, 170.0)
    left, right = m.per_side[Side.LEFT], m.per_side[Side.RIGHT]
    leg = m.leg_length_px
    assert left["arm_crossover_leg"].mean == pytest.approx(20 / leg, rel=0.05)
    assert right["arm_crossover_leg"].mean == pytest.approx(-30 / leg, rel=0.05)
    assert left["arm_crosses_midline"].mean == 1.0 and right["arm_crosses_midline"].mean == 0.0
    assert left["arm_crossover_cm"].mean == pytest.approx(20 * m.cm_per_px, rel=0.05)  # type: ignore[operator]
    # A full stride holds one whole sway cycle: its range is the 40 px peak to peak.
    for side in Side:
        assert m.per_side[side]["trunk_sway_leg"].mean == pytest.approx(40 / leg, rel=0.05)
        assert "trunk_lateral_lean_deg" in m.per_side[side]


def test_a_side_view_has_no_rear_upper_body_measures() -> None:
    m = analyse(_runner_from_behind(20.0, -30.0, 40.0), View.SIDE, 170.0)
    assert not any(k.startswith(("arm_", "trunk_sway")) for s in m.steps for k in s.values)


def test_unseen_wrists_give_no_arm_measures_and_say_so() -> None:
    kp = _runner_from_behind(20.0, -30.0, 40.0)
    xyv = kp.xyv.copy()
    xyv[:, [Landmark.LEFT_WRIST, Landmark.RIGHT_WRIST], 2] = 0.1
    m = analyse(KeypointSeries(xyv, kp.fps, kp.width, kp.height), View.REAR, 170.0)
    assert "arm_crossover_leg" not in m.per_side[Side.LEFT]
    assert ARMS_UNSEEN_NOTE in m.notes
