"""`kneecap load ...`: analyse watch files and export zips without a database."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from kneecap.adapters.activities.read import read_paths
from kneecap.domain.load.analysis import analyze
from kneecap.domain.load.trimp import DEFAULT_HR_REST, HeartRateProfile, Sex

app = typer.Typer(help="Training load and guardrails from the runner's own watch files.")


def _activity_json(a: Any) -> dict[str, Any]:
    return {
        "file": a.source, "sport": a.sport.value, "start": a.start.isoformat(),
        "duration_s": a.duration_s, "moving_s": a.moving_s, "distance_m": a.distance_m,
        "ascent_m": a.ascent_m, "avg_hr": a.avg_hr, "avg_cadence_spm": a.avg_cadence_spm,
        "avg_power_w": a.avg_power_w, "gear": a.gear, "rpe": a.rpe, "dedup_key": a.dedup_key,
    }  # fmt: skip


@app.callback()
def _group() -> None:
    """Training-load commands (kept a group so `analyze` stays a named sub-command)."""


@app.command("analyze")
def analyze_cmd(
    files: Annotated[list[Path], typer.Argument(help="FIT/GPX/TCX files, .gz, or export zips")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    today: Annotated[str | None, typer.Option(help="last day of the series, YYYY-MM-DD")] = None,
    hr_rest: Annotated[float | None, typer.Option(help="resting heart rate (bpm)")] = None,
    hr_max: Annotated[float | None, typer.Option(help="maximum heart rate (bpm)")] = None,
    sex: Annotated[Sex, typer.Option(help="for the Banister TRIMP weighting")] = Sex.FEMALE,
    shoe_limit_km: Annotated[float, typer.Option(help="shoe retirement distance")] = 800.0,
) -> None:
    """Read files and print activities, weekly series and guardrail alerts."""
    res = read_paths(files)
    end = (
        date.fromisoformat(today)
        if today
        else (max((a.start.date() for a in res.activities), default=datetime.now(UTC).date()))
    )
    profile = HeartRateProfile(hr_rest or DEFAULT_HR_REST, hr_max, sex) if hr_max else None
    result = analyze(res.activities, end, profile, shoe_limit_km=shoe_limit_km)
    out = {
        "activities": [_activity_json(a) for a in res.activities],
        "errors": [{"file": e.file, "reason": e.reason} for e in res.errors],
        "warnings": [{"file": w.file, "reason": w.reason} for w in res.warnings],
        "duplicates": res.duplicates,
        "weeks": [{**asdict(w), "start": w.start.isoformat()} for w in result.weeks],
        "alerts": [{**asdict(a), "date": a.date.isoformat()} for a in result.alerts],
    }
    if as_json:
        typer.echo(json.dumps(out, indent=1, default=str))
    else:
        typer.echo(f"{len(res.activities)} activities read, {len(res.errors)} files not read")
        for e in res.errors:
            typer.echo(f"  not read: {e.file}: {e.reason}")
        for w in result.weeks[-8:]:
            typer.echo(
                f"  week of {w.start}: run {w.run_km:.1f} km, {w.hours:.1f} h, load {w.load:.0f}"
            )
        for a in result.alerts[-20:]:
            typer.echo(f"  [{a.severity}] {a.date} {a.rule_id}: {a.message}")
    if not res.activities:
        raise typer.Exit(code=1)
