"""scale2: red flags kept with their intake, the clinic's signed plans by index, and the audit
log's unused index on action alone dropped

Revision ID: 0021_scale2
Revises: 0020_outbox_jobs
Create Date: 2026-12-01 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_scale2"
down_revision: str | Sequence[str] | None = "0020_outbox_jobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NULL on the intakes already stored: the red-flag panel evaluates those as before
    with op.batch_alter_table("clinical_intakes") as batch:
        batch.add_column(sa.Column("red_flag", sa.Boolean(), nullable=True))
    op.create_index(
        "ix_clinical_intakes_clinic_red_flag", "clinical_intakes", ["clinic_id", "red_flag"]
    )
    op.create_index(
        "ix_care_plans_clinic_status_client", "care_plans", ["clinic_id", "status", "client_id"]
    )
    op.drop_index("ix_audit_log_action", table_name="audit_log")


def downgrade() -> None:
    op.create_index("ix_audit_log_action", "audit_log", ["action"])
    op.drop_index("ix_care_plans_clinic_status_client", table_name="care_plans")
    op.drop_index("ix_clinical_intakes_clinic_red_flag", table_name="clinical_intakes")
    with op.batch_alter_table("clinical_intakes") as batch:
        batch.drop_column("red_flag")
