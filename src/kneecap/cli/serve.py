"""`kneecap serve` and `kneecap demo`: run the web app."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import typer

from kneecap.cli.context import container, settings
from kneecap.cli.output import fail
from kneecap.config import Settings


def _run(host: str, port: int, workers: int) -> None:
    import logging

    import uvicorn

    level = settings().log_level
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # No access log: request paths carry client ids, and the audit log already records access.
    uvicorn.run(
        "kneecap.web.asgi:create",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level=level.lower(),
        access_log=False,
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


def _demo_password(s: Settings) -> str:
    if s.demo_password:
        return s.demo_password
    # Generated once and kept (owner-only) so the printed sign-ins stay true on a restart.
    path: Path = s.data_dir / "demo_password"
    if path.exists():
        return path.read_text().strip()
    s.data_dir.mkdir(parents=True, exist_ok=True)
    password = "-".join(secrets.token_urlsafe(6) for _ in range(3))
    path.write_text(password)
    path.chmod(0o600)
    return password


def demo(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
) -> None:
    """Create the demo clinic if it is not there, print its sign-ins, and serve it."""
    s = settings()
    started = time.monotonic()
    c = container()
    password = _demo_password(s)
    try:
        from kneecap.demo import seed_demo

        seed = seed_demo(c, password)
    except Exception as exc:
        fail(f"Could not create the demo clinic: {exc}")
    c.close()
    state = "created" if seed.created else "already there"
    typer.echo(
        f"Demo Clinic {state} ({time.monotonic() - started:.1f} s). Sign in at "
        f"http://{host}:{port}/sign-in with password {password}"
    )
    for email, role in seed.accounts:
        typer.echo(f"  {role:<28} {email}")
    _run(host, port, workers)
