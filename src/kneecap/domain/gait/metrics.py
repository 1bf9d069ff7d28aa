"""Per-step and per-side running-form metrics from a keypoint series."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kneecap.domain.gait import angles
from kneecap.domain.gait.errors import TooFewStridesError
from kneecap.domain.gait.events import Stance, detect_all
from kneecap.domain.gait.filtering import fill_gaps, lowpass
from kneecap.domain.gait.keypoints import LEG, FloatArray, KeypointSeries, Side
from kneecap.domain.gait.view import View, detect_view, facing_sign, leg_length_px

# Low-pass cut-off for keypoint trajectories (Hz); running kinematics are usually smoothed at
# 6-12 Hz (e.g. Fukuchi 2017 used 10 Hz); capped at 0.4 x fps for 30 fps phone video.
KEYPOINT_CUTOFF_HZ = 10.0
# Keypoints below this visibility are treated as missing and interpolated over.
MIN_VISIBILITY = 0.3
# Ground contact time is only reported when frames are at most ~17 ms apart.
MIN_FPS_CONTACT_TIME = 60.0
MIN_STRIDES = 8
# Winter (2009) anthropometry: thigh 0.245 H + shank 0.246 H = 0.491 x standing height.
LEG_LENGTH_PER_HEIGHT = 0.491
# Foot-strike angle classes (Altman & Davis 2012, Gait Posture 35:298): foot angle at IC
# relative to the flat foot (here: the foot at midstance). RFS > 8 deg, FFS < -1.6 deg.
RFS_MIN_DEG = 8.0
FFS_MAX_DEG = -1.6


@dataclass(frozen=True)
class Summary:
    mean: float
    sd: float
    cv_pct: float | None
    n: int

    @staticmethod
    def of(values: list[float]) -> Summary:
        arr = np.asarray([v for v in values if np.isfinite(v)], dtype=np.float64)
        if arr.size == 0:
            return Summary(float("nan"), float("nan"), None, 0)
        mean = float(arr.mean())
        sd = float(arr.std(ddof=1)) if arr.size > 1 else 0.0
        cv = 100 * sd / abs(mean) if abs(mean) > 1e-9 else None
        return Summary(mean, sd, cv, int(arr.size))


@dataclass(frozen=True)
class Step:
    """One foot contact; `values` maps metric name (unit in the name) to its value."""

    side: Side
    ic_frame: float
    to_frame: float
    values: dict[str, float]
    foot_strike: str | None = None


@dataclass(frozen=True)
class GaitMetrics:
    view: View
    fps: float
    duration_s: float
    cadence_spm: float
    leg_length_px: float
    cm_per_px: float | None
    steps: list[Step]
    per_side: dict[Side, dict[str, Summary]]
    foot_strike: dict[Side, str | None]
    knee_flexion_deg: dict[Side, FloatArray]
    smoothed: KeypointSeries
    notes: list[str] = field(default_factory=list)


def smooth(kp: KeypointSeries) -> KeypointSeries:
    """Fill low-visibility gaps and low-pass every coordinate (zero lag)."""
    xy = kp.xyv[:, :, :2]
    valid = kp.xyv[:, :, 2:3] >= MIN_VISIBILITY
    valid = np.repeat(valid, 2, axis=2)
    filled = fill_gaps(xy, valid).reshape(kp.n_frames, -1)
    out = kp.xyv.copy()
    out[:, :, :2] = lowpass(filled, kp.fps, KEYPOINT_CUTOFF_HZ).reshape(xy.shape)
    return KeypointSeries(out, kp.fps, kp.width, kp.height)


def foot_strike_class(angle_deg: float) -> str:
    if angle_deg > RFS_MIN_DEG:
        return "rearfoot"
    if angle_deg < FFS_MAX_DEG:
        return "forefoot"
    return "midfoot"


def _side_view_values(
    kp: KeypointSeries, st: Stance, leg_px: float, cm_px: float | None, facing: float
) -> tuple[dict[str, float], str]:
    leg = LEG[st.side]
    knee = angles.knee_flexion(kp, st.side)
    i0, i1 = int(np.floor(st.ic)), int(np.ceil(st.to))
    heel_x = angles.at(kp.point(leg.heel)[:, 0], st.ic)
    hip_x = angles.at(angles.pelvis_centre(kp)[:, 0], st.ic)
    foot = angles.foot_angle(kp, st.side, facing)
    strike_angle = angles.at(foot, st.ic) - angles.at(foot, st.mid)
    v: dict[str, float] = {
        "knee_flexion_ic_deg": angles.at(knee, st.ic),
        "knee_flexion_peak_stance_deg": float(np.max(knee[i0 : i1 + 1])),
        "overstride_leg": facing * (heel_x - hip_x) / leg_px,
        "shank_angle_ic_deg": angles.at(angles.shank_angle(kp, st.side, facing), st.ic),
        "trunk_lean_ic_deg": angles.at(angles.trunk_lean(kp, facing), st.ic),
        "foot_strike_angle_deg": strike_angle,
    }
    if kp.fps >= MIN_FPS_CONTACT_TIME:
        v["contact_time_ms"] = 1000 * (st.to - st.ic) / kp.fps
    return v, foot_strike_class(strike_angle)


def _rear_view_values(
    kp: KeypointSeries, st: Stance, leg_px: float, cm_px: float | None
) -> dict[str, float]:
    ankle_x = angles.at(kp.point(LEG[st.side].ankle)[:, 0], st.mid)
    pelvis_x = angles.at(angles.pelvis_centre(kp)[:, 0], st.mid)
    # From behind the right foot is on the image's right: positive = foot on its own side.
    offset = (ankle_x - pelvis_x) * (1.0 if st.side is Side.RIGHT else -1.0)
    v = {
        "pelvic_drop_deg": angles.at(angles.pelvic_obliquity(kp, st.side), st.mid),
        "kfppa_deg": angles.at(angles.kfppa(kp, st.side), st.mid),
        "foot_midline_offset_leg": offset / leg_px,
    }
    if cm_px is not None:
        v["foot_midline_offset_cm"] = offset * cm_px
    return v


def analyse(
    raw: KeypointSeries, view: View | None = None, height_cm: float | None = None
) -> GaitMetrics:
    """Events and metrics for one clip. `view=None` detects it from the keypoints."""
    kp = smooth(raw)
    leg_px = leg_length_px(kp)
    view = view or detect_view(kp)
    cm_px = height_cm * LEG_LENGTH_PER_HEIGHT / leg_px if height_cm else None
    facing = facing_sign(kp)
    stances = detect_all(kp, leg_px, view)
    strides = min(sum(s.side is side for s in stances) for side in Side) - 1
    if strides < MIN_STRIDES:
        raise TooFewStridesError(f"found {max(strides, 0)} full strides")
    notes: list[str] = []
    if view is View.SIDE and kp.fps < MIN_FPS_CONTACT_TIME:
        notes.append(
            f"Ground contact time needs >= {MIN_FPS_CONTACT_TIME:.0f} fps video "
            f"(this clip is {kp.fps:.0f} fps); film in slow motion to get it."
        )
    pelvis_y = angles.pelvis_centre(kp)[:, 1]
    steps: list[Step] = []
    for prev, st in zip([None, *stances[:-1]], stances, strict=True):
        strike: str | None = None
        if view is View.SIDE:
            values, strike = _side_view_values(kp, st, leg_px, cm_px, facing)
        else:
            values = _rear_view_values(kp, st, leg_px, cm_px)
        if prev is not None and prev.side is not st.side:
            values["step_time_ms"] = 1000 * (st.ic - prev.ic) / kp.fps
            seg = pelvis_y[int(np.ceil(prev.ic)) : int(np.floor(st.ic)) + 1]
            if view is View.SIDE and cm_px is not None and seg.size > 1:
                values["vertical_oscillation_cm"] = float(seg.max() - seg.min()) * cm_px
            if view is View.REAR:
                width = (
                    values["foot_midline_offset_leg"] + steps[-1].values["foot_midline_offset_leg"]
                )
                values["step_width_leg"] = width
                if cm_px is not None:
                    values["step_width_cm"] = width * leg_px * cm_px
        steps.append(Step(st.side, st.ic, st.to, values, strike))
    ics = np.array([s.ic for s in stances])
    cadence = 60.0 * (len(ics) - 1) / ((ics[-1] - ics[0]) / kp.fps)
    per_side: dict[Side, dict[str, Summary]] = {}
    strike_by_side: dict[Side, str | None] = {}
    for side in Side:
        mine = [s for s in steps if s.side is side]
        names = sorted({k for s in mine for k in s.values})
        per_side[side] = {k: Summary.of([s.values.get(k, np.nan) for s in mine]) for k in names}
        kinds = [s.foot_strike for s in mine if s.foot_strike]
        strike_by_side[side] = max(set(kinds), key=kinds.count) if kinds else None
    return GaitMetrics(
        view=view,
        fps=kp.fps,
        duration_s=kp.n_frames / kp.fps,
        cadence_spm=float(cadence),
        leg_length_px=leg_px,
        cm_per_px=cm_px,
        steps=steps,
        per_side=per_side,
        foot_strike=strike_by_side,
        knee_flexion_deg={side: angles.knee_flexion(kp, side) for side in Side},
        smoothed=kp,
        notes=notes,
    )
