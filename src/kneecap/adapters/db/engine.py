"""Engine and session factory for SQLite (embedded default) or PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from kneecap.adapters.db.liveness import check_at_checkout


def make_engine(url: str, pooled: bool = True) -> Engine:
    """`pooled=False` for short-lived commands: each connection closes when released."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            **({} if pooled else {"poolclass": NullPool}),
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            # WAL lets readers run while one writer writes; foreign keys are off by default.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if not pooled:
        return create_engine(url, poolclass=NullPool)
    # No pre-ping: its round trip on every checkout was one in nine of the dashboard's; a
    # connection the server has closed (a restart) is found by its socket instead, at no cost
    # (liveness.py). `pool_recycle` replaces connections before idle timeouts (server or
    # proxy) close them.
    engine = create_engine(url, pool_size=10, max_overflow=20, pool_recycle=1800)
    check_at_checkout(engine)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
