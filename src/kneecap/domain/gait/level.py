"""Rear view: the ground's tilt in the image, from the pelvis's bounce, and the keypoints levelled.

A phone held a few degrees off level (roll) or a belt seen tilted in the picture turns the
image's axes away from the ground the runner stands on, and every frontal-plane angle read
against the image horizontal or vertical (pelvic drop, lateral trunk lean) takes the whole
tilt: a 5 deg roll reads as 5 deg of drop on one side and -5 on the other, a false cue that
names a side.

The reference is the runner's own bounce. The body's centre of mass rises and falls once
every step, at right angles to the ground, and sways sideways once every stride, towards
each stance foot in turn (Cavagna, Thys & Zamboni 1976, J Physiol 262:639); on a treadmill
the pelvis follows it within millimetres (Gullstrand et al. 2009, Gait Posture 30:71). The
pelvis centre's motion over the feet that repeats every step (the motion plus itself one
step later: what alternates between steps, the sway, cancels; the feet take out the
picture's own shake, as in events_rear.py) therefore runs along the ground's normal, and
its principal direction in the image gives the tilt (camera roll + belt tilt). One
estimate a stride, their median over the clip (robust to a misread stride); its precision,
the median's standard error from the median absolute deviation (Hampel 1974, J Am Stat
Assoc 69:383; a median's standard error is 1.2533 sigma / sqrt(n)).

What it keeps: a real asymmetric drop. Drop turns the hip line about the pelvis; it does not
turn the centre's up-and-down path, so a runner whose left hip drops 8 deg and right 1 deg
keeps 8 and 1. A reference symmetric over the stride would not: the mean of the hip line at
the two midstances leans by half the difference of the drops ((8 - 1) / 2 = 3.5 deg) and
subtracting it would read 4.5 and 4.5 (it keeps only their sum, which no roll changes);
averaged over the whole stride the hip line leans less (1.6 deg for drops held through each
stance, tests/unit/gait/test_level.py) but still moves drop from one side to the other; and
the trunk's mean lean over the stride would remove any sideways lean the runner holds.
Nor does the line through the stance feet serve every runner: many land near the midline
(the bench's mocap runner: stance feet 1% of a leg apart across the image), where the feet
define no line, and with the camera off square the two feet sit at different depths, which
tilts their line by about (camera height / distance) x tan(angle off square) (pinhole
geometry) while a vertical path stays vertical.

Where the direction cannot be had (too few strides, a bounce not clearly longer than it is
wide, a direction known to worse than MAX_TILT_SE_DEG) no correction is guessed: the figures
stay against the image's axes and no cue is drafted from them (GroundLine.reliable); nor
off square behind (MIN_YAW_DEG), where the pelvis's forward surge shows sideways. Its own
limits: the runner's own lean stays in every figure levelled (RBDS032, -5 deg roll: 3.6 deg
left of 5), and a tilt opposite to that lean can read as level (RBDS032 on a belt tilted
4 deg: reads 0.7, left as read, 4.5 deg of drop moved between the sides; bench
--rear-level); a camera pitched down makes image verticals converge, by about (runner's offset
from the image centre / focal length) x tan(pitch): ~1 deg for a runner a fifth of the
frame off centre under 15 deg of pitch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kneecap.domain.gait.angles import pelvis_centre
from kneecap.domain.gait.events import Stance
from kneecap.domain.gait.keypoints import LEG, FloatArray, KeypointSeries, Side
from kneecap.domain.gait.smoothing import robust_sigma

# Engineering values. Eight whole strides at least (as metrics.MIN_STRIDES); the step-periodic
# motion at least 2 x longer than wide (a runner's bounce is some 6-10 cm, the step-periodic
# remainder of the sway a fraction of that); the tilt known to 1 deg (half the pelvic drop
# bench's 2 deg goal) or better.
MIN_STRIDES = 8
MIN_ELONGATION = 2.0
MAX_TILT_SE_DEG = 1.0
# Off square behind, the pelvis's forward-and-back surge each step (braking, then push-off:
# as large as its bounce) shows sideways by sin(angle off square) and tilts the bounce's
# direction with it: on the bench's mocap runner 20 deg off square reads as 4-7 deg of tilt.
# view.py's camera angle (square behind reads ~81 deg on the bench, 20 deg off ~65) must be
# this close to square for the direction to be used. Engineering value.
MIN_YAW_DEG = 75.0
# The runner's own bounce is not exactly upright: its step-periodic path leans sideways, in
# 3D, 1.7 deg (pelvis) or 0.1 deg (pelvis over feet) for RBDS001 at 3.5 m/s, 0.9 deg at 2.5 m/s
# and -2.8 deg for RBDS032 (bench/gait_accuracy.py mocap, Fukuchi 2017); through the bench's
# level cameras RBDS001 reads 0.4-0.9 deg off (1.5 with the phone close and low), RBDS032
# -3.4 (--rear-level). So a reading under LEVEL_MAX_DEG is taken as level (read as is); one
# of CORRECT_MIN_DEG or more is a tilted picture and removed (leaving the runner's own lean,
# up to ~3 deg); one between cannot be told from the runner's lean: neither removed nor
# trusted, and no cue is drafted from the figures it touches. Engineering values.
LEVEL_MAX_DEG = 1.0
CORRECT_MIN_DEG = 3.5


@dataclass(frozen=True)
class GroundLine:
    """The ground's tilt in the image (deg, positive where the image's right is lower), its
    standard error, the strides it rests on, how elongated the bounce was (major / minor
    axis), and why it is not used (None where it is)."""

    tilt_deg: float
    se_deg: float
    strides: int
    elongation: float
    problem: str | None = None

    @property
    def reliable(self) -> bool:
        return self.problem is None

    @property
    def applied(self) -> bool:
        """Whether the frontal figures are levelled by it (reliable and beyond the runner's
        own lean, CORRECT_MIN_DEG)."""
        return self.reliable and abs(self.tilt_deg) >= CORRECT_MIN_DEG


def _moving_mean(x: FloatArray, width: int) -> FloatArray:
    padded = np.pad(x, width // 2, mode="edge")
    kernel = np.ones(width) / width
    return np.asarray(np.convolve(padded, kernel, mode="valid")[: len(x)], np.float64)


def _bounce(kp: KeypointSeries, step: float) -> FloatArray:
    """The pelvis centre's step-periodic motion (pixels, per frame): its drift over a stride
    taken out (pan, zoom), then summed with itself one step later, which keeps what repeats
    every step (the bounce) and cancels what alternates from step to step (the sideways sway
    to each stance foot). Read against the feet (mid-point of both feet's heel-to-toe): a
    hand-held phone's shake moves the whole picture and cancels with them; one foot lifts
    every step, straight up as the pelvis bounces, so the direction is kept."""
    feet = [(kp.point(LEG[s].heel) + kp.point(LEG[s].toe)) / 2 for s in Side]
    c = pelvis_centre(kp) - (feet[0] + feet[1]) / 2
    width = max(3, round(2 * step))
    d = np.stack([c[:, k] - _moving_mean(c[:, k], width) for k in (0, 1)], axis=1)
    t = np.arange(kp.n_frames, dtype=np.float64)
    later = np.stack([np.interp(t + step, t, d[:, k], right=np.nan) for k in (0, 1)], axis=1)
    return np.asarray(d + later, np.float64)


def _tilt_of(s: FloatArray) -> tuple[float, float]:
    """The principal axis of a 2D motion as a tilt from the image vertical (deg, the sign of
    level.GroundLine's tilt) and how elongated the motion is (major / minor axis)."""
    s = s[np.isfinite(s).all(axis=1)]
    if len(s) < 3:
        return np.nan, 0.0
    cov = np.cov(s.T)
    vals, vecs = np.linalg.eigh(cov)
    major = vecs[:, 1] * (1.0 if vecs[1, 1] >= 0 else -1.0)  # pointing down the image
    ratio = float(np.sqrt(vals[1] / vals[0])) if vals[0] > 0 else np.inf
    # A rotation by +tilt (y down) turns the image's vertical (0, 1) to (-sin, cos).
    return float(np.degrees(np.arctan2(-major[0], major[1]))), ratio


def ground_line(
    kp: KeypointSeries, stances: list[Stance], yaw_deg: float | None = None
) -> GroundLine:
    """The ground's tilt from the direction of the pelvis's bounce, one estimate a stride,
    their median (module docstring); `yaw_deg`, view.py's camera angle off square-on side."""
    ics = np.array([st.ic for st in stances])
    if len(ics) < 3:
        return GroundLine(0.0, np.inf, 0, 0.0, "too few steps")
    step = float(np.median(np.diff(ics)))
    s = _bounce(kp, step)
    tilts, ratios = [], []
    for a, b in zip(ics[:-2], ics[2:], strict=True):
        tilt, ratio = _tilt_of(s[int(np.ceil(a)) : int(np.floor(b)) + 1])
        if np.isfinite(tilt):
            tilts.append(tilt)
            ratios.append(ratio)
    if not tilts:
        return GroundLine(0.0, np.inf, 0, 0.0, "no whole stride")
    # One window a step, each a stride long: they overlap by half, so the whole strides
    # (not the windows) are the independent estimates the count and the error rest on.
    n = (len(ics) - 1) // 2
    x = np.asarray(tilts)
    tilt = float(np.median(x))
    sigma = robust_sigma(x)
    se = 1.2533 * sigma / np.sqrt(max(n, 1))
    ratio = float(np.median(ratios))
    problem = None
    if yaw_deg is not None and np.isfinite(yaw_deg) and yaw_deg < MIN_YAW_DEG:
        problem = (
            f"the camera was about {90 - yaw_deg:.0f} deg off square behind the runner "
            f"(at most {90 - MIN_YAW_DEG:.0f} deg)"
        )
    elif n < MIN_STRIDES:
        problem = f"only {n} whole strides (at least {MIN_STRIDES} needed)"
    elif ratio < MIN_ELONGATION:
        problem = (
            f"the pelvis's bounce was not clearly up and down (only {ratio:.1f} x wider "
            f"than across; at least {MIN_ELONGATION:.0f} x needed)"
        )
    elif se > MAX_TILT_SE_DEG:
        problem = f"its direction was known only to +-{se:.1f} deg"
    elif LEVEL_MAX_DEG <= abs(tilt) < CORRECT_MIN_DEG:
        problem = (
            f"the picture reads {abs(tilt):.1f} deg off level, which cannot be told from the "
            f"runner's own sideways lean of up to about {CORRECT_MIN_DEG - 0.5:.0f} deg"
        )
    return GroundLine(tilt, float(se), n, ratio, problem)


def levelled(kp: KeypointSeries, tilt_deg: float) -> KeypointSeries:
    """The keypoints turned by -tilt about the image centre, so the ground line is level."""
    b = np.radians(-tilt_deg)
    c, s = np.cos(b), np.sin(b)
    xyv = kp.xyv.copy()
    x, y = xyv[..., 0] - kp.width / 2, xyv[..., 1] - kp.height / 2
    xyv[..., 0] = kp.width / 2 + c * x - s * y
    xyv[..., 1] = kp.height / 2 + s * x + c * y
    return KeypointSeries(xyv, kp.fps, kp.width, kp.height)
