"""`kneecap serve` and `kneecap demo`: run the web app."""

from __future__ import annotations

import time

import typer

from kneecap.cli.context import container, settings
from kneecap.cli.output import fail


def _run(host: str, port: int, workers: int, app: str = "kneecap.web.asgi:create") -> None:
    import uvicorn

    from kneecap.bootstrap.logs import uvicorn_config

    level = settings().log_level
    # No access log: request paths carry client ids, and the audit log already records access.
    uvicorn.run(
        app,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level=level.lower(),
        access_log=False,
        log_config=uvicorn_config(level),  # tracebacks without exception messages
    )


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0 for all)."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
) -> None:
    """Start the app (creates and migrates the database on first start)."""
    container().close()  # migrate once here, not in every worker
    typer.echo(f"Kneecap on http://{host}:{port}  (Ctrl+C to stop)")
    _run(host, port, workers)


def demo(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
    wait: bool = typer.Option(
        False, "--wait", help="Build the whole demo clinic before serving (scripts, benches)."
    ),
) -> None:
    """Serve at once and build the demo clinic (if it is not there) while serving; print its
    sign-ins. The pages say how far the set-up is; the running-form analysis is a job."""
    # Only this command needs the demo (and `secrets`, which loads OpenSSL).
    from kneecap.cli.demo_password import demo_password
    from kneecap.demo import demo_accounts, seed_demo

    s = settings()
    started = time.monotonic()
    c = container()  # migrate once here, not in every server process
    password = demo_password(s)
    if wait:
        try:
            seed = seed_demo(c, password)
        except Exception as exc:
            fail(f"Could not create the demo clinic: {exc}")
        state = "created" if seed.created else "already there"
        typer.echo(f"Demo Clinic {state} ({time.monotonic() - started:.1f} s).")
    else:
        typer.echo("Demo Clinic: set up while serving (the pages show how far it is).")
    c.close()
    typer.echo(f"Sign in at http://{host}:{port}/sign-in with password {password}")
    for email, role in demo_accounts():
        typer.echo(f"  {role:<28} {email}")
    _run(host, port, workers, "kneecap.web.asgi:create" if wait else "kneecap.cli.demo_app:create")
