"""`kneecap load ...`: analyse watch files and export zips without a database."""

from __future__ import annotations

import json
import threading
from contextlib import ExitStack
from dataclasses import asdict
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kneecap.cli.context import cli_caller, container
from kneecap.cli.output import EXIT_NOT_FOUND, fail

# The rest is imported by the commands that use it: `kneecap --help` and `load analyze` start
# without the database, web and video stacks.
if TYPE_CHECKING:
    from kneecap.bootstrap import Container
    from kneecap.domain.jobs import Job
    from kneecap.domain.load.trimp import HeartRateProfile
    from kneecap.services.caller import Caller


class SexOption(StrEnum):  # trimp.Sex, without importing numpy for --help
    MALE = "male"
    FEMALE = "female"


app = typer.Typer(help="Training load and guardrails from the runner's own watch files.")


def _activity_json(a: Any, load: Any) -> dict[str, Any]:
    c = a.sport_call
    return {
        "file": a.source, "sport": a.sport.value, "start": a.start.isoformat(),
        "duration_s": a.duration_s, "moving_s": a.moving_s, "distance_m": a.distance_m,
        "ascent_m": a.ascent_m, "avg_hr": a.avg_hr, "avg_cadence_spm": a.avg_cadence_spm,
        "avg_power_w": a.avg_power_w, "gear": a.gear, "rpe": a.rpe, "dedup_key": a.dedup_key,
        "sport_basis": c.basis.value, "sport_reason": c.reason,
        "needs_confirmation": a.needs_confirmation,
        "issues": [{"code": i.code.value, "message": i.message,
                    "needs_confirmation": i.needs_confirmation} for i in a.issues],
        "trimp": load.trimp, "srpe": load.srpe, "load_method": load.method,
        "no_load_reason": load.reason,
    }  # fmt: skip


def _profile(
    hr_rest: float | None,
    hr_max: float | None,
    sex: SexOption | None,
    age: float | None,
    dob: str | None,
) -> HeartRateProfile:
    """Measured HRmax, else Tanaka from the date of birth on each activity's day, else from
    an age given once (Tanaka 2001: 208 - 0.7 x age)."""
    from kneecap.domain.load.trimp import HeartRateProfile, HrMaxSource, Sex, tanaka_hr_max

    if age is not None and dob is not None:
        raise typer.BadParameter("give --age or --dob, not both")
    birth = None
    if dob is not None:
        try:
            birth = date.fromisoformat(dob)
        except ValueError:
            raise typer.BadParameter(f"--dob {dob!r} is not a date like 1985-04-30") from None
    s = Sex(sex.value) if sex is not None else None
    try:
        if hr_max is None and age is not None:
            if not 5 <= age <= 110:
                raise ValueError(f"--age {age:g} is not an age in years")
            return HeartRateProfile(hr_rest, tanaka_hr_max(age), s,
                                    hr_max_source=HrMaxSource.TANAKA)  # fmt: skip
        return HeartRateProfile(hr_rest, hr_max, s, birth if hr_max is None else None)
    except ValueError as exc:
        fail(f"{exc}.")


@app.callback()
def _group() -> None:
    """Training-load commands (kept a group so `analyze` stays a named sub-command)."""


