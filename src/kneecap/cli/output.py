"""How the command line reports errors: a message on stderr and a non-zero exit code."""

from __future__ import annotations

from typing import NoReturn

import typer

# Exit codes a script can act on.
EXIT_INVALID = 1  # bad input: the message says what to fix
EXIT_NOT_FOUND = 3  # the named clinic, user or client does not exist
EXIT_CONFLICT = 4  # already exists


def fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    typer.secho(f"Error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)
