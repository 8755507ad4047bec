"""API keys as the CLI and the API show them: never the secret, never its hash."""

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Scope(StrEnum):
    ASSESS = "assess"
    """Submit cases for assessment (stored) or evaluation (not stored)."""
    READ = "read"
    """Fetch stored assessments and a case's history."""
    AUDIT = "audit"
    """Run batch re-audits."""
    ADMIN = "admin"
    """Manage the organisation's keys; erase a stored case."""
    CHAIR = "chair"
    """Sign in to the conference chair's pages: see, load and complete the organisation's
    cases, record decisions."""


class ApiKeyPublic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    organisation: str
    scopes: list[Scope]
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class ApiKeyCreate(BaseModel):
    """A new key for the caller's own organisation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$",
        description="Who uses the key: a system, not a person.",
    )
    scopes: list[Scope] = Field(min_length=1, max_length=len(Scope))


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="The key itself: shown this once, never again.")
