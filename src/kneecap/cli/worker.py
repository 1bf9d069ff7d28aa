"""`kneecap worker`: run background jobs from the broker (KNEECAP_BROKER_URL) on this machine.

Start as many as you like, on any machines that reach the same database, broker and uploads
folder (shared storage); each takes jobs from the queue until stopped with Ctrl-C / SIGTERM.
"""

from __future__ import annotations

import signal
import threading
from dataclasses import replace

import typer

from kneecap.bootstrap import build
from kneecap.cli.context import settings
from kneecap.cli.output import fail


def worker(
    threads: int = typer.Option(1, "--threads", min=1, max=32, help="Jobs run at once here."),
) -> None:
    """Run queued jobs (video analyses, imports) until stopped."""
    s = settings()
    if not s.broker_url:
        fail(
            "KNEECAP_BROKER_URL is not set: without a broker, jobs run inside `kneecap serve`. "
            "Set it (e.g. redis://127.0.0.1:6379/0) on the web app and on every worker."
        )
    c = build(replace(s, worker_threads=threads), migrate=False, pooled=False)
    queue = c.jobs.queue
    assert queue is not None
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    queue.start()
    typer.echo(f"worker running {threads} thread(s); Ctrl-C to stop", err=True)
    try:
        stop.wait()
    finally:
        queue.stop()
        c.close()
