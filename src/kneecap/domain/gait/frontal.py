"""Rear-view upper-body measures: arm crossover and lateral trunk sway, per stride.

Filmed from behind, the runner's left is the image's left (as for pelvic drop). The body
midline is the trunk line from the pelvis centre (mid-hips) to the shoulder centre, so a
runner leaning or off-centre in the frame keeps their own midline.

Sources. Arm crossover (the hand swinging across the body's midline) is an observational item
of clinical running analysis checklists; no 2D measurement with a running cut-off was found,
so Kneecap's measure below is its own definition, reported without a cut-off or a cue
(*check*). Lateral trunk lean follows the 2D lateral trunk angle of DiCesare et al. 2014
(Int J Sports Phys Ther 9:420: the line from mid-pelvis to mid-shoulder against the vertical,
valid against 3D in single-leg landing, not tested in running); the sway is that line's
side-to-side excursion over the stride (Kneecap's measure, no cut-off).
"""

from __future__ import annotations

import numpy as np

from kneecap.domain.gait import angles
from kneecap.domain.gait.keypoints import FloatArray, KeypointSeries, Landmark, Side

WRIST = {Side.LEFT: Landmark.LEFT_WRIST, Side.RIGHT: Landmark.RIGHT_WRIST}
# From behind, towards the runner's right is +x in the image.
TOWARDS_OTHER_SIDE = {Side.LEFT: 1.0, Side.RIGHT: -1.0}


def _shoulder_centre(kp: KeypointSeries) -> FloatArray:
    return np.asarray(
        (kp.point(Landmark.LEFT_SHOULDER) + kp.point(Landmark.RIGHT_SHOULDER)) / 2, np.float64
    )


def wrist_past_midline_px(kp: KeypointSeries, side: Side) -> FloatArray:
    """Per frame: how far the `side` wrist is past the trunk midline towards the other side
    (pixels; negative while it stays on its own side). The midline's x is taken at the
    wrist's height along the pelvis-centre to shoulder-centre line."""
    pelvis, shoulders = angles.pelvis_centre(kp), _shoulder_centre(kp)
    wrist = kp.point(WRIST[side])
    dy = shoulders[:, 1] - pelvis[:, 1]
    slope = np.divide(
        shoulders[:, 0] - pelvis[:, 0], dy, out=np.zeros_like(dy), where=np.abs(dy) > 1e-9
    )
    mid_x = pelvis[:, 0] + (wrist[:, 1] - pelvis[:, 1]) * slope
    return np.asarray(TOWARDS_OTHER_SIDE[side] * (wrist[:, 0] - mid_x), np.float64)


def trunk_offset_px(kp: KeypointSeries) -> FloatArray:
    """Per frame: the shoulder centre's lateral offset from the pelvis centre (px, +x)."""
    return np.asarray(_shoulder_centre(kp)[:, 0] - angles.pelvis_centre(kp)[:, 0], np.float64)


def lateral_trunk_lean_deg(kp: KeypointSeries, stance: Side) -> FloatArray:
    """Per frame: the pelvis-to-shoulder line's angle from the image vertical, degrees,
    positive when the trunk leans towards the `stance` side (DiCesare 2014's 2D angle)."""
    trunk = _shoulder_centre(kp) - angles.pelvis_centre(kp)
    towards = -TOWARDS_OTHER_SIDE[stance]
    return np.asarray(np.degrees(np.arctan2(towards * trunk[:, 0], -trunk[:, 1])), np.float64)


def _window(series: FloatArray, start: float, end: float) -> FloatArray:
    i0, i1 = int(np.ceil(start)), int(np.floor(end))
    return series[max(i0, 0) : i1 + 1]


def stride_values(
    kp: KeypointSeries, side: Side, ic: float, next_ic: float, mid: float, leg_px: float
) -> dict[str, float]:
    """One stride of `side` (its contact to its next): the same-side arm's furthest reach
    past the midline, whether it crossed, the trunk's lateral sway (range of the shoulder
    centre's offset from the pelvis centre) in leg lengths, and the lateral trunk lean at this
    stance's midstance."""
    past = _window(wrist_past_midline_px(kp, side), ic, next_ic)
    offset = _window(trunk_offset_px(kp), ic, next_ic)
    if past.size == 0 or offset.size == 0:
        return {}
    reach = float(np.max(past))
    return {
        "arm_crossover_leg": reach / leg_px,
        "arm_crosses_midline": 1.0 if reach > 0 else 0.0,
        "trunk_sway_leg": float(np.max(offset) - np.min(offset)) / leg_px,
        "trunk_lateral_lean_deg": angles.at(lateral_trunk_lean_deg(kp, side), mid),
    }
