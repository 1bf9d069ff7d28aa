"""Test databases: a fresh SQLite file per test (copied from one migrated template), and a
PostgreSQL schema per pytest-xdist worker, emptied between tests.

PostgreSQL comes from KNEECAP_TEST_POSTGRES_URL (default: the local server's `test`
database). When it cannot be reached the PostgreSQL cases are skipped with the reason —
except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

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
    engine = create_engine(url)
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


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
