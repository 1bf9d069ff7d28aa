"""Speeds no person reaches on foot or by bicycle, and the gait-transition speeds: the sourced
bounds behind sport inference (sport_inference.py).

Running world records (World Athletics, men's, the fastest): whatever was sustained for at
least that long faster than the record of that duration was not a run.
"""

from __future__ import annotations

import math

# (seconds, metres) of the men's world records, fastest for each duration
RUNNING_RECORDS = (
    (43.03, 400.0),  # van Niekerk 2016
    (100.91, 800.0),  # Rudisha 2012
    (206.00, 1500.0),  # El Guerrouj 1998
    (437.55, 3000.0),  # Ingebrigtsen 2024
    (755.36, 5000.0),  # Cheptegei 2020
    (1571.00, 10000.0),  # Cheptegei 2020
    (3402.0, 21097.5),  # half marathon 56:42, Kiplimo 2025
    (7235.0, 42195.0),  # marathon 2:00:35, Kiptum 2023
)
# UCI hour record, Ganna 2022: 56.792 km. A long stretch faster than this was motorised.
CYCLING_HOUR_RECORD_MS = 56_792.0 / 3600.0

# Age-grading performance levels (World Masters Athletics age-grading tables): 100% = world
# record, 90% world class, 80% national class. A run at >= 80% of world-record speed is
# national-class running: possible, but for a clinic's runner a ride is the likelier reading,
# so it is asked, never assumed.
NATIONAL_CLASS = 0.80

# Walk-run transition. Humans switch from walking to running at about 2.0 m/s on a treadmill;
# overground over long distances the switch is a regime from 1.9 m/s (mostly walking) to
# 3.0 m/s (mostly running), with walk-run mixtures between (Baker, Long & Srinivasan 2025,
# "Overground gait transitions are not sharp", arXiv 2501.00720).
WALK_BELOW_MS = 1.9
RUN_ABOVE_MS = 3.0
# Stride frequency at the walk-run transition: 70.6 ± 3.2 strides/min (Hansen, Kristensen,
# Nielsen, Voigt & Madeleine 2017, Sci Rep, doi:10.1038/s41598-017-01972-1); adults switch at
# ≈ 140 steps/min.
TRANSITION_STRIDES_PER_MIN = 70.6


def running_record_speed(seconds: float) -> float:
    """World-record running speed (m/s) for an effort of this duration: log-log interpolation
    between records; beyond the marathon the marathon's speed (faster than any ultra record, so
    the bound only errs towards calling something a run)."""
    ts = [math.log(t) for t, _ in RUNNING_RECORDS]
    vs = [math.log(d / t) for t, d in RUNNING_RECORDS]
    x = math.log(max(seconds, RUNNING_RECORDS[0][0]))
    if x >= ts[-1]:
        return math.exp(vs[-1])
    for i in range(1, len(ts)):
        if x <= ts[i]:
            f = (x - ts[i - 1]) / (ts[i] - ts[i - 1])
            return math.exp(vs[i - 1] + f * (vs[i] - vs[i - 1]))
    return math.exp(vs[-1])  # pragma: no cover - loop always returns
