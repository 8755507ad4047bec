"""An SSD import over HTTP as the API shows it: the audit job it queued and the import
report (counts and places, never a value from the extract)."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from models.api_audits import AuditJobPublic


class SsdImportPublic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    audit: AuditJobPublic = Field(description="The re-audit of the imported cases, queued.")
    report: dict[str, Any] = Field(
        description="The import report: families and decisions found, cases written, rows "
        "not used (file, line, column, why) and the case inputs the extract supplied."
    )
