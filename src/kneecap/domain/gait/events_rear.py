"""Rear-view contacts: from the pelvis's vertical acceleration, each stance's foot from the feet.

Filmed from behind, the foot's travel in stance runs along the camera axis: it shows only as
perspective (the foot sinks in the image as the belt brings it closer), by an amount that
depends on the camera's height and distance, and it blurs into the foot's descent before
contact. No foot height or ground line gives the contact's time.

The pelvis does. Its vertical acceleration is the vertical ground reaction force over body
mass minus g (Newton's second law; in treadmill running the sacrum's vertical motion follows
the centre of mass's within a few mm: Gullstrand et al. 2009, Gait Posture 30:71): in flight
it falls at g, in stance the ground pushes it up harder than body weight. Contacts are read
from where that acceleration crosses a threshold, as from a sacral accelerometer (Patoz et
al. 2022, Sensors 22:784: foot-strike and toe-off from a sacral IMU's vertical acceleration,
100 runners, ~20 ms RMSE on contact time): here the threshold is body weight (acceleration
zero, so no scale is needed), and each contact lies a short, steady time before it
(PELVIS_LAG_IC_S). The pelvis keeps one depth on a treadmill, so its image height carries no
perspective; acceleration is read in leg lengths of the moment (zoom) and only its sign is
used, so neither the camera's height, distance, roll, nor a slow pan or zoom (whose own
accelerations are tiny) moves it. The lags are engineering values measured on mocap.

Which foot: the one lower in the image over the stance (the other is in swing, lifted), with
left/right alternation imposed over each unbroken run of steps (engineering rule).

A hand-held phone's shake moves the whole picture, and its acceleration enters the pelvis's as
much as the bounce itself (on the mocap bench, 6 px rms at 1-6 Hz: ~70 % of the support
signal's rms, 20-30 ms on each crossing). The pelvis's height above the stance foot carries no
camera motion (the foot is still in the world while it bears weight, and both move with the
picture), but its own crossing lies a camera-dependent time from contact (the foot's
perspective), so it is calibrated on the clip against the pelvis's, per side (the shake
averages out over the clip). Each contact is then the two estimates weighed by how precise each
is on this clip, measured from the clip itself by Grubbs's two-instrument method (Grubbs 1948,
J Am Stat Assoc 43:243): both time the same contacts, so the stride times of each share the
runner's true stride-to-stride variability and differ only by each estimate's own error.
Without shake the pelvis is the precise one and the contacts are its own.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from kneecap.domain.gait.events import MIN_CONTACT_S, Stance, leg_scale, maxima
from kneecap.domain.gait.filtering import lowpass
from kneecap.domain.gait.keypoints import LEG, MIN_VISIBILITY, FloatArray, KeypointSeries, Side
from kneecap.domain.gait.smoothing import robust_sigma

# From initial contact to where the pelvis's upward acceleration begins (ground reaction
# force = body weight), and from where it ends to toe-off, after the keypoints' 10 Hz
# low-pass (smoothing.KEYPOINT_CUTOFF_HZ) and PELVIS_CUTOFF_HZ: measured on the Fukuchi 2017
# RBDS001 mocap at 3.5 m/s against its force plate (hip joint centres in 3D, no camera:
# 26.7 +- 2.9 ms and 35.7 +- 4.4 ms; bench/gait_accuracy.py --rear-lag). One runner, one
# speed: against the side-view contacts (events.heel_caught) the rule reads ~12 ms later for
# the same runner at 2.5 m/s and ~22 ms later for RBDS032 at 3.5 m/s, so the lag depends on
# runner and speed by up to about a frame at 60 fps.
PELVIS_LAG_IC_S = 0.027
PELVIS_LAG_TO_S = 0.036
# The pelvis height is low-passed once more before it is differentiated twice: acceleration
# weighs noise by frequency squared, and the keypoints' own 10 Hz filter leaves too much of
# it at 60-120 fps (6 px noise: 5-frame outliers at 60 fps). 6 Hz keeps the step's own
# frequency (2.5-3.3 Hz at 150-200 steps/min) and part of its second harmonic. The lags
# above are measured through both filters. Engineering value.
PELVIS_CUTOFF_HZ = 6.0
# A stance's upward acceleration peaks ~1.5 g above the flight's -g; a hump under a third of
# g (in leg lengths/s^2, g / 0.9 m ~ 11) is keypoint jitter. Steps are at least 0.2 s apart
# (300 steps/min). Engineering values.
MIN_SUPPORT_LEG_S2 = 3.5
MIN_STEP_S = 0.2
# Steps further apart than this share of the run's median step time break the alternation
# (a missed or unseen contact): each unbroken run picks its own phase.
BREAK_STEP_RATIO = 1.6
# Fewer frames than the low-pass needs (its padding) hold no stride anyway.
MIN_FRAMES = 16
# Grubbs's estimates need strides on both feet to rest on; with fewer the pelvis alone times
# the contacts. A spread below 1 ms cannot be told from none at 24-240 fps (it only keeps
# the weights finite). Two estimates further apart than 3 of their combined spreads do not
# time the same event (a crossing carried off by shake, a foot misread): the more precise
# one is kept. Engineering values.
MIN_STRIDES_EACH = 6
MIN_SPREAD_S = 0.001
DISAGREE_SPREADS = 3.0


@dataclasses.dataclass(frozen=True)
class RearContacts:
    """The stances, and how precisely each estimate timed the contacts on this clip (s, one
    standard deviation; None where too few strides to tell): the pelvis's own, and the
    pelvis above the stance foot's."""

    stances: list[Stance]
    pelvis_spread_s: float | None = None
    feet_spread_s: float | None = None

    @property
    def feet_led(self) -> bool:
        """Whether the feet timed the contacts more precisely than the pelvis (shake)."""
        p, f = self.pelvis_spread_s, self.feet_spread_s
        return p is not None and f is not None and f < p

    @property
    def spread_s(self) -> float | None:
        """The contacts' own spread, the two estimates weighed together."""
        if self.pelvis_spread_s is None or self.feet_spread_s is None:
            return self.pelvis_spread_s
        return float((self.pelvis_spread_s**-2 + self.feet_spread_s**-2) ** -0.5)


