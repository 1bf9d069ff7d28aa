"""`kneecap db …`: migrations."""

from __future__ import annotations

import typer

from kneecap.adapters.db.engine import make_engine
from kneecap.adapters.db.migrate import drift, upgrade
from kneecap.cli.context import settings
from kneecap.cli.output import fail

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration (the app also does this on start)."""
    s = settings()
    engine = make_engine(s.database_url, pooled=False)
    upgrade(engine)
    typer.echo(f"Database is up to date: {engine.url.render_as_string(hide_password=True)}")


@app.command("check")
def db_check() -> None:
    """Fail if the models and the migrated schema differ (a migration is missing)."""
    s = settings()
    engine = make_engine(s.database_url, pooled=False)
    upgrade(engine)
    diffs = drift(engine)
    if diffs:
        fail("models and migrations differ:\n" + "\n".join(f"  {d}" for d in diffs))
    typer.echo("Models and migrations agree.")
