"""`kneecap blobs sweep`: remove stored files that no record refers to any more."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import typer

from kneecap.cli.context import container

app = typer.Typer(help="Stored uploads and outputs (the blob store).", no_args_is_help=True)


@app.command("sweep")
def sweep(
    dry_run: bool = typer.Option(False, "--dry-run", help="List the orphans, remove nothing."),
    hours: int = typer.Option(
        24, "--hours", min=1, help="Keep orphans younger than this: an upload still in flight."
    ),
) -> None:
    """Remove uploads and outputs no record refers to (left by a failed upload or a
    replaced analysis), once older than --hours. The app's job runner also does this hourly."""
    c = container()
    try:
        report = replace(c.blob_sweep, in_flight=timedelta(hours=hours)).sweep(dry_run=dry_run)
    finally:
        c.close()
    for key in report.removed:
        typer.echo(f"{'would remove' if dry_run else 'removed'} {key}")
    typer.echo(
        f"{report.checked} stored files checked, {len(report.removed)} orphans "
        f"{'found' if dry_run else 'removed'}, {report.too_young} younger than {hours} h kept"
    )
