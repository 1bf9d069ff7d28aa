"""TCX (Garmin Training Center v2) reader: laps hold the device's own totals.

A lap's TotalTimeSeconds is the time the device's timer ran in it - the active time, pauses
with the timer stopped left out (what converters are expected to write, e.g. the FIT-to-TCX
issue Tigge/FIT-to-TCX#9) - so the laps' sum is the moving time; GPS speed only stands in when
the laps carry no time. Trackpoint times are checked (timeline.py) before they set the elapsed
time.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from kneecap.adapters.activities.errors import ActivityFileError
from kneecap.adapters.activities.timeline import believable
from kneecap.adapters.activities.track import ascent_m, moving_s, segment_m
from kneecap.adapters.activities.xmldoc import local, parse_xml
from kneecap.adapters.activities.xmltime import parse_time
from kneecap.domain.load.activity import Activity, HeartRateTrace, Sport
from kneecap.domain.load.hr_samples import histogram_from_samples
from kneecap.domain.load.provenance import Issue, IssueCode, SportCall
from kneecap.domain.load.sport_inference import infer_sport, motion, unknown_sport

FloatArray = npt.NDArray[np.float64]
# The schema's Sport attribute: Running, Biking or Other ("Other" is the file's own word)
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
    start = _start(act, laps)
    if start is None:
        raise ActivityFileError("TCX activity has no start time; cannot place it on a day")
    timer = sum(_f(lap, "TotalTimeSeconds") or 0.0 for lap in laps)
    dist = sum(_f(lap, "DistanceMeters") or 0.0 for lap in laps)
    t, lat, lon, ele, hr, cad = [], [], [], [], [], []
    for kids in _trackpoints(act):
        when = parse_time(_own_text(kids.get("Time")))
        t.append(when.timestamp() if when else np.nan)
        pos = kids.get("Position")
        where = {} if pos is None else {local(c.tag): c for c in pos}
        lat.append(_num(where.get("LatitudeDegrees")) or np.nan)
        lon.append(_num(where.get("LongitudeDegrees")) or np.nan)
        ele.append(_num(kids.get("AltitudeMeters")) or np.nan)
        beat = kids.get("HeartRateBpm")
        hr.append((_f(beat, "Value") if beat is not None else None) or np.nan)
        cad.append(_cadence(kids))
    ta, ha = np.array(t), np.array(hr)
    tl = believable(ta, "trackpoint times")
    ok_t = tl.keep
    issues = []
    if tl.message:
        code = IssueCode.CUT_AT_DAMAGE if tl.dropped else IssueCode.OUT_OF_ORDER
        issues.append(Issue(code, tl.message))
    last = float(ta[ok_t].max()) if ok_t.any() else None
    span = last - start.timestamp() if last is not None else 0.0
    la, lo = np.array(lat), np.array(lon)
    has_pos = ~np.isnan(la) & ~np.isnan(lo) & ok_t
    order = np.argsort(ta[has_pos], kind="stable")
    tp, lap_, lop = ta[has_pos][order], la[has_pos][order], lo[has_pos][order]
    seg = segment_m(lap_, lop) if tp.size > 1 else np.zeros(0)
    gps_moving = moving_s(tp, seg) if tp.size > 1 else None
    moving = timer if timer > 0 else gps_moving
    sport_text = act.get("Sport") or ""
    ok_h = ~np.isnan(ha) & ok_t
    trace = HeartRateTrace(ta[ok_h] - start.timestamp(), ha[ok_h]) if ok_h.any() else None
    ca = np.array(cad)
    cad_mean = float(np.nanmean(ca[ca > 0])) if (ca > 0).any() else None
    if sport_text.lower() in TCX_SPORTS:
        sport, call = TCX_SPORTS[sport_text.lower()], SportCall.device(sport_text)
    else:
        why = f"the TCX Sport {sport_text!r} is not one of the schema's"
        if tp.size > 1:
            cum = np.concatenate([[0.0], np.cumsum(seg)])
            sport, call = infer_sport(motion(tp, cum, moving, cad_mean), why)
        else:
            sport, call = unknown_sport(f"{why} and it has no positions")
    on_foot = sport == Sport.RUN
    duration = max(span, timer)
    return Activity(
        sport=sport,
        start=start.astimezone(UTC),
        duration_s=duration,
        moving_s=None if moving is None else min(moving, duration),
        distance_m=dist if dist > 0 else None,
        ascent_m=ascent_m(np.array(ele)),
        avg_hr=float(ha[ok_h].mean()) if ok_h.any() else None,
        max_hr=float(ha[ok_h].max()) if ok_h.any() else None,
        # TCX RunCadence / Cadence are per-foot (strides) per minute: x2 gives steps/min
        avg_cadence_spm=cad_mean * 2 if cad_mean is not None and on_foot else None,
        avg_cadence_rpm=cad_mean if cad_mean is not None and not on_foot else None,
        source=source,
        heart_rate=trace,
        hr_seconds=None if trace is None else histogram_from_samples(trace.t_s, trace.bpm),
        sport_call=call,
        issues=tuple(issues),
    )


def _start(act: ET.Element, laps: list[ET.Element]) -> datetime | None:
    """The activity's start: its first lap's StartTime that reads, else its Id."""
    starts = (parse_time(lap.get("StartTime")) for lap in laps)
    return next((s for s in starts if s is not None), parse_time(_text(act, "Id")))


def _trackpoints(act: ET.Element) -> Iterator[dict[str, ET.Element]]:
    """Each trackpoint's children by local name. The loop that decides TCX import speed: a
    cheap suffix test before local(), and each trackpoint's children looked up once."""
    for tp in act.iter():
        if tp.tag.endswith("Trackpoint") and local(tp.tag) == "Trackpoint":
            yield {local(c.tag): c for c in tp}


