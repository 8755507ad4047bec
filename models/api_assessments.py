"""What the API returns for stored assessments (never the table models themselves)."""

import datetime as dt
import uuid

from pydantic import BaseModel, ConfigDict, Field

from models.assessment import Assessment, RulesetInfo, Verdict


class ApiModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AssessmentRecordPublic(ApiModel):
    """A stored assessment: what came out, and who asked when."""

    id: uuid.UUID
    created_at: dt.datetime = Field(description="When the assessment was made and stored (UTC).")
    client: str = Field(description="Name of the API key that asked for it.")
    case_stored: bool = Field(
        description="Whether the case itself was kept, so the assessment can be reproduced "
        "(`GET /v1/assessments/{id}/case`); otherwise only its digest."
    )
    assessment: Assessment


class AssessmentSummary(ApiModel):
    """One entry in a case's history."""

    id: uuid.UUID
    created_at: dt.datetime
    client: str
    as_of: dt.date
    verdict: Verdict
    ruleset: RulesetInfo
    engine_version: str
    case_digest: str


class AssessmentPage(ApiModel):
    """A page of a case's assessments, newest first."""

    items: list[AssessmentSummary]
    total: int = Field(ge=0, description="How many assessments the case has in all.")
    limit: int = Field(ge=1)
    offset: int = Field(ge=0)
