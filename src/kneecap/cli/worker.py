"""`kneecap worker`: run background jobs from the broker (KNEECAP_BROKER_URL) on this machine."""

from __future__ import annotations

from dataclasses import replace

import typer

from kneecap.cli.context import settings
from kneecap.cli.output import fail


def worker(
    threads: int = typer.Option(1, "--threads", min=1, max=32, help="Jobs run at once here."),
) -> None:
    """Run queued jobs (video analyses, imports) until stopped."""
    from kneecap.bootstrap.logs import configure
    from kneecap.worker import WAIT_S, run_worker  # the whole app: only this command needs it

    s = settings()
    configure(s.log_level)  # tracebacks without exception messages: they may hold client data
    if not s.broker_url:
        fail(
            "KNEECAP_BROKER_URL is not set: without a broker, jobs run inside `kneecap serve`. "
            "Set it (e.g. redis://127.0.0.1:6379/0) on the web app and on every worker."
        )
    run_worker(
        replace(s, worker_threads=threads),
        lambda: typer.echo(f"worker running {threads} thread(s); Ctrl-C to stop", err=True),
        lambda reason: typer.echo(
            f"worker waiting: {reason}. Checking again every {WAIT_S:.0f} s; Ctrl-C to stop.",
            err=True,
        ),
    )
