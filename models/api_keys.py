"""API keys as the CLI and the API show them: never the secret, never its hash."""

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Scope(StrEnum):
    ASSESS = "assess"
    """Submit cases for assessment (stored) or evaluation (not stored)."""
    READ = "read"
    """Fetch stored assessments and a case's history."""
    AUDIT = "audit"
    """Run batch re-audits."""
    ADMIN = "admin"
    """Administrative operations."""


class ApiKeyPublic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    scopes: list[Scope]
    created_at: dt.datetime
    revoked_at: dt.datetime | None
