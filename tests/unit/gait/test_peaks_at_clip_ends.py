"""Peaks of the event signals near the clip's ends (events.maxima)."""

import numpy as np

from kneecap.domain.gait.events import maxima
from kneecap.domain.gait.keypoints import FloatArray

FPS = 30.0
GAP = 13  # MIN_STRIDE_S x 30 fps


def _wave(n: int, peak_at: float) -> FloatArray:
    """A stride-long cosine (0.7 s period, amplitude 0.5 leg) with a peak at `peak_at`."""
    t = np.arange(n)
    return np.asarray(0.5 * np.cos(2 * np.pi * (t - peak_at) / (0.7 * FPS)), dtype=np.float64)


def test_a_peak_two_frames_from_the_end_that_turns_is_kept() -> None:
    y = _wave(100, 97.0)  # frames 98 and 99 fall after it
    assert maxima(y, GAP, 0.25)[-1] == 97


def test_a_peak_two_frames_from_the_start_that_turns_is_kept() -> None:
    y = _wave(100, 2.0)
    assert maxima(y, GAP, 0.25)[0] == 2


def test_a_signal_still_rising_at_the_end_gives_no_peak_there() -> None:
    y = _wave(100, 101.0)  # its peak lies past the last frame
    assert all(i < 90 for i in maxima(y, GAP, 0.25))


def test_one_falling_sample_at_the_end_is_not_enough() -> None:
    y = _wave(100, 98.0)  # only frame 99 after it: the turn is not seen twice
    assert all(i < 90 for i in maxima(y, GAP, 0.25))
