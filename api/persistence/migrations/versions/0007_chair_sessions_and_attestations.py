"""The chair's pages: signed-in sessions (only a hash of each token) and the chair's
attestations (values supplied for fields the case system left unrecorded).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chair_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("organisation", sa.String(length=100), server_default="default", nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["key_id"], ["api_keys.id"], name=op.f("fk_chair_sessions_key_id_api_keys")
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_chair_sessions")),
    )
    op.create_index(op.f("ix_chair_sessions_key_id"), "chair_sessions", ["key_id"])
    op.create_table(
        "attestations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("based_on_id", sa.Uuid(), nullable=False),
        sa.Column("organisation", sa.String(length=100), server_default="default", nullable=False),
        sa.Column("case_ref", sa.String(length=64), nullable=False),
        sa.Column("attested_by", sa.String(length=32), nullable=False),
        sa.Column("attested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_attestations_assessment_id_assessments"),
        ),
        sa.ForeignKeyConstraint(
            ["based_on_id"],
            ["assessments.id"],
            name=op.f("fk_attestations_based_on_id_assessments"),
        ),
        sa.ForeignKeyConstraint(
            ["attested_by"], ["api_keys.id"], name=op.f("fk_attestations_attested_by_api_keys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attestations")),
    )
    op.create_index(op.f("ix_attestations_assessment_id"), "attestations", ["assessment_id"])
    op.create_index(
        "ix_attestations_organisation_case_ref", "attestations", ["organisation", "case_ref"]
    )


def downgrade() -> None:
    op.drop_index("ix_attestations_organisation_case_ref", table_name="attestations")
    op.drop_index(op.f("ix_attestations_assessment_id"), table_name="attestations")
    op.drop_table("attestations")
    op.drop_index(op.f("ix_chair_sessions_key_id"), table_name="chair_sessions")
    op.drop_table("chair_sessions")
