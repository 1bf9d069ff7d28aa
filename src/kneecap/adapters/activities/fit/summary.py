"""Turn decoded FIT columns into domain Activities: one per session message.

Session summaries are the file's own totals and win where present; record (per-second)
messages fill what a session lacks, and stand in for it when a truncated file lost its
session message. Record timestamps that jump implausibly are cut first (records.py), and a
session never lasts longer than its records support.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from kneecap.adapters.activities.fit import records as R
from kneecap.adapters.activities.fit.decoder import FitData, FloatArray, MessageColumns
from kneecap.adapters.activities.fit.sports import fit_sport, sport_label, states_sport
from kneecap.domain.load.activity import Activity, HeartRateTrace, Sport
from kneecap.domain.load.hr_samples import HrHistogram
from kneecap.domain.load.provenance import Issue, IssueCode, SportCall
from kneecap.domain.load.sport_inference import infer_sport, unknown_sport

FIT_EPOCH = 631065600  # 1989-12-31T00:00:00Z in Unix seconds (FIT SDK)
# FIT SDK, date_time: "if date_time is < 0x10000000 then it is system time (seconds from
# device power on)" - the watch had no calendar time, so there is no date.
SYSTEM_TIME_LIMIT = 0x10000000
SESSION, RECORD, SPORT = 18, 20, 12
ON_FOOT = frozenset({Sport.RUN, Sport.WALK, Sport.HIKE})
FieldSpec = int | tuple[int, float] | tuple[int, float, float]  # (number, scale, offset)
# A session may outlast its first-to-last record by a little (the final lap message is
# written after the last record); beyond this the session's own time is not believed.
SESSION_SLACK_S, SESSION_SLACK_FRACTION = 600.0, 0.10

# (session field number, scale, offset) from the FIT SDK profile
S_START, S_SPORT, S_SUB = 2, 5, 6
S_ELAPSED, S_TIMER, S_DIST, S_MOVING = (7, 1000.0), (8, 1000.0), (9, 100.0), (59, 1000.0)
S_AVG_HR, S_MAX_HR, S_CAD, S_FCAD = 16, 17, 18, (92, 128.0)
S_POWER, S_ASCENT, S_RPE = 20, 22, 193
S_VO, S_STANCE, S_VRATIO, S_STEP = (89, 10.0), (91, 10.0), (132, 100.0), (134, 10.0)
# record fields
R_POWER = 7
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


def _mean(col: FloatArray | None, v: R.RecordView | None, scale: float = 1.0) -> float | None:
    if col is None or v is None:
        return None
    x = col[v.sel]
    x = x[~np.isnan(x) & (x > 0)]
    return float(x.mean()) / scale if x.size else None


def _rec_mean(v: R.RecordView | None, spec: int | tuple[int, float]) -> float | None:
    if v is None:
        return None
    num, scale = (spec, 1.0) if isinstance(spec, int) else spec
    return _mean(v.rec.fields.get(num), v, scale)


def _rec_power(v: R.RecordView | None) -> float | None:
    native = _rec_mean(v, R_POWER)
    if native is not None or v is None:
        return native
    for name, col in v.rec.dev.items():  # e.g. Stryd's developer field "Power"
        if name.lower() == "power":
            return _mean(col, v)
    return None


def activities_from_fit(fit: FitData, source: str) -> list[Activity]:
    sessions = fit.messages.get(SESSION)
    records = fit.messages.get(RECORD)
    out: list[Activity] = []
    if sessions is not None and len(sessions):
        for i in range(len(sessions)):
            act = _from_session(sessions, i, records, source)
            if act is not None:
                out.append(act)
    elif records is not None and records.get(R.R_TS) is not None:
        act = _from_records(records, fit, source)
        if act is not None:
            out.append(act)
    return out


def _from_session(
    s: MessageColumns, i: int, records: MessageColumns | None, source: str
) -> Activity | None:
    start_raw = _val(s, i, S_START)
    elapsed = _val(s, i, S_ELAPSED) or _val(s, i, S_TIMER)
    if start_raw is None or elapsed is None:
        return None
    issues: list[Issue] = []
    v = R.view(records, (start_raw, start_raw + elapsed))
    if v is not None and not v.any:
        v = None
    if v is not None and v.timeline.message:
        issues.append(_timeline_issue(v))
    timer = _val(s, i, S_TIMER)
    if v is not None and v.t.size >= 10 and timer is not None:
        # Only when the session's own timer agrees with its records is a longer elapsed time
        # damage; a file cut short keeps a true session and lost the records, not the time.
        limit = v.span_s * (1 + SESSION_SLACK_FRACTION) + SESSION_SLACK_S
        if elapsed > limit and timer <= limit:
            capped = max(v.span_s, timer)
            issues.append(Issue(IssueCode.DURATION_CAPPED, f"the session says it lasted"
                f" {elapsed / 3600:.1f} h, but its timer and records cover"
                f" {capped / 3600:.1f} h: that is used"))  # fmt: skip
            elapsed = capped
    moving = _val(s, i, S_MOVING) or timer
    if moving is not None:
        moving = min(moving, elapsed)
    raw_sport = _val(s, i, S_SPORT)
    sport, call = _sport(raw_sport, _val(s, i, S_SUB), v, moving)
    cadence = _val(s, i, S_CAD)
    if cadence is not None:
        cadence += _val(s, i, S_FCAD) or 0.0
    elif v is not None:
        cadence = R.cadence(v)
    rpe = _val(s, i, S_RPE)
    trace, hist = R.heart_rate(v, start_raw) if v is not None else (None, None)
    return _build(
        sport=sport, call=call, start=start_raw, elapsed=elapsed, moving=moving,
        distance=_val(s, i, S_DIST), ascent=_val(s, i, S_ASCENT),
        avg_hr=_val(s, i, S_AVG_HR) or _rec_mean(v, R.R_HR), max_hr=_val(s, i, S_MAX_HR),
        cadence=cadence, power=_val(s, i, S_POWER) or _rec_power(v),
        vo=_val(s, i, S_VO) or _rec_mean(v, R_VO),
        stance=_val(s, i, S_STANCE) or _rec_mean(v, R_STANCE),
        vratio=_val(s, i, S_VRATIO) or _rec_mean(v, R_VRATIO),
        step=_val(s, i, S_STEP) or _rec_mean(v, R_STEP),
        rpe=None if rpe is None else (rpe / 10.0 if rpe > 10 else rpe),
        hr=trace, hist=hist, source=source, issues=issues,
    )  # fmt: skip


def _sport(
    raw: float | None, sub: float | None, v: R.RecordView | None, moving: float | None
) -> tuple[Sport, SportCall]:
    if states_sport(raw):
        return fit_sport(raw, sub), SportCall.device(sport_label(raw))
    m = R.record_motion(v) if v is not None else None
    why = f"the file's sport is {sport_label(raw)!r}"
    if m is None:
        return unknown_sport(f"{why} and its records have no distance or positions")
    return infer_sport(m, why)


def _timeline_issue(v: R.RecordView) -> Issue:
    code = IssueCode.CUT_AT_DAMAGE if v.timeline.dropped else IssueCode.OUT_OF_ORDER
    return Issue(code, v.timeline.message or "")


def _from_records(rec: MessageColumns, fit: FitData, source: str) -> Activity | None:
    v = R.view(rec, None)
    if v is None or not v.any:
        return None
    t = v.t
    t0, t1 = float(t.min()), float(t.max())
    issues = [_timeline_issue(v)] if v.timeline.message else []
    sport_msg = fit.messages.get(SPORT)
    raw = sub = None
    if sport_msg is not None and len(sport_msg):
        raw, sub = _val(sport_msg, 0, 0), _val(sport_msg, 0, 1)
    sport, call = _sport(raw, sub, v, None)
    alt = rec.fields.get(R_EALT[0], rec.fields.get(R_ALT[0]))
    ascent = None
    if alt is not None:
        a = alt[v.sel]
        a = a[~np.isnan(a)] / 5.0 - 500.0
        ascent = float(np.clip(np.diff(a), 0, None).sum()) if a.size > 1 else None
    trace, hist = R.heart_rate(v, t0)
    return _build(
        sport=sport, call=call, start=t0, elapsed=t1 - t0, moving=None,
        distance=R.distance_m(v), ascent=ascent, avg_hr=_rec_mean(v, R.R_HR), max_hr=None,
        cadence=R.cadence(v), power=_rec_power(v), vo=_rec_mean(v, R_VO),
        stance=_rec_mean(v, R_STANCE), vratio=_rec_mean(v, R_VRATIO), step=_rec_mean(v, R_STEP),
        rpe=None, hr=trace, hist=hist, source=source, issues=issues,
    )  # fmt: skip


def _build(
    *,
    sport: Sport,
    call: SportCall,
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
    hist: HrHistogram | None,
    source: str,
    issues: list[Issue],
) -> Activity:
    if start < SYSTEM_TIME_LIMIT:
        issues.append(Issue(IssueCode.CLOCK_NOT_SET, "the watch's clock was not set: its"
            " times count from when it was switched on, so the date"
            f" ({datetime.fromtimestamp(start + FIT_EPOCH, tz=UTC).date()}) is not real;"
            " confirm the real date", needs_confirmation=True))  # fmt: skip
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
        hr_seconds=hist,
        sport_call=call,
        issues=tuple(issues),
    )
