"""`kneecap cosign …`: the co-signature queue from a shell, acting as a named user (the
chiropractor). The same service and gate as the queue page and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from kneecap.bootstrap import Container
    from kneecap.services.caller import Caller

from kneecap.cli.assessment import EXIT_FORBIDDEN
from kneecap.cli.context import cli_caller, container
from kneecap.cli.output import EXIT_CONFLICT, EXIT_NOT_FOUND, fail
from kneecap.services.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError

app = typer.Typer(help="Text an LMT wrote for clients, awaiting co-signature (--as EMAIL).")
AS = typer.Option(..., "--as", help="Act as this user (their role applies).")


def _caller(c: Container, email: str) -> Caller:
    user = c.accounts.user_by_email(email)
    if user is None:
        fail(f"No user with the email {email!r}.", EXIT_NOT_FOUND)
    return cli_caller(user)


def _fail(exc: ServiceError) -> NoReturn:
    code = {Forbidden: EXIT_FORBIDDEN, NotFound: EXIT_NOT_FOUND, Conflict: EXIT_CONFLICT}
    fail(exc.message, next((v for k, v in code.items() if isinstance(exc, k)), 1))


@app.command("list")
def list_(as_email: str = AS) -> None:
    """What waits for co-signature: flagged first, each with the text and why it was flagged."""
    c: Container = container()
    try:
        entries = c.cosign.queue(_caller(c, as_email))
    except ServiceError as exc:
        _fail(exc)
    finally:
        c.close()
    for e in entries:
        flags = f"\tFLAGGED: {'; '.join(e.item.version.flags)}" if e.item.flagged else ""
        typer.echo(f"{e.id}\t{e.client.name}\t{e.kind.label}\tby {e.author_name}{flags}")
        for line in e.item.version.text.splitlines():
            typer.echo(f"    {line}")
    if not entries:
        typer.echo("Nothing waits for co-signature.")


@app.command("approve")
def approve(
    entry: str = typer.Argument(..., help="The id `cosign list` shows, e.g. client.3.goals.v2."),
    as_email: str = AS,
    comment: str = typer.Option("", "--comment", help="A comment kept with the review."),
) -> None:
    """Co-sign: the client sees this version from now on (cues: the analysis is released)."""
    c = container()
    try:
        done = c.cosign.approve(_caller(c, as_email), entry, comment)
    except ServiceError as exc:
        _fail(exc)
    finally:
        c.close()
    typer.echo(f"{done.entry_id} co-signed" + (" and released" if done.released else "") + ".")


@app.command("return")
def return_(
    entry: str = typer.Argument(..., help="The id `cosign list` shows."),
    as_email: str = AS,
    comment: str = typer.Option(..., "--comment", help="What the author should change."),
) -> None:
    """Send it back to its author with a comment; the client's view stays as it was."""
    c = container()
    try:
        done = c.cosign.return_to_author(_caller(c, as_email), entry, comment)
    except Invalid as exc:
        fail(exc.message)
    except ServiceError as exc:
        _fail(exc)
    finally:
        c.close()
    typer.echo(f"{done.entry_id} returned to its author.")
