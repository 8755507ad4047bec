"""Organisations: every key, assessment and audit job belongs to one; keys made before
(and their records) belong to `default`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("api_keys", "assessments", "audit_jobs")


def upgrade() -> None:
    # ADD COLUMN with a constant default: no table rebuild, so the append-only triggers on
    # `assessments` stay as they are (and never fire: no row is updated).
    for table in TABLES:
        op.add_column(
            table,
            sa.Column(
                "organisation", sa.String(length=100), server_default="default", nullable=False
            ),
        )
    op.drop_index("ix_assessments_case_ref_created_at", table_name="assessments")
    op.create_index(
        "ix_assessments_organisation_case_ref_created_at",
        "assessments",
        ["organisation", "case_ref", "created_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_assessments_organisation_case_ref_created_at", table_name="assessments")
    op.create_index("ix_assessments_case_ref_created_at", "assessments", ["case_ref", "created_at"])
    for table in reversed(TABLES):
        op.drop_column(table, "organisation")
