"""All tables, imported together so `Base.metadata` is complete (Alembic, drift check)."""

from kneecap.adapters.db.models import (
    accounts,
    audit,
    care,
    clients,
    clinical,
    gait,
    jobs,
    load,
    messages,
    retraining,
    schedule,
    texts,
)

__all__ = [
    "accounts",
    "audit",
    "care",
    "clients",
    "clinical",
    "gait",
    "jobs",
    "load",
    "messages",
    "retraining",
    "schedule",
    "texts",
]
