"""Run Alembic migrations programmatically, and check that models and migrations agree."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, text

from kneecap.adapters.db import models  # noqa: F401  (registers every table)
from kneecap.adapters.db.base import Base
from kneecap.adapters.db.history import is_branched, settle, versions


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("kneecap") / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


# Any number of app and worker processes, on any machines, may start at once: one migrates,
# the others wait for it and then find nothing left to do. PostgreSQL: an advisory lock held
# by the migrating transaction (released at its commit or when its connection dies); its key
# is an arbitrary constant ("kneecap" in ASCII) that no other lock of this app uses.
PG_MIGRATION_LOCK = 0x6B6E65656361700


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """SQLite (one machine): an exclusive lock on a file beside the database."""
    path = engine.url.database
    if not path or path == ":memory:":
        yield
        return
    with Path(f"{path}.migrate-lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
        yield


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema under the migration lock, first moving one
    migrated while the history had branches onto the line (kneecap.adapters.db.history)."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    is_pg = engine.dialect.name == "postgresql"
    lock = _nothing() if is_pg else _sqlite_file_lock(engine)
    with lock, engine.begin() as connection:
        if is_pg:
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
        cfg.attributes["connection"] = connection
        settle(connection, lambda rev: command.upgrade(cfg, rev))
        command.upgrade(cfg, "head")


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@dataclass(frozen=True)
class SchemaStatus:
    """Where the database's schema stands against this code's migrations."""

    current: tuple[str, ...]  # the database's revisions (none: never migrated)
    head: str  # this code's newest revision
    newer: bool  # the database has a revision this code does not know (it is newer)

    @property
    def ready(self) -> bool:
        return self.current == (self.head,)


def schema_status(engine: Engine) -> SchemaStatus:
    """Read the database's migration state without changing anything (or taking the lock)."""
    script = ScriptDirectory.from_config(alembic_config(""))
    (head,) = script.get_heads()
    with engine.connect() as connection:
        current = tuple(sorted(versions(connection)))
    # A database from the branched history is behind (its next upgrade settles it), not newer.
    newer = not is_branched(list(current)) and not all(_has_revision(script, r) for r in current)
    return SchemaStatus(current, head, newer)


def _has_revision(script: ScriptDirectory, rev: str) -> bool:
    try:
        return script.get_revision(rev) is not None
    except CommandError:  # an id this code does not have
        return False


def drift(engine: Engine) -> list[Any]:
    """Differences between the models and the migrated database; empty when in step."""
    with engine.connect() as connection:
        ctx = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(ctx, Base.metadata))
