"""Strava bulk export: activities.csv (duplicated column names, English dates) + activities/.

The export's layout (Strava support, "Exporting your Data and Bulk Export"): activities.csv at
the top of the export folder, one row per activity, whose Filename column ("activities/123.
fit.gz") is relative to that folder; the files themselves under activities/. The row's
Activity Type, name and gear are what the athlete set on Strava: they are the truth for that
activity, whatever sport the file's device recorded.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime

from kneecap.adapters.activities.labels import sport_of
from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.load.provenance import SportCall

# Strava writes dates in UTC, English month names, e.g. "Nov 3, 2024, 7:12:45 AM"
DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%b %d, %Y %I:%M:%S %p", "%Y-%m-%d %H:%M:%S")


def strava_sport(text: str) -> Sport:
    """Strava's type; one Kneecap has no sport for (Yoga, Elliptical, Golf...) is 'other'."""
    return sport_of(text) or Sport.OTHER


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
    label: str  # the Activity Type as written
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
        label = r.text("Activity Type") or ""
        sport = strava_sport(label)
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
            sport_call=SportCall.export("activities.csv", label),
        )
        rows.append(StravaRow(
            start, sport, label, summary.name, r.text("Filename"), summary.gear, rpe, summary
        ))  # fmt: skip
    return rows, problems
