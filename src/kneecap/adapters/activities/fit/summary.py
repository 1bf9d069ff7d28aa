"""Turn decoded FIT columns into domain Activities: one per session message.

Session summaries are the file's own totals and win where present; record (per-second)
messages fill what a session lacks, and stand in for it when a truncated file lost its
session message.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from kneecap.adapters.activities.fit.decoder import FitData, FloatArray, MessageColumns
from kneecap.adapters.activities.fit.sports import fit_sport
from kneecap.domain.load.activity import Activity, HeartRateTrace, Sport

FIT_EPOCH = 631065600  # 1989-12-31T00:00:00Z in Unix seconds (FIT SDK)
SESSION, RECORD, SPORT = 18, 20, 12
ON_FOOT = frozenset({Sport.RUN, Sport.WALK, Sport.HIKE})
Mask = npt.NDArray[np.bool_]
FieldSpec = int | tuple[int, float] | tuple[int, float, float]  # (number, scale, offset)

# (session field number, scale, offset) from the FIT SDK profile
S_START, S_SPORT, S_SUB = 2, 5, 6
S_ELAPSED, S_TIMER, S_DIST, S_MOVING = (7, 1000.0), (8, 1000.0), (9, 100.0), (59, 1000.0)
S_AVG_HR, S_MAX_HR, S_CAD, S_FCAD = 16, 17, 18, (92, 128.0)
S_POWER, S_ASCENT, S_RPE = 20, 22, 193
S_VO, S_STANCE, S_VRATIO, S_STEP = (89, 10.0), (91, 10.0), (132, 100.0), (134, 10.0)
# record fields
R_TS, R_HR, R_DIST, R_CAD, R_FCAD, R_POWER = 253, 3, (5, 100.0), 4, (53, 128.0), 7
R_ALT, R_EALT = (2, 5.0, 500.0), (78, 5.0, 500.0)
R_VO, R_STANCE, R_VRATIO, R_STEP = (39, 10.0), (41, 10.0), (83, 100.0), (85, 10.0)


def _val(m: MessageColumns, i: int, spec: FieldSpec) -> float | None:
    if isinstance(spec, int):
        num, scale, off = spec, 1.0, 0.0
    elif len(spec) == 2:
        num, scale, off = spec[0], spec[1], 0.0
    else:
        num, scale, off = spec
    col = m.fields.get(num)
    if col is None or np.isnan(col[i]):
        return None
    return float(col[i]) / scale - off


def _mean(col: FloatArray | None, sel: Mask, positive: bool = True) -> float | None:
    if col is None:
        return None
    v = col[sel]
    v = v[~np.isnan(v)]
    if positive:
        v = v[v > 0]
    return float(v.mean()) if v.size else None


def activities_from_fit(fit: FitData, source: str) -> list[Activity]:
    sessions = fit.messages.get(SESSION)
    records = fit.messages.get(RECORD)
    out: list[Activity] = []
    if sessions is not None and len(sessions):
        for i in range(len(sessions)):
            act = _from_session(sessions, i, records, fit, source)
            if act is not None:
                out.append(act)
    elif records is not None and records.get(R_TS) is not None:
        act = _from_records(records, fit, source)
        if act is not None:
            out.append(act)
    return out


def _record_window(records: MessageColumns | None, t0: float, t1: float) -> Mask | None:
    if records is None or records.get(R_TS) is None:
        return None
    ts = records.fields[R_TS]
    return (ts >= t0) & (ts <= t1)


def _from_session(
    s: MessageColumns, i: int, records: MessageColumns | None, fit: FitData, source: str
) -> Activity | None:
    start_raw = _val(s, i, S_START)
    elapsed = _val(s, i, S_ELAPSED) or _val(s, i, S_TIMER)
    if start_raw is None or elapsed is None:
        return None
    sport = fit_sport(_val(s, i, S_SPORT), _val(s, i, S_SUB))
    sel = _record_window(records, start_raw, start_raw + elapsed)
    rec = records if sel is not None and sel.any() else None
    cadence = _val(s, i, S_CAD)
    if cadence is not None:
        cadence += _val(s, i, S_FCAD) or 0.0
    elif rec is not None and sel is not None:
        cadence = _record_cadence(rec, sel)
    rpe = _val(s, i, S_RPE)
    return _build(
        sport=sport,
        start=start_raw,
        elapsed=elapsed,
        moving=_val(s, i, S_MOVING) or _val(s, i, S_TIMER),
        distance=_val(s, i, S_DIST),
        ascent=_val(s, i, S_ASCENT),
        avg_hr=_val(s, i, S_AVG_HR) or _rec_mean(rec, sel, R_HR),
        max_hr=_val(s, i, S_MAX_HR),
        cadence=cadence,
        power=_val(s, i, S_POWER) or _rec_power(rec, sel),
        vo=_val(s, i, S_VO) or _rec_mean(rec, sel, R_VO),
        stance=_val(s, i, S_STANCE) or _rec_mean(rec, sel, R_STANCE),
        vratio=_val(s, i, S_VRATIO) or _rec_mean(rec, sel, R_VRATIO),
        step=_val(s, i, S_STEP) or _rec_mean(rec, sel, R_STEP),
        rpe=None if rpe is None else (rpe / 10.0 if rpe > 10 else rpe),
        hr=_hr_trace(rec, sel, start_raw),
        source=source,
    )


def _rec_mean(
    rec: MessageColumns | None, sel: Mask | None, spec: int | tuple[int, float]
) -> float | None:
    if rec is None or sel is None:
        return None
    num, scale = (spec, 1.0) if isinstance(spec, int) else spec
    m = _mean(rec.fields.get(num), sel)
    return None if m is None else m / scale


def _rec_power(rec: MessageColumns | None, sel: Mask | None) -> float | None:
    native = _rec_mean(rec, sel, R_POWER)
    if native is not None or rec is None or sel is None:
        return native
    for name, col in rec.dev.items():  # e.g. Stryd's developer field "Power"
        if name.lower() == "power":
            return _mean(col, sel)
    return None


def _record_cadence(rec: MessageColumns, sel: Mask) -> float | None:
    cad = rec.fields.get(R_CAD)
    if cad is None:
        return None
    frac = rec.fields.get(R_FCAD[0])
    full = cad if frac is None else cad + np.nan_to_num(frac) / R_FCAD[1]
    return _mean(full, sel)


def _hr_trace(rec: MessageColumns | None, sel: Mask | None, t0: float) -> HeartRateTrace | None:
    if rec is None or sel is None or rec.get(R_HR) is None:
        return None
    hr = rec.fields[R_HR][sel]
    t = rec.fields[R_TS][sel] - t0
    ok = ~np.isnan(hr) & ~np.isnan(t) & (hr > 0)
    if not ok.any():
        return None
    return HeartRateTrace(t_s=t[ok], bpm=hr[ok])


def _from_records(rec: MessageColumns, fit: FitData, source: str) -> Activity | None:
    ts = rec.fields[R_TS]
    ok = ~np.isnan(ts)
    if not ok.any():
        return None
    t0, t1 = float(ts[ok].min()), float(ts[ok].max())
    sport_msg = fit.messages.get(SPORT)
    sport = Sport.OTHER
    if sport_msg is not None and len(sport_msg):
        sport = fit_sport(_val(sport_msg, 0, 0), _val(sport_msg, 0, 1))
    dist = rec.fields.get(R_DIST[0])
    distance = None
    if dist is not None and (~np.isnan(dist)).any():
        distance = float(np.nanmax(dist)) / R_DIST[1]
    alt = rec.fields.get(R_EALT[0], rec.fields.get(R_ALT[0]))
    ascent = None
    if alt is not None:
        a = alt[~np.isnan(alt)] / 5.0 - 500.0
        ascent = float(np.clip(np.diff(a), 0, None).sum()) if a.size > 1 else None
    return _build(
        sport=sport,
        start=t0,
        elapsed=t1 - t0,
        moving=None,
        distance=distance,
        ascent=ascent,
        avg_hr=_rec_mean(rec, ok, R_HR),
        max_hr=None,
        cadence=_record_cadence(rec, ok),
        power=_rec_power(rec, ok),
        vo=_rec_mean(rec, ok, R_VO),
        stance=_rec_mean(rec, ok, R_STANCE),
        vratio=_rec_mean(rec, ok, R_VRATIO),
        step=_rec_mean(rec, ok, R_STEP),
        rpe=None,
        hr=_hr_trace(rec, ok, t0),
        source=source,
    )


def _build(
    *,
    sport: Sport,
    start: float,
    elapsed: float,
    moving: float | None,
    distance: float | None,
    ascent: float | None,
    avg_hr: float | None,
    max_hr: float | None,
    cadence: float | None,
    power: float | None,
    vo: float | None,
    stance: float | None,
    vratio: float | None,
    step: float | None,
    rpe: float | None,
    hr: HeartRateTrace | None,
    source: str,
) -> Activity:
    # FIT stores running cadence in strides (cycles) per minute: x2 gives steps per minute
    spm = cadence * 2.0 if cadence is not None and sport in ON_FOOT else None
    rpm = cadence if cadence is not None and sport not in ON_FOOT else None
    return Activity(
        sport=sport,
        start=datetime.fromtimestamp(start + FIT_EPOCH, tz=UTC),
        duration_s=elapsed,
        moving_s=moving,
        distance_m=distance,
        ascent_m=ascent,
        avg_hr=avg_hr,
        max_hr=max_hr,
        avg_cadence_spm=spm,
        avg_cadence_rpm=rpm,
        avg_power_w=power,
        vertical_oscillation_mm=vo,
        stance_time_ms=stance,
        step_length_mm=step,
        vertical_ratio_pct=vratio,
        rpe=rpe,
        source=source,
        heart_rate=hr,
    )
