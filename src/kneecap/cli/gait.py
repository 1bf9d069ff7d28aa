"""`kneecap gait analyze VIDEO`: running-form analysis from a phone video."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Running-form analysis from a phone video.")


@app.command()
def analyze(
    video: Annotated[Path, typer.Argument(help="MP4, MOV or WebM of the runner")],
    view: Annotated[str, typer.Option(help="side, rear or auto")] = "auto",
    height_cm: Annotated[float | None, typer.Option(help="runner's height, for cm")] = None,
    out: Annotated[Path, typer.Option(help="folder for video, report, JSON")] = Path("gait-out"),
    as_json: Annotated[bool, typer.Option("--json", help="print the metrics as JSON")] = False,
    processes: Annotated[
        int, typer.Option(min=0, help="pose processes on segments of the clip; 0: one per core")
    ] = 0,
    belt_speed_kmh: Annotated[
        float | None,
        typer.Option(help="treadmill belt speed (km/h): step length = belt speed x step time"),
    ] = None,
    fps: Annotated[
        float | None,
        typer.Option(help="the frame rate the clip was filmed at, for a slow-motion export"),
    ] = None,
) -> None:
    """Analyse VIDEO and write the annotated video, plots and report to --out."""
    from kneecap.bootstrap import prestart_pose

    prestart_pose(processes)  # before the imports below: their time overlaps its start-up
    from kneecap.bootstrap import analyze_running_video
    from kneecap.domain.gait.errors import GaitAnalysisError
    from kneecap.domain.gait.view import View

    if view not in ("side", "rear", "auto"):
        raise typer.BadParameter("--view must be side, rear or auto")
    if height_cm is not None and not 100 <= height_cm <= 230:
        raise typer.BadParameter("give the runner's height in cm (100-230)")
    if belt_speed_kmh is not None and not 3 <= belt_speed_kmh <= 30:
        raise typer.BadParameter("give the belt speed in km/h (3-30)")
    if fps is not None and not 10 <= fps <= 1000:
        raise typer.BadParameter("give the frame rate the clip was filmed at (10-1000 fps)")
    try:
        result = analyze_running_video(
            video,
            None if view == "auto" else View(view),
            height_cm,
            out,
            progress=lambda f: typer.echo(f"\r{100 * f:3.0f}%", nl=False, err=True),
            processes=processes,
            belt_speed_ms=belt_speed_kmh / 3.6 if belt_speed_kmh is not None else None,
            fps=fps,
        )
    except GaitAnalysisError as exc:
        typer.echo(f"\n{exc.user_message}", err=True)
        # README exit codes: 3 not found, 1 bad input (the message says what to fix).
        raise typer.Exit(3 if exc.not_found else 1) from exc
    typer.echo("", err=True)
    data = result.to_dict()
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    typer.echo(f"view: {data['view']}  cadence: {data['cadence_spm']} steps/min")
    for side, stats in result.metrics.per_side.items():
        for name, s in stats.items():
            typer.echo(f"{side.value:5s} {name:30s} {s.mean:8.1f} ± {s.sd:.1f}")
    length = data.get("step_length")
    if isinstance(length, dict):
        how = (
            "treadmill belt speed x step time"
            if length["source"] == "belt"
            else f"estimated from the video and the height, ±{length['uncertainty_pct']}%"
        )
        typer.echo(f"step length: {how}")
    for cue in result.cues:
        typer.echo(f"- {cue.text}")
    typer.echo(f"written to {out}")


@app.command()
def upload(
    video: Annotated[Path, typer.Argument(help="MP4, MOV or WebM of the runner", exists=True)],
    client: Annotated[int, typer.Option("--client", help="The client record's number")],
    as_email: Annotated[str, typer.Option("--as", help="Your email: the same rules apply")],
    view: Annotated[str, typer.Option(help="side, rear or auto")] = "auto",
    height_cm: Annotated[float | None, typer.Option(help="runner's height, for cm")] = None,
    wait: Annotated[bool, typer.Option("--wait", help="follow the analysis to the end")] = False,
) -> None:
    """Store VIDEO for a client and analyse it as a background job.

    With KNEECAP_BROKER_URL set, `kneecap worker` processes run the job; without a broker it
    runs here, in this command (so it finishes even without --wait)."""
    import threading
    import time

    from kneecap.cli.context import container
    from kneecap.cli.output import EXIT_NOT_FOUND, fail
    from kneecap.services.accounts import actor_for
    from kneecap.services.caller import Caller
    from kneecap.services.errors import Forbidden, Invalid, NotFound

    c = container()
    user = c.accounts.user_by_email(as_email)
    if user is None:
        fail(f"No user with the email {as_email!r}.", EXIT_NOT_FOUND)
    caller = Caller(actor_for(user), "cli")
    try:
        done = c.gait.upload(caller, client, video, video.name, view, height_cm)
    except Invalid as exc:
        fail("; ".join([exc.message, *exc.errors.values()][:2]))
    except (NotFound, Forbidden) as exc:
        fail(exc.message, EXIT_NOT_FOUND if isinstance(exc, NotFound) else 1)
    typer.echo(f"stored video {done.video.id}; analysis {done.analysis.id}; job {done.job.id}")
    runner = None
    if not c.settings.broker_url:
        runner = threading.Thread(target=c.jobs.run, args=(done.job.id,), daemon=True)
        runner.start()
    if not wait and runner is None:
        return
    last = ""
    while True:
        job = c.jobs.get(caller, done.job.id)
        line = f"job {job.id}: {job.status.value} {job.percent:3d}% {job.message}"
        if line != last:
            typer.echo(line)
            last = line
        if job.status.finished:
            break
        time.sleep(0.5)
    if job.error:
        fail(job.error)
    typer.echo(
        f"analysis {done.analysis.id} ready: cadence {job.result.get('cadence_spm')} "
        f"steps/min over {job.result.get('n_steps')} steps"
    )
