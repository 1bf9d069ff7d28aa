"""Per-step and per-side running-form metrics from a keypoint series."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from kneecap.domain.gait import angles, frontal, spatial
from kneecap.domain.gait.errors import GaitAnalysisError, SlowMotionError, TooFewStridesError
from kneecap.domain.gait.events import Stance, detect_all
from kneecap.domain.gait.filtering import fill_gaps, lowpass
from kneecap.domain.gait.keypoints import LEG, MIN_VISIBILITY, FloatArray, KeypointSeries, Side
from kneecap.domain.gait.playback import (
    ASSUMED_HEIGHT_CM,
    SLOW_MOTION_FACTORS,
    Playback,
    assess_playback,
)
from kneecap.domain.gait.spatial import StepLengthSource
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
# Ground contact time is only reported when frames are at most ~17 ms apart.
MIN_FPS_CONTACT_TIME = 60.0
MIN_STRIDES = 8
# Arm measures need the wrists seen confidently in this share of frames (rear view).
MIN_WRIST_SHARE = 0.8
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
    to_frame: float | None  # None: the stance runs past the clip's end
    values: dict[str, float]
    foot_strike: str | None = None
    flag: str | None = None  # "gap" (contacts missing before it) or "doubled"; see flag_steps
    estimated: bool = False  # the foot unseen at contact: timed from its neighbours (events.py)


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
    step_length_source: StepLengthSource | None = None  # None: no step length given
    playback: Playback | None = None  # the slow-motion check's figures (playback.py)


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
    View.SIDE: (
        "Pelvic drop, knee frontal-plane angle, step width, arm crossover and lateral trunk "
        "sway need a video from behind."
    ),
    View.REAR: (
        "Knee flexion, hip extension, overstride, trunk lean, foot strike, contact time, "
        "vertical oscillation and vertical ratio (and, without the belt speed, step length) "
        "need a video from the side."
    ),
    View.OBLIQUE: (
        "The camera was between side-on and behind the runner, so only cadence and step "
        "timing are given: knee flexion, hip extension, overstride, trunk lean, foot strike "
        "contact time, step length and vertical ratio need a video square from the side; "
        "pelvic drop, knee frontal-plane angle, step width, arm crossover and trunk sway one "
        "square from behind."
    ),
}


UNSEEN_NOTE = (
    "{n} contact{s} fell where the foot was not seen: timed from the same foot's contacts "
    "before and after, and no angle at contact was read from them."
)
ARMS_UNSEEN_NOTE = (
    "Arm crossover and lateral trunk sway need both wrists in view through most of the clip; "
    "they were not seen clearly enough to measure."
)
VIDEO_STEP_LENGTH_NOTE = (
    "Step length is an estimate from the video, scaled by the runner's height through average "
    "body proportions (Winter 2009): take it as +-10% with the phone held still (a pan or "
    "zoom makes it wrong), and compare it with this runner's own videos. Vertical ratio "
    "carries the same uncertainty. With the treadmill's belt speed "
    "(--belt-speed-kmh) step length is the belt speed x step time instead."
)
BELT_STEP_LENGTH_NOTE = (
    "Step length is the treadmill belt speed ({kmh:.1f} km/h, as given) x each step time."
)
NO_HEIGHT_NOTE = (
    "Step length, vertical oscillation and vertical ratio need the runner's height "
    "(or, for step length, the treadmill's belt speed)."
)


def _midstance(kp: KeypointSeries, st: Stance) -> float | None:
    """Midstance: the frame the stance ankle passes under the pelvis centre (Souza 2016);
    the middle of the stance where it never does in the image; None without a toe-off."""
    if st.to is None:
        return None
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


# Read from the stance leg at the contact itself: not where the contact was only estimated.
AT_CONTACT = ("knee_flexion_ic_deg", "overstride_leg", "shank_angle_ic_deg")


def _side_view_values(
    kp: KeypointSeries, st: Stance, leg_px: float, cm_px: float | None, facing: float
) -> tuple[dict[str, float], str | None]:
    """Side-view values of one stance. Those needing the toe-off (stance peak, midstance,
    hip extension at toe-off, foot strike, contact time) are left out where the stance runs
    past the clip's end; those read from the leg at contact, where the foot was not seen."""
    leg = LEG[st.side]
    knee = angles.knee_flexion(kp, st.side)
    heel_x = angles.at(kp.point(leg.heel)[:, 0], st.ic)
    hip_x = angles.at(angles.pelvis_centre(kp)[:, 0], st.ic)
    v: dict[str, float] = {
        "knee_flexion_ic_deg": angles.at(knee, st.ic),
        "overstride_leg": facing * (heel_x - hip_x) / leg_px,
        "shank_angle_ic_deg": angles.at(angles.shank_angle(kp, st.side, facing), st.ic),
        "trunk_lean_ic_deg": angles.at(angles.trunk_lean(kp, facing), st.ic),
    }
    if st.estimated:
        v = {k: x for k, x in v.items() if k not in AT_CONTACT}
    mid, midstance = st.mid, _midstance(kp, st)
    if st.to is None or mid is None or midstance is None:
        return v, None
    i0, i1 = int(np.floor(st.ic)), int(np.ceil(st.to))
    v.update(
        {
            "knee_flexion_peak_stance_deg": float(np.max(knee[i0 : i1 + 1])),
            # Souza 2016 (Phys Med Rehabil Clin N Am 27:217), 2D video measures of running.
            "knee_flexion_midstance_deg": angles.at(knee, midstance),
            "hip_extension_to_deg": angles.at(angles.hip_extension(kp, st.side, facing), st.to),
            # Bramah 2018 measured trunk flexion at midstance; the cue reads it there.
            "trunk_lean_midstance_deg": angles.at(angles.trunk_lean(kp, facing), midstance),
        }
    )
    if kp.fps >= MIN_FPS_CONTACT_TIME and not st.estimated:
        v["contact_time_ms"] = 1000 * (st.to - st.ic) / kp.fps
    if st.estimated:
        return v, None
    foot = angles.foot_angle(kp, st.side, facing)
    strike_angle = angles.at(foot, st.ic) - angles.at(foot, mid)
    v["foot_strike_angle_deg"] = strike_angle
    return v, foot_strike_class(strike_angle)


