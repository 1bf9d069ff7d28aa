"""Test databases: a fresh SQLite file per test (copied from one migrated template), and a
PostgreSQL schema per pytest-xdist worker, emptied before each test. Not a savepoint rollback
on one connection: the tests commit through several engines and threads (the container under
test, the CLI's own, the job queue's worker thread, the live server), which one held
connection cannot serve (README: Tests).

PostgreSQL comes from KNEECAP_TEST_POSTGRES_URL (default: the local server's `test`
database). When it cannot be reached the PostgreSQL cases are skipped with the reason —
except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import functools
import os
import shutil
import uuid
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from kneecap.adapters.db.base import Base
from kneecap.adapters.db.engine import make_engine
from kneecap.adapters.db.migrate import alembic_config, upgrade

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_base_url() -> str:
    return os.environ.get("KNEECAP_TEST_POSTGRES_URL", DEFAULT_PG)


def require_postgres() -> str:
    url = postgres_base_url()
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:
        message = f"PostgreSQL not reachable at {make_url(url).render_as_string()}: {exc}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI requires it)")
        pytest.skip(message)
    return url


def postgres_schema_url(worker: str) -> tuple[str, str]:
    """A schema of our own inside the test database, migrated once per worker. The name is
    unique per run, so two checkouts testing against one server never share tables."""
    base = require_postgres()
    schema = f"kneecap_test_{worker}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    engine = make_engine(rendered)
    upgrade(engine)
    engine.dispose()
    return rendered, schema


def drop_schema(schema: str) -> None:
    admin = create_engine(postgres_base_url())
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def empty_postgres(url: str) -> None:
    """Delete every row and restart the id sequences, as a fresh schema would number them.

    A test leaves a few rows; deleting them costs a fraction of TRUNCATE, which makes new files
    for each of the ~30 tables (bench/db_isolation.py measures both)."""
    deletes = "; ".join(f'DELETE FROM "{t.name}"' for t in reversed(Base.metadata.sorted_tables))
    with _held(url).begin() as conn:
        conn.exec_driver_sql(deletes)
        conn.exec_driver_sql(RESTART_SEQUENCES)


@functools.cache
def _held(url: str) -> Engine:
    """One engine per worker's schema for the whole run: connecting anew each test would cost
    more than the DELETEs."""
    return create_engine(url)


RESTART_SEQUENCES = (
    "SELECT setval(c.oid, 1, false) FROM pg_class c"
    " WHERE c.relkind = 'S' AND c.relnamespace = current_schema()::regnamespace"
)


def sqlite_template(directory: Path) -> Path:
    path = directory / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def fresh_sqlite(template: Path, directory: Path) -> str:
    target = directory / "kneecap.sqlite3"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def at_head(engine: Engine) -> bool:
    """The database's recorded revisions are exactly the migration history's heads."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    heads = set(ScriptDirectory.from_config(cfg).get_heads())
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current == heads


# Fixture parameters: the fakes beside both databases (a fakes-match-SQL test), or the two.
FAKE_AND_DATABASES = ["fake", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def one_database(request: pytest.FixtureRequest, tmp_path: Path, kind: str) -> str:
    """The URL of a fresh database of this kind ("sqlite" or "postgresql") for one test."""
    if kind == "sqlite":
        return fresh_sqlite(request.getfixturevalue("_sqlite_template"), tmp_path)
    url: str = request.getfixturevalue("_postgres_url")
    empty_postgres(url)
    return url
