"""What the API returns for stored assessments (never the table models themselves)."""

import datetime as dt
import uuid
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from models.assessment import Assessment, RuleSetInfo, Verdict


class ApiModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ErasureReason(StrEnum):
    RETENTION = "retention"
    """Older than the retention period (`deplan purge`)."""
    REQUEST = "request"
    """An erasure request (for example from the family, under UK GDPR article 17)."""
    ERROR = "error"
    """Sent in error (wrong family, wrong system)."""


class CaseErasurePublic(ApiModel):
    """The tombstone of an erased case body: the assessment record stays."""

    erased_at: dt.datetime
    reason: ErasureReason
    erased_by: str = Field(description="The API key's name, or `deplan purge`.")


class AssessmentRecordPublic(ApiModel):
    """A stored assessment: what came out, and who asked when."""

    id: uuid.UUID
    created_at: dt.datetime = Field(description="When the assessment was made and stored (UTC).")
    client: str = Field(description="Name of the API key that asked for it.")
    case_stored: bool = Field(
        description="Whether the case itself was kept, so the assessment can be reproduced "
        "(`GET /v1/assessments/{id}/case`); otherwise only its digest."
    )
    case_erased: CaseErasurePublic | None = Field(
        default=None, description="When the kept case was erased, why and by whom."
    )
    assessment: Assessment


class AssessmentSummary(ApiModel):
    """One entry in a case's history."""

    id: uuid.UUID
    created_at: dt.datetime
    client: str
    as_of: dt.date
    verdict: Verdict
    ruleset: RuleSetInfo
    engine_version: str
    case_digest: str


class AssessmentPage(ApiModel):
    """A page of a case's assessments, newest first."""

    items: list[AssessmentSummary]
    total: int = Field(ge=0, description="How many assessments the case has in all.")
    limit: int = Field(ge=1)
    offset: int = Field(ge=0)


class CaseErasureResult(ApiModel):
    """What an erasure request removed."""

    case_ref: str
    erased: list[uuid.UUID] = Field(description="Assessments whose case body was removed.")
    erasure: CaseErasurePublic
