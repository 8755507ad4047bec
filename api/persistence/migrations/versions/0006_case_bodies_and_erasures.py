"""Case bodies held apart from the append-only record, so they can be erased; tombstones
for what was erased; audit jobs record when their files expired.

The stored cases move from `assessments.case_data` to `case_bodies`. Downgrading moves
them back only as far as the append-only triggers allow: it refuses if any case is kept.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_bodies",
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("case_data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_case_bodies_assessment_id_assessments"),
        ),
        sa.PrimaryKeyConstraint("assessment_id", name=op.f("pk_case_bodies")),
    )
    op.create_index(op.f("ix_case_bodies_created_at"), "case_bodies", ["created_at"])
    op.create_table(
        "erasures",
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("erased_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_erasures_assessment_id_assessments"),
        ),
        sa.PrimaryKeyConstraint("assessment_id", name=op.f("pk_erasures")),
    )
    op.execute(
        "INSERT INTO case_bodies (assessment_id, created_at, case_data) "
        "SELECT id, created_at, case_data FROM assessments WHERE case_data IS NOT NULL"
    )
    # DROP COLUMN changes no row: the append-only triggers do not fire (and SQLite >= 3.35
    # drops it in place, keeping them).
    op.drop_column("assessments", "case_data")
    op.add_column("audit_jobs", sa.Column("expired_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    kept = op.get_bind().execute(sa.text("SELECT count(*) FROM case_bodies")).scalar()
    if kept:
        raise RuntimeError(
            "cases are kept in case_bodies; the append-only assessments table cannot take "
            "them back: downgrade refused"
        )
    op.drop_column("audit_jobs", "expired_at")
    op.add_column("assessments", sa.Column("case_data", sa.JSON(), nullable=True))
    op.drop_table("erasures")
    op.drop_index(op.f("ix_case_bodies_created_at"), table_name="case_bodies")
    op.drop_table("case_bodies")