def _pelvis_height(kp: KeypointSeries) -> FloatArray:
    """Image y of the pelvis centre (mid-hips). Where one hip is unseen it is read from the
    other and their last seen height difference, not from a straight line drawn across the
    gap (that has no acceleration, so a stance inside it would vanish)."""
    left, right = LEG[Side.LEFT].hip, LEG[Side.RIGHT].hip
    y_l, y_r = kp.point(left)[:, 1], kp.point(right)[:, 1]
    seen_l = kp.xyv[:, left, 2] >= MIN_VISIBILITY
    seen_r = kp.xyv[:, right, 2] >= MIN_VISIBILITY
    both = seen_l & seen_r
    centre = (y_l + y_r) / 2
    if not both.any() or both.all():
        return np.asarray(centre, np.float64)
    t = np.arange(kp.n_frames)
    half = np.interp(t, t[both], ((y_r - y_l) / 2)[both])
    centre = np.where(seen_l & ~seen_r, y_l + half, centre)
    centre = np.where(seen_r & ~seen_l, y_r - half, centre)
    return np.asarray(centre, np.float64)


def _upward_accel(kp: KeypointSeries, y: FloatArray) -> FloatArray:
    """Upward acceleration (leg lengths/s^2) of an image height y, low-passed first."""
    smooth_y = lowpass(y[:, None], kp.fps, PELVIS_CUTOFF_HZ)[:, 0]
    # Image y points down; divide after differentiating so the scale's own steps add nothing.
    accel = np.gradient(np.gradient(smooth_y)) * kp.fps**2
    with np.errstate(invalid="ignore", divide="ignore"):  # no leg in view: NaN, read as 0
        return np.asarray(-accel / leg_scale(kp), dtype=np.float64)


