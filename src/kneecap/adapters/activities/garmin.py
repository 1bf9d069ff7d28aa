"""Garmin Connect export: DI_CONNECT/DI-Connect-Fitness/*_summarizedActivities.json.

Layout of the account export (Garmin "Export Your Data", as real exports hold it):
  DI_CONNECT/DI-Connect-Fitness/<user>_0_summarizedActivities.json
      [{"summarizedActivitiesExport": [ {...one activity...}, ... ]}]
  DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip   (the original FIT files)
  DI_CONNECT/DI-Connect-Wellness/, DI-Connect-User/, ...            (not activities)
Units in a summary: times in ms since the Unix epoch (startTimeGmt, or only beginTimestamp
in some exports), durations in ms (duration = timer, elapsedDuration = elapsed,
movingDuration), distance and elevation in cm. A multisport activity appears as a parent
(parent: true, activityType multi_sport, childIds) and one summary per leg: only the legs are
activities, the parent would count them twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kneecap.adapters.activities.errors import ActivityFileError
from kneecap.adapters.activities.labels import sport_of
from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.load.provenance import SportCall

MULTISPORT_TYPES = frozenset({"multi_sport", "multisport"})


@dataclass(slots=True)
class GarminSummaries:
    activities: list[Activity] = field(default_factory=list)
    parents: int = 0  # multisport parents left out (their legs are imported)
    undated: int = 0  # no start time at all
    untimed: int = 0  # no duration

    def problems(self) -> list[str]:
        out = []
        if self.parents:
            out.append(
                f"{self.parents} multisport summaries are the parent of their legs: the"
                " legs were imported, the parent was not (it would count them twice)"
            )
        if self.undated:
            out.append(
                f"{self.undated} activity summaries have no start time (neither"
                " startTimeGmt nor beginTimestamp) and could not be used"
            )
        if self.untimed:
            out.append(f"{self.untimed} activity summaries have no duration and could not be used")
        return out


def read_garmin_summaries(data: bytes) -> GarminSummaries:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ActivityFileError(f"not readable JSON ({exc})") from exc
    items: list[dict[str, Any]] = []
    for block in doc if isinstance(doc, list) else [doc]:
        if isinstance(block, dict):
            items.extend(
                x for x in block.get("summarizedActivitiesExport", []) if isinstance(x, dict)
            )
    out = GarminSummaries()
    for x in items:
        if x.get("parent") is True or _type_key(x) in MULTISPORT_TYPES:
            out.parents += 1
            continue
        start_ms = _num(x, "startTimeGmt")
        if start_ms is None:
            start_ms = _num(x, "beginTimestamp")
        if start_ms is None:
            out.undated += 1
            continue
        a = _one(x, start_ms)
        if a is None:
            out.untimed += 1
        else:
            out.activities.append(a)
    return out


def _num(x: dict[str, Any], key: str, scale: float = 1.0) -> float | None:
    v = x.get(key)
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    return float(v) / scale


def _type_key(x: dict[str, Any]) -> str:
    """activityType is a type key ("running") in the export, a {"typeKey": ...} elsewhere."""
    t = x.get("activityType")
    if isinstance(t, dict):
        t = t.get("typeKey")
    if not t:
        t = x.get("sportType")
    return str(t or "").lower()


def _one(x: dict[str, Any], start_ms: float) -> Activity | None:
    elapsed = _num(x, "elapsedDuration", 1000.0)
    timer = _num(x, "duration", 1000.0)
    duration = elapsed if elapsed is not None else timer
    if duration is None:
        return None
    key = _type_key(x)
    sport = sport_of(key) or Sport.OTHER
    cad = _num(x, "avgDoubleCadence")  # already steps/min
    if cad is None and (half := _num(x, "avgRunCadence")) is not None:
        cad = half * 2.0
    rpe = _num(x, "directWorkoutRpe")
    moving = _num(x, "movingDuration", 1000.0)
    if moving is None:
        moving = timer
    return Activity(
        sport=sport,
        start=datetime.fromtimestamp(start_ms / 1000.0, tz=UTC),
        duration_s=duration,
        moving_s=None if moving is None else min(moving, duration),
        distance_m=_num(x, "distance", 100.0),
        ascent_m=_num(x, "elevationGain", 100.0),
        avg_hr=_num(x, "avgHr"),
        max_hr=_num(x, "maxHr"),
        avg_cadence_spm=cad if sport in (Sport.RUN, Sport.WALK, Sport.HIKE) else None,
        avg_power_w=_num(x, "avgPower"),
        rpe=None if rpe is None else rpe / 10.0,  # Garmin stores RPE 10–100
        name=x.get("name") if isinstance(x.get("name"), str) else None,
        source="summarizedActivities.json",
        sport_call=SportCall.export("the Garmin Connect summary", key or "no type"),
    )
