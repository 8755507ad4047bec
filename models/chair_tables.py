"""The chair's pages: signed-in sessions, and what a chair attested to complete a case.

A session row holds only the SHA-256 of its token (the cookie), never the token itself.
An attestation is a value the chair supplied for a field the case system left unrecorded:
kept beside the case system's data (never written into it), with who and when.
"""

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.tables import organisation_column, utcnow

PATH_LENGTH = 200
"""Longest case field path an attestation names (`adults[A2].parental_history_considered`)."""


class ChairSession(SQLModel, table=True):
    """A chair signed in with a `chair` key; ended by signing out, idleness or age."""

    __tablename__ = "chair_sessions"

    token_hash: str = Field(
        primary_key=True, sa_type=sa.String(64), description="SHA-256 (hex) of the token."
    )
    key_id: str = Field(sa_type=sa.String(32), foreign_key="api_keys.id", index=True)
    organisation: str = organisation_column()
    csrf_token: str = Field(sa_type=sa.String(64), description="Every form posts it back.")
    created_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True), default_factory=utcnow)
    last_seen_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True), default_factory=utcnow)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))


class Attestation(SQLModel, table=True):
    """One field the chair supplied: the assessment it completed (`based_on_id`), the
    assessment made with it (`assessment_id`), the field's path and the value."""

    __tablename__ = "attestations"
    __table_args__ = (
        sa.Index("ix_attestations_organisation_case_ref", "organisation", "case_ref"),
    )

    id: uuid.UUID = Field(primary_key=True, sa_type=sa.Uuid(), default_factory=uuid.uuid4)
    assessment_id: uuid.UUID = Field(sa_type=sa.Uuid(), foreign_key="assessments.id", index=True)
    based_on_id: uuid.UUID = Field(sa_type=sa.Uuid(), foreign_key="assessments.id")
    organisation: str = organisation_column()
    case_ref: str = Field(sa_type=sa.String(64))
    attested_by: str = Field(sa_type=sa.String(32), foreign_key="api_keys.id")
    attested_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True), default_factory=utcnow)
    path: str = Field(sa_type=sa.String(PATH_LENGTH))
    value: Any = Field(sa_type=sa.JSON(), description="The JSON value the chair gave.")
