"""App and workers start in any order: migrations run under a lock (PostgreSQL: an advisory
lock; SQLite: a file lock), and `kneecap worker` on a database not yet migrated waits, says
why, and starts running jobs once it is (no traceback)."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kneecap.adapters.db.engine import make_engine
from kneecap.adapters.db.migrate import schema_status, upgrade
from tests.integration.jobs.test_dramatiq_queue import REDIS_URL, _redis_or_skip
from tests.support.databases import postgres_base_url, require_postgres


@pytest.fixture
def empty_pg() -> Iterator[str]:
    """A PostgreSQL schema of its own that nothing has migrated."""
    base = require_postgres()
    schema = f"kneecap_order_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kneecap.sqlite3'}"
    return str(request.getfixturevalue("empty_pg"))


def test_migrations_started_at_once_run_once(empty_url: str) -> None:
    """Four processes' worth of start-ups migrate the same empty database at the same moment:
    each returns, and the schema is at head once."""
    engines = [make_engine(empty_url, pooled=False) for _ in range(4)]
    start = threading.Barrier(len(engines))
    errors: list[BaseException] = []

    def migrate(n: int) -> None:
        start.wait()
        try:
            upgrade(engines[n])
        except BaseException as exc:  # kept for the assertion below
            errors.append(exc)

    threads = [
        threading.Thread(target=migrate, args=(n,), daemon=True) for n in range(len(engines))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "a migration hung"
    try:
        assert errors == []
        status = schema_status(engines[0])
        assert status.ready and status.current == (status.head,)
    finally:
        for e in engines:
            e.dispose()


def _read_until(proc: subprocess.Popen[str], needle: str, timeout: float) -> str:
    """stderr of `proc` until a line holds `needle` (or the time is up)."""
    assert proc.stderr is not None
    seen = ""
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stderr, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        while needle not in seen and time.monotonic() < deadline:
            if sel.select(timeout=0.5):
                line = proc.stderr.readline()
                if not line:
                    break
                seen += line
    return seen


@pytest.mark.postgres
def test_a_worker_started_before_the_app_waits_and_then_runs(empty_pg: str, tmp_path: Path) -> None:
    _redis_or_skip()
    env = {
        **os.environ,
        "KNEECAP_DATA_DIR": str(tmp_path),
        "KNEECAP_DATABASE_URL": empty_pg,
        "KNEECAP_BROKER_URL": REDIS_URL,
        "KNEECAP_BROKER_NAMESPACE": f"kneecap-test-{uuid.uuid4().hex[:8]}",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "kneecap.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        said = _read_until(worker, "worker waiting", 60)
        assert "the database is not migrated yet (never migrated" in said, said
        assert "kneecap db upgrade" in said
        assert worker.poll() is None  # still there, waiting
        engine = make_engine(empty_pg, pooled=False)
        upgrade(engine)  # what the app does when it starts
        engine.dispose()
        said += _read_until(worker, "worker running", 60)
        assert "worker running" in said, said
        assert "Traceback" not in said
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        _, rest = worker.communicate(timeout=30)
    assert worker.returncode == 0, rest


def test_a_worker_on_an_unreachable_database_says_so(tmp_path: Path) -> None:
    from kneecap.bootstrap import schema_wait_reason
    from kneecap.config import Settings

    url = make_url(postgres_base_url()).set(port=1).render_as_string(hide_password=False)
    reason = schema_wait_reason(Settings(data_dir=tmp_path, database_url_override=url))
    assert reason is not None and reason.startswith("cannot reach the database")
    assert "KNEECAP_DATABASE_URL" in reason