def _rear_view_values(
    kp: KeypointSeries, st: Stance, leg_px: float, cm_px: float | None
) -> dict[str, float]:
    mid = st.mid
    if mid is None:
        return {}
    ankle_x = angles.at(kp.point(LEG[st.side].ankle)[:, 0], mid)
    pelvis_x = angles.at(angles.pelvis_centre(kp)[:, 0], mid)
    # From behind the right foot is on the image's right: positive = foot on its own side.
    offset = (ankle_x - pelvis_x) * (1.0 if st.side is Side.RIGHT else -1.0)
    v = {
        "pelvic_drop_deg": angles.at(angles.pelvic_obliquity(kp, st.side), mid),
        "kfppa_deg": angles.at(angles.kfppa(kp, st.side), mid),
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
    time reads short and duty factor high by about that much. Neither where a contact was
    only estimated or a toe-off lies past the clip's end."""
    if st.estimated or prev.estimated:
        return {}
    out = {} if prev.to is None else {"flight_time_ms": 1000 * (st.ic - prev.to) / fps}
    before = stances[k - 2] if k >= 2 else None
    if (
        before is not None
        and before.to is not None
        and before.side is st.side
        and st.ic > before.ic
    ):
        out["duty_factor"] = (before.to - before.ic) / (st.ic - before.ic)
    return out


def _step_length_cm(
    kp: KeypointSeries,
    prev: Stance,
    st: Stance,
    view: View,
    facing: float,
    cm_px: float | None,
    belt_speed_ms: float | None,
    ground_px_s: float,
) -> float | None:
    """Belt speed x step time where the speed is known (any view: timing only); otherwise
    the side-view estimate scaled by the runner's height; else none."""
    if belt_speed_ms is not None:
        return spatial.belt_step_length_cm(belt_speed_ms, (st.ic - prev.ic) / kp.fps)
    if view is View.SIDE and cm_px is not None:
        length = spatial.video_step_length_px(kp, prev, st, facing, ground_px_s) * cm_px
        return length if np.isfinite(length) else None
    return None


def _wrists_seen(raw: KeypointSeries) -> bool:
    vis = raw.xyv[:, [frontal.WRIST[s] for s in Side], 2]
    return bool(((vis >= MIN_VISIBILITY).all(axis=1)).mean() >= MIN_WRIST_SHARE)


def _next_same_side(stances: list[Stance], k: int) -> Stance | None:
    later = stances[k + 2] if k + 2 < len(stances) else None
    return later if later is not None and later.side is stances[k].side else None


def analyse(
    raw: KeypointSeries,
    view: View | None = None,
    height_cm: float | None = None,
    belt_speed_ms: float | None = None,
) -> GaitMetrics:
    """Events and metrics for one clip. `view=None` detects it from the keypoints;
    `belt_speed_ms`, a treadmill's belt speed, gives step length from the step time.

    Raises SlowMotionError where the clip plays slower than it was filmed (playback.py)."""
    try:
        m = _measure(raw, view, height_cm, belt_speed_ms)
    except TooFewStridesError:
        factor = _slow_motion_factor(raw, view, height_cm)
        if factor is None:
            raise
        raise SlowMotionError(
            f"reads as a run at {factor} x {raw.fps:.0f} fps", factor, raw.fps
        ) from None
    pb = m.playback
    if pb is not None and pb.slowed:
        raise SlowMotionError(
            f"apparent gravity {pb.apparent_g_ms2:.1f} m/s2, duty factor {pb.duty_factor:.2f}, "
            f"{pb.cadence_spm:.0f} steps/min",
            _slow_motion_factor(raw, view, height_cm) or pb.likely_factor,
            raw.fps,
        )
    return m


def _slow_motion_factor(
    raw: KeypointSeries, view: View | None, height_cm: float | None
) -> int | None:
    """Where no strides were found: the phone slow-motion factor at which the clip reads as a
    run at real speed, if any (contact detection's timing windows are for real speed)."""
    for factor in SLOW_MOTION_FACTORS:
        sped = KeypointSeries(raw.xyv, raw.fps * factor, raw.width, raw.height)
        try:
            pb = _measure(sped, view, height_cm, None).playback
        except GaitAnalysisError:
            continue
        if pb is not None and pb.real_speed_run:
            return factor
    return None


def _measure(
    raw: KeypointSeries,
    view: View | None,
    height_cm: float | None,
    belt_speed_ms: float | None,
) -> GaitMetrics:
    repaired, swaps = repair_swaps(raw.xyv, raw.fps)
    kp = smooth(KeypointSeries(repaired, raw.fps, raw.width, raw.height))
    leg_px = leg_length_px(kp)
    yaw = camera_yaw_deg(kp)
    view = view or view_of_yaw(yaw)
    cm_px = spatial.cm_per_px(height_cm, leg_px) if height_cm else None
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
    arms = view is View.REAR and _wrists_seen(raw)
    if view is View.REAR and not arms:
        notes.append(ARMS_UNSEEN_NOTE)
    pelvis_y = angles.pelvis_centre(kp)[:, 1]
    ground_px_s = spatial.steady_ground_velocity_px_s(kp, stances, facing)
    steps: list[Step] = []
    bounce_px: dict[float, float] = {}  # pelvis rise and fall per step, by contact frame
    for prev, st in zip([None, *stances[:-1]], stances, strict=True):
        k = len(steps)
        strike: str | None = None
        values: dict[str, float] = {}
        if view is View.SIDE:
            values, strike = _side_view_values(kp, st, leg_px, cm_px, facing)
        elif view is View.REAR:
            values = _rear_view_values(kp, st, leg_px, cm_px)
            after = _next_same_side(stances, k)
            if arms and after is not None and st.mid is not None:
                values.update(frontal.stride_values(kp, st.side, st.ic, after.ic, st.mid, leg_px))
                if cm_px is not None and "arm_crossover_leg" in values:
                    for name in ("arm_crossover", "trunk_sway"):
                        values[f"{name}_cm"] = values[f"{name}_leg"] * leg_px * cm_px
        if prev is not None and prev.side is not st.side:
            values["step_time_ms"] = 1000 * (st.ic - prev.ic) / kp.fps
            seg = pelvis_y[int(np.ceil(prev.ic)) : int(np.floor(st.ic)) + 1]
            if seg.size > 1:
                bounce_px[st.ic] = float(seg.max() - seg.min())
            if view is View.SIDE and cm_px is not None and seg.size > 1:
                values["vertical_oscillation_cm"] = float(seg.max() - seg.min()) * cm_px
            length = _step_length_cm(kp, prev, st, view, facing, cm_px, belt_speed_ms, ground_px_s)
            if length is not None:
                values["step_length_cm"] = length
                if "vertical_oscillation_cm" in values:  # side view only
                    values["vertical_ratio_pct"] = spatial.vertical_ratio_pct(
                        values["vertical_oscillation_cm"], length
                    )
            if view is View.SIDE and kp.fps >= MIN_FPS_CONTACT_TIME:  # as contact time
                values.update(_flight_and_duty(kp.fps, st, prev, stances, len(steps)))
            if view is View.REAR:
                width = (
                    values["foot_midline_offset_leg"] + steps[-1].values["foot_midline_offset_leg"]
                )
                values["step_width_leg"] = width
                if cm_px is not None:
                    values["step_width_cm"] = width * leg_px * cm_px
        steps.append(Step(st.side, st.ic, st.to, values, strike, estimated=st.estimated))
    steps, gaps = flag_steps(steps, kp.fps)
    placed = [
        s.values["step_time_ms"] for s in steps if s.flag is None and "step_time_ms" in s.values
    ]
    if not placed:
        raise TooFewStridesError("no two contacts in a row could be placed")
    playback = _playback(steps, bounce_px, stances, leg_px, cm_px)
    # Cadence from the steps that were placed, never across a gap.
    cadence = 60000.0 / float(np.mean(placed))
    notes.extend(g.sentence() for g in gaps)
    unseen = sum(1 for s in steps if s.estimated)
    if unseen:
        notes.append(UNSEEN_NOTE.format(n=unseen, s="s" if unseen != 1 else ""))
    source = _length_source(steps, belt_speed_ms)
    if source is StepLengthSource.VIDEO:
        notes.append(VIDEO_STEP_LENGTH_NOTE)
    elif source is StepLengthSource.BELT:
        notes.append(BELT_STEP_LENGTH_NOTE.format(kmh=3.6 * (belt_speed_ms or 0.0)))
    elif view is View.SIDE and cm_px is None:
        notes.append(NO_HEIGHT_NOTE)
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
        step_length_source=source,
        playback=playback,
    )


def _playback(
    steps: list[Step],
    bounce_px: dict[float, float],
    stances: list[Stance],
    leg_px: float,
    cm_px: float | None,
) -> Playback:
    """The slow-motion check on the placed steps; without the runner's height the pixel
    scale assumes an adult's (playback.ASSUMED_HEIGHT_CM: far closer than the check needs)."""
    scale_m = (cm_px or spatial.cm_per_px(ASSUMED_HEIGHT_CM, leg_px)) / 100
    placed = [s for s in steps if s.flag is None and s.ic_frame in bounce_px]
    return assess_playback(
        [bounce_px[s.ic_frame] * scale_m for s in placed],
        [s.values["step_time_ms"] / 1000 for s in placed],
        stances,
    )


def _length_source(steps: list[Step], belt_speed_ms: float | None) -> StepLengthSource | None:
    if not any("step_length_cm" in s.values for s in steps):
        return None
    return StepLengthSource.BELT if belt_speed_ms is not None else StepLengthSource.VIDEO


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
        out.append(replace(st, flag=flag))
    return out, gaps
