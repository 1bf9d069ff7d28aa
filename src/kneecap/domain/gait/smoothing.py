"""Keypoint trajectories made fit to measure: one-frame jumps and low-visibility samples
filled in, every coordinate low-passed with zero lag."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from kneecap.domain.gait.filtering import fill_gaps, lowpass
from kneecap.domain.gait.keypoints import MIN_VISIBILITY, FloatArray, KeypointSeries

# Low-pass cut-off for keypoint trajectories (Hz); running kinematics are usually smoothed at
# 6-12 Hz (e.g. Fukuchi 2017 used 10 Hz); capped at 0.4 x fps for 30 fps phone video.
KEYPOINT_CUTOFF_HZ = 10.0

# Hampel identifier (Hampel 1974; Pearson et al. 2016): a point further than 3 scaled MADs
# from its neighbours' median over ~0.1 s either side is an outlier (a one-frame jump of a
# keypoint, or of a mocap marker), treated as missing.
HAMPEL_HALF_S = 0.1
HAMPEL_SIGMAS = 3.0
# The median absolute deviation times this estimates a normal spread's sigma (Hampel 1974,
# J Am Stat Assoc 69:383): a misplaced value does not inflate it.
MAD_TO_SIGMA = 1.4826


def robust_sigma(x: FloatArray) -> float:
    """Sigma of the finite values of `x` from their median absolute deviation (NaN if none)."""
    x = x[np.isfinite(x)]
    return float(MAD_TO_SIGMA * np.median(np.abs(x - np.median(x)))) if x.size else np.nan


def outliers(xy: FloatArray, fps: float) -> npt.NDArray[np.bool_]:
    """(frames, keypoints): True where either coordinate is a Hampel outlier."""
    half = max(2, round(HAMPEL_HALF_S * fps))
    n = xy.shape[0]
    if n < 2 * half + 1:
        return np.zeros(xy.shape[:2], dtype=bool)
    padded = np.pad(xy, ((half, half), (0, 0), (0, 0)), mode="edge")
    win = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1, axis=0)
    med = np.nanmedian(win, axis=-1)
    mad = MAD_TO_SIGMA * np.nanmedian(np.abs(win - med[..., None]), axis=-1)
    # A floor of 1 px so a still keypoint's tiny jitter is not called an outlier.
    bad = np.abs(xy - med) > HAMPEL_SIGMAS * np.maximum(mad, 1.0)
    return np.asarray(bad.any(axis=2))


def smooth(kp: KeypointSeries) -> KeypointSeries:
    """Fill low-visibility gaps and low-pass every coordinate (zero lag)."""
    xy = kp.xyv[:, :, :2]
    valid = (kp.xyv[:, :, 2:3] >= MIN_VISIBILITY) & np.isfinite(xy[:, :, :1])
    valid = np.repeat(valid, 2, axis=2)
    valid &= ~np.repeat(outliers(xy, kp.fps)[:, :, None], 2, axis=2)
    filled = fill_gaps(xy, valid).reshape(kp.n_frames, -1)
    out = kp.xyv.copy()
    out[:, :, :2] = lowpass(filled, kp.fps, KEYPOINT_CUTOFF_HZ).reshape(xy.shape)
    return KeypointSeries(out, kp.fps, kp.width, kp.height)
