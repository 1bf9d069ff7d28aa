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
) -> None:
    """Analyse VIDEO and write the annotated video, plots and report to --out."""
    from kneecap.adapters.video.pipeline import analyze_video
    from kneecap.domain.gait.errors import GaitAnalysisError
    from kneecap.domain.gait.view import View

    if view not in ("side", "rear", "auto"):
        raise typer.BadParameter("--view must be side, rear or auto")
    try:
        result = analyze_video(
            video, None if view == "auto" else View(view), height_cm, out,
            progress=lambda f: typer.echo(f"\r{100 * f:3.0f}%", nl=False, err=True),
        )  # fmt: skip
    except GaitAnalysisError as exc:
        typer.echo(f"\n{exc.user_message}", err=True)
        raise typer.Exit(2) from exc
    typer.echo("", err=True)
    data = result.to_dict()
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    typer.echo(f"view: {data['view']}  cadence: {data['cadence_spm']} steps/min")
    for side, stats in result.metrics.per_side.items():
        for name, s in stats.items():
            typer.echo(f"{side.value:5s} {name:30s} {s.mean:8.1f} ± {s.sd:.1f}")
    for cue in result.cues:
        typer.echo(f"- {cue.text}")
    typer.echo(f"written to {out}")
