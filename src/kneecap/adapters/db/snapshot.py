"""A consistent copy of the whole database as one SQLite file, and loading such a file into an
empty database (SQLite or PostgreSQL).

- SQLite: the online backup API (`sqlite3.Connection.backup`), page by page while the app
  keeps running; the copy is a consistent snapshot.
- PostgreSQL: one REPEATABLE READ, read-only transaction reads every table (one snapshot for
  all of them) into a SQLite file of the same schema, at the same migration. No pg_dump is
  needed on the machine.
Loading inserts every row through the same table definitions (in foreign-key order), so the
types round-trip the way the app itself writes them, then moves PostgreSQL's id sequences
past the restored ids.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Integer, Table, func, inspect, select, text

from kneecap.adapters.db import models  # noqa: F401  (registers every table)
from kneecap.adapters.db.base import Base
from kneecap.adapters.db.engine import make_engine
from kneecap.adapters.db.migrate import alembic_config

BATCH = 1000
VERSION_TABLE = "alembic_version"
VERSION_COLUMN = "version_num VARCHAR(32) NOT NULL PRIMARY KEY"


def tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def revision(conn: Connection) -> str:
    found = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(found) != 1:
        raise ValueError(f"the database is not on one migration ({found}); run kneecap db upgrade")
    return str(found[0])


def snapshot(engine: Engine, out: Path) -> str:
    """Write the database to the SQLite file `out`; returns its migration revision."""
    out.unlink(missing_ok=True)
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            source: Any = raw.driver_connection
            with sqlite3.connect(out) as target:
                source.backup(target)
            target.close()
        finally:
            raw.close()
        with make_engine(f"sqlite:///{out}", pooled=False).connect() as conn:
            return revision(conn)
    return _postgres_snapshot(engine, out)


def _postgres_snapshot(engine: Engine, out: Path) -> str:
    target = make_engine(f"sqlite:///{out}", pooled=False)
    try:
        Base.metadata.create_all(target)
        with (
            engine.connect().execution_options(isolation_level="REPEATABLE READ") as source,
            target.begin() as dest,
        ):
            source.execute(text("SET TRANSACTION READ ONLY"))
            rev = revision(source)
            for table in tables():
                for batch in _batches(source, table):
                    dest.execute(table.insert(), batch)
            dest.execute(
                text(f"CREATE TABLE {VERSION_TABLE} (version_num VARCHAR(32) PRIMARY KEY)")
            )
            dest.execute(text(f"INSERT INTO {VERSION_TABLE} VALUES (:r)"), {"r": rev})
            source.rollback()
        return rev
    finally:
        target.dispose()


def _batches(conn: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = conn.execute(select(table).order_by(*order)).mappings()
    while rows := result.fetchmany(BATCH):
        yield [dict(r) for r in rows]


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table (tables the database does not have yet count as empty)."""
    present = set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        return {
            t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0)
            if t.name in present
            else 0
            for t in tables()
        }


def is_empty(engine: Engine) -> bool:
    return not any(row_counts(engine).values())


def table_digests(engine: Engine) -> dict[str, str]:
    """A digest of every table's rows in id order, for comparing two databases."""
    digests = {}
    with engine.connect() as conn:
        for table in tables():
            h = hashlib.sha256()
            for batch in _batches(conn, table):
                for row in batch:
                    h.update(repr(sorted(row.items())).encode())
            digests[table.name] = h.hexdigest()
    return digests


def load(snapshot_file: Path, engine: Engine, *, replace: bool = False) -> dict[str, int]:
    """Insert every row of `snapshot_file` into `engine`'s database, which must be empty
    (or is emptied first when `replace`), migrated to the snapshot's revision; returns the
    rows per table."""
    from alembic import command

    source = make_engine(f"sqlite:///{snapshot_file}", pooled=False)
    try:
        with source.connect() as src:
            rev = revision(src)
        cfg = alembic_config(engine.url.render_as_string(hide_password=False))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, rev)
        counts: dict[str, int] = {}
        with source.connect() as src, engine.begin() as dest:
            if replace:
                for table in reversed(tables()):
                    dest.execute(table.delete())
            for table in tables():
                counts[table.name] = 0
                for batch in _batches(src, table):
                    dest.execute(table.insert(), batch)
                    counts[table.name] += len(batch)
            if engine.dialect.name == "postgresql":
                _advance_sequences(dest)
        return counts
    finally:
        source.dispose()


def _advance_sequences(conn: Connection) -> None:
    """Rows came with their ids: move each id sequence past the largest one."""
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        t, c = table.name, keys[0].name
        seq = conn.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": t, "c": c})
        if seq:
            top = conn.scalar(text(f'SELECT MAX("{c}") FROM "{t}"'))
            conn.execute(
                text("SELECT setval(:s, :v, :called)"),
                {"s": seq, "v": top or 1, "called": top is not None},
            )
