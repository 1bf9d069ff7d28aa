"""TCX (Garmin Training Center v2) reader: laps hold the device's own totals."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC

import numpy as np

from kneecap.adapters.activities.errors import ActivityFileError
from kneecap.adapters.activities.track import ascent_m, moving_s, segment_m
from kneecap.adapters.activities.xmldoc import local, parse_xml
from kneecap.adapters.activities.xmltime import parse_time
from kneecap.domain.load.activity import Activity, HeartRateTrace, Sport

TCX_SPORTS = {"running": Sport.RUN, "biking": Sport.RIDE, "other": Sport.OTHER}


def _child(e: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in e if local(c.tag) == name), None)


def _f(e: ET.Element | None, name: str) -> float | None:
    c = None if e is None else _child(e, name)
    if c is None or c.text is None:
        return None
    try:
        return float(c.text)
    except ValueError:
        return None


def read_tcx(data: bytes, source: str) -> list[Activity]:
    root = parse_xml(data, "TCX")
    if local(root.tag) != "TrainingCenterDatabase":
        raise ActivityFileError("not a TCX file: its top element is not <TrainingCenterDatabase>")
    out = [a for a in (_activity(e, source) for e in root.iter() if local(e.tag) == "Activity")]
    acts = [a for a in out if a is not None]
    if not acts:
        raise ActivityFileError("TCX file holds no activity with laps; nothing to import")
    return acts


def _activity(act: ET.Element, source: str) -> Activity | None:
    laps = [c for c in act if local(c.tag) == "Lap"]
    if not laps:
        return None
    starts = [parse_time(lap.get("StartTime")) for lap in laps]
    start = next((s for s in starts if s is not None), parse_time(_text(act, "Id")))
    if start is None:
        raise ActivityFileError("TCX activity has no start time; cannot place it on a day")
    timer = sum(_f(lap, "TotalTimeSeconds") or 0.0 for lap in laps)
    dist = sum(_f(lap, "DistanceMeters") or 0.0 for lap in laps)
    t, lat, lon, ele, hr, cad = [], [], [], [], [], []
    for tp in act.iter():
        if local(tp.tag) != "Trackpoint":
            continue
        when = parse_time(_text(tp, "Time"))
        t.append(when.timestamp() if when else np.nan)
        pos = _child(tp, "Position")
        lat.append(_f(pos, "LatitudeDegrees") or np.nan)
        lon.append(_f(pos, "LongitudeDegrees") or np.nan)
        ele.append(_f(tp, "AltitudeMeters") or np.nan)
        hr.append(_f(_child(tp, "HeartRateBpm"), "Value") or np.nan)
        run_cad = next((c.text for c in tp.iter() if local(c.tag) == "RunCadence"), None)
        c = _f(tp, "Cadence")
        cad.append(float(run_cad) if run_cad else (c if c is not None else np.nan))
    ta, ha = np.array(t), np.array(hr)
    ok_t = ~np.isnan(ta)
    duration = float(ta[ok_t].max() - start.timestamp()) if ok_t.any() else timer
    sport = TCX_SPORTS.get((act.get("Sport") or "").lower(), Sport.OTHER)
    la, lo = np.array(lat), np.array(lon)
    has_pos = ~np.isnan(la) & ~np.isnan(lo) & ok_t
    moving = (
        moving_s(ta[has_pos], segment_m(la[has_pos], lo[has_pos])) if has_pos.sum() > 1 else None
    )
    ok_h = ~np.isnan(ha) & ok_t
    trace = HeartRateTrace(ta[ok_h] - start.timestamp(), ha[ok_h]) if ok_h.any() else None
    ca = np.array(cad)
    cad_mean = float(np.nanmean(ca[ca > 0])) if (ca > 0).any() else None
    on_foot = sport == Sport.RUN
    return Activity(
        sport=sport,
        start=start.astimezone(UTC),
        duration_s=max(duration, timer),
        moving_s=moving if moving is not None else timer,
        distance_m=dist if dist > 0 else None,
        ascent_m=ascent_m(np.array(ele)),
        avg_hr=float(ha[ok_h].mean()) if ok_h.any() else None,
        max_hr=float(ha[ok_h].max()) if ok_h.any() else None,
        # TCX RunCadence / Cadence are per-foot (strides) per minute: x2 gives steps/min
        avg_cadence_spm=cad_mean * 2 if cad_mean is not None and on_foot else None,
        avg_cadence_rpm=cad_mean if cad_mean is not None and not on_foot else None,
        source=source,
        heart_rate=trace,
    )


def _text(e: ET.Element, name: str) -> str | None:
    c = _child(e, name)
    return None if c is None else c.text
