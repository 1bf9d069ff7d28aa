"""The camera-angle rule (domain/gait/view.py) on its own worked values."""

import numpy as np
import pytest

from kneecap.domain.gait.view import (
    REAR_SHOULDER_WIDTH,
    SIDE_ANKLE_SWING,
    View,
    camera_yaw_deg,
    view_of_yaw,
    yaw_of,
)
from tests.support.synthetic import stick_runner


def test_square_on_and_half_way_projections() -> None:
    assert float(yaw_of(0.0, 1.0)) == 0.0  # no body width seen: square side
    assert float(yaw_of(1.0, 0.0)) == 90.0  # no fore-aft swing seen: square behind
    assert float(yaw_of(np.sin(np.radians(45)), np.cos(np.radians(45)))) == pytest.approx(45)
    # A reference 25% off moves 45 degrees to atan(1.25) = 51.3, still oblique.
    assert float(yaw_of(1.25, 1.0)) == pytest.approx(51.34, abs=0.01)
    assert view_of_yaw(float(yaw_of(1.25 * np.sin(np.radians(20)), np.cos(np.radians(20))))) is (
        View.SIDE
    )


def test_classes_are_thirds_of_the_quarter_turn() -> None:
    assert [view_of_yaw(y) for y in (0, 29, 31, 45, 59, 61, 90)] == [
        View.SIDE, View.SIDE, View.OBLIQUE, View.OBLIQUE, View.OBLIQUE, View.REAR, View.REAR,
    ]  # fmt: skip
    assert 0 < REAR_SHOULDER_WIDTH < 1 < SIDE_ANKLE_SWING


def test_a_side_on_runner_reads_side() -> None:
    kp = stick_runner(170, 30, 6)
    assert view_of_yaw(camera_yaw_deg(kp)) is View.SIDE
