"""On PostgreSQL a read request's plain reads run outside a transaction (no BEGIN, no COMMIT
round trips); its closing audit INSERT commits on its own before the response; a write turns
the connection back to a transaction before it runs; the pool gets connections back as they
were (reads_outside.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, event, select, text

from kneecap.adapters.db.models.accounts import ClinicRow
from kneecap.adapters.db.reads_outside import plain_read
from kneecap.bootstrap import Container
from kneecap.web.app import create_app
from tests.factories import World
from tests.web.conftest import sign_in
from tests.web.test_one_transaction import audit_actions


def test_what_counts_as_a_plain_read() -> None:
    assert plain_read("SELECT clients.id FROM clients WHERE clients.clinic_id = %(c)s")
    assert not plain_read("SELECT jobs.id FROM jobs LIMIT 1 FOR UPDATE SKIP LOCKED")
    assert not plain_read("SELECT x FROM t FOR NO KEY UPDATE")
    assert not plain_read("SELECT pg_advisory_xact_lock(hashtextextended(%(k)s, 0))")
    assert not plain_read("INSERT INTO audit_log (at) VALUES (%(at)s)")
    assert not plain_read("SAVEPOINT sa_savepoint_1")
    assert not plain_read("WITH moved AS (DELETE FROM t RETURNING id) SELECT id FROM moved")


@contextmanager
def states(container: Container) -> Iterator[list[tuple[str, bool, str]]]:
    """Each statement's first word, and the driver's autocommit and transaction state after it."""
    seen: list[tuple[str, bool, str]] = []

    def after(conn: Connection, *a: Any) -> None:
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None
        seen.append((a[1].split()[0], dbapi.autocommit, dbapi.info.transaction_status.name))

    event.listen(container.engine, "after_cursor_execute", after)
    try:
        yield seen
    finally:
        event.remove(container.engine, "after_cursor_execute", after)


@pytest.fixture
def pg(container: Container) -> Container:
    if container.engine.dialect.name != "postgresql":
        pytest.skip("reads run outside a transaction on PostgreSQL only")
    return container


def test_the_dashboard_runs_no_transaction_and_commits_its_audit_row(
    pg: Container, world: World, app_client: TestClient
) -> None:
    sign_in(app_client, world.a.users["lmt"].email)
    app_client.get("/dashboard")
    before = audit_actions(pg, world.a.clinic_id).count("client.list")
    with states(pg) as seen:
        page = app_client.get("/dashboard")
    assert page.status_code == 200 and "Runner ALPHA1" in page.text
    assert [s[0] for s in seen][-1] == "INSERT" and len(seen) >= 3
    assert all(auto and state == "IDLE" for _, auto, state in seen)  # no BEGIN was sent
    assert audit_actions(pg, world.a.clinic_id).count("client.list") == before + 1
    with pg.engine.connect() as conn:  # back in the pool as it came out
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None and not dbapi.autocommit


def test_a_write_in_a_read_request_has_its_transaction(pg: Container) -> None:
    with pg.uow_factory.request() as request, states(pg) as seen:
        s = request.claim(pg.uow_factory.session_factory)
        assert s is not None
        s.execute(select(ClinicRow.id).limit(1))
        s.execute(text("UPDATE clinics SET name = 'changed' WHERE id = 1"))
        s.execute(select(ClinicRow.name).where(ClinicRow.id == 1))
        s.rollback()
    assert seen == [
        ("SELECT", True, "IDLE"),
        ("UPDATE", False, "INTRANS"),  # the driver began a transaction before the write
        ("SELECT", False, "INTRANS"),
    ]
    with pg.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM clinics WHERE id = 1")).scalar() != "changed"


def test_a_get_that_writes_keeps_its_savepoints(pg: Container, world: World) -> None:
    """The read request whose first unit of work writes and whose next one fails (as in
    test_one_transaction, now with its reads outside a transaction first)."""
    app = create_app(container=pg)

    @app.get("/test/read-write-fail")
    def read_write_fail() -> dict[str, str]:
        pg.clients.list(world.a.caller("lmt"))  # a plain read first: outside a transaction
        with pg.uow_factory() as uow:
            uow.clinics.add("kept", "kept")
            uow.commit()
        with pytest.raises(RuntimeError), pg.uow_factory() as uow:
            uow.clinics.add("undone", "undone")
            uow.session.flush()
            raise RuntimeError("this unit of work fails")
        return {"ok": "yes"}

    with TestClient(app) as http:
        assert http.get("/test/read-write-fail").status_code == 200
    with pg.engine.connect() as conn:
        names = set(conn.execute(text("SELECT name FROM clinics")).scalars())
    assert "kept" in names and "undone" not in names
