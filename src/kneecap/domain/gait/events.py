"""Gait events from keypoints: initial contact (IC) and toe-off (TO) per foot.

The foot is in contact while its lowest point (heel or toe, whichever is nearer its own
ground level) is within a small height of the ground. Ground level per keypoint is a high
percentile of its image height over the clip, so this assumes a fixed camera (tripod on a
treadmill or beside a level path). Event times are fractional frames, interpolated between
the frames either side of the threshold crossing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kneecap.domain.gait.keypoints import LEG, FloatArray, KeypointSeries, Side
from kneecap.domain.gait.view import View

# Height above ground (fraction of leg length) under which the foot counts as in contact.
# Side view: ~1.4 cm for a 0.9 m leg, the lowest that stays above filtered pixel noise.
# Rear view: the stance foot travels ~1 m along the camera axis, and perspective lifts its
# image by a few cm while it does, so the band must be wider. Both measured on projected
# mocap against force plates (bench/gait_accuracy.py); engineering values, not clinical.
CONTACT_HEIGHT_FRAC = {View.SIDE: 0.015, View.REAR: 0.05}
# Percentile of image y taken as a keypoint's ground level (stance is ~30-40% of a cycle).
GROUND_PERCENTILE = 90.0
# Shortest plausible stance and stride (s); shorter runs are noise.
MIN_CONTACT_S = 0.06
MIN_STRIDE_S = 0.45


@dataclass(frozen=True)
class Stance:
    side: Side
    ic: float  # fractional frame of initial contact
    to: float  # fractional frame of toe-off

    @property
    def mid(self) -> float:
        return (self.ic + self.to) / 2


def foot_height(kp: KeypointSeries, side: Side) -> FloatArray:
    """Height of the foot's lowest point above its ground level, pixels, up positive."""
    leg = LEG[side]
    heights = []
    for idx in (leg.heel, leg.toe):
        y = kp.xyv[:, idx, 1]
        heights.append(np.nanpercentile(y, GROUND_PERCENTILE) - y)
    return np.asarray(np.minimum(heights[0], heights[1]), dtype=np.float64)


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(first, last) index of each run of True."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1) - 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def detect_stances(kp: KeypointSeries, side: Side, leg_len_px: float, view: View) -> list[Stance]:
    """Complete stances of one foot (runs cut by the clip's ends are dropped)."""
    h = foot_height(kp, side)
    thr = CONTACT_HEIGHT_FRAC[view] * leg_len_px
    contact = h < thr
    stances: list[Stance] = []
    for first, last in _runs(contact):
        if first == 0 or last == len(h) - 1:
            continue
        if (last - first + 1) / kp.fps < MIN_CONTACT_S:
            continue
        ic = first - 1 + (h[first - 1] - thr) / (h[first - 1] - h[first])
        to = last + (thr - h[last]) / (h[last + 1] - h[last])
        if stances and (ic - stances[-1].ic) / kp.fps < MIN_STRIDE_S:
            # A flicker out of contact inside one stance: merge it into the previous one.
            stances[-1] = Stance(side, stances[-1].ic, float(to))
            continue
        stances.append(Stance(side, float(ic), float(to)))
    return stances


def detect_all(kp: KeypointSeries, leg_len_px: float, view: View) -> list[Stance]:
    """Stances of both feet in time order."""
    both = [s for side in Side for s in detect_stances(kp, side, leg_len_px, view)]
    return sorted(both, key=lambda s: s.ic)
