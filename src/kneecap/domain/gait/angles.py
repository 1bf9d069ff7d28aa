"""2D joint and segment angles from image keypoints (pixels, y down), per frame, in degrees."""

from __future__ import annotations

import numpy as np

from kneecap.domain.gait.keypoints import LEG, FloatArray, KeypointSeries, Landmark, Side


def _angle_between(u: FloatArray, v: FloatArray) -> FloatArray:
    cos = np.sum(u * v, axis=-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1))
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))), dtype=np.float64)


def knee_flexion(kp: KeypointSeries, side: Side) -> FloatArray:
    """Knee flexion: 0 with the leg straight (180 minus the hip-knee-ankle angle)."""
    leg = LEG[side]
    hip, knee, ankle = kp.point(leg.hip), kp.point(leg.knee), kp.point(leg.ankle)
    return 180.0 - _angle_between(hip - knee, ankle - knee)


def _mid(kp: KeypointSeries, a: int, b: int) -> FloatArray:
    return np.asarray((kp.point(a) + kp.point(b)) / 2, dtype=np.float64)


def pelvis_centre(kp: KeypointSeries) -> FloatArray:
    return _mid(kp, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)


def trunk_lean(kp: KeypointSeries, facing: float) -> FloatArray:
    """Forward trunk lean from vertical (hip centre to shoulder centre), forward positive."""
    trunk = _mid(kp, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER) - pelvis_centre(kp)
    return np.asarray(np.degrees(np.arctan2(facing * trunk[:, 0], -trunk[:, 1])), np.float64)


def hip_extension(kp: KeypointSeries, side: Side, facing: float) -> FloatArray:
    """Hip extension: the thigh (hip to knee) behind the trunk line (shoulder centre to hip
    centre, carried on downward), positive when the knee is behind it; flexion negative.
    Relative to the trunk, not to the image vertical, so camera roll does not enter."""
    leg = LEG[side]
    down = pelvis_centre(kp) - _mid(kp, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    thigh = kp.point(leg.knee) - kp.point(leg.hip)
    cross = down[:, 0] * thigh[:, 1] - down[:, 1] * thigh[:, 0]
    dot = np.sum(down * thigh, axis=1)
    # Facing +x, a knee behind the trunk line turns the thigh clockwise in y-down pixels.
    return np.asarray(np.degrees(np.arctan2(facing * cross, dot)), np.float64)


def shank_angle(kp: KeypointSeries, side: Side, facing: float) -> FloatArray:
    """Shank from vertical, positive when the ankle is ahead of the knee (foot reaching out)."""
    leg = LEG[side]
    shank = kp.point(leg.ankle) - kp.point(leg.knee)
    return np.asarray(np.degrees(np.arctan2(facing * shank[:, 0], shank[:, 1])), np.float64)


def foot_angle(kp: KeypointSeries, side: Side, facing: float) -> FloatArray:
    """Heel→toe line from horizontal, positive when the toe is up (heel lower)."""
    leg = LEG[side]
    foot = kp.point(leg.toe) - kp.point(leg.heel)
    return np.asarray(np.degrees(np.arctan2(-foot[:, 1], facing * foot[:, 0])), np.float64)


def pelvic_obliquity(kp: KeypointSeries, stance: Side) -> FloatArray:
    """Rear view: drop of the hip opposite the stance leg, degrees (positive = it is lower).

    Filmed from behind the runner's left hip is on the image's left.
    """
    left, right = kp.point(Landmark.LEFT_HIP), kp.point(Landmark.RIGHT_HIP)
    # y grows downwards, so (y_left - y_right) > 0 means the left hip is lower.
    drop_left = np.degrees(np.arctan2(left[:, 1] - right[:, 1], np.abs(right[:, 0] - left[:, 0])))
    return np.asarray(drop_left if stance is Side.RIGHT else -drop_left, dtype=np.float64)


def kfppa(kp: KeypointSeries, side: Side) -> FloatArray:
    """Rear view: knee frontal-plane projection angle, positive = knee inside (valgus)."""
    leg = LEG[side]
    hip, knee, ankle = kp.point(leg.hip), kp.point(leg.knee), kp.point(leg.ankle)
    magnitude = 180.0 - _angle_between(hip - knee, ankle - knee)
    # Where the knee lies relative to the hip-ankle line; from behind, medial for the
    # right leg is towards -x (image left) and for the left leg towards +x.
    line = ankle - hip
    rel = knee - hip
    cross = line[:, 0] * rel[:, 1] - line[:, 1] * rel[:, 0]
    medial = cross > 0 if side is Side.RIGHT else cross < 0
    return np.asarray(np.where(medial, magnitude, -magnitude), dtype=np.float64)


def at(series: FloatArray, frame: float) -> float:
    """Linear interpolation of a per-frame series at a fractional frame."""
    return float(np.interp(frame, np.arange(len(series)), series))
