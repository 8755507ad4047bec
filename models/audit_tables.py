"""The `audit_jobs` table: a batch re-audit submitted over HTTP, and how far it has got.

The job's files (the uploaded JSON Lines and the outputs) live under the data directory;
the row holds only counts, status and our own messages: no case content.
"""

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.tables import organisation_column, utcnow


class AuditJob(SQLModel, table=True):
    __tablename__ = "audit_jobs"
    __table_args__ = (sa.Index("ix_audit_jobs_status_heartbeat_at", "status", "heartbeat_at"),)

    id: uuid.UUID = Field(primary_key=True, sa_type=sa.Uuid(), default_factory=uuid.uuid4)
    created_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True), default_factory=utcnow)
    client_key_id: str = Field(sa_type=sa.String(32), foreign_key="api_keys.id")
    client_name: str = Field(sa_type=sa.String(100), description="Key name at the time.")
    organisation: str = organisation_column()
    status: str = Field(sa_type=sa.String(16), description="queued, running, succeeded, failed")
    attempts: int = Field(default=0, description="Times a runner has started the job.")
    runner_id: str | None = Field(default=None, sa_type=sa.String(32))
    heartbeat_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    started_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    finished_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    input_bytes: int = Field(sa_type=sa.BigInteger())
    bytes_done: int = Field(default=0, sa_type=sa.BigInteger())
    records_read: int = Field(default=0, sa_type=sa.BigInteger())
    assessed: int = Field(default=0, sa_type=sa.BigInteger())
    rejected: int = Field(default=0, sa_type=sa.BigInteger())
    verdicts: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON())
    ruleset_version: str | None = Field(default=None, sa_type=sa.String(100))
    ruleset_hash: str | None = Field(default=None, sa_type=sa.String(100))
    expired_at: dt.datetime | None = Field(
        default=None,
        sa_type=sa.DateTime(timezone=True),
        description="When its input and outputs were removed (retention).",
    )
    error: str | None = Field(
        default=None, sa_type=sa.Text(), description="Why the job failed (our own message)."
    )
