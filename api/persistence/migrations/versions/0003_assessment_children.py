"""Assessments per child: each child's verdict and the data-quality findings.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Records made before per-child assessments keep their findings; they have no children or
    # data-quality findings to show. Plain ADD/DROP COLUMN (no batch copy), so SQLite keeps the
    # append-only triggers of revision 0001.
    for name in ("data_quality", "children"):
        op.add_column(
            "assessments",
            sa.Column(name, sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
        )


def downgrade() -> None:
    for name in ("children", "data_quality"):
        op.execute(f"ALTER TABLE assessments DROP COLUMN {name}")
