"""Per-step and per-side running-form metrics from a keypoint series: events found
(events.py), values read from each stance (stance_values.py), steps flagged (steps.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kneecap.domain.gait import angles, frontal, spatial, stance_values
from kneecap.domain.gait.asymmetry import ASYMMETRY_METRICS, MIN_ASYMMETRY_STEPS, asymmetry
from kneecap.domain.gait.asymmetry import symmetry_index as symmetry_index
from kneecap.domain.gait.errors import GaitAnalysisError, SlowMotionError, TooFewStridesError
from kneecap.domain.gait.events import Stance, detect_all
from kneecap.domain.gait.events_rear import rear_contacts
from kneecap.domain.gait.keypoints import MIN_VISIBILITY as MIN_VISIBILITY
from kneecap.domain.gait.keypoints import FloatArray, KeypointSeries, Side
from kneecap.domain.gait.level import GroundLine, ground_line, levelled
from kneecap.domain.gait.notes import (
    ARMS_UNSEEN_NOTE,
    BELT_STEP_LENGTH_NOTE,
    CONTACT_TIME_NOTE,
    LEVELLED_NOTE,
    NO_HEIGHT_NOTE,
    OTHER_VIEW_NOTE,
    SHAKEN_PELVIS_NOTE,
    UNLEVELLED_NOTE,
    UNSEEN_NOTE,
    VIDEO_STEP_LENGTH_NOTE,
)
from kneecap.domain.gait.playback import (
    ASSUMED_HEIGHT_CM,
    SLOW_MOTION_FACTORS,
    Playback,
    assess_playback,
)
from kneecap.domain.gait.smoothing import smooth
from kneecap.domain.gait.spatial import StepLengthSource
from kneecap.domain.gait.stance_values import MIN_FPS_CONTACT_TIME
from kneecap.domain.gait.steps import Gap, Step, Summary, flag_steps
from kneecap.domain.gait.swaps import repair_swaps
from kneecap.domain.gait.view import (
    View,
    camera_yaw_deg,
    facing_sign,
    leg_length_px,
    view_of_yaw,
)

# Names other modules import from here.
__all__ = [
    "ARMS_UNSEEN_NOTE",
    "ASYMMETRY_METRICS",
    "MIN_ASYMMETRY_STEPS",
    "MIN_FPS_CONTACT_TIME",
    "MIN_VISIBILITY",
    "UNSEEN_NOTE",
    "GaitMetrics",
    "Gap",
    "Step",
    "Summary",
    "analyse",
    "smooth",
    "symmetry_index",
]

MIN_STRIDES = 8
# Rear-view figures read against the image's horizontal or vertical: without a level ground
# line (level.py) a tilted phone enters them in full, and no cue is drafted from them.
LEVEL_DEPENDENT = frozenset(
    {"pelvic_drop_deg", "trunk_lateral_lean_deg", "foot_midline_offset_leg",
     "foot_midline_offset_cm"}
)  # fmt: skip
# Arm measures need the wrists seen confidently in this share of frames (rear view).
MIN_WRIST_SHARE = 0.8


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
    # How precisely the contacts were timed on this clip, one standard deviation (ms); rear
    # view only (events_rear.RearContacts), None where too few strides to tell.
    contact_spread_ms: float | None = None
    # Rear view: the ground's tilt in the image, read from the pelvis's bounce, that the
    # frontal figures were levelled by, or why they could not be (level.py); None elsewhere.
    ground: GroundLine | None = None

    @property
    def unchecked_metrics(self) -> frozenset[str]:
        """Per-step figures that failed their own check: no cue is drafted from them."""
        if self.ground is not None and not self.ground.reliable:
            return LEVEL_DEPENDENT
        return frozenset()


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
    spread_ms: float | None = None
    notes: list[str] = []
    if view is View.REAR:
        rear = rear_contacts(kp)
        stances = rear.stances
        spread_ms = None if rear.spread_s is None else 1000 * rear.spread_s
        if rear.feet_led and rear.pelvis_spread_s is not None:
            notes.append(SHAKEN_PELVIS_NOTE.format(pelvis=1000 * rear.pelvis_spread_s))
    else:
        stances = detect_all(kp, leg_px, view, facing)
    strides = min(sum(s.side is side for s in stances) for side in Side) - 1
    if strides < MIN_STRIDES:
        raise TooFewStridesError(f"found {max(strides, 0)} full strides")
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
    ground: GroundLine | None = None
    front = kp  # the keypoints frontal-plane figures are read from
    if view is View.REAR:
        ground = ground_line(kp, stances, yaw)
        if ground.applied:
            front = levelled(kp, ground.tilt_deg)
            notes.append(LEVELLED_NOTE.format(tilt=abs(ground.tilt_deg)))
        elif not ground.reliable:
            notes.append(UNLEVELLED_NOTE.format(problem=ground.problem))
    pelvis_y = angles.pelvis_centre(kp)[:, 1]
    ground_px_s = spatial.steady_ground_velocity_px_s(kp, stances, facing)
    steps: list[Step] = []
    bounce_px: dict[float, float] = {}  # pelvis rise and fall per step, by contact frame
    for prev, st in zip([None, *stances[:-1]], stances, strict=True):
        k = len(steps)
        strike: str | None = None
        values: dict[str, float] = {}
        if view is View.SIDE:
            values, strike = stance_values.side_view_values(kp, st, leg_px, cm_px, facing)
        elif view is View.REAR:
            values = stance_values.rear_view_values(front, st, leg_px, cm_px)
            after = _next_same_side(stances, k)
            if arms and after is not None and st.mid is not None:
                values.update(
                    frontal.stride_values(front, st.side, st.ic, after.ic, st.mid, leg_px)
                )
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
            length = stance_values.step_length_cm(
                kp, prev, st, view, facing, cm_px, belt_speed_ms, ground_px_s
            )
            if length is not None:
                values["step_length_cm"] = length
                if "vertical_oscillation_cm" in values:  # side view only
                    values["vertical_ratio_pct"] = spatial.vertical_ratio_pct(
                        values["vertical_oscillation_cm"], length
                    )
            if view is View.SIDE and kp.fps >= MIN_FPS_CONTACT_TIME:  # as contact time
                values.update(stance_values.flight_and_duty(kp.fps, st, prev, stances, len(steps)))
            offsets = [v.get("foot_midline_offset_leg") for v in (values, steps[-1].values)]
            if view is View.REAR and None not in offsets:
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
        contact_spread_ms=spread_ms,
        ground=ground,
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
