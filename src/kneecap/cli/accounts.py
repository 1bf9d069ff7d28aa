"""`kneecap clinic …`, `kneecap user …` and `kneecap token …`: account set-up from a shell."""

from __future__ import annotations

import sys

import typer

from kneecap.cli.context import cli_caller, container
from kneecap.cli.output import EXIT_CONFLICT, EXIT_NOT_FOUND, fail
from kneecap.domain.access.roles import Role
from kneecap.services.errors import Conflict, Invalid

clinic_app = typer.Typer(help="Clinics.", no_args_is_help=True)
user_app = typer.Typer(help="User accounts.", no_args_is_help=True)
token_app = typer.Typer(help="Personal access tokens for the API.", no_args_is_help=True)


@clinic_app.command("add")
def clinic_add(
    name: str = typer.Argument(..., help="The clinic's name, e.g. 'Riverside Clinic'."),
) -> None:
    """Create a clinic (does nothing if one with this name exists)."""
    c = container()
    try:
        clinic = c.accounts.create_clinic(name)
    except Invalid as exc:
        fail(exc.message)
    typer.echo(f"Clinic {clinic.name!r} (id {clinic.id}).")


@user_app.command("add")
def user_add(
    clinic: str = typer.Option(..., "--clinic", help="Clinic name (as shown by the app)."),
    name: str = typer.Option(..., "--name", help="The person's full name."),
    email: str = typer.Option(..., "--email", help="Their email; they sign in with it."),
    role: Role = typer.Option(..., "--role", help="client, lmt, chiropractor or admin."),
    password_stdin: bool = typer.Option(
        False,
        "--password-stdin",
        help="Read a password from standard input instead of printing a one-time invitation link.",
    ),
) -> None:
    """Add a user to a clinic and print their one-time link to set a password."""
    c = container()
    found = c.accounts.clinic_by_name(clinic)
    if found is None:
        fail(
            f"No clinic named {clinic!r}. Create it first: kneecap clinic add {clinic!r}",
            EXIT_NOT_FOUND,
        )
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    try:
        user, link = c.accounts.add_user(found.id, email, name, role, password=password)
    except Invalid as exc:
        fail(exc.message + "".join(f"\n  {k}: {v}" for k, v in exc.errors.items()))
    except Conflict as exc:
        fail(exc.message, EXIT_CONFLICT)
    typer.echo(f"Added {user.name} <{user.email}> as {user.role.label} to {found.name}.")
    if link is not None:
        typer.echo("No mail server is configured. Give them this one-time link (valid 7 days):")
        typer.echo(link.url)


@token_app.command("create")
def token_create(
    email: str = typer.Option(..., "--email", help="Whose token: it can do what they can."),
    name: str = typer.Option("command line", "--name", help="A label to recognise it by."),
) -> None:
    """Create a personal access token; the token alone is printed on the last line."""
    c = container()
    user = c.accounts.user_by_email(email)
    if user is None:
        fail(f"No user with the email {email!r}.", EXIT_NOT_FOUND)
    token, plain = c.accounts.create_token(cli_caller(user), name)
    typer.echo(f"Token {token.name!r} for {user.email} (revoke it on the settings page).", err=True)
    typer.echo(plain)


@token_app.command("revoke")
def token_revoke(
    email: str = typer.Option(..., "--email"),
    token_id: int = typer.Argument(..., help="The token's id (see `kneecap token list`)."),
) -> None:
    """Revoke one of a user's tokens."""
    c = container()
    user = c.accounts.user_by_email(email)
    if user is None:
        fail(f"No user with the email {email!r}.", EXIT_NOT_FOUND)
    c.accounts.revoke_token(cli_caller(user), token_id)
    typer.echo(f"Token {token_id} revoked.")


@token_app.command("list")
def token_list(email: str = typer.Option(..., "--email")) -> None:
    """List a user's tokens (never the secrets themselves)."""
    c = container()
    user = c.accounts.user_by_email(email)
    if user is None:
        fail(f"No user with the email {email!r}.", EXIT_NOT_FOUND)
    for t in c.accounts.tokens(cli_caller(user)):
        state = "active" if t.active else "revoked"
        typer.echo(f"{t.id}\t{t.prefix}…\t{t.name}\t{state}")
