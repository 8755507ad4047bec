"""The chair's decisions and overrides, append-only like the assessments; the overrides'
justifications apart (case content: they refuse UPDATE, and are deleted with the case body).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("chair_decisions", "chair_decision_children", "chair_overrides")


def _append_only(table: str, dialect: str) -> list[str]:
    """Triggers refusing UPDATE and DELETE (and TRUNCATE on PostgreSQL), as revision 0001
    made for `assessments`; PostgreSQL reuses its `deplan_append_only()` function."""
    if dialect == "sqlite":
        return [
            f"""CREATE TRIGGER {table}_no_{action} BEFORE {action.upper()} ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END"""
            for action in ("update", "delete")
        ]
    return [
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION deplan_append_only()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION deplan_append_only()""",
    ]


def _no_update(table: str, dialect: str) -> str:
    if dialect == "sqlite":
        return f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END"""
    return f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
    FOR EACH ROW EXECUTE FUNCTION deplan_append_only()"""


def upgrade() -> None:
    op.create_table(
        "chair_decisions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("key_name", sa.String(length=100), nullable=False),
        sa.Column("family_verdict", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_chair_decisions_assessment_id_assessments"),
        ),
        sa.ForeignKeyConstraint(
            ["key_id"], ["api_keys.id"], name=op.f("fk_chair_decisions_key_id_api_keys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chair_decisions")),
        sa.UniqueConstraint(
            "assessment_id", "revision", name=op.f("uq_chair_decisions_assessment_id_revision")
        ),
    )
    op.create_table(
        "chair_decision_children",
        sa.Column("decision_id", sa.Uuid(), nullable=False),
        sa.Column("child_ref", sa.String(length=64), nullable=False),
        sa.Column("engine_verdict", sa.String(length=32), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["chair_decisions.id"],
            name=op.f("fk_chair_decision_children_decision_id_chair_decisions"),
        ),
        sa.PrimaryKeyConstraint(
            "decision_id", "child_ref", name=op.f("pk_chair_decision_children")
        ),
    )
    op.create_table(
        "chair_overrides",
        sa.Column("decision_id", sa.Uuid(), nullable=False),
        sa.Column("child_ref", sa.String(length=64), nullable=False),
        sa.Column("rule_id", sa.String(length=100), nullable=False),
        sa.Column("engine_outcome", sa.String(length=32), nullable=False),
        sa.Column("chair_position", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["chair_decisions.id"],
            name=op.f("fk_chair_overrides_decision_id_chair_decisions"),
        ),
        sa.PrimaryKeyConstraint(
            "decision_id", "child_ref", "rule_id", name=op.f("pk_chair_overrides")
        ),
    )
    op.create_table(
        "chair_justifications",
        sa.Column("decision_id", sa.Uuid(), nullable=False),
        sa.Column("child_ref", sa.String(length=64), nullable=False),
        sa.Column("rule_id", sa.String(length=100), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["chair_decisions.id"],
            name=op.f("fk_chair_justifications_decision_id_chair_decisions"),
        ),
        sa.PrimaryKeyConstraint(
            "decision_id", "child_ref", "rule_id", name=op.f("pk_chair_justifications")
        ),
    )
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        for statement in _append_only(table, dialect):
            op.execute(statement)
    op.execute(_no_update("chair_justifications", dialect))


def downgrade() -> None:
    op.drop_table("chair_justifications")
    for table in reversed(TABLES):
        op.drop_table(table)  # its triggers go with it
