"""The chair's decision on an assessment, stored append-only (tables `chair_decisions`,
`chair_decision_children`, `chair_overrides`; the migration refuses UPDATE and DELETE).

A decision is one row per time the chair records it: per child, de-plan or continue, and for
each finding the chair overrules, the chair's position and a justification. A correction is a
new decision on the same assessment with the next `revision`; the highest revision is the
decision in force. The engine's outcome at the time is kept beside the chair's: an override
never changes the assessment. The justification is case content, so it is kept apart
(`chair_justifications`, which refuses UPDATE but not DELETE) and erased with the case body
(`api.persistence.retention`), while the override itself stays.
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.tables import REF_LENGTH, utcnow

RULE_ID_LENGTH = 100
JUSTIFICATION_LENGTH = 2000
"""Longest justification kept (characters)."""


class ChairDecision(SQLModel, table=True):
    __tablename__ = "chair_decisions"
    __table_args__ = (sa.UniqueConstraint("assessment_id", "revision"),)

    id: uuid.UUID = Field(primary_key=True, sa_type=sa.Uuid(), default_factory=uuid.uuid4)
    created_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True), default_factory=utcnow)
    assessment_id: uuid.UUID = Field(sa_type=sa.Uuid(), foreign_key="assessments.id")
    revision: int = Field(description="1 for the first decision; each correction adds one.")
    key_id: str = Field(sa_type=sa.String(32), foreign_key="api_keys.id")
    key_name: str = Field(sa_type=sa.String(100), description="Key name at the time.")
    family_verdict: str = Field(sa_type=sa.String(32), description="The engine's, at the time.")


class ChairChildDecision(SQLModel, table=True):
    __tablename__ = "chair_decision_children"

    decision_id: uuid.UUID = Field(
        primary_key=True, sa_type=sa.Uuid(), foreign_key="chair_decisions.id"
    )
    child_ref: str = Field(primary_key=True, sa_type=sa.String(REF_LENGTH))
    engine_verdict: str = Field(sa_type=sa.String(32), description="The engine's, at the time.")
    decision: str = Field(sa_type=sa.String(16), description="deplan or continue.")


class ChairOverride(SQLModel, table=True):
    """A finding the chair overruled for a child (with a justification, `ChairJustification`,
    until the case is erased)."""

    __tablename__ = "chair_overrides"

    decision_id: uuid.UUID = Field(
        primary_key=True, sa_type=sa.Uuid(), foreign_key="chair_decisions.id"
    )
    child_ref: str = Field(primary_key=True, sa_type=sa.String(REF_LENGTH))
    rule_id: str = Field(primary_key=True, sa_type=sa.String(RULE_ID_LENGTH))
    engine_outcome: str = Field(sa_type=sa.String(32), description="The engine's, at the time.")
    chair_position: str = Field(sa_type=sa.String(32), description="The outcome the chair holds.")


class ChairJustification(SQLModel, table=True):
    """Why the chair overruled a finding: case content, shown to the organisation's chairs and
    printed on the record, never logged; erased with the case body."""

    __tablename__ = "chair_justifications"

    decision_id: uuid.UUID = Field(
        primary_key=True, sa_type=sa.Uuid(), foreign_key="chair_decisions.id"
    )
    child_ref: str = Field(primary_key=True, sa_type=sa.String(REF_LENGTH))
    rule_id: str = Field(primary_key=True, sa_type=sa.String(RULE_ID_LENGTH))
    justification: str = Field(sa_type=sa.Text())
