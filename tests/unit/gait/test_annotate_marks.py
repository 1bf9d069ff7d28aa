"""The annotated video's knee strip stays clear of the runner; contacts and gaps are marked."""

from typing import Any

import numpy as np

from kneecap.adapters.video.annotate import COLOURS, GAP_COLOUR, LOW_COLOUR, Marks, draw, strip_band
from kneecap.domain.gait.keypoints import Landmark, Side


def runner_points(top: float, bottom: float, frames: int = 5) -> np.ndarray[Any, Any]:
    pts = np.full((frames, 33, 3), np.nan)
    pts[:, :, 0] = 200.0
    pts[:, :, 1] = np.linspace(top, bottom, 33)
    pts[:, :, 2] = 1.0
    return pts


def test_strip_goes_above_a_runner_whose_feet_reach_the_bottom() -> None:
    top, h = strip_band(runner_points(300, 950), 960)
    assert top == 0 and h >= 24
    assert top + h < 300


def test_strip_goes_below_a_runner_high_in_the_frame() -> None:
    top, h = strip_band(runner_points(20, 600), 960)
    assert top > 600 and top + h == 960


def test_a_contact_and_a_gap_are_drawn() -> None:
    pts = runner_points(100, 400)[0]
    pts[Landmark.LEFT_HEEL, :2] = (150, 380)
    img = np.zeros((480, 320, 3), np.uint8)
    marks = Marks(contacts=[(10, Side.LEFT)], gaps=[(10, 20)], strip=(420, 60))
    out = draw(img, pts, {Side.LEFT: [], Side.RIGHT: []}, 30.0, 11, marks)
    assert (out[380, 150 - 11 : 150 + 12] == COLOURS[Side.LEFT]).all(axis=1).any()
    assert (out[0, 100] == GAP_COLOUR).all()
    quiet = draw(np.zeros_like(img), pts, {Side.LEFT: [], Side.RIGHT: []}, 30.0, 40, marks)
    assert not (quiet[0, 100] == GAP_COLOUR).all()


def _rows_with(img: np.ndarray[Any, Any], colour: tuple[int, int, int]) -> np.ndarray[Any, Any]:
    inside = img[6:-6, 6:-6]  # within the gap's border
    return np.flatnonzero((inside == colour).all(axis=2).any(axis=1)) + 6


def test_the_warnings_sit_one_under_another_outside_a_strip_at_the_top() -> None:
    pts = runner_points(200, 620)[0]
    low = np.ones(30, bool)
    marks = Marks(gaps=[(0, 29)], low_confidence=low, strip=(0, 80))
    out = draw(
        np.zeros((640, 360, 3), np.uint8), pts, {Side.LEFT: [], Side.RIGHT: []}, 30.0, 5, marks
    )
    gap, weak = _rows_with(out, GAP_COLOUR), _rows_with(out, LOW_COLOUR)
    assert gap.size and weak.size
    assert gap.min() >= 80 and weak.min() > gap.max()  # below the strip, and not on each other
    bottom = Marks(gaps=[(0, 29)], low_confidence=low, strip=(560, 80))
    out = draw(
        np.zeros((640, 360, 3), np.uint8), pts, {Side.LEFT: [], Side.RIGHT: []}, 30.0, 5, bottom
    )
    gap, weak = _rows_with(out, GAP_COLOUR), _rows_with(out, LOW_COLOUR)
    assert gap.max() < 560 and weak.max() < 560 and weak.min() > gap.max()


def test_marks_drawn_on_i420_match_those_drawn_on_rgb() -> None:
    import cv2

    from kneecap.adapters.video.annotate import draw_i420

    y, x = np.mgrid[0:480, 0:320]
    rgb = np.stack([x // 2, y // 3, 200 - x // 4], axis=-1).astype(np.uint8)
    pts = runner_points(100, 400)[0]
    pts[Landmark.LEFT_HEEL, :2] = (150, 380)
    history = {Side.LEFT: [30.0, 50.0, 70.0] * 20, Side.RIGHT: [60.0, 40.0, 20.0] * 20}
    marks = Marks(
        contacts=[(10, Side.LEFT)], gaps=[(10, 20)], low_confidence=np.ones(30, bool), strip=(0, 60)
    )
    on_rgb = cv2.cvtColor(draw(rgb.copy(), pts, history, 30.0, 11, marks), cv2.COLOR_RGB2YUV_I420)
    yuv = np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420))
    on_yuv = draw_i420(yuv, pts, history, 30.0, 11, marks)
    assert on_yuv is yuv  # in place
    diff = np.abs(on_rgb.astype(int) - on_yuv.astype(int))
    assert diff[:480].mean() < 0.2  # brightness: the same shapes
    assert diff[480:].mean() < 3  # colour: the same, at the chroma planes' half size
    assert (diff[:480] > 8).mean() < 0.002  # the odd pixel: rounding aside
