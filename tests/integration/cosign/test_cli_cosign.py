"""`kneecap cosign …` lists, co-signs and returns with the same gate as the queue page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from typer.testing import CliRunner

from kneecap.bootstrap import Container
from kneecap.cli.assessment import EXIT_FORBIDDEN
from kneecap.cli.cosign import app
from kneecap.cli.output import EXIT_CONFLICT, EXIT_NOT_FOUND
from tests.factories import make_world

REPRO = "DIAGNOSIS: M22.2X1 patellofemoral pain syndrome right knee"


def test_cli_queue_approve_and_return(
    container: Container, database_url: str, tmp_path: Path
) -> None:
    world = make_world(container)
    lmt, cid = world.a.caller("lmt"), world.a.clients[0].id
    record = container.clients.get(lmt, cid)
    container.clients.update(lmt, cid, replace(record.details, goals=REPRO, sports=("hills",)))
    env = {"KNEECAP_DATABASE_URL": database_url, "KNEECAP_DATA_DIR": str(tmp_path / "cli")}
    run = CliRunner().invoke
    chiro, as_lmt = world.a.users["chiropractor"].email, world.a.users["lmt"].email

    refused = run(app, ["list", "--as", as_lmt], env=env)
    assert refused.exit_code == EXIT_FORBIDDEN
    listed = run(app, ["list", "--as", chiro], env=env)
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert lines[0].startswith(f"client.{cid}.goals.v1\t") and "FLAGGED: speaks of a" in lines[0]
    assert f"    {REPRO}" in lines and f"client.{cid}.sports.v2" in listed.output

    no_comment = run(app, ["return", f"client.{cid}.sports.v2", "--as", chiro, "--comment", " "],
                     env=env)  # fmt: skip
    assert no_comment.exit_code == 1 and "needs a comment" in no_comment.output
    back = run(app, ["return", f"client.{cid}.sports.v2", "--as", chiro, "--comment", "Which?"],
               env=env)  # fmt: skip
    assert back.exit_code == 0 and "returned to its author" in back.output
    ok = run(app, ["approve", f"client.{cid}.goals.v1", "--as", chiro], env=env)
    assert ok.exit_code == 0 and "co-signed" in ok.output
    again = run(app, ["approve", f"client.{cid}.goals.v1", "--as", chiro], env=env)
    assert again.exit_code == EXIT_CONFLICT
    missing = run(app, ["approve", "client.999.goals.v1", "--as", chiro], env=env)
    assert missing.exit_code == EXIT_NOT_FOUND
    assert "Nothing waits" in run(app, ["list", "--as", chiro], env=env).output
    mine = container.clients.get(world.a.caller("client1"), cid)
    assert mine.details.goals == REPRO and mine.details.sports == ("running",)
