"""scale indexes: the audit page's filters and the client list, per clinic and in order

Revision ID: 0019_scale_indexes
Revises: 0018_retrain
Create Date: 2026-12-01 14:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0019_scale_indexes"
down_revision: str | Sequence[str] | None = "0018_retrain"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_log_clinic_client_at", "audit_log", ["clinic_id", "client_id", "at"])
    op.create_index("ix_audit_log_clinic_outcome_at", "audit_log", ["clinic_id", "outcome", "at"])
    op.create_index(
        "ix_audit_log_clinic_action_at",
        "audit_log",
        ["clinic_id", "action", "at"],
        postgresql_ops={"action": "varchar_pattern_ops"},
    )
    op.create_index("ix_clients_clinic_name", "clients", ["clinic_id", "name_key"])


def downgrade() -> None:
    op.drop_index("ix_clients_clinic_name", table_name="clients")
    op.drop_index("ix_audit_log_clinic_action_at", table_name="audit_log")
    op.drop_index("ix_audit_log_clinic_outcome_at", table_name="audit_log")
    op.drop_index("ix_audit_log_clinic_client_at", table_name="audit_log")
