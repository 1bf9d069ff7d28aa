"""Gait events from keypoints: initial contact (IC) and toe-off (TO) per foot.

Side and oblique views: foot kinematics relative to the pelvis (Zeni, Richards & Higginson
2008, Gait Posture 27:710): each contact is found where the heel is furthest ahead of the
pelvis, and its stance ends where the toe is furthest behind it. The contact is then timed
where the heel has gone half way to its stance velocity (heel_caught: in running the
extreme comes before the foot lands). All are read in the runner's own frame (pelvis-relative,
scaled by the leg length of that moment), so none needs a ground line: a tilted belt, camera
roll, a pan or a zoom leave them where they are. Young et al. 2023 (Sensors 23:696) used
Zeni's idea on BlazePose phone video. Event times are fractional frames.

Rear view (the heel's travel is along the camera axis, not across the image): the foot is in
contact while its lowest point is within a small height of its ground level, a high
percentile of its image height over the clip (a fixed camera behind a treadmill).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kneecap.domain.gait.angles import knee_flexion
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
    if view is View.REAR:
        lift = CONTACT_HEIGHT_FRAC[View.SIDE] * leg_len_px
        stances = [Stance(side, s.ic, _lift_off(h, s, lift)) for s in stances]
    return stances


def _lift_off(h: FloatArray, st: Stance, lift: float) -> float:
    """Rear-view toe-off: the foot's lowest point rises `lift` above its own lowest level in
    that stance. Seen from behind the stance foot comes towards the camera, so it sinks in the
    image all through the stance and is lowest at its end: the clip's ground level lies there,
    and the wide contact band (CONTACT_HEIGHT_FRAC) is left ~50 ms after the force plate's
    toe-off, a mid-stance ~25 ms late and ~1.7 deg of pelvic drop gone (bench/gait_accuracy.py).
    The side view's small height is used: above filtered pixel noise, below the foot's rise."""
    a, b = int(np.ceil(st.ic)), min(len(h) - 2, int(np.floor(st.to)) + 1)
    if b <= a:
        return st.to
    k = a + int(np.nanargmin(h[a : b + 1]))
    level = h[k] + lift
    j = k
    while j < len(h) - 1 and h[j + 1] < level:
        j += 1
    if j >= len(h) - 1:
        return st.to
    return float(j + (level - h[j]) / (h[j + 1] - h[j]))


def _leg_scale(kp: KeypointSeries) -> FloatArray:
    """Leg length of each frame (pixels), from the longer leg, smoothed over ~1 s so a zoom
    is followed but a bent knee is not."""
    lengths = []
    for side in Side:
        leg = LEG[side]
        thigh = np.linalg.norm(kp.point(leg.hip) - kp.point(leg.knee), axis=1)
        shank = np.linalg.norm(kp.point(leg.knee) - kp.point(leg.ankle), axis=1)
        lengths.append(thigh + shank)
    longest = np.nanmax(np.stack(lengths), axis=0)
    half = max(1, round(kp.fps / 2))
    padded = np.pad(longest, half, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)
    return np.asarray(np.nanpercentile(windows, 90, axis=1), dtype=np.float64)


def relative_forward(kp: KeypointSeries, index: int, facing: float) -> FloatArray:
    """How far a keypoint is ahead of the pelvis centre, in leg lengths of that frame."""
    pelvis = (kp.point(LEG[Side.LEFT].hip) + kp.point(LEG[Side.RIGHT].hip)) / 2
    return np.asarray(facing * (kp.point(index)[:, 0] - pelvis[:, 0]) / _leg_scale(kp))


def _peak(y: FloatArray, i: int) -> float:
    """Sub-frame position of the extremum at i (parabola through i-1, i, i+1)."""
    if i <= 0 or i >= len(y) - 1:
        return float(i)
    den = y[i - 1] - 2 * y[i] + y[i + 1]
    if not np.isfinite(den) or den == 0:
        return float(i)
    # Within half a frame of i: on a flat top the parabola's vertex can lie far away.
    return float(i + np.clip(0.5 * (y[i - 1] - y[i + 1]) / den, -0.5, 0.5))


def maxima(y: FloatArray, min_gap: int, min_prominence: float) -> list[int]:
    """Local maxima at least `min_gap` frames apart, each rising `min_prominence` above the
    lowest point between it and its neighbouring maxima (the higher wins a tie of gaps)."""
    n = len(y)
    cand = [i for i in range(1, n - 1) if y[i] >= y[i - 1] and y[i] > y[i + 1]]
    cand.sort(key=lambda i: -y[i])
    kept: list[int] = []
    for i in cand:
        if all(abs(i - k) >= min_gap for k in kept):
            kept.append(i)
    kept.sort()
    out = []
    for j, i in enumerate(kept):
        lo = kept[j - 1] if j > 0 else max(0, i - 2 * min_gap)
        hi = kept[j + 1] if j + 1 < len(kept) else min(n - 1, i + 2 * min_gap)
        left = float(np.min(y[lo : i + 1]))
        right = float(np.min(y[i : hi + 1]))
        # Near the clip's ends the fall on that side is cut off: the peak is judged on the
        # side that is seen, if it turns for real on the cut side (two falling samples; the
        # low-pass leaves no single-sample bumps).
        if j == 0 and i - 2 * min_gap < 0 and _turns(y[i::-1]):
            left = right
        if j + 1 == len(kept) and i + 2 * min_gap > n - 1 and _turns(y[i:]):
            right = left
        if y[i] - max(left, right) >= min_prominence:
            out.append(i)
    return out


def _turns(y: FloatArray) -> bool:
    """Whether y falls for the two samples after its first."""
    return len(y) >= 3 and bool(y[0] > y[1] > y[2])


# A stride moves the heel about one leg length fore-aft relative to the pelvis in running;
# a quarter of that separates a real contact from keypoint jitter. Engineering value.
MIN_PROMINENCE_LEG = 0.25


def detect_stances_relative(kp: KeypointSeries, side: Side, facing: float) -> list[Stance]:
    """Zeni et al. 2008: IC = heel furthest ahead of the pelvis; the toe furthest behind it
    (the first time after IC) closes the stance. Toe-off itself is the knee's greatest
    extension between the two (Fellin et al. 2010, J Sci Med Sport 13:646: ~5 ms from the
    force plate in treadmill running): in running the foot keeps travelling back after it
    leaves the ground, and the toe's rear extreme comes ~120 ms after the force plate's toe-off
    on the Fukuchi mocap. Contacts whose stance runs past the clip's end are dropped."""
    leg = LEG[side]
    heel = relative_forward(kp, leg.heel, facing)
    toe = relative_forward(kp, leg.toe, facing)
    gap = max(2, int(MIN_STRIDE_S * kp.fps))
    ics = maxima(heel, gap, MIN_PROMINENCE_LEG)
    tos = maxima(-toe, gap, MIN_PROMINENCE_LEG)
    knee = knee_flexion(kp, side)
    stances: list[Stance] = []
    for i in ics:
        later = [t for t in tos if t > i]
        if not later or later[0] - i > gap * 2:
            continue
        j = _knee_extension(knee, i + max(1, round(MIN_CONTACT_S * kp.fps)), later[0])
        stances.append(Stance(side, heel_caught(heel, i, kp.fps), j))
    return stances


