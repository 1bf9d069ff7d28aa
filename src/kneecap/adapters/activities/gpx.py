"""GPX 1.0/1.1 reader (stdlib ElementTree; Garmin TrackPointExtension for HR and cadence).

A track without a usable <type> is not assumed to be a run: its sport is inferred from how it
moved (domain/load/sport_inference.py). Point times are checked before use (timeline.py):
points out of time order or with times that jump implausibly do not stretch the activity.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from kneecap.adapters.activities.errors import ActivityFileError
from kneecap.adapters.activities.labels import sport_of
from kneecap.adapters.activities.timeline import believable
from kneecap.adapters.activities.track import ascent_m, moving_s, segment_m
from kneecap.adapters.activities.xmldoc import local, parse_xml
from kneecap.adapters.activities.xmltime import parse_time
from kneecap.domain.load.activity import Activity, HeartRateTrace, Sport
from kneecap.domain.load.hr_samples import histogram_from_samples
from kneecap.domain.load.provenance import Issue, IssueCode, SportCall
from kneecap.domain.load.sport_inference import Motion, infer_sport, motion, unknown_sport

ON_FOOT = (Sport.RUN, Sport.WALK, Sport.HIKE)
FloatArray = npt.NDArray[np.float64]


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


def _points(trk: ET.Element) -> tuple[list[list[float]], str, str | None]:
    """Columns lat, lon, ele, t, hr, cad of a track's points (direct children read by tag,
    extensions searched for hr/cad: the loop that decides GPX import speed)."""
    ns = trk.tag[: trk.tag.index("}") + 1] if trk.tag.startswith("{") else ""
    sport_text = next((c.text.strip() for c in trk if c.tag == ns + "type" and c.text), "")
    name = next((c.text.strip() for c in trk if c.tag == ns + "name" and c.text), None)
    t_ele, t_time, t_ext = ns + "ele", ns + "time", ns + "extensions"
    lat_c: list[float] = []
    lon_c: list[float] = []
    ele_c: list[float] = []
    t_c: list[float] = []
    hr_c: list[float] = []
    cad_c: list[float] = []
    nan = float("nan")
    for pt in trk.iter(ns + "trkpt"):
        try:
            lat, lon = float(pt.get("lat", "nan")), float(pt.get("lon", "nan"))
        except ValueError:
            continue
        ele = ts = hr = cad = nan
        for c in pt:
            tag = c.tag
            if tag == t_time:
                when = parse_time(c.text)
                ts = when.timestamp() if when else nan
            elif tag == t_ele:
                ele = _num(c.text)
            elif tag == t_ext:
                for x in c.iter():
                    xt = local(x.tag)
                    if xt == "hr":
                        hr = _num(x.text)
                    elif xt == "cad":
                        cad = _num(x.text)
        lat_c.append(lat)
        lon_c.append(lon)
        ele_c.append(ele)
        t_c.append(ts)
        hr_c.append(hr)
        cad_c.append(cad)
    return [lat_c, lon_c, ele_c, t_c, hr_c, cad_c], sport_text, name


def cadence_columns(data: bytes) -> list[tuple[float, FloatArray, FloatArray]]:
    """Each timed track's (start, seconds since it, <cad> as written) for retraining: the start
    is the same epoch second as its Activity's, <cad> strides (cycles) per minute for running.
    Points with damaged times are left out as the reader leaves them out."""
    out = []
    for trk in (e for e in parse_xml(data, "GPX") if local(e.tag) == "trk"):
        cols, _, _ = _points(trk)
        t, cad = np.array(cols[3]), np.array(cols[5])
        if t.size == 0:
            continue
        keep = believable(t, "point times").keep
        if not keep.any() or not np.isfinite(cad[keep]).any():
            continue
        order = np.argsort(t[keep], kind="stable")
        tk, ck = t[keep][order], cad[keep][order]
        out.append((float(tk[0]), tk - tk[0], ck))
    return out


def _track(trk: ET.Element, source: str, file_time: datetime | None) -> Activity | None:
    cols, sport_text, name = _points(trk)
    if not cols[0]:
        return None
    la, lo, ele, t, hr, cad = (np.array(c) for c in cols)
    labelled = sport_of(sport_text)
    why = f"the GPX type {sport_text!r} is not a sport" if sport_text else "the GPX has no <type>"
    tl = believable(t, "point times")
    issues = []
    if tl.message:
        code = IssueCode.CUT_AT_DAMAGE if tl.dropped else IssueCode.OUT_OF_ORDER
        issues.append(Issue(code, tl.message))
    if not tl.keep.any():
        if file_time is None:
            raise ActivityFileError(
                "GPX track has no times and the file has no date, so the activity cannot be"
                " placed on a day; export it again with times (e.g. the original FIT file)"
            )
        if labelled is not None:
            sport, call = labelled, SportCall.device(sport_text)
        else:
            sport, call = unknown_sport(f"{why} and the track has no times")
        issues += [
            Issue(IssueCode.DATE_FROM_FILE, f"the track has no times: dated by the file's own"
                  f" time ({file_time.date()}), which may be when it was exported; confirm the"
                  " date", needs_confirmation=True),
            Issue(IssueCode.DURATION_UNKNOWN, "no times: distance only, duration unknown"),
        ]  # fmt: skip
        return Activity(
            sport=sport, start=file_time, duration_s=0.0, distance_m=float(segment_m(la, lo).sum()),
            ascent_m=ascent_m(ele), name=name, source=source, sport_call=call,
            issues=tuple(issues),
        )  # fmt: skip
    k = tl.keep
    order = np.argsort(t[k], kind="stable")  # time order for time-based totals
    tk, lak, lok = t[k][order], la[k][order], lo[k][order]
    seg_time_order = segment_m(lak, lok)
    mov = moving_s(tk, seg_time_order)
    span = float(tk[-1] - tk[0])
    if span <= 0:
        issues.append(Issue(IssueCode.DURATION_UNKNOWN, "all points carry the same time:"
                            " distance only, duration unknown"))  # fmt: skip
    cad_k = cad[k][order]
    cad_mean = float(np.nanmean(cad_k)) if (~np.isnan(cad_k)).any() else None
    cum = np.concatenate([[0.0], np.cumsum(seg_time_order)])
    m = motion(tk, cum, mov, cad_mean) if span > 0 else Motion(0.0, 0.0)
    sport, call = _sport(labelled, sport_text, m, why)
    t0 = float(tk[0])
    h = hr[k][order]
    ok_h = ~np.isnan(h)
    trace = HeartRateTrace(t_s=tk[ok_h] - t0, bpm=h[ok_h]) if ok_h.any() else None
    on_foot = sport in ON_FOOT
    on_path = k | np.isnan(t)  # untimed points still trace the path; cut ones do not
    return Activity(
        sport=sport,
        start=datetime.fromtimestamp(t0, tz=UTC),
        duration_s=span,
        moving_s=mov,
        distance_m=float(segment_m(la[on_path], lo[on_path]).sum()),  # in the file's order
        ascent_m=ascent_m(ele[on_path]),
        avg_hr=float(h[ok_h].mean()) if trace is not None else None,
        # Garmin's TrackPointExtension <cad> is strides (cycles) per minute for running
        avg_cadence_spm=cad_mean * 2 if cad_mean is not None and on_foot else None,
        avg_cadence_rpm=cad_mean if cad_mean is not None and not on_foot else None,
        name=name,
        source=source,
        heart_rate=trace,
        hr_seconds=None if trace is None else histogram_from_samples(trace.t_s, trace.bpm),
        sport_call=call,
        issues=tuple(issues),
    )


def _sport(labelled: Sport | None, text: str, m: Motion, why: str) -> tuple[Sport, SportCall]:
    if labelled is not None:
        return labelled, SportCall.device(text)
    return infer_sport(m, why)


def _num(text: str | None) -> float:
    try:
        return float(text) if text else float("nan")
    except ValueError:
        return float("nan")
