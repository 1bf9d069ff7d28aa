"""Is more than one person in view? MediaPipe's legacy Pose tracks one person only, so on a
few sampled frames the tracked runner is blanked out and BlazePose (single-image mode) looks
again: a confident second skeleton means someone else is in the picture."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from kneecap.ports.video import PoseEstimator

SECOND_LOOK_SAMPLES = 8  # frames spread over the clip
MARGIN = 0.15  # blank the runner's box grown by this fraction on each side
MIN_VISIBILITY = 0.6  # mean visibility of shoulders and hips for a confident second person
MIN_SHARE = 0.25  # seen in at least this share of the sampled frames
_TORSO = (11, 12, 23, 24)


def blank_runner(rgb: npt.NDArray[np.uint8], xyv: npt.NDArray[np.float64]) -> npt.NDArray[np.uint8]:
    pts = xyv[np.isfinite(xyv[:, 0]), :2]
    out = rgb.copy()
    if len(pts) == 0:
        return out
    (x0, y0), (x1, y1) = pts.min(0), pts.max(0)
    mx, my = MARGIN * (x1 - x0), MARGIN * (y1 - y0)
    h, w = rgb.shape[:2]
    xa, xb = int(max(0, x0 - mx)), int(min(w, x1 + mx))
    ya, yb = int(max(0, y0 - my)), int(min(h, y1 + my))
    out[ya:yb, xa:xb] = np.asarray(rgb.mean(axis=(0, 1)), dtype=np.uint8)
    return out


def another_person_seen(
    samples: Sequence[tuple[npt.NDArray[np.uint8], npt.NDArray[np.float64]]],
    second_look: PoseEstimator,
) -> bool:
    if not samples:
        return False
    seen = 0
    for rgb, xyv in samples:
        other = second_look.estimate(blank_runner(rgb, xyv))
        vis = other[list(_TORSO), 2]
        if np.isfinite(vis).all() and float(vis.mean()) >= MIN_VISIBILITY:
            seen += 1
    return seen / len(samples) >= MIN_SHARE