def _cadence(kids: dict[str, ET.Element]) -> float:
    """A trackpoint's ns3:RunCadence (Extensions), else its <Cadence>; NaN without either."""
    ext = kids.get("Extensions")
    run_cad = (
        None
        if ext is None
        else next((c.text for c in ext.iter() if c.tag.endswith("RunCadence")), None)
    )
    try:
        if run_cad:
            return float(run_cad)
    except ValueError:
        pass
    c = _num(kids.get("Cadence"))
    return c if c is not None else np.nan


def cadence_columns(data: bytes) -> list[tuple[float, FloatArray, FloatArray]]:
    """Each activity's (start, seconds since it, cadence as written) for retraining: the start
    is its Activity's (the first lap's StartTime, else its Id), the cadence per foot (strides)
    per minute as the reader reads it. Trackpoints with damaged times are left out."""
    out = []
    for act in (e for e in parse_xml(data, "TCX").iter() if local(e.tag) == "Activity"):
        laps = [c for c in act if local(c.tag) == "Lap"]
        start = _start(act, laps)
        if not laps or start is None:
            continue
        t, cad = [], []
        for kids in _trackpoints(act):
            when = parse_time(_own_text(kids.get("Time")))
            t.append(when.timestamp() if when else np.nan)
            cad.append(_cadence(kids))
        ta, ca = np.array(t, dtype=float), np.array(cad, dtype=float)
        if ta.size == 0:
            continue
        keep = believable(ta, "trackpoint times").keep
        if not keep.any() or not np.isfinite(ca[keep]).any():
            continue
        order = np.argsort(ta[keep], kind="stable")
        t0 = start.timestamp()
        out.append((t0, ta[keep][order] - t0, ca[keep][order]))
    return out


def _own_text(e: ET.Element | None) -> str | None:
    return None if e is None else e.text


def _num(e: ET.Element | None) -> float | None:
    if e is None or e.text is None:
        return None
    try:
        return float(e.text)
    except ValueError:
        return None


def _text(e: ET.Element, name: str) -> str | None:
    c = _child(e, name)
    return None if c is None else c.text