def pelvis_support(kp: KeypointSeries) -> FloatArray:
    """Upward acceleration of the pelvis centre (leg lengths/s^2): positive while the ground
    pushes harder than body weight, about -g / leg length in flight."""
    return _upward_accel(kp, _pelvis_height(kp))


def _crossing(a: FloatArray, i: int, step: int) -> float | None:
    """Sub-frame zero crossing of `a` walking from frame i (a[i] > 0) by `step` (+-1)."""
    j = i
    while 0 <= j + step < len(a) and a[j + step] > 0:
        j += step
    k = j + step
    if not 0 <= k < len(a) or not np.isfinite(a[k]):
        return None
    return float(j + step * a[j] / (a[j] - a[k]))


def _foot_low(kp: KeypointSeries, side: Side) -> FloatArray:
    leg = LEG[side]
    return np.asarray(np.maximum(kp.point(leg.heel)[:, 1], kp.point(leg.toe)[:, 1]), np.float64)


def _alternate(spans: list[tuple[float, float]], margin: list[float]) -> list[Side]:
    """Sides for each stance: strictly alternating within each unbroken run, the phase that
    agrees best with the feet (margin > 0: the right foot is the lower one)."""
    starts = np.array([s for s, _ in spans])
    steps = np.diff(starts)
    typical = float(np.median(steps)) if steps.size else 0.0
    sides: list[Side] = []
    first = 0
    for k in range(1, len(spans) + 1):
        if k < len(spans) and steps[k - 1] <= BREAK_STEP_RATIO * typical:
            continue
        run = margin[first:k]
        parity = np.array([1.0 if j % 2 == 0 else -1.0 for j in range(len(run))])
        right_first = float(np.dot(parity, run)) >= 0
        for j in range(len(run)):
            sides.append(Side.RIGHT if (j % 2 == 0) == right_first else Side.LEFT)
        first = k
    return sides


def detect_rear(kp: KeypointSeries) -> list[Stance]:
    """Stances of both feet in time order; stances cut by the clip's ends are dropped."""
    return rear_contacts(kp).stances


def rear_contacts(kp: KeypointSeries) -> RearContacts:
    """The pelvis's stances, their contacts weighed with the feet's (module docstring)."""
    stances = _pelvis_stances(kp)
    return _with_feet(kp, stances) if stances else RearContacts(stances)


def _pelvis_stances(kp: KeypointSeries) -> list[Stance]:
    if kp.n_frames < MIN_FRAMES:
        return []
    support = np.nan_to_num(pelvis_support(kp), nan=0.0)
    gap = max(2, round(MIN_STEP_S * kp.fps))
    spans: list[tuple[float, float]] = []
    for peak in maxima(support, gap, 2 * MIN_SUPPORT_LEG_S2):
        if support[peak] < MIN_SUPPORT_LEG_S2:
            continue
        start, end = _crossing(support, peak, -1), _crossing(support, peak, 1)
        if start is None or end is None or (end - start) / kp.fps < MIN_CONTACT_S:
            continue
        if spans and start <= spans[-1][1]:
            continue  # one stance split by jitter: its first hump stands for it
        spans.append((start, end))
    if not spans:
        return []
    lows = {side: _foot_low(kp, side) for side in Side}
    margin = []
    for start, end in spans:
        a, b = int(np.ceil(start)), int(np.floor(end)) + 1
        diff = lows[Side.RIGHT][a:b] - lows[Side.LEFT][a:b]
        margin.append(float(np.nanmean(diff)) if np.isfinite(diff).any() else 0.0)
    sides = _alternate(spans, margin)
    lag_ic, lag_to = PELVIS_LAG_IC_S * kp.fps, PELVIS_LAG_TO_S * kp.fps
    last = kp.n_frames - 1
    out = []
    for (start, end), side in zip(spans, sides, strict=True):
        ic, to = start - lag_ic, end + lag_to
        if ic < 0 or to > last:
            continue
        out.append(Stance(side, ic, to))
    return out


