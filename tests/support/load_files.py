"""Watch files built for the tests: GPX tracks with a chosen start, speed profile, sport label
and heart rate, so each case of the load app is made on purpose rather than found."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta

NS = 'xmlns="http://www.topografix.com/GPX/1/1"'
TPX = 'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"'
M_PER_DEG_LAT = 111_195.0


def gpx_track(
    start: datetime,
    minutes: float,
    speed: Callable[[float], float],  # m/s at second t
    sport: str | None = None,
    hr: Callable[[float], float] | None = None,
    step_s: int = 5,
) -> bytes:
    """A track heading north from 46°N at `speed(t)`, one point every `step_s` seconds."""
    pts, lat, t = [], 46.0, 0
    while t <= minutes * 60:
        when = (start + timedelta(seconds=t)).strftime("%Y-%m-%dT%H:%M:%SZ")
        ext = (
            f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{hr(t):.0f}</gpxtpx:hr>"
            "</gpxtpx:TrackPointExtension></extensions>"
            if hr is not None
            else ""
        )
        pts.append(f'<trkpt lat="{lat:.6f}" lon="14.5"><time>{when}</time>{ext}</trkpt>')
        lat += speed(t) * step_s / M_PER_DEG_LAT
        t += step_s
    kind = f"<type>{sport}</type>" if sport else ""
    return (
        f'<?xml version="1.0"?><gpx version="1.1" creator="kneecap tests" {NS} {TPX}>'
        f"<trk>{kind}<trkseg>{''.join(pts)}</trkseg></trk></gpx>"
    ).encode()


def steady(ms: float) -> Callable[[float], float]:
    return lambda t: ms


def swinging(low: float, high: float, period_s: float = 120.0) -> Callable[[float], float]:
    """Minute-to-minute swings like a bicycle's in town (stops, sprints), same mean speed."""
    return lambda t: low if math.sin(2 * math.pi * t / period_s) < 0 else high
