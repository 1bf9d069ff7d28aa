"""All tables, imported together so `Base.metadata` is complete (Alembic, drift check)."""

from kneecap.adapters.db.models import accounts, audit, clients, gait, jobs

__all__ = ["accounts", "audit", "clients", "gait", "jobs"]