def _up_crossings(a: FloatArray) -> FloatArray:
    """Sub-frame times where `a` turns positive."""
    i = np.flatnonzero((a[:-1] <= 0) & (a[1:] > 0))
    return np.asarray(i + a[i] / (a[i] - a[i + 1]), np.float64)


def _median(x: FloatArray) -> float:
    x = x[np.isfinite(x)]
    return float(np.median(x)) if x.size else np.nan


def _robust_var(x: FloatArray) -> float:
    """Variance from the median absolute deviation (a misplaced contact does not inflate it)."""
    return robust_sigma(x) ** 2


def _strides(ics: FloatArray) -> FloatArray:
    """Same-foot stride times of an alternating sequence."""
    return np.concatenate([np.diff(ics[k::2]) for k in (0, 1)])


def grubbs_variances(a: FloatArray, b: FloatArray, floor: float) -> tuple[float, float]:
    """Each estimate's own error variance, from two alternating sequences timing the same
    contacts (Grubbs 1948): with V the runner's true stride variability, var(strides_a) =
    V + 2 s_a^2, var(strides_b) = V + 2 s_b^2 and var(strides_a - strides_b) = 2 (s_a^2 +
    s_b^2). Robust variances (a misplaced contact does not inflate them), at least `floor`;
    b's is infinite where the sums cannot be had."""
    sa, sb = _strides(a), _strides(b)
    both, apart = _robust_var(sa - sb), _robust_var(sa) - _robust_var(sb)
    if not np.isfinite(both + apart):
        return floor, np.inf
    return max((both + apart) / 4, floor), max((both - apart) / 4, floor)


def _with_feet(kp: KeypointSeries, stances: list[Stance]) -> RearContacts:
    """Each contact from the pelvis and from the pelvis above its stance foot, weighed by
    Grubbs's precisions (module docstring); the pelvis alone where they cannot be had."""
    lag = PELVIS_LAG_IC_S * kp.fps
    pelvis = np.array([s.ic + lag for s in stances])  # the pelvis's own crossings
    right = np.array([s.side is Side.RIGHT for s in stances])
    if min(int(right.sum()), int((~right).sum())) <= MIN_STRIDES_EACH:
        return RearContacts(stances)
    height = _pelvis_height(kp)
    ups = {
        side: _up_crossings(np.nan_to_num(_upward_accel(kp, height - _foot_low(kp, side))))
        for side in Side
    }

    def nearest(at: FloatArray) -> FloatArray:
        out = np.full(len(stances), np.nan)
        for k, (st, t) in enumerate(zip(stances, at, strict=True)):
            u = ups[st.side]
            if u.size:
                out[k] = u[np.argmin(np.abs(u - t))]
        return out

    def per_side(d: FloatArray) -> FloatArray:  # a foot never found: NaN, the pelvis alone
        return np.where(right, _median(d[right]), _median(d[~right]))

    feet = nearest(pelvis)
    shift = per_side(pelvis - feet)
    feet = nearest(pelvis - shift)  # the crossings nearest where the calibration puts them
    shift = per_side(pelvis - feet)
    feet = feet + shift
    if not np.isfinite(shift).all():
        return RearContacts(stances)
    var_p, var_f = grubbs_variances(pelvis, feet, (MIN_SPREAD_S * kp.fps) ** 2)
    w_p, w_f = 1 / var_p, 1 / var_f
    out = []
    for st, p, f in zip(stances, pelvis, feet, strict=True):
        if not np.isfinite(f):
            ic = p
        elif abs(p - f) <= DISAGREE_SPREADS * np.sqrt(var_p + var_f):
            ic = (w_p * p + w_f * f) / (w_p + w_f)
        else:
            ic = p if var_p <= var_f else f
        out.append(dataclasses.replace(st, ic=float(ic - lag)))
    out = [st for st in out if st.ic >= 0]
    spread_f = float(np.sqrt(var_f)) / kp.fps if np.isfinite(var_f) else None
    return RearContacts(out, float(np.sqrt(var_p)) / kp.fps, spread_f)
