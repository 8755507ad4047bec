"""Public description of the rules and parameters in force, for the CLI and the API."""

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from models.assessment import Citation, Severity


class RulePublic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    severity: Severity
    description: str
    local_policy: str | None = Field(
        description="What in the rule is local policy rather than the paper's words."
    )
    effective_from: dt.date
    effective_to: dt.date | None
    time_based: bool = Field(
        description="Whether the rule waits on time passing (months of change)."
    )
    applies_when: dict[str, Any] | None = Field(
        description="The applicability condition, as written."
    )
    requires: dict[str, Any] = Field(description="The requirement, as written.")
    citation: Citation
    source: str = Field(description="The rule file, relative to its catalogue or overlay.")


class RuleSetPublic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    content_hash: str
    on: dt.date
    rules_in_force: list[str]
    parameters: dict[str, Any]
