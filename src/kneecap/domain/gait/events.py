"""Gait events from keypoints: initial contact (IC) and toe-off (TO) per foot.

Side and oblique views: foot kinematics relative to the pelvis (Zeni, Richards & Higginson
2008, Gait Posture 27:710): each contact is found where the heel is furthest ahead of the
pelvis, and its stance ends where the toe is furthest behind it. The contact is then timed
where the heel has gone half way to its stance velocity (heel_caught: in running the
extreme comes before the foot lands). All are read in the runner's own frame (pelvis-relative,
scaled by the leg length of that moment), so none needs a ground line: a tilted belt, camera
roll, a pan or a zoom leave them where they are. Young et al. 2023 (Sensors 23:696) used
Zeni's idea on BlazePose phone video. Left and right contacts are then kept together as a
sequence that alternates (alternating), so a pose model's label glitch near one foot's contact
does not stand in for the other foot's. Event times are fractional frames.

Rear view (the heel's travel is along the camera axis, not across the image): contacts from
the pelvis's vertical acceleration, in events_rear.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kneecap.domain.gait.angles import knee_flexion
from kneecap.domain.gait.keypoints import LEG, MIN_VISIBILITY, FloatArray, KeypointSeries, Side
from kneecap.domain.gait.view import View

# Shortest plausible stance and stride (s); shorter runs are noise.
MIN_CONTACT_S = 0.06
MIN_STRIDE_S = 0.45


@dataclass(frozen=True)
class Stance:
    side: Side
    ic: float  # fractional frame of initial contact
    to: float | None  # fractional frame of toe-off; None where it lies past the clip's end
    # The foot was not seen at contact: the contact was timed from its neighbours
    # (side view, _timed_from_neighbours) and nothing is read from the leg at it.
    estimated: bool = False

    @property
    def mid(self) -> float | None:
        return None if self.to is None else (self.ic + self.to) / 2


def leg_scale(kp: KeypointSeries) -> FloatArray:
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
    return nan_percentile_rows(windows, 90.0)


def nan_percentile_rows(rows: FloatArray, q: float) -> FloatArray:
    """np.nanpercentile(rows, q, axis=1), value for value, without its Python loop over rows
    (it was half the gait domain's time): each row sorted with its NaNs last, then all rows
    with the same count of values go through np.percentile at once, which takes the same
    order statistics and interpolates them the same way. A row of NaNs gives NaN."""
    ordered = np.sort(rows, axis=1)
    counts = (~np.isnan(ordered)).sum(axis=1)
    out = np.full(len(ordered), np.nan)
    for k in np.unique(counts[counts > 0]).tolist():
        same = counts == k
        out[same] = np.percentile(ordered[same, :k], q, axis=1)
    return out


def relative_forward(kp: KeypointSeries, index: int, facing: float) -> FloatArray:
    """How far a keypoint is ahead of the pelvis centre, in leg lengths of that frame."""
    pelvis = (kp.point(LEG[Side.LEFT].hip) + kp.point(LEG[Side.RIGHT].hip)) / 2
    return np.asarray(facing * (kp.point(index)[:, 0] - pelvis[:, 0]) / leg_scale(kp))


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
    """Local maxima at least `min_gap` frames apart (the higher wins), each rising
    `min_prominence` above the lowest point on either side before the signal climbs higher
    than it again, looked for within 2 x `min_gap` frames (a peak's prominence as in
    topography: a small bump beside a peak does not hide it)."""
    n = len(y)
    cand = [i for i in range(1, n - 1) if y[i] >= y[i - 1] and y[i] > y[i + 1]]
    cand.sort(key=lambda i: -y[i])
    kept: list[int] = []
    for i in cand:
        if all(abs(i - k) >= min_gap for k in kept):
            kept.append(i)
    kept.sort()
    out = []
    for i in kept:
        left, left_cut = _fall(y[i::-1], 2 * min_gap)
        right, right_cut = _fall(y[i:], 2 * min_gap)
        # Near the clip's ends the fall on that side is cut off: the peak is judged on the
        # side that is seen, if it turns for real on the cut side (two falling samples; the
        # low-pass leaves no single-sample bumps).
        if left_cut and _turns(y[i::-1]):
            left = right
        if right_cut and _turns(y[i:]):
            right = left
        if y[i] - max(left, right) >= min_prominence:
            out.append(i)
    return out


def _fall(y: FloatArray, reach: int) -> tuple[float, bool]:
    """From y[0] on: the lowest point before y climbs above y[0] (within `reach` samples),
    and whether the signal ended first (the fall cut off by the clip's end)."""
    higher = np.flatnonzero(y[1 : reach + 1] > y[0])
    stop = int(higher[0]) + 1 if higher.size else min(reach, len(y) - 1)
    cut = not higher.size and len(y) - 1 < reach
    return float(np.min(y[: stop + 1])), cut


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
    on the Fukuchi mocap. A contact whose stance runs past the clip's end keeps its contact
    (step time and cadence use it) with no toe-off; one with no toe extreme inside the clip
    is not a contact."""
    leg = LEG[side]
    heel = relative_forward(kp, leg.heel, facing)
    toe = relative_forward(kp, leg.toe, facing)
    gap = max(2, int(MIN_STRIDE_S * kp.fps))
    # Candidates half a stride apart: a pose model's glitch near the other foot's contact can
    # make a higher peak between two real ones; alternation (detect_side_view) picks.
    ics = maxima(heel, max(2, gap // 2), MIN_PROMINENCE_LEG)
    tos = maxima(-toe, gap, MIN_PROMINENCE_LEG)
    knee = knee_flexion(kp, side)
    stances: list[Stance] = []
    for i in ics:
        later = [t for t in tos if t > i]
        if not later and i + 2 * gap > kp.n_frames - 1:
            stances.append(Stance(side, heel_caught(heel, i, kp.fps), None))
            continue
        if not later or later[0] - i > gap * 2:
            continue
        j = _knee_extension(knee, i + max(1, round(MIN_CONTACT_S * kp.fps)), later[0])
        ic = heel_caught(heel, i, kp.fps)
        if (j - ic) / kp.fps < MIN_CONTACT_S:
            continue  # shorter than any stance: the heel's extreme was not a contact
        stances.append(Stance(side, ic, j))
    return _timed_from_neighbours(stances, kp.xyv[:, leg.heel, 2] >= MIN_VISIBILITY)


def detect_side_view(kp: KeypointSeries, facing: float) -> list[Stance]:
    """Both feet's contacts in time order, left and right alternating where they can."""
    both = [s for side in Side for s in detect_stances_relative(kp, side, facing)]
    return alternating(sorted(both, key=lambda s: s.ic), kp.fps)


# What a contact missed costs in alternating() against a step time off the runner's own: as
# much as a step a whole step off (the worst a kept one can be is half). Engineering value.
MISSED_STEP_COST = 1.0
# Candidates looked back over for the one before each (several steps' worth).
LOOK_BACK = 16
# Across a longer gap the count of steps missed is uncertain (step times drift a few percent),
# so which foot comes next is not held to it.
PARITY_STEPS = 4


def alternating(cands: list[Stance], fps: float) -> list[Stance]:
    """The candidates that make the most regular left-right sequence: a cheapest path through
    them where each step costs its squared deviation from a whole number of the median step
    (in steps) and each contact it implies missed costs MISSED_STEP_COST, and feet alternate
    (an odd number of steps between contacts of different feet, even between the same foot's).
    Contacts of one foot alternate with the other's in running (Cavanagh & Kram 1989: a
    stride is two steps); this drops a contact found on both legs' labels, or between two
    real ones on one leg, instead of the real ones beside it."""
    strides = [
        b.ic - a.ic
        for side in Side
        for a, b in itertools.pairwise([c for c in cands if c.side is side])
        if b.ic - a.ic >= MIN_STRIDE_S * fps
    ]
    if len(cands) < 3 or not strides:
        return cands
    step = float(np.median(strides)) / 2
    t = [c.ic / step for c in cands]
    n = len(cands)
    cost = [MISSED_STEP_COST * round(t[b] - t[0]) for b in range(n)]  # the path starting at b
    came = [-1] * n
    for b in range(1, n):
        for a in range(max(0, b - LOOK_BACK), b):
            d = t[b] - t[a]
            k = round(d)
            if k < 1 or (
                k <= PARITY_STEPS and (k % 2 == 1) != (cands[a].side is not cands[b].side)
            ):
                continue
            c = cost[a] + (d - k) ** 2 + MISSED_STEP_COST * (k - 1)
            if c < cost[b]:
                cost[b], came[b] = c, a
    end = min(range(n), key=lambda b: cost[b] + MISSED_STEP_COST * round(t[-1] - t[b]))
    path = []
    while end >= 0:
        path.append(cands[end])
        end = came[end]
    return path[::-1]


# Frames near a contact (two either side: a filled-in gap leaves the contact at its edge) that
# may be filled in before the contact counts as unseen: one, which linear interpolation
# bridges at any frame rate.
MAX_UNSEEN_FRAMES = 1


def _timed_from_neighbours(stances: list[Stance], seen: npt.NDArray[np.bool_]) -> list[Stance]:
    """Contacts where the heel was not seen (keypoints dropped and filled in by interpolation,
    filtering.fill_gaps) are re-timed from the same foot's seen contacts: half way between the
    one before and the one after, or one median stride from the only one there is. Across a
    filled gap the heel moves at one constant velocity, so heel_caught's crossing lands at the
    gap's edge, up to a whole gap (0.25 s at 24 fps) from the contact. Strides of steady running
    vary by ~2-3 % (e.g. Nakayama et al. 2010, Gait Posture 31:331), a few ms at a contact;
    the stance is marked `estimated` so no angle is read from the unseen leg at it."""
    n = len(seen)

    def unseen(st: Stance) -> bool:
        a, b = max(0, int(np.floor(st.ic)) - 2), min(n - 1, int(np.ceil(st.ic)) + 2)
        return int(np.count_nonzero(~seen[a : b + 1])) > MAX_UNSEEN_FRAMES

    hidden = [unseen(st) for st in stances]
    seen_ics = [st.ic for st, h in zip(stances, hidden, strict=True) if not h]
    if not any(hidden) or len(seen_ics) < 2:
        return stances
    stride = float(np.median(np.diff(seen_ics)))
    out: list[Stance] = []
    for st, h in zip(stances, hidden, strict=True):
        if not h:
            out.append(st)
            continue
        # Seen neighbours about one stride away (half a stride of slack either way).
        before = [t for t in seen_ics if abs(st.ic - t - stride) < stride / 2]
        after = [t for t in seen_ics if abs(t - st.ic - stride) < stride / 2]
        if before and after:
            ic = (before[-1] + after[0]) / 2
        elif before:
            ic = before[-1] + stride
        elif after:
            ic = after[0] - stride
        else:
            ic = st.ic
        out.append(Stance(st.side, ic, st.to, estimated=True))
    return out


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
    both = detect_side_view(kp, facing)
    return sorted(both, key=lambda s: s.ic)
