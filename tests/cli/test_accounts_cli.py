"""The `kneecap` command for setting up accounts, as a shell user runs it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kneecap.bootstrap import Container
from kneecap.cli.main import app
from kneecap.config import Settings

runner = CliRunner()


@pytest.fixture
def env(settings: Settings, container: Container) -> dict[str, str]:
    return {
        "KNEECAP_DATA_DIR": str(settings.data_dir),
        "KNEECAP_DATABASE_URL": settings.database_url,
        "KNEECAP_BASE_URL": "http://clinic.example",
    }


def test_help_describes_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "demo", "db", "user", "token", "clinic", "jobs"):
        assert command in result.output
    for group in (["user", "add"], ["token", "create"], ["db", "upgrade"]):
        assert runner.invoke(app, [*group, "--help"]).exit_code == 0


def test_setting_up_a_clinic_from_the_shell(env: dict[str, str]) -> None:
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    made = runner.invoke(app, ["clinic", "add", "Riverside Clinic"], env=env)
    assert made.exit_code == 0 and "Riverside Clinic" in made.output
    added = runner.invoke(
        app,
        [
            "user",
            "add",
            "--clinic",
            "Riverside Clinic",
            "--name",
            "Rae Admin",
            "--email",
            "rae@river.test",
            "--role",
            "admin",
        ],
        env=env,
    )
    assert added.exit_code == 0, added.output
    assert "http://clinic.example/invitations/" in added.output.splitlines()[-1]


def test_user_add_errors_say_what_to_do(env: dict[str, str]) -> None:
    missing = runner.invoke(
        app,
        [
            "user",
            "add",
            "--clinic",
            "Nowhere",
            "--name",
            "X",
            "--email",
            "x@x.test",
            "--role",
            "lmt",
        ],
        env=env,
    )
    assert missing.exit_code == 3 and "kneecap clinic add 'Nowhere'" in missing.output
    runner.invoke(app, ["clinic", "add", "Riverside Clinic"], env=env)
    bad = runner.invoke(
        app,
        [
            "user",
            "add",
            "--clinic",
            "Riverside Clinic",
            "--name",
            "X",
            "--email",
            "not-an-email",
            "--role",
            "lmt",
        ],
        env=env,
    )
    assert bad.exit_code == 1 and "email" in bad.output
    role = runner.invoke(
        app,
        [
            "user",
            "add",
            "--clinic",
            "Riverside Clinic",
            "--name",
            "X",
            "--email",
            "x@x.test",
            "--role",
            "wizard",
        ],
        env=env,
    )
    assert role.exit_code == 2 and "wizard" in role.output


def test_token_create_prints_the_token_alone_on_its_last_line(env: dict[str, str]) -> None:
    runner.invoke(app, ["clinic", "add", "Riverside Clinic"], env=env)
    runner.invoke(
        app,
        [
            "user",
            "add",
            "--clinic",
            "Riverside Clinic",
            "--name",
            "Lee",
            "--email",
            "lee@river.test",
            "--role",
            "lmt",
            "--password-stdin",
        ],
        env=env,
        input="a long enough passphrase\n",
    )
    made = runner.invoke(app, ["token", "create", "--email", "lee@river.test"], env=env)
    assert made.exit_code == 0
    last = made.stdout.strip().splitlines()[-1]
    assert last.startswith("kn_") and " " not in last
    listed = runner.invoke(app, ["token", "list", "--email", "lee@river.test"], env=env)
    assert "active" in listed.output and last not in listed.output
    unknown = runner.invoke(app, ["token", "create", "--email", "who@river.test"], env=env)
    assert unknown.exit_code == 3
