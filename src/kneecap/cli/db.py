"""`kneecap db …`: migrations."""

from __future__ import annotations

import typer

from kneecap.bootstrap import database_drift, upgrade_database
from kneecap.cli.context import settings
from kneecap.cli.output import fail

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration (the app also does this on start)."""
    url = upgrade_database(settings())
    typer.echo(f"Database is up to date: {url}")


@app.command("check")
def db_check() -> None:
    """Fail if the models and the migrated schema differ (a migration is missing)."""
    diffs = database_drift(settings())
    if diffs:
        fail("models and migrations differ:\n" + "\n".join(f"  {d}" for d in diffs))
    typer.echo("Models and migrations agree.")
