"""Distances from a side-view clip: the pixel scale, step length and vertical ratio.

A 2D video knows lengths only in pixels. The scale comes from the runner's height: the leg
(hip to knee to ankle) in the image against Winter's segment proportions of stature. Step
length is the distance the body travels between two contacts: on a treadmill the belt speed
times the step time where the speed is known, otherwise estimated from the video.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np

from kneecap.domain.gait import angles
from kneecap.domain.gait.events import Stance
from kneecap.domain.gait.keypoints import LEG, KeypointSeries

# Winter (2009), Biomechanics and Motor Control of Human Movement, 4th ed., fig. 4.1 segment
# lengths as fractions of standing height H: thigh (hip joint to knee) 0.245 H, leg (knee to
# ankle) 0.246 H, so hip to ankle = 0.491 H.
LEG_LENGTH_PER_HEIGHT = 0.491
# The forefoot stays on the belt (or the ground) from foot-flat to toe-off whatever the strike,
# while the heel lifts and the ankle rolls forward in late stance: its speed over the middle of
# stance is the ground's speed under the runner. On the Fukuchi 2017 treadmill mocap at
# 3.5 m/s the forefoot moves at 3.53 m/s over 25-75% of stance, the heel at 3.46, the ankle at
# 3.37 (3D markers).
GROUND_WINDOW = (0.25, 0.75)
# Uncertainty of a video step length, said with every figure. Measured on the Fukuchi 2017
# mocap against belt speed x force-plate step time (bench/gait_accuracy.py --spatial): 4%
# short filmed square-on (2-5 m, 0.5-1.5 m high, belt tilted, 30 or 60 fps; 1.4 points of it
# because that runner's leg is 0.498 of his height, not 0.491), 9% short 20 degrees off
# square; a panning or zooming camera breaks it (37% and 22% short). On top of that a runner's
# proportions differ from Winter's averages and a pose model places hips and ankles less
# exactly than markers: Kneecap says +-10% for a still camera, an engineering figure.
VIDEO_STEP_LENGTH_UNCERTAINTY = 0.10


class StepLengthSource(StrEnum):
    BELT = "belt"  # treadmill belt speed x step time
    VIDEO = "video"  # estimated from the keypoints, scaled by the runner's height


def cm_per_px(height_cm: float, leg_px: float) -> float:
    """Centimetres per pixel at the runner, from their height and the leg's length in pixels."""
    if height_cm <= 0 or leg_px <= 0:
        raise ValueError("height and leg length must be positive")
    return height_cm * LEG_LENGTH_PER_HEIGHT / leg_px


def belt_step_length_cm(belt_speed_ms: float, step_time_s: float) -> float:
    """On a treadmill the belt carries the stance foot back by the step length each step."""
    return 100.0 * belt_speed_ms * step_time_s


def ground_velocity_px_s(kp: KeypointSeries, stance: Stance, facing: float) -> float:
    """The ground's forward velocity in the image under this stance (px/s, forward positive):
    the stance forefoot's, fitted over the middle of stance. About minus the belt speed on a
    treadmill, zero for a still camera beside a track; a pan moves it and the pelvis alike."""
    if stance.to is None:
        return float("nan")
    lo, hi = GROUND_WINDOW
    a = stance.ic + lo * (stance.to - stance.ic)
    b = stance.ic + hi * (stance.to - stance.ic)
    frames = np.arange(int(np.ceil(a)), int(np.floor(b)) + 1)
    if frames.size < 2:
        return float("nan")
    x = facing * kp.point(LEG[stance.side].toe)[frames, 0]
    return float(np.polyfit(frames / kp.fps, x, 1)[0])


def steady_ground_velocity_px_s(kp: KeypointSeries, stances: list[Stance], facing: float) -> float:
    """The ground's velocity in the image over the clip: the median of its velocity under
    each stance. A treadmill belt under a still camera (or the ground beside one) moves
    steadily, while one stance's few frames at 30 fps give a noisy fit."""
    v = [ground_velocity_px_s(kp, st, facing) for st in stances]
    finite = [x for x in v if np.isfinite(x)]
    return float(np.median(finite)) if finite else float("nan")


def video_step_length_px(
    kp: KeypointSeries, prev: Stance, st: Stance, facing: float, ground_px_s: float
) -> float:
    """Distance travelled over the ground from `prev`'s contact to `st`'s, pixels: the pelvis'
    forward displacement in the image minus the ground's (`ground_px_s` times the step
    time). On a treadmill the first is about zero and the second is the belt's travel;
    beside a track the reverse."""
    pelvis = facing * angles.pelvis_centre(kp)[:, 0]
    moved = angles.at(pelvis, st.ic) - angles.at(pelvis, prev.ic)
    return moved - ground_px_s * (st.ic - prev.ic) / kp.fps


# Vertical ratio as Garmin Running Dynamics defines it (Garmin Forerunner / HRM-Pro owner's
# manuals, "Running Dynamics"): vertical oscillation over stride length, in percent, where
# Garmin's "stride length" is "from one footfall to the next", i.e. a step.
def vertical_ratio_pct(vertical_oscillation_cm: float, step_length_cm: float) -> float:
    if step_length_cm <= 0:
        return float("nan")
    return 100.0 * vertical_oscillation_cm / step_length_cm
