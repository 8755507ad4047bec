"""What the engine says about a case: a finding per rule in force, and the verdict."""

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"
    INSUFFICIENT_INFORMATION = "insufficient_information"


class Severity(StrEnum):
    BLOCKING = "blocking"
    ADVISORY = "advisory"


class Verdict(StrEnum):
    READY = "ready"
    NOT_READY = "not_ready"
    INSUFFICIENT_INFORMATION = "insufficient_information"


class OutputModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(OutputModel):
    document: str
    section: str
    quote: str


class RecordRef(OutputModel):
    """A record of the case that a finding concerns, e.g. the adult lacking a police check."""

    collection: str = Field(description="The case collection: adults, risks, interventions, ...")
    ref: str
    detail: str = Field(description="What the rule saw on this record, in plain words.")


class Finding(OutputModel):
    rule_id: str
    title: str
    outcome: Outcome
    severity: Severity
    reason: str
    next_step: str | None = Field(description="What would change the outcome; none when met.")
    records: list[RecordRef] = Field(description="The records the outcome rests on.")
    missing: list[str] = Field(description="Case fields the rule needed but were not recorded.")
    earliest_met_date: date | None = Field(
        default=None, description="For a time-based rule not yet met: the first date it could be."
    )
    citation: Citation


class OutcomeCounts(OutputModel):
    met: int
    not_met: int
    not_applicable: int
    insufficient_information: int


class RulesetInfo(OutputModel):
    version: str
    content_hash: str


class Assessment(OutputModel):
    case_ref: str
    as_of: date
    verdict: Verdict
    verdict_reason: str
    findings: list[Finding]
    counts: OutcomeCounts
    earliest_ready_date: date | None = Field(
        description="The earliest date on which every time-based rule could be met; none when "
        "they are all met already or none applies."
    )
    ruleset: RulesetInfo
    engine_version: str
    case_digest: str = Field(description="SHA-256 of the case's canonical JSON.")
