"""The values read from one stance: side-view angles and timing, rear-view frontal-plane
measures, flight and duty factor, step length."""

from __future__ import annotations

import numpy as np

from kneecap.domain.gait import angles, spatial
from kneecap.domain.gait.events import Stance
from kneecap.domain.gait.keypoints import LEG, KeypointSeries, Side
from kneecap.domain.gait.view import View

# Ground contact time is only reported when frames are at most ~17 ms apart.
MIN_FPS_CONTACT_TIME = 60.0
# Foot-strike angle classes (Altman & Davis 2012, Gait Posture 35:298): foot angle at IC
# relative to the flat foot (here: the foot at midstance). RFS > 8 deg, FFS < -1.6 deg.
RFS_MIN_DEG = 8.0
FFS_MAX_DEG = -1.6


def foot_strike_class(angle_deg: float) -> str:
    if angle_deg > RFS_MIN_DEG:
        return "rearfoot"
    if angle_deg < FFS_MAX_DEG:
        return "forefoot"
    return "midfoot"


def midstance(kp: KeypointSeries, st: Stance) -> float | None:
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


def side_view_values(
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
    mid, at_mid = st.mid, midstance(kp, st)
    if st.to is None or mid is None or at_mid is None:
        return v, None
    i0, i1 = int(np.floor(st.ic)), int(np.ceil(st.to))
    v.update(
        {
            "knee_flexion_peak_stance_deg": float(np.max(knee[i0 : i1 + 1])),
            # Souza 2016 (Phys Med Rehabil Clin N Am 27:217), 2D video measures of running.
            "knee_flexion_midstance_deg": angles.at(knee, at_mid),
            "hip_extension_to_deg": angles.at(angles.hip_extension(kp, st.side, facing), st.to),
            # Bramah 2018 measured trunk flexion at midstance; the cue reads it there.
            "trunk_lean_midstance_deg": angles.at(angles.trunk_lean(kp, facing), at_mid),
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


def rear_view_values(
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


def flight_and_duty(
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


def step_length_cm(
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
