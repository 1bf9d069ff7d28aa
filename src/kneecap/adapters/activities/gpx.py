"""GPX 1.0/1.1 reader (stdlib ElementTree; Garmin TrackPointExtension for HR and cadence)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import numpy as np

from kneecap.adapters.activities.errors import ActivityFileError
from kneecap.adapters.activities.track import ascent_m, moving_s, segment_m
from kneecap.adapters.activities.xmldoc import local, parse_xml
from kneecap.adapters.activities.xmltime import parse_time
from kneecap.domain.load.activity import Activity, HeartRateTrace, Sport

# GPX <type> values written by Strava, Garmin and others
GPX_TYPES: dict[str, Sport] = {
    "running": Sport.RUN, "run": Sport.RUN, "9": Sport.RUN, "trail_running": Sport.RUN,
    "cycling": Sport.RIDE, "biking": Sport.RIDE, "ride": Sport.RIDE, "1": Sport.RIDE,
    "walking": Sport.WALK, "walk": Sport.WALK, "10": Sport.WALK,
    "hiking": Sport.HIKE, "hike": Sport.HIKE, "4": Sport.HIKE,
    "swimming": Sport.SWIM, "swim": Sport.SWIM,
}  # fmt: skip


def read_gpx(data: bytes, source: str) -> list[Activity]:
    root = parse_xml(data, "GPX")
    if local(root.tag) != "gpx":
        raise ActivityFileError("not a GPX file: its top element is not <gpx>")
    # file-level time (GPX 1.0 <time>, GPX 1.1 <metadata><time>) dates a track without times
    file_time = None
    for e in root:
        if local(e.tag) == "time":
            file_time = parse_time(e.text)
        elif local(e.tag) == "metadata":
            file_time = next((parse_time(c.text) for c in e if local(c.tag) == "time"), None)
    out = []
    for trk in (e for e in root if local(e.tag) == "trk"):
        act = _track(trk, source, file_time)
        if act is not None:
            out.append(act)
    if not out:
        n_wpt = sum(1 for e in root if local(e.tag) == "wpt")
        raise ActivityFileError(
            f"GPX file has no track points (only {n_wpt} waypoints), so there is no activity"
            " in it; export the activity itself as GPX, TCX or FIT"
        )
    return out


def _track(trk: ET.Element, source: str, file_time: datetime | None) -> Activity | None:
    lat, lon, ele, ts, hr, cad = [], [], [], [], [], []
    sport_text, name = "", None
    for e in trk.iter():
        tag = local(e.tag)
        if tag == "type" and e.text:
            sport_text = e.text.strip().lower()
        elif tag == "name" and e.text and name is None:
            name = e.text.strip()
        elif tag == "trkpt":
            try:
                lat.append(float(e.get("lat", "nan")))
                lon.append(float(e.get("lon", "nan")))
            except ValueError:
                continue
            p_ele = p_t = p_hr = p_cad = None
            for c in e.iter():
                ct = local(c.tag)
                if ct == "ele":
                    p_ele = c.text
                elif ct == "time":
                    p_t = parse_time(c.text)
                elif ct == "hr":
                    p_hr = c.text
                elif ct == "cad":
                    p_cad = c.text
            ele.append(_num(p_ele))
            ts.append(p_t.timestamp() if p_t else np.nan)
            hr.append(_num(p_hr))
            cad.append(_num(p_cad))
    if not lat:
        return None
    la, lo, t = np.array(lat), np.array(lon), np.array(ts)
    seg = segment_m(la, lo)
    has_t = ~np.isnan(t)
    sport = GPX_TYPES.get(sport_text, Sport.RUN if not sport_text else Sport.OTHER)
    if not has_t.any():
        if file_time is None:
            raise ActivityFileError(
                "GPX track has no times and the file has no date, so the activity cannot be"
                " placed on a day; export it again with times (e.g. the original FIT file)"
            )
        # Dated by the file's own time; duration unknown (0), distance still counts.
        return Activity(
            sport=sport,
            start=file_time,
            duration_s=0.0,
            distance_m=float(seg.sum()),
            ascent_m=ascent_m(np.array(ele)),
            name=name,
            source=source,
        )
    t0 = float(t[has_t][0])
    h, cad_arr = np.array(hr), np.array(cad)
    trace = None
    if (~np.isnan(h)).any():
        ok = ~np.isnan(h) & has_t
        trace = HeartRateTrace(t_s=t[ok] - t0, bpm=h[ok])
    cad_mean = float(np.nanmean(cad_arr)) if (~np.isnan(cad_arr)).any() else None
    on_foot = sport in (Sport.RUN, Sport.WALK, Sport.HIKE)
    return Activity(
        sport=sport,
        start=datetime.fromtimestamp(t0, tz=UTC),
        duration_s=float(t[has_t][-1] - t0),
        moving_s=moving_s(t[has_t], segment_m(la[has_t], lo[has_t])),
        distance_m=float(seg.sum()),
        ascent_m=ascent_m(np.array(ele)),
        avg_hr=float(np.nanmean(h)) if trace is not None else None,
        # Garmin's TrackPointExtension <cad> is strides (cycles) per minute for running
        avg_cadence_spm=cad_mean * 2 if cad_mean is not None and on_foot else None,
        avg_cadence_rpm=cad_mean if cad_mean is not None and not on_foot else None,
        name=name,
        source=source,
        heart_rate=trace,
    )


def _num(text: str | None) -> float:
    try:
        return float(text) if text else np.nan
    except ValueError:
        return np.nan
