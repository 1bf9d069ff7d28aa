"""`kneecap assessment …`: assessments and diagnoses from a shell, acting as a named user.

The command line passes the same gate as the pages and the API: an LMT asking for a diagnosis
is refused with a non-zero exit code, and the refusal is in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from kneecap.bootstrap import Container
    from kneecap.services.caller import Caller

from kneecap.cli.context import cli_caller, container
from kneecap.cli.output import EXIT_NOT_FOUND, fail
from kneecap.services.errors import Conflict, Forbidden, Invalid, NotFound

app = typer.Typer(help="Assessments and diagnoses (acting as a user: --as EMAIL).")

EXIT_FORBIDDEN = 5  # the user's role may not do this (see the audit log)


def _caller(c: Container, email: str) -> Caller:
    user = c.accounts.user_by_email(email)
    if user is None:
        fail(f"No user with the email {email!r}.", EXIT_NOT_FOUND)
    return cli_caller(user)


@app.command("diagnose")
def diagnose(
    as_email: str = typer.Option(..., "--as", help="Act as this user (their role applies)."),
    client: int = typer.Option(..., "--client", help="The client's id."),
    code: str = typer.Option(..., "--code", help="ICD-10-CM code, e.g. M22.2X1."),
    side: str = typer.Option(..., "--side", help="right, left or unspecified."),
    note: str = typer.Option("", "--note", help="A short note for the record."),
    assessment: int | None = typer.Option(None, "--assessment", help="Assessment id it rests on."),
) -> None:
    """Record a diagnosis (chiropractor only)."""
    c = container()
    try:
        d = c.diagnoses.record(_caller(c, as_email), client, code, side, note, assessment)
    except Forbidden as exc:
        fail(exc.message, EXIT_FORBIDDEN)
    except NotFound as exc:
        fail(exc.message, EXIT_NOT_FOUND)
    except Invalid as exc:
        fail(exc.message + "".join(f"\n  {k}: {v}" for k, v in exc.errors.items()))
    finally:
        c.close()
    typer.echo(f"Diagnosis {d.id}: {d.diagnosis.code} {d.diagnosis.title} ({d.diagnosis.side}).")


@app.command("release")
def release(
    as_email: str = typer.Option(..., "--as", help="Act as this user (their role applies)."),
    client: int = typer.Option(..., "--client", help="The client's id."),
    diagnosis: int = typer.Option(..., "--diagnosis", help="The diagnosis id."),
) -> None:
    """Release a diagnosis to the client (chiropractor only)."""
    c = container()
    try:
        d = c.diagnoses.release(_caller(c, as_email), client, diagnosis)
    except Forbidden as exc:
        fail(exc.message, EXIT_FORBIDDEN)
    except NotFound as exc:
        fail(exc.message, EXIT_NOT_FOUND)
    finally:
        c.close()
    typer.echo(f"Diagnosis {d.id} released to the client.")


@app.command("list")
def list_(
    as_email: str = typer.Option(..., "--as", help="Act as this user (their role applies)."),
    client: int = typer.Option(..., "--client", help="The client's id."),
) -> None:
    """List a client's assessments and diagnoses, as far as the user may see them."""
    c = container()
    try:
        caller = _caller(c, as_email)
        shown = c.diagnoses.list(caller, client)
        try:
            assessments = list(c.assessments.list(caller, client))
        except Forbidden:
            assessments = []  # a client sees released diagnoses only, never assessments
    except (Forbidden, Conflict) as exc:
        fail(exc.message, EXIT_FORBIDDEN)
    except NotFound as exc:
        fail(exc.message, EXIT_NOT_FOUND)
    finally:
        c.close()
    for a in assessments:
        signed = f"signed {a.note.signed_at:%Y-%m-%d}" if a.note.signed_at else "draft"
        typer.echo(
            f"assessment {a.id}\t{a.side.value} knee\t{a.note.author_name}\t{signed}\t"
            f"{len(a.note.content.findings)} findings\t{len(a.note.amendments)} amendments"
        )
    for d in shown:
        state = "released" if d.diagnosis.released else "not released"
        dx = d.diagnosis
        typer.echo(f"diagnosis {d.id}\t{dx.code}\t{dx.title}\t{dx.side.value}\t{state}")
    if not assessments and not shown:
        typer.echo("Nothing to show.")
