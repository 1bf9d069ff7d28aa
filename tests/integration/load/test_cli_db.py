"""`kneecap load import` and `kneecap load report --json` against the database, as a user."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kneecap.bootstrap import Container
from kneecap.cli.main import app
from kneecap.config import Settings
from tests.factories import make_world


@pytest.fixture
def env(settings: Settings) -> dict[str, str]:
    return {
        "KNEECAP_DATABASE_URL": settings.database_url,
        "KNEECAP_DATA_DIR": str(settings.data_dir),
    }


def test_import_with_progress_then_report_as_json(
    container: Container, env: dict[str, str], shared_data: Path, tmp_path: Path
) -> None:
    world = make_world(container)
    own = world.a.clients[0]
    good = shared_data / "activities" / "run_fenix5_dynamics.fit"
    broken = tmp_path / "broken.fit"
    broken.write_bytes(good.read_bytes()[:10])
    runner = CliRunner()
    args = ["load", "import", str(good), str(broken), "--client", str(own.id)]
    done = runner.invoke(app, [*args, "--as", world.a.users["client1"].email], env=env)
    assert done.exit_code == 0, done.output
    assert "100%" in done.output  # progress lines
    assert "1 new activities stored, 0 already there, 1 file(s) not readable" in done.output
    assert "not read: broken.fit:" in done.output
    again = runner.invoke(app, [*args[:3], "--client", str(own.id), "--as",
                                world.a.users["lmt"].email], env=env)  # fmt: skip
    assert "0 new activities stored, 1 already there" in again.output

    report = runner.invoke(
        app, ["load", "report", "--client", str(own.id), "--as", "lmt@alpha.test", "--json"],
        env=env,
    )  # fmt: skip
    assert report.exit_code == 0, report.output
    body = json.loads(report.output)
    assert body["client_id"] == own.id and body["activities"] == 1 and body["weeks"]

    other = runner.invoke(app, ["load", "report", "--client", str(own.id), "--as",
                                world.a.users["client2"].email], env=env)  # fmt: skip
    assert other.exit_code == 3 and "not found" in other.output
    foreign = runner.invoke(app, ["load", "import", str(good), "--client", str(own.id), "--as",
                                  world.b.users["lmt"].email], env=env)  # fmt: skip
    assert foreign.exit_code == 3
