"""Per-step and per-side running-form metrics from a keypoint series."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from kneecap.domain.gait import angles
from kneecap.domain.gait.errors import TooFewStridesError
from kneecap.domain.gait.events import Stance, detect_all
from kneecap.domain.gait.filtering import fill_gaps, lowpass
from kneecap.domain.gait.keypoints import LEG, FloatArray, KeypointSeries, Side
from kneecap.domain.gait.swaps import repair_swaps
from kneecap.domain.gait.view import (
    View,
    camera_yaw_deg,
    facing_sign,
    leg_length_px,
    view_of_yaw,
)

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
    flag: str | None = None  # "gap" (contacts missing before it) or "doubled"; see flag_steps


@dataclass(frozen=True)
class Gap:
    """Contacts that could not be placed between two detected ones (times in seconds)."""

    start_s: float
    end_s: float
    missing: int

    def sentence(self) -> str:
        n = self.missing
        return (
            f"{n} contact{'s' if n != 1 else ''} could not be placed between "
            f"{self.start_s:.1f} s and {self.end_s:.1f} s."
        )


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
    gaps: list[Gap] = field(default_factory=list)
    swaps_repaired: int = 0
    asymmetry_pct: dict[str, float] = field(default_factory=dict)
    camera_yaw_deg: float | None = None  # estimated angle off square-on side (view.py)


# Hampel identifier (Hampel 1974; Pearson et al. 2016): a point further than 3 scaled MADs
# from its neighbours' median over ~0.1 s either side is an outlier (a one-frame jump of a
# keypoint, or of a mocap marker), treated as missing.
HAMPEL_HALF_S = 0.1
HAMPEL_SIGMAS = 3.0


def _outliers(xy: FloatArray, fps: float) -> npt.NDArray[np.bool_]:
    """(frames, keypoints): True where either coordinate is a Hampel outlier."""
    half = max(2, round(HAMPEL_HALF_S * fps))
    n = xy.shape[0]
    if n < 2 * half + 1:
        return np.zeros(xy.shape[:2], dtype=bool)
    padded = np.pad(xy, ((half, half), (0, 0), (0, 0)), mode="edge")
    win = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1, axis=0)
    med = np.nanmedian(win, axis=-1)
    mad = 1.4826 * np.nanmedian(np.abs(win - med[..., None]), axis=-1)
    # A floor of 1 px so a still keypoint's tiny jitter is not called an outlier.
    bad = np.abs(xy - med) > HAMPEL_SIGMAS * np.maximum(mad, 1.0)
    return np.asarray(bad.any(axis=2))


def smooth(kp: KeypointSeries) -> KeypointSeries:
    """Fill low-visibility gaps and low-pass every coordinate (zero lag)."""
    xy = kp.xyv[:, :, :2]
    valid = (kp.xyv[:, :, 2:3] >= MIN_VISIBILITY) & np.isfinite(xy[:, :, :1])
    valid = np.repeat(valid, 2, axis=2)
    valid &= ~np.repeat(_outliers(xy, kp.fps)[:, :, None], 2, axis=2)
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


# Measured in bench/gait_accuracy.py (Fukuchi 2017 mocap vs force plate, 60 fps): contacts
# ~5 ms early, toe-offs ~19 ms late; so contact time +24 ms, flight time -24 ms, duty factor
# +0.03.
CONTACT_TIME_NOTE = (
    "Ground contact time from video reads about 25 ms longer than a force plate would, flight "
    "time about 25 ms shorter and duty factor about 0.03 higher: compare them with this "
    "runner's own earlier videos, not with laboratory values."
)
# What each view cannot measure, said in the report (cadence and step timing come from both).
OTHER_VIEW_NOTE = {
    View.SIDE: "Pelvic drop, knee frontal-plane angle and step width need a video from behind.",
    View.REAR: (
        "Knee flexion, hip extension, overstride, trunk lean, foot strike and contact time "
        "need a video from the side."
    ),
    View.OBLIQUE: (
        "The camera was between side-on and behind the runner, so only cadence and step "
        "timing are given: knee flexion, hip extension, overstride, trunk lean, foot strike "
        "and contact time need a video square from the side; pelvic drop, knee frontal-plane "
        "angle and step width one square from behind."
    ),
}


def _midstance(kp: KeypointSeries, st: Stance) -> float:
    """Midstance: the frame the stance ankle passes under the pelvis centre (Souza 2016);
    the middle of the stance where it never does in the image."""
    i0, i1 = int(np.ceil(st.ic)), int(np.floor(st.to))
    if i1 <= i0:
        return st.mid
    ahead = kp.point(LEG[st.side].ankle)[i0 : i1 + 1, 0] - angles.pelvis_centre(kp)[i0 : i1 + 1, 0]
    sign = np.sign(ahead)
    flips = np.flatnonzero(sign[:-1] * sign[1:] < 0)
    if flips.size == 0:
        return st.mid
    k = int(flips[0])
    a, b = ahead[k], ahead[k + 1]
    return float(i0 + k + a / (a - b))


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
        # Souza 2016 (Phys Med Rehabil Clin N Am 27:217), 2D video measures of running.
        "knee_flexion_midstance_deg": angles.at(knee, _midstance(kp, st)),
        "hip_extension_to_deg": angles.at(angles.hip_extension(kp, st.side, facing), st.to),
        "overstride_leg": facing * (heel_x - hip_x) / leg_px,
        "shank_angle_ic_deg": angles.at(angles.shank_angle(kp, st.side, facing), st.ic),
        "trunk_lean_ic_deg": angles.at(angles.trunk_lean(kp, facing), st.ic),
        # Bramah 2018 measured trunk flexion at midstance; the cue reads it there.
        "trunk_lean_midstance_deg": angles.at(angles.trunk_lean(kp, facing), _midstance(kp, st)),
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


def _flight_and_duty(
    fps: float, st: Stance, prev: Stance, stances: list[Stance], k: int
) -> dict[str, float]:
    """Flight time before this contact and this foot's duty factor (side view, >= 60 fps,
    as contact time). Flight time: from the other foot's toe-off to this contact (Cavanagh &
    Kram 1989, Med Sci Sports Exerc 21:467: a running stride is two steps, each a contact and
    a flight). Duty factor: the share of this foot's stride (contact to its next contact; here
    from its previous contact, two alternating steps back) spent in contact (Alexander 1989,
    Physiol Rev 69:1199). Both carry the video's contact-time bias (CONTACT_TIME_NOTE): flight
    time reads short and duty factor high by about that much."""
    out = {"flight_time_ms": 1000 * (st.ic - prev.to) / fps}
    before = stances[k - 2] if k >= 2 else None
    if before is not None and before.side is st.side and st.ic > before.ic:
        out["duty_factor"] = (before.to - before.ic) / (st.ic - before.ic)
    return out


def analyse(
    raw: KeypointSeries, view: View | None = None, height_cm: float | None = None
) -> GaitMetrics:
    """Events and metrics for one clip. `view=None` detects it from the keypoints."""
    repaired, swaps = repair_swaps(raw.xyv, raw.fps)
    kp = smooth(KeypointSeries(repaired, raw.fps, raw.width, raw.height))
    leg_px = leg_length_px(kp)
    yaw = camera_yaw_deg(kp)
    view = view or view_of_yaw(yaw)
    cm_px = height_cm * LEG_LENGTH_PER_HEIGHT / leg_px if height_cm else None
    facing = facing_sign(kp)
    stances = detect_all(kp, leg_px, view, facing)
    strides = min(sum(s.side is side for s in stances) for side in Side) - 1
    if strides < MIN_STRIDES:
        raise TooFewStridesError(f"found {max(strides, 0)} full strides")
    notes: list[str] = []
    if view is View.SIDE and kp.fps < MIN_FPS_CONTACT_TIME:
        notes.append(
            f"Ground contact time needs >= {MIN_FPS_CONTACT_TIME:.0f} fps video "
            f"(this clip is {kp.fps:.0f} fps); film in slow motion to get it."
        )
    if view is View.SIDE and kp.fps >= MIN_FPS_CONTACT_TIME:
        notes.append(CONTACT_TIME_NOTE)
    notes.append(OTHER_VIEW_NOTE[view])
    pelvis_y = angles.pelvis_centre(kp)[:, 1]
    steps: list[Step] = []
    for prev, st in zip([None, *stances[:-1]], stances, strict=True):
        strike: str | None = None
        values: dict[str, float] = {}
        if view is View.SIDE:
            values, strike = _side_view_values(kp, st, leg_px, cm_px, facing)
        elif view is View.REAR:
            values = _rear_view_values(kp, st, leg_px, cm_px)
        if prev is not None and prev.side is not st.side:
            values["step_time_ms"] = 1000 * (st.ic - prev.ic) / kp.fps
            seg = pelvis_y[int(np.ceil(prev.ic)) : int(np.floor(st.ic)) + 1]
            if view is View.SIDE and cm_px is not None and seg.size > 1:
                values["vertical_oscillation_cm"] = float(seg.max() - seg.min()) * cm_px
            if "contact_time_ms" in values:  # side view, >= 60 fps
                values.update(_flight_and_duty(kp.fps, st, prev, stances, len(steps)))
            if view is View.REAR:
                width = (
                    values["foot_midline_offset_leg"] + steps[-1].values["foot_midline_offset_leg"]
                )
                values["step_width_leg"] = width
                if cm_px is not None:
                    values["step_width_cm"] = width * leg_px * cm_px
        steps.append(Step(st.side, st.ic, st.to, values, strike))
    steps, gaps = flag_steps(steps, kp.fps)
    placed = [
        s.values["step_time_ms"] for s in steps if s.flag is None and "step_time_ms" in s.values
    ]
    if not placed:
        raise TooFewStridesError("no two contacts in a row could be placed")
    # Cadence from the steps that were placed, never across a gap.
    cadence = 60000.0 / float(np.mean(placed))
    notes.extend(g.sentence() for g in gaps)
    per_side: dict[Side, dict[str, Summary]] = {}
    strike_by_side: dict[Side, str | None] = {}
    for side in Side:
        mine = [s for s in steps if s.side is side and s.flag is None]
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
        gaps=gaps,
        swaps_repaired=swaps,
        asymmetry_pct=asymmetry(per_side),
        camera_yaw_deg=yaw if np.isfinite(yaw) else None,
    )


# Symmetry index (Robinson, Herzog & Nigg 1987, J Manipulative Physiol Ther 10:172):
# SI = 100 x (left - right) / (0.5 x (left + right)); 0 = symmetric, positive = left larger.
# Only for quantities that are positive on both sides (a ratio of angles near 0 means nothing).
ASYMMETRY_METRICS = ("step_time_ms", "contact_time_ms", "knee_flexion_peak_stance_deg")
MIN_ASYMMETRY_STEPS = 4


def symmetry_index(left: float, right: float) -> float:
    return 100.0 * (left - right) / (0.5 * (left + right))


def asymmetry(per_side: dict[Side, dict[str, Summary]]) -> dict[str, float]:
    out = {}
    for name in ASYMMETRY_METRICS:
        left, right = per_side[Side.LEFT].get(name), per_side[Side.RIGHT].get(name)
        if left is None or right is None:
            continue
        if min(left.n, right.n) < MIN_ASYMMETRY_STEPS or min(left.mean, right.mean) <= 0:
            continue
        out[name] = symmetry_index(left.mean, right.mean)
    return out


# A step time outside 0.6-1.5 x the runner's own median step time is not one step: a contact
# was missed (about twice the median) or one contact was found twice (well under it). Steady
# treadmill running varies by a few percent step to step, so these bounds leave wide margin.
# Engineering bounds, not clinical.
GAP_FACTOR = 1.5
DOUBLE_FACTOR = 0.6


def flag_steps(steps: list[Step], fps: float) -> tuple[list[Step], list[Gap]]:
    """Flag steps whose step time is far from the median, or that break left/right
    alternation (the same foot twice: the other foot's contact is missing between)."""
    times = [s.values["step_time_ms"] for s in steps if "step_time_ms" in s.values]
    if not times:
        return steps, []
    median = float(np.median(times))
    out: list[Step] = []
    gaps: list[Gap] = []
    for prev, st in zip([None, *steps[:-1]], steps, strict=True):
        flag = None
        if prev is not None:
            dt_ms = 1000 * (st.ic_frame - prev.ic_frame) / fps
            if prev.side is st.side or dt_ms > GAP_FACTOR * median:
                missing = max(1, round(dt_ms / median) - 1)
                if prev.side is st.side and missing % 2 == 0:
                    missing += 1  # the same foot twice: an odd number is missing between
                flag = "gap"
                gaps.append(Gap(prev.ic_frame / fps, st.ic_frame / fps, missing))
            elif dt_ms < DOUBLE_FACTOR * median:
                flag = "doubled"
        out.append(Step(st.side, st.ic_frame, st.to_frame, st.values, st.foot_strike, flag))
    return out, gaps