# Where the stance velocity is read, after the heel's forward extreme (s): the foot is flat on
# the ground then (~25-125 ms into a ~250 ms stance).
STANCE_VELOCITY_S = (0.05, 0.15)


def heel_caught(heel: FloatArray, i: int, fps: float) -> float:
    """Initial contact: when the heel, relative to the pelvis, has gone half way from its
    forward extreme (frame i, Zeni 2008; velocity ~0) to its stance velocity (carried back
    by the ground at running speed).

    In running the foot is pulled back before it lands, so Zeni's extreme itself comes before
    contact, by how much depending on the runner: 25-30 ms on the Fukuchi mocap against force
    plates (also in the 150 Hz markers, so not a camera effect), ~13 ms on the real phone
    clip against hand counts. Contact is the step from ~0 to the stance velocity; a zero-lag
    low-pass spreads a step evenly about its time, so its half-way crossing stays there at any
    frame rate or cut-off. Engineering rule in Zeni's pelvis-relative frame (so roll, a pan or
    a zoom do not move it), measured in bench/gait_accuracy.py and bench/gait_real_clip.py.
    Falls back to the extreme where the stance runs off the clip or no crossing is seen."""
    zeni = _peak(heel, i)
    a = i + max(1, round(STANCE_VELOCITY_S[0] * fps))
    b = i + max(2, round(STANCE_VELOCITY_S[1] * fps))
    if b > len(heel) - 1:
        return zeni
    v = np.gradient(heel)
    half = 0.5 * float(np.median(v[a : b + 1]))
    if not half < 0:
        return zeni
    for k in range(i, b):
        if v[k] > half >= v[k + 1]:
            return float(k + (v[k] - half) / (v[k] - v[k + 1]))
    return zeni


def _knee_extension(knee: FloatArray, start: int, end: int) -> float:
    """Sub-frame time of the knee's extension at toe-off, within start..end frames (contact
    to the toe's rear extreme): the least knee flexion after the stance's flexion peak, taken
    as the most flexion in the first half of the window. The knee also straightens just
    before contact and flexes hard in the swing after toe-off, so neither the least flexion
    in the whole window nor the first dip after contact will do (single-frame jitter)."""
    if end - start < 2:
        return float(end)
    half = start + (end - start) // 2
    top = start + int(np.nanargmax(knee[start : half + 1]))
    k = top + int(np.nanargmin(knee[top : end + 1]))
    return _peak(-knee, k)


def detect_all(
    kp: KeypointSeries, leg_len_px: float, view: View, facing: float = 1.0
) -> list[Stance]:
    """Stances of both feet in time order."""
    if view is View.REAR:
        from kneecap.domain.gait.events_rear import detect_rear  # it builds on this module

        return detect_rear(kp)
    both = [s for side in Side for s in detect_stances_relative(kp, side, facing)]
    return sorted(both, key=lambda s: s.ic)
