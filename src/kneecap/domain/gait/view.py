"""Which way the camera films the runner: from the side or from behind."""

from __future__ import annotations

from enum import StrEnum

import numpy as np

from kneecap.domain.gait.keypoints import FloatArray, KeypointSeries, Landmark


class View(StrEnum):
    SIDE = "side"
    REAR = "rear"


# Seen from the side the two hips (and shoulders) project onto nearly the same point; from
# behind they sit about a pelvis width apart (hip joint centres ~0.19 of leg length, shoulders
# wider). Half-way between the two, with margin for a camera a few degrees off-axis.
# Engineering threshold, checked on the projected mocap (bench/gait_accuracy.py), not clinical.
REAR_MIN_WIDTH_RATIO = 0.12


def leg_length_px(kp: KeypointSeries) -> float:
    """Hip→knee→ankle length in pixels (90th percentile over frames: least foreshortened)."""
    lengths = []
    for hip, knee, ankle in ((23, 25, 27), (24, 26, 28)):
        thigh = np.linalg.norm(kp.point(hip) - kp.point(knee), axis=1)
        shank = np.linalg.norm(kp.point(knee) - kp.point(ankle), axis=1)
        lengths.append(thigh + shank)
    return float(np.nanpercentile(np.concatenate(lengths), 90))


def width_ratio(kp: KeypointSeries) -> float:
    """Median horizontal hip and shoulder separation, as a fraction of leg length."""
    hips = np.abs(kp.point(Landmark.LEFT_HIP)[:, 0] - kp.point(Landmark.RIGHT_HIP)[:, 0])
    shoulders = np.abs(
        kp.point(Landmark.LEFT_SHOULDER)[:, 0] - kp.point(Landmark.RIGHT_SHOULDER)[:, 0]
    )
    return float(np.nanmedian(np.concatenate([hips, shoulders])) / leg_length_px(kp))


def detect_view(kp: KeypointSeries) -> View:
    return View.REAR if width_ratio(kp) >= REAR_MIN_WIDTH_RATIO else View.SIDE


def facing_sign(kp: KeypointSeries) -> float:
    """+1 when the runner faces +x (to the right of the image), -1 when facing left."""
    toes: FloatArray = np.concatenate(
        [kp.point(Landmark.LEFT_FOOT_INDEX)[:, 0], kp.point(Landmark.RIGHT_FOOT_INDEX)[:, 0]]
    )
    heels: FloatArray = np.concatenate(
        [kp.point(Landmark.LEFT_HEEL)[:, 0], kp.point(Landmark.RIGHT_HEEL)[:, 0]]
    )
    return 1.0 if np.nanmedian(toes - heels) >= 0 else -1.0
