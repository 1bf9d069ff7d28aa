"""Alembic environment. The URL comes from the caller (kneecap.adapters.db.migrate),
which takes it from Settings; there is no alembic.ini to keep in step."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from kneecap.adapters.db import models  # noqa: F401  (registers every table)
from kneecap.adapters.db.base import Base

config = context.config
# kneecap.adapters.db.migrate always sets it.
url: str = config.get_main_option("sqlalchemy.url") or ""


def run() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        engine = create_engine(url, poolclass=pool.NullPool)
        with engine.connect() as connection:
            _migrate(connection)
        engine.dispose()
    else:
        _migrate(connectable)


def _migrate(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite can only ALTER through table copies
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