@app.command("analyze")
def analyze_cmd(
    files: Annotated[list[Path], typer.Argument(help="FIT/GPX/TCX files, .gz, or export zips")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    today: Annotated[str | None, typer.Option(help="last day of the series, YYYY-MM-DD")] = None,
    hr_rest: Annotated[
        float | None, typer.Option(help="measured resting heart rate (bpm); else 60 assumed")
    ] = None,
    hr_max: Annotated[
        float | None, typer.Option(help="measured maximum heart rate (bpm); else from age")
    ] = None,
    age: Annotated[
        float | None, typer.Option(help="age in years: HRmax 208 - 0.7 x age (Tanaka 2001)")
    ] = None,
    dob: Annotated[
        str | None, typer.Option(help="date of birth YYYY-MM-DD: Tanaka HRmax on each day")
    ] = None,
    sex: Annotated[
        SexOption | None,
        typer.Option(help="Banister TRIMP weighting; not given: the women's (the larger), said"),
    ] = None,
    shoe_limit_km: Annotated[float, typer.Option(help="shoe retirement distance")] = 800.0,
) -> None:
    """Read files and print activities, weekly series and guardrail alerts."""
    from kneecap.bootstrap import read_activity_files
    from kneecap.domain.load.analysis import analyze
    from kneecap.domain.load.trimp import session_loads

    profile = _profile(hr_rest, hr_max, sex, age, dob)
    res = read_activity_files(files)
    end = (
        date.fromisoformat(today)
        if today
        else (max((a.start.date() for a in res.activities), default=datetime.now(UTC).date()))
    )
    result = analyze(res.activities, end, profile, shoe_limit_km=shoe_limit_km)
    out = {
        "activities": [_activity_json(a, session_loads(a, profile)) for a in res.activities],
        "errors": [{"file": e.file, "reason": e.reason} for e in res.errors],
        "warnings": [{"file": w.file, "reason": w.reason} for w in res.warnings],
        "duplicates": res.duplicates,
        "weeks": [{**asdict(w), "start": w.start.isoformat()} for w in result.weeks],
        "alerts": [{**asdict(a), "date": a.date.isoformat()} for a in result.alerts],
        "load_scale": result.daily.scale.value,
        "load_method": result.method_note,
        "chronic": result.chronic_label,
    }
    if as_json:
        typer.echo(json.dumps(out, indent=1, default=str))
    else:
        typer.echo(f"{len(res.activities)} activities read, {len(res.errors)} files not read")
        for e in res.errors:
            typer.echo(f"  not read: {e.file}: {e.reason}")
        for p in res.warnings:
            typer.echo(f"  warning: {p.file}: {p.reason}")
        for act in res.activities:
            if act.needs_confirmation:
                why = [act.sport_call.reason] if act.sport_call.needs_confirmation else []
                why += [i.message for i in act.issues if i.needs_confirmation]
                typer.echo(f"  to confirm: {act.source} ({act.sport.value},"
                           f" {act.start:%Y-%m-%d}): {'; '.join(why)}")  # fmt: skip
        typer.echo(f"  {result.method_note}")
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
    return cli_caller(user)


def _run_import(c: Container, caller: Caller, client: int, paths: list[Path]) -> Job:
    from kneecap.services.errors import Forbidden, Invalid, NotFound
    from kneecap.services.training_import import Upload

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
    from kneecap.domain.jobs import JobStatus

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
    from kneecap.services.errors import Forbidden, NotFound

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
            "load_method": report.load_note, "chronic": report.analysis.chronic_label,
            "to_confirm": [{"id": t.id, "sport": t.activity.sport.value,
                            "start": t.activity.start.isoformat()} for t in report.to_confirm],
        }  # fmt: skip
        typer.echo(json.dumps(out, indent=1, default=str))
        return
    typer.echo(f"{report.client.name}: {report.activity_count} activities up to {report.today}")
    if report.to_confirm:
        n = len(report.to_confirm)
        typer.echo(f"  {n} activities wait for their sport or date to be confirmed (the load"
                   " page or the API): not counted as running until then")  # fmt: skip
    for w in report.analysis.weeks[-8:]:
        typer.echo(f"  week of {w.start}: run {w.run_km:.1f} km, {w.hours:.1f} h")
    if not report.open_alerts:
        typer.echo("  no guardrail alert in the last 14 days")
    for a in report.open_alerts:
        typer.echo(f"  [{a.severity}] {a.date} {a.rule_id}: {a.message}")
        typer.echo(f"      source: {a.source}; evidence: {a.evidence}")
