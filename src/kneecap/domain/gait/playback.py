"""Is the clip playing at the speed it was filmed? A phone's slow-motion video (120 or 240 fps)
exported at 30 fps plays 4 or 8 times slower than life, and every time-based figure with it.

The check is physics, not a cadence norm: between two contacts a runner's centre of mass rises
and falls under gravity. Taking its vertical path over a step as a sine of the step's period T
with peak-to-peak height VO (the vertical oscillation), its largest downward acceleration is
    a = (VO / 2) (2 pi / T)^2 = 2 pi^2 VO / T^2,
which in running (a flight phase each step, so the body falls freely at its top) is about g.
Slowed k times, T grows k times and `a` falls k^2 times: 16x at 4x slow motion. Walking (no
flight: the body does not fall freely) can read low too, so the check applies only to clips
whose feet show flight, i.e. a duty factor (stride share in contact) under one half
(Alexander 1989, Physiol Rev 69:1199: running has a duty factor below 0.5, walking above).

Bounds, engineering not clinical. A clip is taken as slowed when all three agree: flight
(duty factor < 0.5), a step rate under MAX_SLOWED_CADENCE_SPM = 120 steps/min (a walking step
rate: no one runs with a flight phase that slowly), and an apparent gravity under
MIN_APPARENT_G_MS2 = 4.5 m/s^2. Measured (bench/gait_accuracy.py --spatial,
bench/gait_real_clip.py): at real speed the mocap reads 13.0-13.8 m/s^2 through ordinary
cameras and 4.9-5.6 through the worst (a slow pan), the real phone clip 15.9; played at
half speed they read 3.3-4.0 at 84-86 steps/min. At 4x and 8x contact detection itself fails
(its timing windows are for real speed), so `metrics.analyse` then tries the clip at 2, 4 and
8 times its frame rate and names the factor at which it reads as a run.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from kneecap.domain.gait.events import Stance
from kneecap.domain.gait.keypoints import Side

G_MS2 = 9.81
MIN_APPARENT_G_MS2 = 4.5
MAX_RUNNING_DUTY_FACTOR = 0.5
MAX_SLOWED_CADENCE_SPM = 120.0
# Without the runner's height, the pixel scale assumes an adult of this stature: a 150 or
# 200 cm runner then reads 12-18% off, far less than the 4x (16x in acceleration) looked for.
ASSUMED_HEIGHT_CM = 170.0
# Phones film slow motion at 2, 4 or 8 times the 30 fps it plays at (60, 120, 240 fps).
SLOW_MOTION_FACTORS = (2, 4, 8)


@dataclass(frozen=True)
class Playback:
    apparent_g_ms2: float  # 2 pi^2 VO / T^2 (median over steps)
    duty_factor: float  # median stride share in contact, from frame counts (any speed)
    cadence_spm: float

    @property
    def runs(self) -> bool:
        """The feet show a flight phase each step (a run, not a walk)."""
        return self.duty_factor < MAX_RUNNING_DUTY_FACTOR

    @property
    def slowed(self) -> bool:
        return (
            self.runs
            and self.cadence_spm < MAX_SLOWED_CADENCE_SPM
            and self.apparent_g_ms2 < MIN_APPARENT_G_MS2
        )

    @property
    def real_speed_run(self) -> bool:
        """Reads as a run at real speed: flight, a running step rate and gravity's bounce."""
        return (
            self.runs
            and self.cadence_spm >= MAX_SLOWED_CADENCE_SPM
            and self.apparent_g_ms2 >= MIN_APPARENT_G_MS2
        )

    @property
    def likely_factor(self) -> int:
        """The phone slow-motion factor nearest (in ratio) to sqrt(g / apparent g)."""
        k = math.sqrt(G_MS2 / max(self.apparent_g_ms2, 1e-6))
        return min(SLOW_MOTION_FACTORS, key=lambda f: abs(math.log(f / k)))


def apparent_gravity_ms2(vertical_oscillation_m: float, step_time_s: float) -> float:
    """Peak downward acceleration of a sine of peak-to-peak `vertical_oscillation_m` and
    period `step_time_s` (see the module docstring)."""
    return 2 * math.pi**2 * vertical_oscillation_m / step_time_s**2


def duty_factor(stances: list[Stance]) -> float:
    """Median over strides of contact / stride (contact to the same foot's next contact)."""
    shares: list[float] = []
    for side in Side:
        mine = [s for s in stances if s.side is side]
        pairs = itertools.pairwise(mine)
        shares += [
            (a.to - a.ic) / (b.ic - a.ic) for a, b in pairs if b.ic > a.ic and a.to is not None
        ]
    return float(np.median(shares)) if shares else float("nan")


def assess_playback(
    oscillation_m: list[float], step_times_s: list[float], stances: list[Stance]
) -> Playback:
    """From each placed step's vertical oscillation (m) and step time (s)."""
    pairs = [
        (vo, t) for vo, t in zip(oscillation_m, step_times_s, strict=True) if t > 0 and vo >= 0
    ]
    g = float(np.median([apparent_gravity_ms2(vo, t) for vo, t in pairs])) if pairs else math.nan
    mean_t = float(np.mean([t for _, t in pairs])) if pairs else math.nan
    return Playback(g, duty_factor(stances), 60.0 / mean_t if pairs else math.nan)
