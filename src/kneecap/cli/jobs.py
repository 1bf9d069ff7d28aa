"""`kneecap jobs …`: follow background jobs from a shell."""

from __future__ import annotations

import time

import typer

from kneecap.cli.context import cli_caller, container
from kneecap.cli.output import EXIT_NOT_FOUND, fail
from kneecap.services.errors import NotFound

app = typer.Typer(help="Background jobs (imports, video analyses).", no_args_is_help=True)


@app.command("show")
def show(
    job_id: int = typer.Argument(..., help="The job's number."),
    as_email: str = typer.Option(..., "--as", help="Your email: you see what you may see."),
    wait: bool = typer.Option(False, "--wait", help="Follow the job until it ends."),
) -> None:
    """Show a job's progress (and follow it with --wait)."""
    c = container()
    user = c.accounts.user_by_email(as_email)
    if user is None:
        fail(f"No user with the email {as_email!r}.", EXIT_NOT_FOUND)
    caller = cli_caller(user)
    last = ""
    while True:
        try:
            job = c.jobs.get(caller, job_id)
        except NotFound as exc:
            fail(exc.message, EXIT_NOT_FOUND)
        line = f"job {job.id} {job.kind}: {job.status.value} {job.percent:3d}% {job.message}"
        if line != last:
            typer.echo(line)
            last = line
        if not wait or job.status.finished:
            break
        time.sleep(1)
    if job.error:
        fail(job.error)
