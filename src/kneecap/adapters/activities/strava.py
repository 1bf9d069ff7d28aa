"""Strava bulk export: activities.csv (duplicated column names, English dates) + activities/."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime

from kneecap.domain.load.activity import Activity, Sport

STRAVA_TYPES: dict[str, Sport] = {
    "run": Sport.RUN, "trailrun": Sport.RUN, "virtualrun": Sport.RUN,
    "ride": Sport.RIDE, "virtualride": Sport.RIDE, "ebikeride": Sport.RIDE,
    "mountainbikeride": Sport.RIDE, "gravelride": Sport.RIDE, "velomobile": Sport.RIDE,
    "walk": Sport.WALK, "hike": Sport.HIKE, "snowshoe": Sport.HIKE,
    "swim": Sport.SWIM, "rowing": Sport.ROW, "virtualrow": Sport.ROW,
    "nordicski": Sport.SKI, "alpineski": Sport.SKI, "backcountryski": Sport.SKI,
    "kayaking": Sport.PADDLE, "canoeing": Sport.PADDLE, "standuppaddling": Sport.PADDLE,
    "weighttraining": Sport.STRENGTH, "workout": Sport.STRENGTH, "crossfit": Sport.STRENGTH,
    "elliptical": Sport.OTHER, "yoga": Sport.OTHER,
}  # fmt: skip

# Strava writes dates in UTC, English month names, e.g. "Nov 3, 2024, 7:12:45 AM"
DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%b %d, %Y %I:%M:%S %p", "%Y-%m-%d %H:%M:%S")


def strava_sport(text: str) -> Sport:
    return STRAVA_TYPES.get(text.replace(" ", "").lower(), Sport.OTHER)


def parse_strava_date(text: str) -> datetime | None:
    s = " ".join(text.replace("\u202f", " ").split())  # newer exports use narrow spaces
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


@dataclass(frozen=True, slots=True)
class StravaRow:
    start: datetime
    sport: Sport
    name: str | None
    filename: str | None  # e.g. "activities/123.fit.gz"
    gear: str | None
    rpe: float | None
    summary: Activity  # what the CSV alone says (used when the file is missing or unreadable)


class _Row:
    """Column access by name where a name may repeat: Strava writes 'Distance' first in the
    athlete's display unit (km or miles) and again later in metres, 'Elapsed Time' twice, etc."""

    def __init__(self, header: list[str], values: list[str]) -> None:
        self._cols: dict[str, list[str]] = {}
        for h, v in zip(header, values, strict=False):
            self._cols.setdefault(h.strip(), []).append(v.strip())

    def text(self, name: str, occurrence: int = 0) -> str | None:
        vals = self._cols.get(name, [])
        v = vals[occurrence] if occurrence < len(vals) else None
        return v or None

    def num(self, name: str, occurrence: int = -1) -> float | None:
        vals = self._cols.get(name, [])
        order = [occurrence] if occurrence >= 0 else list(range(len(vals) - 1, -1, -1))
        for i in order:  # by default the last occurrence: the raw SI value
            if i < len(vals) and vals[i]:
                try:
                    return float(vals[i].replace(",", ""))
                except ValueError:
                    continue
        return None


def parse_activities_csv(text: str) -> tuple[list[StravaRow], list[str]]:
    """Rows, and one problem line per row that could not be used."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        return [], ["activities.csv is empty"]
    rows, problems = [], []
    for n, values in enumerate(reader, start=2):
        if not any(values):
            continue
        r = _Row(header, values)
        start = parse_strava_date(r.text("Activity Date") or "")
        if start is None:
            problems.append(f"activities.csv line {n}: unreadable date {r.text('Activity Date')!r}")
            continue
        sport = strava_sport(r.text("Activity Type") or "")
        distance = r.num("Distance", 1)
        if distance is None and (km := r.num("Distance", 0)) is not None:
            distance = km * 1000.0
        elapsed = r.num("Elapsed Time") or 0.0
        rpe = r.num("Perceived Exertion")
        cad = r.num("Average Cadence")
        on_foot = sport in (Sport.RUN, Sport.WALK, Sport.HIKE)
        summary = Activity(
            sport=sport,
            start=start,
            duration_s=elapsed,
            moving_s=r.num("Moving Time"),
            distance_m=distance,
            ascent_m=r.num("Elevation Gain"),
            avg_hr=r.num("Average Heart Rate"),
            max_hr=r.num("Max Heart Rate"),
            # Strava's CSV cadence for runs is per-foot (strides/min), like the FIT field
            avg_cadence_spm=cad * 2 if cad is not None and on_foot else None,
            avg_cadence_rpm=cad if cad is not None and not on_foot else None,
            avg_power_w=r.num("Average Watts"),
            gear=r.text("Activity Gear"),
            rpe=rpe,
            name=r.text("Activity Name"),
            source="activities.csv",
        )
        rows.append(
            StravaRow(start, sport, summary.name, r.text("Filename"), summary.gear, rpe, summary)
        )
    return rows, problems
