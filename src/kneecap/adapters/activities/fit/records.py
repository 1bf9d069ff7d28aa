"""Per-second FIT record messages: which to believe, and what they say about the session.

Records carry the timestamps, distance, heart rate and cadence behind a session. Damaged
timestamps are cut (timeline.py) before anything is summed, cumulative distance only counts
steps a body or a vehicle could make, and the heart rate is kept as time at each bpm.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kneecap.adapters.activities.fit.decoder import FloatArray, MessageColumns
from kneecap.adapters.activities.timeline import SPLIT_GAP_S, Timeline, believable
from kneecap.adapters.activities.track import segment_m
from kneecap.domain.load.activity import HeartRateTrace
from kneecap.domain.load.hr_samples import HrHistogram, histogram_from_samples
from kneecap.domain.load.sport_inference import Motion, motion

Mask = npt.NDArray[np.bool_]
R_TS, R_HR, R_DIST, R_SPEED, R_CAD, R_FCAD = 253, 3, 5, 6, 4, 53
R_LAT, R_LON = 0, 1
SEMICIRCLE_DEG = 180.0 / 2**31
# Faster than this between two records is a damaged distance, not movement (no runner, rider
# or car in a watch file covers 100 m each second).
MAX_STEP_SPEED_MS = 100.0


@dataclass(frozen=True, slots=True)
class RecordView:
    """The believable records of one session (or of a session-less file)."""

    rec: MessageColumns
    sel: Mask  # records in this session whose timestamp is believable
    timeline: Timeline

    @property
    def t(self) -> FloatArray:
        return self.rec.fields[R_TS][self.sel]

    @property
    def any(self) -> bool:
        return bool(self.sel.any())

    @property
    def span_s(self) -> float:
        t = self.t
        return float(t.max() - t.min()) if t.size else 0.0


def view(rec: MessageColumns | None, window: tuple[float, float] | None) -> RecordView | None:
    """Records (optionally within a session's [start, end]) with damaged timestamps cut."""
    if rec is None or rec.get(R_TS) is None:
        return None
    ts = rec.fields[R_TS]
    inside = np.ones(ts.shape, dtype=bool)
    if window is not None:
        with np.errstate(invalid="ignore"):
            inside = (ts >= window[0]) & (ts <= window[1])
    if not inside.any():
        return None
    sub = np.where(inside, ts, np.nan)
    tl = believable(sub, "record timestamps", lone_gap_s=SPLIT_GAP_S)
    return RecordView(rec, tl.keep, tl)


def distance_m(v: RecordView) -> float | None:
    """Sum of the believable steps of the cumulative distance field."""
    col = v.rec.fields.get(R_DIST)
    if col is None:
        return None
    d = col[v.sel] / 100.0
    t = v.t
    ok = ~np.isnan(d)
    if ok.sum() < 2:
        return float(d[ok][0]) if ok.any() else None
    d, t = d[ok], t[ok]
    step, dt = np.diff(d), np.diff(t)
    good = (step >= 0) & (step <= MAX_STEP_SPEED_MS * np.maximum(dt, 1.0))
    return float(step[good].sum())


def cumulative_distance(v: RecordView) -> FloatArray | None:
    """Cumulative metres per kept record: the distance field, else from positions."""
    col = v.rec.fields.get(R_DIST)
    if col is not None and (~np.isnan(col[v.sel])).sum() > 1:
        out: FloatArray = col[v.sel] / 100.0
        if np.nanmax(out) > np.nanmin(out):  # some devices write a constant here
            return out
    lat, lon = v.rec.fields.get(R_LAT), v.rec.fields.get(R_LON)
    if lat is None or lon is None:
        return None
    la, lo = lat[v.sel] * SEMICIRCLE_DEG, lon[v.sel] * SEMICIRCLE_DEG
    ok = ~np.isnan(la) & ~np.isnan(lo)
    if ok.sum() < 2:
        return None
    seg = segment_m(la[ok], lo[ok])
    cum = np.full(la.shape, np.nan)
    cum[ok] = np.concatenate([[0.0], np.cumsum(seg)])
    return cum


def cadence(v: RecordView) -> float | None:
    """Mean of the non-zero cadence (strides or revolutions per minute)."""
    cad = v.rec.fields.get(R_CAD)
    if cad is None:
        return None
    frac = v.rec.fields.get(R_FCAD)
    full = cad if frac is None else cad + np.nan_to_num(frac) / 128.0
    x = full[v.sel]
    x = x[~np.isnan(x) & (x > 0)]
    return float(x.mean()) if x.size else None


def heart_rate(v: RecordView, t0: float) -> tuple[HeartRateTrace | None, HrHistogram | None]:
    hr_col = v.rec.fields.get(R_HR)
    if hr_col is None:
        return None, None
    hr, t = hr_col[v.sel], v.t - t0
    ok = ~np.isnan(hr) & ~np.isnan(t) & (hr > 0)
    if not ok.any():
        return None, None
    order = np.argsort(t[ok], kind="stable")
    tt, hh = t[ok][order], hr[ok][order]
    return HeartRateTrace(t_s=tt, bpm=hh), histogram_from_samples(tt, hh)


def record_motion(v: RecordView) -> Motion | None:
    """How the records moved (their own moving time: a file cut short has fewer records
    than its session's totals cover)."""
    cum = cumulative_distance(v)
    if cum is None:
        return None
    t = v.t
    order = np.argsort(t, kind="stable")
    return motion(t[order], cum[order], None, cadence(v))
