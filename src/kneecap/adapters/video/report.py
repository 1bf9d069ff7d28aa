"""Metrics JSON and a self-contained HTML report."""

from __future__ import annotations

import html
import math
from typing import Any

from kneecap.adapters.video.plots import knee_per_stride_html, step_series_html
from kneecap.domain.gait.catalogue import BY_KEY, definitions_for
from kneecap.domain.gait.feedback import Cue
from kneecap.domain.gait.metrics import GaitMetrics, Summary
from kneecap.domain.gait.spatial import VIDEO_STEP_LENGTH_UNCERTAINTY, StepLengthSource


def _num(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else round(x, 3)


def _summary(s: Summary) -> dict[str, Any]:
    return {"mean": _num(s.mean), "sd": _num(s.sd), "cv_pct": _num(s.cv_pct), "n": s.n}


def _reported_keys(m: GaitMetrics) -> set[str]:
    return {k for stats in m.per_side.values() for k in stats}


def _step_length(m: GaitMetrics) -> dict[str, Any] | None:
    """Where the step length came from and how far to trust it."""
    if m.step_length_source is None:
        return None
    video = m.step_length_source is StepLengthSource.VIDEO
    return {
        "source": m.step_length_source.value,
        "uncertainty_pct": round(100 * VIDEO_STEP_LENGTH_UNCERTAINTY) if video else None,
    }


def _playback(m: GaitMetrics) -> dict[str, Any] | None:
    pb = m.playback
    if pb is None:
        return None
    return {"apparent_g_ms2": _num(pb.apparent_g_ms2), "duty_factor": _num(pb.duty_factor)}


def metrics_to_dict(m: GaitMetrics, cues: list[Cue]) -> dict[str, Any]:
    return {
        "view": m.view.value,
        "camera_yaw_deg": _num(m.camera_yaw_deg),
        "fps": _num(m.fps),
        "duration_s": _num(m.duration_s),
        "cadence_spm": _num(m.cadence_spm),
        "n_steps": len(m.steps),
        "cm_per_px": _num(m.cm_per_px),
        "per_side": {
            side.value: {
                "foot_strike": m.foot_strike[side],
                **{k: _summary(v) for k, v in stats.items()},
            }
            for side, stats in m.per_side.items()
        },
        "steps": [
            {
                "side": s.side.value,
                "ic_s": _num(s.ic_frame / m.fps),
                "to_s": None if s.to_frame is None else _num(s.to_frame / m.fps),
                "foot_strike": s.foot_strike,
                "ic_frame": _num(s.ic_frame),
                "flag": s.flag,
                "estimated": s.estimated,
                **{k: _num(v) for k, v in s.values.items()},
            }
            for s in m.steps
        ],
        "feedback": [
            {
                "rule": c.rule_id,
                "text": c.text,
                "value": _num(c.value),
                "source": c.source,
                "evidence": c.evidence,
                "informational": c.informational,
            }
            for c in cues
        ],
        "gaps": [
            {"start_s": _num(g.start_s), "end_s": _num(g.end_s), "missing": g.missing}
            for g in m.gaps
        ],
        "swaps_repaired": m.swaps_repaired,
        "asymmetry_pct": {k: _num(v) for k, v in m.asymmetry_pct.items()},
        "step_length": _step_length(m),
        "playback": _playback(m),
        "definitions": definitions_for(_reported_keys(m)),
        "notes": m.notes,
    }


def render_html(
    m: GaitMetrics, cues: list[Cue], video_name: str | None, notes_text: list[str] | None = None
) -> str:
    e = html.escape
    rows = []
    for side, stats in m.per_side.items():
        for k, s in stats.items():
            cv = f"{s.cv_pct:.1f}" if s.cv_pct is not None else ""
            rows.append(
                f"<tr><td>{e(side.value)}</td><td>{e(k)}</td><td>{s.mean:.1f}</td>"
                f"<td>{s.sd:.1f}</td><td>{cv}</td><td>{s.n}</td></tr>"
            )
    cue_items = "".join(
        f"<li>{e(c.text)}<br><small>{e(c.source)} — {e(c.evidence)}</small></li>" for c in cues
    )
    notes = "".join(f"<li>{e(n)}</li>" for n in (m.notes if notes_text is None else notes_text))

    def at(frame: float) -> str:
        # A media fragment (W3C Media Fragments URI 1.0): the browser opens the annotated
        # video beside the report in the middle of the frame that carries the contact's marker.
        shown = f"{frame / m.fps:.2f}"
        if not video_name:
            return shown
        return f'<a href="{e(video_name)}#t={(round(frame) + 0.5) / m.fps:.3f}">{shown}</a>'

    contacts = "".join(
        f"<tr><td>{i + 1}</td><td>{at(s.ic_frame)}</td><td>{s.ic_frame:.1f}</td>"
        f"<td>{e(s.side.value)}</td><td>{e(s.flag or '')}</td></tr>"
        for i, s in enumerate(m.steps)
    )
    video = f'<video controls width="640" src="{e(video_name)}"></video>' if video_name else ""
    metric = {"side": "knee_flexion_ic_deg", "rear": "pelvic_drop_deg"}.get(
        m.view.value, "step_time_ms"
    )
    strike = ", ".join(f"{s.value}: {v}" for s, v in m.foot_strike.items() if v)
    shown = sorted({BY_KEY[k].key for k in _reported_keys(m) if k in BY_KEY})
    definitions = "".join(
        f"<dt>{e(k)}</dt><dd>{e(BY_KEY[k].definition)}<br><small>{e(BY_KEY[k].source)}</small></dd>"
        for k in shown
    )
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Running form</title>
<style>body{{font-family:sans-serif;max-width:960px;margin:auto}}td,th{{padding:2px 8px}}</style>
</head><body><h1>Running form ({e(m.view.value)} view)</h1>
<p>Cadence <b>{m.cadence_spm:.0f} steps/min</b> over {len(m.steps)} steps,
{m.duration_s:.1f} s at {m.fps:.0f} fps. {e("Foot strike: " + strike) if strike else ""}</p>
<h2>Suggestions</h2><ul>{cue_items or "<li>No suggestions.</li>"}</ul>
<ul>{notes}</ul>{video}
<h2>Per side (mean, SD, CV%)</h2><table><tr><th>side</th><th>metric</th><th>mean</th>
<th>SD</th><th>CV%</th><th>n</th></tr>{"".join(rows)}</table>
{"<h2>Definitions</h2><dl>" + definitions + "</dl>" if definitions else ""}
<h2>Contacts</h2><table><tr><th>#</th><th>time (s)</th><th>frame</th><th>side</th>
<th>flag</th></tr>{contacts}</table>
{knee_per_stride_html(m)}{step_series_html(m, metric)}
<p><small>Kneecap supports clinicians; it does not diagnose.</small></p></body></html>"""
