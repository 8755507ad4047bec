"""Assessments (append-only) and API keys.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Append-only in the database itself, not only in the API. A later migration that has to
# rebuild `assessments` (SQLite batch mode copies the table) must recreate these triggers.
SQLITE_TRIGGERS = [
    """CREATE TRIGGER assessments_no_update BEFORE UPDATE ON assessments
    BEGIN SELECT RAISE(ABORT, 'assessments are append-only'); END""",
    """CREATE TRIGGER assessments_no_delete BEFORE DELETE ON assessments
    BEGIN SELECT RAISE(ABORT, 'assessments are append-only'); END""",
]
POSTGRESQL_TRIGGERS = [
    """CREATE FUNCTION deplan_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$""",
    """CREATE TRIGGER assessments_append_only BEFORE UPDATE OR DELETE ON assessments
    FOR EACH ROW EXECUTE FUNCTION deplan_append_only()""",
    """CREATE TRIGGER assessments_no_truncate BEFORE TRUNCATE ON assessments
    FOR EACH STATEMENT EXECUTE FUNCTION deplan_append_only()""",
]


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("name", name=op.f("uq_api_keys_name")),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client_key_id", sa.String(length=32), nullable=False),
        sa.Column("client_name", sa.String(length=100), nullable=False),
        sa.Column("case_ref", sa.String(length=64), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("verdict", sa.String(length=32), nullable=False),
        sa.Column("verdict_reason", sa.Text(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("earliest_ready_date", sa.Date(), nullable=True),
        sa.Column("ruleset_version", sa.String(length=100), nullable=False),
        sa.Column("ruleset_hash", sa.String(length=100), nullable=False),
        sa.Column("engine_version", sa.String(length=50), nullable=False),
        sa.Column("case_digest", sa.String(length=100), nullable=False),
        sa.Column("case_data", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_key_id"],
            ["api_keys.id"],
            name=op.f("fk_assessments_client_key_id_api_keys"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    op.create_index("ix_assessments_case_ref_created_at", "assessments", ["case_ref", "created_at"])
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRESQL_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    op.drop_index("ix_assessments_case_ref_created_at", table_name="assessments")
    op.drop_table("assessments")  # its triggers go with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION deplan_append_only()")
    op.drop_table("api_keys")
