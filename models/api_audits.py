"""Audit jobs as the API shows them: status, progress and counts (no case content)."""

import datetime as dt
import uuid
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class AuditStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class AuditArtifact(StrEnum):
    REPORT = "report.html"
    SUMMARY = "summary.json"
    FINDINGS = "findings.csv"
    ASSESSMENTS = "assessments.jsonl"
    REJECTED = "rejected.jsonl"


class AuditProgressPublic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    bytes_done: int
    total_bytes: int
    fraction: float = Field(ge=0, le=1)


class AuditCountsPublic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    read: int
    assessed: int
    rejected: int
    verdicts: dict[str, int] | None = Field(description="Verdict counts, once the job is done.")


class AuditJobPublic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: uuid.UUID
    status: AuditStatus
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    attempts: int = Field(description="Times the job was started (a restart resumes it).")
    progress: AuditProgressPublic
    counts: AuditCountsPublic
    ruleset_version: str | None
    ruleset_hash: str | None
    error: str | None = Field(description="Why the job failed.")
    links: dict[str, str] = Field(description="The outputs, once the job has succeeded.")
