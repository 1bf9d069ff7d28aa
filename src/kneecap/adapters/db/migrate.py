"""Run Alembic migrations programmatically, and check that models and migrations agree."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from kneecap.adapters.db import models  # noqa: F401  (registers every table)
from kneecap.adapters.db.base import Base
from kneecap.adapters.db.history import settle


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("kneecap") / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema, first moving one migrated while the history
    had branches onto the line (kneecap.adapters.db.history)."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        settle(connection, lambda rev: command.upgrade(cfg, rev))
        command.upgrade(cfg, "head")


def drift(engine: Engine) -> list[Any]:
    """Differences between the models and the migrated database; empty when in step."""
    with engine.connect() as connection:
        ctx = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(ctx, Base.metadata))
