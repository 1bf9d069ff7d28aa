"""`kneecap backup OUT` and `kneecap restore FILE`: the clinic's data in one file and back."""

from __future__ import annotations

from pathlib import Path

import typer

from kneecap.cli.context import settings
from kneecap.cli.output import fail


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def backup(
    out: Path = typer.Argument(..., help="The backup file to write (e.g. kneecap-2026-03-02.tar)."),
) -> None:
    """Write the database and every stored upload, with a manifest of checksums, to OUT."""
    from kneecap.bootstrap.backup import BackupError, make_backup

    try:
        done = make_backup(settings(), out)
    except BackupError as exc:
        fail(str(exc))
    typer.echo(
        f"Backed up {done.rows} rows (migration {done.revision}) and {done.files} files "
        f"({_mb(done.bytes)}) to {done.path}"
    )


def restore_command(
    file: Path = typer.Argument(..., help="A file written by kneecap backup."),
    replace: bool = typer.Option(
        False, "--replace", help="Overwrite a database and uploads folder that hold data."
    ),
) -> None:
    """Restore a backup into an empty data folder and database (checks every checksum first)."""
    from kneecap.bootstrap.backup import BackupError, restore

    try:
        done = restore(settings(), file, replace=replace, progress=typer.echo)
    except BackupError as exc:
        fail(str(exc))
    typer.echo(
        f"Restored {done.rows} rows (migration {done.revision}) and {done.files} files "
        f"({_mb(done.bytes)}) from {done.path}"
    )
