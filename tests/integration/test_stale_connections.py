"""Pooled PostgreSQL connections the server has closed (a restart, a terminated backend) are
replaced at checkout without a round trip: the next request is answered, not failed, and a
live connection costs no statement of its own to check (liveness.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, event, text

from kneecap.adapters.db.engine import make_engine
from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.bootstrap import Container, build
from kneecap.config import Settings
from kneecap.web.app import create_app
from tests.factories import make_world
from tests.support.databases import one_database, postgres_base_url
from tests.web.conftest import sign_in

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return one_database(request, tmp_path, "postgresql")


def _backends(conn_pids: set[int]) -> None:
    """Ends these server processes as a restart would, and waits until each has gone."""
    admin = create_engine(postgres_base_url())
    with admin.connect() as conn:
        for pid in conn_pids:
            conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            left = conn.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(:p)"),
                {"p": list(conn_pids)},
            ).scalar_one()
            if not left:
                break
            time.sleep(0.05)
    admin.dispose()
    time.sleep(0.1)  # the FATAL message and the close reach the client's socket


def _pids(engine: Engine, n: int) -> set[int]:
    """Checks out `n` connections at once (so the pool holds n) and returns their backends."""
    conns = [engine.connect() for _ in range(n)]
    pids = {c.execute(text("SELECT pg_backend_pid()")).scalar_one() for c in conns}
    for c in conns:
        c.close()
    return pids


@pytest.fixture
def engine(pg_url: str) -> Iterator[Engine]:
    e = make_engine(pg_url)
    yield e
    e.dispose()


def test_a_connection_the_server_ended_is_replaced_at_checkout(engine: Engine) -> None:
    (pid,) = _pids(engine, 1)
    _backends({pid})
    with engine.connect() as conn:
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid


def test_a_live_connection_is_checked_without_a_statement(engine: Engine) -> None:
    (pid,) = _pids(engine, 1)
    ran: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: ran.append(a[2]))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one() == pid  # reused
    assert ran == ["SELECT pg_backend_pid()"]


def test_pages_are_answered_after_every_pooled_connection_was_ended(
    pg_url: str, tmp_path: Path
) -> None:
    c: Container = build(
        Settings(data_dir=tmp_path / "data", database_url_override=pg_url),
        hasher=Argon2Hasher(fast=True),
        migrate=False,
    )
    try:
        make_world(c)
        with TestClient(create_app(container=c), follow_redirects=False) as http:
            sign_in(http, "lmt@alpha.test")
            assert http.get("/dashboard").status_code == 200
            _backends(_pids(c.engine, 3))
            for _ in range(5):  # each checkout meets a dead connection first
                answered = http.get("/dashboard")
                assert answered.status_code == 200
                assert "Alpha Clinic" in answered.text
    finally:
        c.close()
