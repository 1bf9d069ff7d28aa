"""`kneecap assessment …` acts as a user and passes the same gate as the pages and the API."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kneecap.bootstrap import Container
from kneecap.cli.assessment import EXIT_FORBIDDEN, app
from kneecap.ports.repositories import AuditQuery
from tests.factories import examined, make_world


def test_cli_diagnosis_lmt_refused_and_audited_chiropractor_records_client_sees_released(
    container: Container, database_url: str, tmp_path: Path
) -> None:
    world = make_world(container)
    client = world.a.clients[0]
    a = examined(container, world.a.caller("lmt"), client.id)
    env = {"KNEECAP_DATABASE_URL": database_url, "KNEECAP_DATA_DIR": str(tmp_path / "cli")}
    run = CliRunner().invoke
    base = ["--client", str(client.id), "--code", "M22.2X1", "--side", "right"]

    refused = run(app, ["diagnose", "--as", world.a.users["lmt"].email, *base], env=env)
    assert refused.exit_code == EXIT_FORBIDDEN
    assert "may not do this: diagnosis.record" in refused.output
    entries, _ = container.audit.query(
        world.a.caller("admin"),
        AuditQuery(clinic_id=0, action_prefix="diagnosis.record", outcome="forbidden"),
    )
    assert [(e.actor_user_id, e.address) for e in entries] == [(world.a.users["lmt"].id, "cli")]

    chiro = world.a.users["chiropractor"].email
    ok = run(
        app, ["diagnose", "--as", chiro, *base, "--note", "PFP", "--assessment", str(a.id)], env=env
    )
    assert ok.exit_code == 0, ok.output
    assert "M22.2X1 Patellofemoral disorders (right)" in ok.output
    diagnosis_id = ok.output.split()[1].rstrip(":")
    bad = run(app, ["diagnose", "--as", chiro, *base[:4], "--side", "left"], env=env)
    assert bad.exit_code == 1 and "M22.2X1 is the right code" in bad.output

    listed = run(app, ["list", "--as", chiro, "--client", str(client.id)], env=env)
    assert listed.exit_code == 0
    assert f"assessment {a.id}\tright knee" in listed.output and "not released" in listed.output

    client_email = world.a.users["client1"].email
    as_client = ["list", "--as", client_email, "--client", str(client.id)]
    assert run(app, as_client, env=env).output.strip() == "Nothing to show."
    released = run(
        app,
        ["release", "--as", chiro, "--client", str(client.id), "--diagnosis", diagnosis_id],
        env=env,
    )
    assert released.exit_code == 0, released.output
    seen = run(app, as_client, env=env).output
    assert "M22.2X1" in seen and "released" in seen and "assessment" not in seen
    other = run(
        app, ["list", "--as", client_email, "--client", str(world.a.clients[1].id)], env=env
    )
    assert other.exit_code == 3
    unknown = run(app, ["list", "--as", "nobody@x.test", "--client", "1"], env=env)
    assert unknown.exit_code == 3 and "No user" in unknown.output
