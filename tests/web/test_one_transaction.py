"""A read request is one transaction: one pooled connection and one COMMIT for the dashboard and
the API's client list, however many units of work the page reads through; a unit of work that
fails inside it undoes only its own work; a read request that fails keeps the audit rows of
what it read and rolls back what it wrote, with the entries of those writes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select

from kneecap.adapters.db.models.accounts import ClinicRow
from kneecap.adapters.db.models.clients import ClientRow
from kneecap.bootstrap import Container
from kneecap.domain.access.audit import AuditEntry
from kneecap.domain.clients.record import ClientDetails
from kneecap.ports.repositories import AuditQuery
from kneecap.web.app import create_app
from tests.factories import World
from tests.web.conftest import sign_in


@contextmanager
def counted(container: Container) -> Iterator[dict[str, int]]:
    """COMMITs and pool checkouts while the block runs."""
    seen = {"commits": 0, "checkouts": 0}

    def commit(*_a: object) -> None:
        seen["commits"] += 1

    def checkout(*_a: object) -> None:
        seen["checkouts"] += 1

    event.listen(container.engine, "commit", commit)
    event.listen(container.engine, "checkout", checkout)
    try:
        yield seen
    finally:
        event.remove(container.engine, "commit", commit)
        event.remove(container.engine, "checkout", checkout)


def audit_actions(container: Container, clinic_id: int) -> list[str]:
    with container.uow_factory() as uow:
        entries, _ = uow.audit.query(AuditQuery(clinic_id=clinic_id, limit=200))
    return [e.action for e in entries]


def test_the_dashboard_and_the_client_list_commit_once(
    container: Container, world: World, app_client: TestClient
) -> None:
    sign_in(app_client, world.a.users["lmt"].email)
    app_client.get("/dashboard")  # warm: the first request may read what later ones reuse
    before = audit_actions(container, world.a.clinic_id).count("client.list")
    with counted(container) as seen:
        assert app_client.get("/dashboard").status_code == 200
    assert seen == {"commits": 1, "checkouts": 1}
    # the one COMMIT carries the page's audit entry, and it came before the response
    assert audit_actions(container, world.a.clinic_id).count("client.list") == before + 1

    _, plain = container.accounts.create_token(world.a.caller("lmt"), "script")
    app_client.cookies.clear()
    bearer = {"Authorization": f"Bearer {plain}"}
    assert app_client.get("/api/v1/clients", headers=bearer).status_code == 200  # touches it
    with counted(container) as seen:
        assert app_client.get("/api/v1/clients", headers=bearer).status_code == 200
    assert seen == {"commits": 1, "checkouts": 1}


def _app(container: Container, world: World) -> FastAPI:
    """The app with two routes of the test's own: reads and writes through units of work, one
    of which fails."""
    app = create_app(container=container)
    lmt = world.a.caller("lmt")

    def add_clinic(name: str) -> None:
        with container.uow_factory() as uow:
            uow.clinics.add(name, name)
            uow.commit()

    @app.get("/test/one-fails")
    def one_fails() -> dict[str, str]:
        add_clinic("kept-before")  # a write: the next unit of work runs in a SAVEPOINT
        with pytest.raises(RuntimeError), container.uow_factory() as uow:
            uow.clinics.add("undone", "undone")
            uow.audit.append(_entry(world.a.clinic_id, "test.undone"))
            uow.audit.keep(_entry(world.a.clinic_id, "test.denied", "forbidden"))
            uow.session.flush()
            raise RuntimeError("this unit of work fails")
        container.clients.list(lmt)  # read after it, in the same transaction
        return {"ok": "yes"}

    @app.get("/test/query-then-fail")
    def query_then_fail() -> dict[str, int]:
        add_clinic("written-first")  # the next unit of work runs in a SAVEPOINT
        with pytest.raises(RuntimeError), container.uow_factory() as uow:
            uow.audit.append(_entry(world.a.clinic_id, "test.read-then-queried"))
            _, total = uow.audit.query(AuditQuery(clinic_id=world.a.clinic_id))
            raise RuntimeError("fails after the query wrote the waiting entries")
        return {"total": total}

    @app.get("/test/commit-then-fail")
    def commit_then_fail() -> dict[str, str]:
        with pytest.raises(RuntimeError), container.uow_factory() as uow:
            uow.clinics.add("committed-part", "committed-part")
            uow.commit()
            uow.clinics.add("after-the-commit", "after-the-commit")
            raise RuntimeError("fails after its first commit")
        return {"ok": "yes"}

    @app.get("/test/request-fails")
    def request_fails() -> None:
        container.clients.list(lmt)  # a read: its audit row must stay
        container.clients.create(lmt, ClientDetails(name="Never Saved"))  # a write and its entry
        add_clinic("never-saved")
        raise RuntimeError("the request fails after it read and wrote")

    return app


def _entry(clinic_id: int, action: str, outcome: str = "allow") -> AuditEntry:
    return AuditEntry(datetime.now(UTC), clinic_id, None, "test", action, outcome, "127.0.0.1")


def _clinic_names(container: Container) -> set[str]:
    with container.uow_factory() as uow:
        return set(uow.session.scalars(select(ClinicRow.slug)))


def _clients_named(container: Container, name: str) -> int:
    with container.uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).where(ClientRow.name == name)) or 0)


def test_a_failed_unit_of_work_undoes_only_its_own(container: Container, world: World) -> None:
    before = audit_actions(container, world.a.clinic_id)
    with TestClient(_app(container, world)) as client, counted(container) as seen:
        assert client.get("/test/one-fails").json() == {"ok": "yes"}
    assert seen["commits"] == 1
    names = _clinic_names(container)
    assert "kept-before" in names and "undone" not in names
    after = audit_actions(container, world.a.clinic_id)
    new = after[: len(after) - len(before)]
    assert sorted(new) == ["client.list", "test.denied"]  # the read and the denial, not undone


def test_a_unit_of_work_that_fails_after_a_commit_keeps_what_it_committed(
    container: Container, world: World
) -> None:
    with TestClient(_app(container, world)) as client:
        assert client.get("/test/commit-then-fail").status_code == 200
    names = _clinic_names(container)
    assert "committed-part" in names and "after-the-commit" not in names


def test_entries_a_query_wrote_survive_the_rollback_of_its_unit_of_work(
    container: Container, world: World
) -> None:
    """A query of the log writes the entries waiting so far (it must see them); they are the
    request's from then on, and a SAVEPOINT rolled back after it does not take them along."""
    with TestClient(_app(container, world)) as client:
        assert client.get("/test/query-then-fail").status_code == 200
    assert "test.read-then-queried" in audit_actions(container, world.a.clinic_id)


def test_a_failed_read_request_keeps_what_it_read_in_the_log(
    container: Container, world: World
) -> None:
    """Decided: the reads happened (the data reached the app, if not the person), so their
    audit rows stay, as they did when each read committed alone; the writes roll back, and the
    log names no change that never happened (nor a client row that is gone)."""
    before = audit_actions(container, world.a.clinic_id)
    with TestClient(_app(container, world), raise_server_exceptions=False) as client:
        assert client.get("/test/request-fails").status_code == 500
    assert "never-saved" not in _clinic_names(container)
    assert _clients_named(container, "Never Saved") == 0
    after = audit_actions(container, world.a.clinic_id)
    assert after[: len(after) - len(before)] == ["client.list"]
