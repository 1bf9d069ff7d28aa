"""Which sport was it? Inferred from speed, its variability and cadence when a file does not say.

A GPX track without <type> (or a FIT file without a sport) is never assumed to be a run: its
kilometres would drive the running guardrails. The features are those that separate walking,
cycling and driving in GPS traces (Zheng et al. 2008, "Understanding mobility based on GPS
data", UbiComp: mean and top speeds, and how much the speed changes); the cut-offs are sourced
bounds (speed_records.py):
  1. faster over some stretch than the running world record for that duration: not a run
     (cycling, or motorised when faster than the cycling hour record for 20+ minutes);
  2. at >= 80% of world-record running speed (national class in age grading): asked;
  3. below 1.9 m/s: walking; 1.9-3.0 m/s: the walk-run mixture regime, decided by stride
     frequency (70.6/min at the transition) where there is cadence, else asked;
  4. above 3.0 m/s: running, unless the speed swings minute to minute like a bicycle's
     (coefficient of variation of 1-minute speeds >= 0.5, a Kneecap default, not a published
     cut-off: it only asks) - then asked.
Whatever is asked keeps the best guess as its sport until a person confirms it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from kneecap.domain.load.activity import Sport
from kneecap.domain.load.provenance import Confidence, SportBasis, SportCall
from kneecap.domain.load.speed_records import (
    CYCLING_HOUR_RECORD_MS,
    NATIONAL_CLASS,
    RUN_ABOVE_MS,
    TRANSITION_STRIDES_PER_MIN,
    WALK_BELOW_MS,
    running_record_speed,
)

F = npt.NDArray[np.float64]
WINDOWS_S = (60, 120, 300, 600, 1200, 1800, 3600, 7200)
MOTOR_WINDOW_S = 1200  # a 20-minute stretch above the hour-record speed was not pedalled
MIN_MOVING_S = 120.0  # shorter than 2 minutes of movement: too little to judge
MIN_DISTANCE_M = 200.0
STOPPED_MS = 0.5  # 1-minute windows slower than this are stops, left out of the variability
SWINGING_CV = 0.5  # Kneecap default (see module docstring)


@dataclass(frozen=True, slots=True)
class Motion:
    """What a track says about how its owner moved."""

    moving_s: float
    distance_m: float
    best_speed: dict[int, float] = field(default_factory=dict)  # window (s) -> best m/s
    speed_cv: float | None = None  # of 1-minute speeds while moving
    cadence_per_min: float | None = None  # strides or pedal revolutions, as the file holds

    @property
    def mean_speed(self) -> float:
        return self.distance_m / self.moving_s if self.moving_s > 0 else 0.0


def motion(
    t_s: F, dist_m: F, moving_s: float | None = None, cadence_per_min: float | None = None
) -> Motion:
    """Features from time-ordered samples: t (s) and cumulative distance (m)."""
    ok = ~np.isnan(t_s) & ~np.isnan(dist_m)
    t, d = t_s[ok], np.maximum.accumulate(dist_m[ok]) if ok.any() else dist_m[ok]
    if t.size < 2:
        return Motion(moving_s or 0.0, float(d[-1] - d[0]) if d.size else 0.0)
    span = float(t[-1] - t[0])
    best: dict[int, float] = {}
    for w in WINDOWS_S:
        if span < w:
            break
        j = np.searchsorted(t, t + w)
        i = np.nonzero(j < t.size)[0]
        if i.size:
            jj = j[i]
            best[w] = float(((d[jj] - d[i]) / (t[jj] - t[i])).max())
    grid = np.arange(t[0], t[-1], 60.0)
    cv = None
    if grid.size > 3:
        sp = np.diff(np.interp(grid, t, d)) / 60.0
        mv = sp[sp >= STOPPED_MS]
        if mv.size > 3 and mv.mean() > 0:
            cv = float(mv.std() / mv.mean())
    if moving_s is None:  # time in steps at walking pace or faster, gaps of a pause left out
        dt, step = np.diff(t), np.diff(d)
        with np.errstate(divide="ignore", invalid="ignore"):
            moving = (dt > 0) & (step / dt >= STOPPED_MS)
        moving_s = float(dt[moving].sum())
    return Motion(moving_s, float(d[-1] - d[0]), best, cv, cadence_per_min)


def _call(confidence: Confidence, reason: str, ask: bool) -> SportCall:
    return SportCall(SportBasis.INFERRED, confidence, reason, ask)


def unknown_sport(why: str) -> tuple[Sport, SportCall]:
    """Nothing to infer from (no times, no distance): 'other', to be confirmed."""
    return Sport.OTHER, _call(Confidence.LOW, f"{why}: nothing to tell the sport from", True)


def infer_sport(
    m: Motion, why_unlabelled: str = "the file does not name the sport"
) -> tuple[Sport, SportCall]:
    """Best-guess sport and how it was decided (see the module docstring for the rules)."""
    why = why_unlabelled
    if m.moving_s < MIN_MOVING_S or m.distance_m < MIN_DISTANCE_M:
        reason = f"{why}, and under 2 minutes or 200 m of movement says nothing of the sport"
        return Sport.OTHER, _call(Confidence.LOW, reason, True)
    v = m.mean_speed
    kmh = v * 3.6
    long_best = max((s for w, s in m.best_speed.items() if w >= MOTOR_WINDOW_S), default=None)
    fastest_long = long_best if long_best is not None else v
    if m.moving_s >= MOTOR_WINDOW_S and fastest_long > CYCLING_HOUR_RECORD_MS:
        reason = (
            f"{why}; {fastest_long * 3.6:.0f} km/h for 20 minutes or more is faster than the"
            " cycling hour record (56.8 km/h): a car or a train?"
        )
        return Sport.OTHER, _call(Confidence.MEDIUM, reason, True)
    ratio, window = _record_ratio(m)
    if ratio >= NATIONAL_CLASS:
        fast = f"{why}; {m.best_speed[window] * 3.6:.1f} km/h over {_span(window)}"
        record = running_record_speed(window) * 3.6
        if ratio >= 1.0:
            reason = (
                f"{fast} is faster than the running world record for that long"
                f" ({record:.1f} km/h), so it was not a run: counted as cycling"
            )
            return Sport.RIDE, _call(Confidence.HIGH, reason, False)
        reason = (
            f"{fast} is {ratio:.0%} of the running world record (national class): a fast run"
            " or a ride? Counted as cycling until confirmed"
        )
        return Sport.RIDE, _call(Confidence.LOW, reason, True)
    if v < WALK_BELOW_MS:
        reason = f"{why}; {kmh:.1f} km/h while moving is walking speed (below 6.8 km/h)"
        return Sport.WALK, _call(Confidence.MEDIUM, reason, False)
    if v < RUN_ABOVE_MS:
        return _mixed(m, why)
    if m.speed_cv is not None and m.speed_cv >= SWINGING_CV:
        reason = (
            f"{why}; {kmh:.1f} km/h is running speed, but the speed swings by"
            f" {m.speed_cv:.0%} minute to minute, as on a bicycle: a run or a ride?"
        )
        return Sport.RUN, _call(Confidence.LOW, reason, True)
    reason = (
        f"{why}; {kmh:.1f} km/h while moving, steady, is running speed (above 10.8 km/h,"
        " below national class)"
    )
    return Sport.RUN, _call(Confidence.MEDIUM, reason, False)


def _mixed(m: Motion, why: str) -> tuple[Sport, SportCall]:
    band = f"{why}; {m.mean_speed * 3.6:.1f} km/h is between walking and running (6.8-10.8 km/h)"
    cad = m.cadence_per_min
    if cad is not None and cad > 0:
        if cad >= TRANSITION_STRIDES_PER_MIN:
            reason = f"{band}, and {cad:.0f} strides/min is a running stride rate (70.6 or more)"
            return Sport.RUN, _call(Confidence.MEDIUM, reason, False)
        reason = f"{band}, and {cad:.0f} strides/min is a walking stride rate (below 70.6)"
        return Sport.WALK, _call(Confidence.MEDIUM, reason, False)
    guess = Sport.RUN if m.mean_speed >= (WALK_BELOW_MS + RUN_ABOVE_MS) / 2 else Sport.WALK
    reason = f"{band}, with no cadence to tell: walk, run or walk/run intervals?"
    return guess, _call(Confidence.LOW, reason, True)


def _record_ratio(m: Motion) -> tuple[float, int]:
    """Highest share of world-record running speed over any window, and that window."""
    best, window = 0.0, 0
    for w, s in m.best_speed.items():
        r = s / running_record_speed(w)
        if r > best:
            best, window = r, w
    return best, window


def _span(seconds: int) -> str:
    return f"{seconds // 60} min" if seconds >= 60 else f"{seconds} s"
