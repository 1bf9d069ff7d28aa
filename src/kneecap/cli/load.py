"""`kneecap load ...`: analyse watch files and export zips without a database."""

from __future__ import annotations

import json
import threading
from contextlib import ExitStack
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from kneecap.bootstrap import Container, read_activity_files
from kneecap.cli.context import container
from kneecap.cli.output import EXIT_NOT_FOUND, fail
from kneecap.domain.jobs import Job, JobStatus
from kneecap.domain.load.analysis import analyze
from kneecap.domain.load.trimp import DEFAULT_HR_REST, HeartRateProfile, Sex
from kneecap.services.accounts import actor_for
from kneecap.services.caller import Caller
from kneecap.services.errors import Forbidden, Invalid, NotFound
from kneecap.services.training_import import Upload

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
    res = read_activity_files(files)
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


def _caller(c: Container, as_email: str) -> Caller:
    user = c.accounts.user_by_email(as_email)
    if user is None:
        fail(f"No user with the email {as_email!r}.", EXIT_NOT_FOUND)
    return Caller(actor_for(user), "cli")


def _run_import(c: Container, caller: Caller, client: int, paths: list[Path]) -> Job:
    uploads = []
    with ExitStack() as files:  # streamed into the store, not read whole
        for p in paths:
            try:
                uploads.append(Upload(p.name, files.enter_context(p.open("rb")), p.stat().st_size))
            except OSError as exc:
                fail(f"Cannot read {p}: {exc.strerror}.")
        try:
            job = c.training.imports.start(caller, client, uploads)
        except NotFound as exc:
            fail(exc.message, EXIT_NOT_FOUND)
        except (Invalid, Forbidden) as exc:
            fail(exc.message)
    typer.echo(f"job {job.id}: importing {len(uploads)} file(s)")
    runner = threading.Thread(target=c.jobs.run, args=(job.id,), daemon=True)
    runner.start()
    last = ""
    while True:
        runner.join(timeout=0.3)
        job = c.jobs.get(caller, job.id)
        line = f"{job.percent:3d}% {job.message}"
        if line != last:
            typer.echo(line, err=True)
            last = line
        if not runner.is_alive():
            return job


@app.command("import")
def import_cmd(
    paths: Annotated[list[Path], typer.Argument(help="FIT/GPX/TCX files, .gz, or export zips")],
    client: Annotated[int, typer.Option("--client", help="The client's number")],
    as_email: Annotated[str, typer.Option("--as", help="Your email: the same rules apply")],
) -> None:
    """Import files for a client as a job (run here, with progress); nothing is duplicated."""
    c = container(queue_jobs=False)  # this process runs the job itself
    try:
        job = _run_import(c, _caller(c, as_email), client, paths)
    finally:
        c.close()
    if job.status is not JobStatus.DONE:
        fail(job.error or "The import did not finish.")
    res = job.result
    typer.echo(
        f"{res['imported']} new activities stored, {res['duplicates']} already there, "
        f"{res['error_count']} file(s) not readable"
    )
    for e in res["errors"]:
        typer.echo(f"  not read: {e['file']}: {e['reason']}")


@app.command("report")
def report_cmd(
    client: Annotated[int, typer.Option("--client", help="The client's number")],
    as_email: Annotated[str, typer.Option("--as", help="Your email: the same rules apply")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Weekly series, open guardrail alerts and shoes of a client's stored activities."""
    c = container()
    try:
        report = c.training.report(_caller(c, as_email), client)
    except NotFound as exc:
        fail(exc.message, EXIT_NOT_FOUND)
    except Forbidden as exc:
        fail(exc.message)
    finally:
        c.close()
    if as_json:
        out = {
            "client_id": report.client.id, "today": report.today, "activities":
            report.activity_count, "weeks": [asdict(w) for w in report.analysis.weeks],
            "open_alerts": [asdict(a) for a in report.open_alerts],
            "alerts": [asdict(a) for a in report.analysis.alerts],
            "shoes": [asdict(s) for s in report.shoes], "pain": [asdict(p) for p in report.pain],
            "load_method": report.load_note,
        }  # fmt: skip
        typer.echo(json.dumps(out, indent=1, default=str))
        return
    typer.echo(f"{report.client.name}: {report.activity_count} activities up to {report.today}")
    for w in report.analysis.weeks[-8:]:
        typer.echo(f"  week of {w.start}: run {w.run_km:.1f} km, {w.hours:.1f} h")
    if not report.open_alerts:
        typer.echo("  no guardrail alert in the last 14 days")
    for a in report.open_alerts:
        typer.echo(f"  [{a.severity}] {a.date} {a.rule_id}: {a.message}")
        typer.echo(f"      source: {a.source}; evidence: {a.evidence}")
