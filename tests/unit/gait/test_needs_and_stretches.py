"""What each measure needs (and why an analysis lacks one), and the stretches of frames
without a confident pose that the review lists."""

from __future__ import annotations

import numpy as np
import pytest

from kneecap.domain.gait.keypoints import LEG, KeypointSeries, Side
from kneecap.domain.gait.metrics import MIN_FPS_CONTACT_TIME
from kneecap.domain.gait.needs import NEEDS, why_absent
from kneecap.domain.gait.quality import Stretch, low_confidence_stretches
from kneecap.domain.gait.review import METRIC_LABELS, compare_all, not_measured
from tests.support.synthetic import stick_runner


def test_every_labelled_measure_says_what_it_needs() -> None:
    assert set(METRIC_LABELS) == set(NEEDS)


@pytest.mark.parametrize(
    ("key", "metrics", "why"),
    [
        ("contact_time_ms", {"view": "side", "fps": 30.0}, "needs video at 60 fps or more"),
        ("contact_time_ms", {"view": "rear", "fps": 60.0}, "needs a video from the side"),
        ("pelvic_drop_deg", {"view": "oblique", "fps": 30.0}, "needs a video from behind"),
        ("step_width_cm", {"view": "rear", "fps": 30.0, "cm_per_px": None}, "runner's height"),
        ("arm_crossover_leg", {"view": "rear", "fps": 30.0}, "both wrists in view"),
        ("step_length_cm", {"view": "side", "fps": 30.0}, "height or the treadmill's belt"),
        ("step_length_cm", {"view": "rear", "fps": 30.0}, "needs the treadmill's belt speed"),
        ("step_time_ms", {"view": "oblique", "fps": 30.0}, "too few steps were placed"),
        ("knee_flexion_ic_deg", None, "has not finished"),
    ],
)
def test_why_a_measure_is_absent(key: str, metrics: dict[str, object] | None, why: str) -> None:
    assert why in why_absent(key, metrics)


def test_contact_time_needs_the_frame_rate_metrics_measures_it_from() -> None:
    assert NEEDS["contact_time_ms"].min_fps == MIN_FPS_CONTACT_TIME


def test_measures_neither_analysis_has_are_grouped_by_reason_once_per_measure() -> None:
    side = {"view": "side", "fps": 30.0, "per_side": {}}
    groups = dict(not_measured(compare_all(side, side)))
    rear_only = groups["needs a video from behind (this one is from the side)"]
    assert "Pelvic drop (deg)" in rear_only and rear_only.count("Pelvic drop (deg)") == 1


def test_frames_without_a_confident_pose_are_listed_as_stretches() -> None:
    kp = stick_runner(170, 30, 6)
    xyv = kp.xyv.copy()
    xyv[30:40, LEG[Side.LEFT].ankle, 2] = 0.1  # frames 30-39 not seen confidently
    xyv[42, LEG[Side.RIGHT].toe, 0] = np.nan  # 0.1 s later: the same stretch
    xyv[90, LEG[Side.RIGHT].knee, 2] = 0.0  # another
    raw = KeypointSeries(xyv, kp.fps, kp.width, kp.height)
    got = low_confidence_stretches(raw)
    assert [(s.first, s.last) for s in got] == [(30, 42), (90, 90)]
    assert Stretch(30, 42, 30.0).to_dict() == {
        "start_s": 1.0, "end_s": 1.433, "first_frame": 30, "frames": 13,
    }  # fmt: skip
    assert low_confidence_stretches(kp) == []
