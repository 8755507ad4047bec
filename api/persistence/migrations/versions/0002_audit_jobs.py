"""Audit jobs: batch re-audits submitted over HTTP.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client_key_id", sa.String(length=32), nullable=False),
        sa.Column("client_name", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("runner_id", sa.String(length=32), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("input_bytes", sa.BigInteger(), nullable=False),
        sa.Column("bytes_done", sa.BigInteger(), nullable=False),
        sa.Column("records_read", sa.BigInteger(), nullable=False),
        sa.Column("assessed", sa.BigInteger(), nullable=False),
        sa.Column("rejected", sa.BigInteger(), nullable=False),
        sa.Column("verdicts", sa.JSON(), nullable=True),
        sa.Column("ruleset_version", sa.String(length=100), nullable=True),
        sa.Column("ruleset_hash", sa.String(length=100), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_key_id"],
            ["api_keys.id"],
            name=op.f("fk_audit_jobs_client_key_id_api_keys"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_jobs")),
    )
    op.create_index("ix_audit_jobs_status_heartbeat_at", "audit_jobs", ["status", "heartbeat_at"])


def downgrade() -> None:
    op.drop_index("ix_audit_jobs_status_heartbeat_at", table_name="audit_jobs")
    op.drop_table("audit_jobs")
