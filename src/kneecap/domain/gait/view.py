"""Which way the camera films the runner: from the side, from behind or between (oblique)."""

from __future__ import annotations

from enum import StrEnum

import numpy as np

from kneecap.domain.gait.keypoints import FloatArray, KeypointSeries, Landmark


class View(StrEnum):
    SIDE = "side"
    REAR = "rear"
    OBLIQUE = "oblique"  # between the two (~30-60 degrees off square): timing only


# The camera's angle off a square-on side view (yaw: 0 side, 90 from behind) from two things
# it projects differently. A body-width line (shoulder to shoulder, mediolateral) shows in the
# image as its length x sin(yaw); the ankles' fore-aft swing relative to the pelvis shows as
# its range x cos(yaw). Each is divided by the torso height (mid-shoulder to mid-hip), which
# the yaw does not change, and by its own value in a square-on view, so
#     yaw = atan2(width / REAR_SHOULDER_WIDTH, swing / SIDE_ANKLE_SWING).
# The two square-on values are the Fukuchi 2017 runner's (RBDS001, 3.5 m/s) measured from the
# projected mocap at 0 and 90 degrees (bench/gait_accuracy.py prints them). Because the rule is
# a ratio of two projections, an error k in either reference moves the angle by at most about
# atan(k) - 45 degrees at 45 and nothing at 0 or 90: a runner whose shoulders are 25% wider
# relative to the torso (Winter 2009, Biomechanics and Motor Control of Human Movement, 4th
# ed., fig. 4.1: shoulder width 0.259 H over a 0.288 H torso gives 0.90, vs 0.73 here) or
# whose swing is 25% shorter (slower running) reads a 20-degree camera at ~25 degrees and a
# 45-degree one at ~51: the classes below still hold. Engineering rule, not clinical.
REAR_SHOULDER_WIDTH = 0.73  # shoulder width / torso height, camera square behind
SIDE_ANKLE_SWING = 1.37  # ankle fore-aft range relative to the pelvis / torso height, side-on
# Thirds of the quarter turn: within 30 degrees of square a side view (sagittal angles read
# within ~cos(30) = 0.87 of their length), beyond 60 a rear view; between, oblique.
SIDE_MAX_YAW_DEG = 30.0
REAR_MIN_YAW_DEG = 60.0


def leg_length_px(kp: KeypointSeries) -> float:
    """Hip→knee→ankle length in pixels (90th percentile over frames: least foreshortened)."""
    lengths = []
    for hip, knee, ankle in ((23, 25, 27), (24, 26, 28)):
        thigh = np.linalg.norm(kp.point(hip) - kp.point(knee), axis=1)
        shank = np.linalg.norm(kp.point(knee) - kp.point(ankle), axis=1)
        lengths.append(thigh + shank)
    return float(np.nanpercentile(np.concatenate(lengths), 90))


def _torso_px(kp: KeypointSeries) -> FloatArray:
    shoulders = (kp.point(Landmark.LEFT_SHOULDER) + kp.point(Landmark.RIGHT_SHOULDER)) / 2
    hips = (kp.point(Landmark.LEFT_HIP) + kp.point(Landmark.RIGHT_HIP)) / 2
    return np.asarray(np.linalg.norm(shoulders - hips, axis=1), dtype=np.float64)


def width_share(kp: KeypointSeries) -> FloatArray:
    """Each frame's shoulder width over the torso, as a share of a square-on rear view's
    (~ sin yaw)."""
    width = np.abs(kp.point(Landmark.LEFT_SHOULDER)[:, 0] - kp.point(Landmark.RIGHT_SHOULDER)[:, 0])
    return np.asarray(width / _torso_px(kp) / REAR_SHOULDER_WIDTH, dtype=np.float64)


def swing_share(kp: KeypointSeries) -> float:
    """The ankles' fore-aft range relative to the pelvis over the torso (5th to 95th
    percentile, mean of both), as a share of a square-on side view's (~ cos yaw)."""
    hips = (kp.point(Landmark.LEFT_HIP) + kp.point(Landmark.RIGHT_HIP)) / 2
    torso = _torso_px(kp)
    ranges = []
    for ankle in (Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE):
        rel = (kp.point(ankle)[:, 0] - hips[:, 0]) / torso
        lo, hi = np.nanpercentile(rel, [5, 95])
        ranges.append(hi - lo)
    return float(np.mean(ranges) / SIDE_ANKLE_SWING)


def yaw_of(width: float | FloatArray, swing: float) -> FloatArray:
    return np.asarray(np.degrees(np.arctan2(width, swing)), dtype=np.float64)


def camera_yaw_deg(kp: KeypointSeries) -> float:
    """The camera's angle off a square-on side view, degrees (0 side, 90 behind)."""
    return float(yaw_of(float(np.nanmedian(width_share(kp))), swing_share(kp)))


def view_of_yaw(yaw_deg: float) -> View:
    if yaw_deg <= SIDE_MAX_YAW_DEG:
        return View.SIDE
    return View.REAR if yaw_deg >= REAR_MIN_YAW_DEG else View.OBLIQUE


def detect_view(kp: KeypointSeries) -> View:
    return view_of_yaw(camera_yaw_deg(kp))


def facing_sign(kp: KeypointSeries) -> float:
    """+1 when the runner faces +x (to the right of the image), -1 when facing left."""
    toes: FloatArray = np.concatenate(
        [kp.point(Landmark.LEFT_FOOT_INDEX)[:, 0], kp.point(Landmark.RIGHT_FOOT_INDEX)[:, 0]]
    )
    heels: FloatArray = np.concatenate(
        [kp.point(Landmark.LEFT_HEEL)[:, 0], kp.point(Landmark.RIGHT_HEEL)[:, 0]]
    )
    return 1.0 if np.nanmedian(toes - heels) >= 0 else -1.0
