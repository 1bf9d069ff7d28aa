"""The `kneecap` command: one Typer app, one module per command group."""

from __future__ import annotations

import typer

from kneecap.cli import (
    accounts,
    assessment,
    backup,
    blobs,
    cosign,
    db,
    gait,
    jobs,
    load,
    serve,
    worker,
)

app = typer.Typer(
    name="kneecap",
    help="Kneecap: runner's-knee clinic software. Settings come from KNEECAP_* variables "
    "(see the README).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("serve")(serve.serve)
app.command("demo")(serve.demo)
app.add_typer(db.app, name="db")
app.add_typer(accounts.clinic_app, name="clinic")
app.add_typer(accounts.user_app, name="user")
app.add_typer(accounts.token_app, name="token")
app.add_typer(jobs.app, name="jobs")
app.add_typer(assessment.app, name="assessment")
app.add_typer(cosign.app, name="cosign")
app.add_typer(load.app, name="load")
app.add_typer(gait.app, name="gait")
app.add_typer(blobs.app, name="blobs")
app.command("worker")(worker.worker)
app.command("backup")(backup.backup)
app.command("restore")(backup.restore_command)
