"""Database tables (SQLModel). Never returned from the API: see `models/api_*.py`.

Alembic migrations in `api/persistence/migrations/` build these tables; a test keeps the two in step.
"""

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

REF_LENGTH = 64
"""Longest pseudonymous reference the case model accepts."""
DEFAULT_ORGANISATION = "default"
"""The organisation of keys made before there were organisations, and of their records."""


def organisation_column() -> Any:
    """Which organisation (a local authority, or a team in one) a key or record belongs to;
    a key sees only its own organisation's records."""
    return Field(
        default=DEFAULT_ORGANISATION,
        sa_type=sa.String(100),
        sa_column_kwargs={"server_default": DEFAULT_ORGANISATION},
    )


# Named constraints, so migrations and autogenerate agree on every backend. Set before any
# table is declared: tables in other modules should import this module first.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """Everything stored is UTC: SQLite hands back naive datetimes, PostgreSQL aware ones in
    the session's time zone."""
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class ApiKey(SQLModel, table=True):
    """An API key: only the SHA-256 of the secret is kept; revoked keys stay, for the record."""

    __tablename__ = "api_keys"

    id: str = Field(primary_key=True, sa_type=sa.String(32), description="Public key id.")
    name: str = Field(sa_type=sa.String(100), unique=True)
    organisation: str = organisation_column()
    secret_hash: str = Field(sa_type=sa.String(64), description="SHA-256 (hex) of the key.")
    scopes: str = Field(sa_type=sa.String(200), description="Space-separated scopes.")
    created_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True), default_factory=utcnow)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))


class AssessmentRecord(SQLModel, table=True):
    """One assessment as it was returned, with what produced it. Append-only: the migration
    adds triggers that refuse UPDATE and DELETE on this table. The case itself is not here
    (`CaseBody`), so it can be erased without touching the record."""

    __tablename__ = "assessments"
    __table_args__ = (
        sa.Index(
            "ix_assessments_organisation_case_ref_created_at",
            "organisation",
            "case_ref",
            "created_at",
        ),
    )

    id: uuid.UUID = Field(primary_key=True, sa_type=sa.Uuid(), default_factory=uuid.uuid4)
    created_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True), default_factory=utcnow)
    client_key_id: str = Field(sa_type=sa.String(32), foreign_key="api_keys.id")
    client_name: str = Field(sa_type=sa.String(100), description="Key name at the time.")
    organisation: str = organisation_column()
    case_ref: str = Field(sa_type=sa.String(REF_LENGTH))
    as_of: dt.date = Field(sa_type=sa.Date())
    verdict: str = Field(sa_type=sa.String(32))
    verdict_reason: str = Field(sa_type=sa.Text())
    data_quality: list[dict[str, Any]] = Field(
        sa_type=sa.JSON(), sa_column_kwargs={"server_default": sa.text("'[]'")}
    )
    findings: list[dict[str, Any]] = Field(sa_type=sa.JSON())
    children: list[dict[str, Any]] = Field(
        sa_type=sa.JSON(), sa_column_kwargs={"server_default": sa.text("'[]'")}
    )
    counts: dict[str, int] = Field(sa_type=sa.JSON())
    earliest_ready_date: dt.date | None = Field(default=None, sa_type=sa.Date())
    ruleset_version: str = Field(sa_type=sa.String(100))
    ruleset_hash: str = Field(sa_type=sa.String(100))
    engine_version: str = Field(sa_type=sa.String(50))
    case_digest: str = Field(sa_type=sa.String(100))


class CaseBody(SQLModel, table=True):
    """The case as assessed, when cases are kept (DEPLAN_STORE_CASES): held apart from the
    append-only record so that it can be erased (`Erasure`) while the record stays."""

    __tablename__ = "case_bodies"

    assessment_id: uuid.UUID = Field(
        primary_key=True, sa_type=sa.Uuid(), foreign_key="assessments.id"
    )
    created_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True), index=True)
    case_data: dict[str, Any] = Field(sa_type=sa.JSON())


class Erasure(SQLModel, table=True):
    """A tombstone: an assessment's case body was removed, when, why and by whom. The
    assessment record itself stays."""

    __tablename__ = "erasures"

    assessment_id: uuid.UUID = Field(
        primary_key=True, sa_type=sa.Uuid(), foreign_key="assessments.id"
    )
    erased_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True), default_factory=utcnow)
    reason: str = Field(sa_type=sa.String(32), description="retention, request or error.")
    erased_by: str = Field(sa_type=sa.String(100), description="A key's name, or the purge.")


class IdempotencyRecord(SQLModel, table=True):
    """A POST made with an `Idempotency-Key`: what it created, and a fingerprint of the
    request (method, route, query, body), so that a retry gets the first result and a
    different request under the same key is refused."""

    __tablename__ = "idempotency_keys"

    client_key_id: str = Field(primary_key=True, sa_type=sa.String(32), foreign_key="api_keys.id")
    key: str = Field(primary_key=True, sa_type=sa.String(255))
    fingerprint: str = Field(sa_type=sa.String(64), description="SHA-256 (hex) of the request.")
    resource_id: uuid.UUID = Field(sa_type=sa.Uuid(), description="What the first request made.")
    created_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True), default_factory=utcnow)


# Tables declared in their own modules, registered on the same metadata (module import, so
# either module may be imported first).
import models.audit_tables  # noqa: E402
import models.chair_decisions  # noqa: E402
import models.chair_tables  # noqa: E402, F401
