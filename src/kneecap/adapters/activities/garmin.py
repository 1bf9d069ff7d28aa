"""Garmin Connect export: *_summarizedActivities.json (units: ms for times, cm for lengths)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from kneecap.adapters.activities.errors import ActivityFileError
from kneecap.domain.load.activity import Activity, Sport

GARMIN_TYPES: dict[str, Sport] = {
    "running": Sport.RUN, "trail_running": Sport.RUN, "treadmill_running": Sport.RUN,
    "track_running": Sport.RUN, "cycling": Sport.RIDE, "road_biking": Sport.RIDE,
    "mountain_biking": Sport.RIDE, "indoor_cycling": Sport.RIDE, "virtual_ride": Sport.RIDE,
    "walking": Sport.WALK, "hiking": Sport.HIKE, "lap_swimming": Sport.SWIM,
    "open_water_swimming": Sport.SWIM, "indoor_rowing": Sport.ROW, "rowing": Sport.ROW,
    "strength_training": Sport.STRENGTH, "cross_country_skiing_ws": Sport.SKI,
    "resort_skiing_snowboarding_ws": Sport.SKI, "stand_up_paddleboarding": Sport.PADDLE,
}  # fmt: skip


def read_garmin_summaries(data: bytes) -> list[Activity]:
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
    return [a for a in (_one(x) for x in items) if a is not None]


def _num(x: dict[str, Any], key: str, scale: float = 1.0) -> float | None:
    v = x.get(key)
    return float(v) / scale if isinstance(v, int | float) else None


def _one(x: dict[str, Any]) -> Activity | None:
    start_ms = _num(x, "startTimeGmt")
    duration = _num(x, "duration", 1000.0)
    if start_ms is None or duration is None:
        return None
    sport = GARMIN_TYPES.get(str(x.get("activityType", "")), Sport.OTHER)
    cad = _num(x, "avgDoubleCadence")  # already steps/min
    if cad is None and (half := _num(x, "avgRunCadence")) is not None:
        cad = half * 2.0
    rpe = _num(x, "directWorkoutRpe")
    return Activity(
        sport=sport,
        start=datetime.fromtimestamp(start_ms / 1000.0, tz=UTC),
        duration_s=duration,
        moving_s=_num(x, "movingDuration", 1000.0),
        distance_m=_num(x, "distance", 100.0),
        ascent_m=_num(x, "elevationGain", 100.0),
        avg_hr=_num(x, "avgHr"),
        max_hr=_num(x, "maxHr"),
        avg_cadence_spm=cad if sport in (Sport.RUN, Sport.WALK, Sport.HIKE) else None,
        avg_power_w=_num(x, "avgPower"),
        rpe=None if rpe is None else rpe / 10.0,  # Garmin stores RPE 10–100
        name=x.get("name") if isinstance(x.get("name"), str) else None,
        source="summarizedActivities.json",
    )
