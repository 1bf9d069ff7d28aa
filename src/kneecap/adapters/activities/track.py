"""Totals from a GPS track (GPX/TCX without summaries): distance, ascent, moving time."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)
MOVING_SPEED_MS = 0.5  # below this a runner counts as stopped (Strava uses a similar cut)
ASCENT_HYSTERESIS_M = 2.0  # ignore GPS/baro altitude jitter smaller than this


def segment_m(
    lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Great-circle (haversine) length of each step along a track, in metres."""
    la, lo = np.radians(lat), np.radians(lon)
    dlat, dlon = np.diff(la), np.diff(lo)
    a = np.sin(dlat / 2) ** 2 + np.cos(la[:-1]) * np.cos(la[1:]) * np.sin(dlon / 2) ** 2
    out: npt.NDArray[np.float64] = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return out


def ascent_m(ele: npt.NDArray[np.float64]) -> float | None:
    """Climb with a hysteresis band, so that noise on flat ground does not add up."""
    e = ele[~np.isnan(ele)]
    if e.size < 2:
        return None
    total, ref = 0.0, float(e[0])
    for v in e.tolist():
        if v - ref >= ASCENT_HYSTERESIS_M:
            total += v - ref
            ref = v
        elif ref - v >= ASCENT_HYSTERESIS_M:
            ref = v
    return total


def moving_s(t: npt.NDArray[np.float64], seg_m: npt.NDArray[np.float64]) -> float | None:
    if t.size < 2:
        return None
    dt = np.diff(t)
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where(dt > 0, seg_m / dt, 0.0)
    return float(dt[(speed >= MOVING_SPEED_MS) & (dt > 0)].sum())
