"""All tables, imported together so `Base.metadata` is complete (Alembic, drift check)."""

from kneecap.adapters.db.models import accounts, audit, clients, jobs, load

__all__ = ["accounts", "audit", "clients", "jobs", "load"]
