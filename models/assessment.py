"""What the engine says about a case: a finding per rule in force, and the verdict."""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"
    INSUFFICIENT_INFORMATION = "insufficient_information"


class Severity(StrEnum):
    """`blocking`: not met means not ready; `advisory`: to weigh; `scope`: not met means the
    case lies outside what the rules were drawn from, and the verdict says so."""

    BLOCKING = "blocking"
    ADVISORY = "advisory"
    SCOPE = "scope"


class Verdict(StrEnum):
    READY = "ready"
    NOT_READY = "not_ready"
    INSUFFICIENT_INFORMATION = "insufficient_information"
    OUT_OF_SCOPE = "out_of_scope"


class OutputModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(OutputModel):
    document: str
    section: str
    quote: str


# Findings and record references are made by the hundred per case: plain slotted dataclasses,
# built without validation and serialised by Pydantic's serialiser as if they were models (same
# JSON, same OpenAPI schema). Only the engine makes them; reading one back from JSON validates it.
# A finding is not frozen (a frozen dataclass takes three times as long to make) but is never
# changed once made: children with the same finding share its lists.
_LIGHT = ConfigDict(extra="forbid")


@dataclass(frozen=True, slots=True)
class RecordRef:
    """A record of the case that a finding concerns, e.g. the adult lacking a police check."""

    __pydantic_config__ = _LIGHT

    collection: Annotated[
        str, Field(description="The case collection: adults, risks, interventions, ...")
    ]
    ref: str
    detail: Annotated[str, Field(description="What the rule saw on this record, in plain words.")]


@dataclass(slots=True, kw_only=True)
class Finding:
    """What one rule found of a case: its outcome, why, and the records it rests on."""

    __pydantic_config__ = _LIGHT

    rule_id: str
    title: str
    outcome: Outcome
    severity: Severity
    reason: str
    next_step: Annotated[
        str | None, Field(description="What would change the outcome; none when met.")
    ]
    records: Annotated[list[RecordRef], Field(description="The records the outcome rests on.")]
    missing: Annotated[
        list[str], Field(description="Case fields the rule needed but were not recorded.")
    ]
    earliest_met_date: Annotated[
        date | None,
        Field(description="For a time-based rule not yet met: the first date it could be."),
    ] = None
    citation: Citation
    children: Annotated[
        list[str],
        Field(
            description="The children this finding holds for (each child's plan is judged on its own)."
        ),
    ] = field(default_factory=list)

    def for_children(self, children: list[str]) -> "Finding":
        """The same finding, holding for these children."""
        return Finding(
            rule_id=self.rule_id,
            title=self.title,
            outcome=self.outcome,
            severity=self.severity,
            reason=self.reason,
            next_step=self.next_step,
            records=self.records,
            missing=self.missing,
            earliest_met_date=self.earliest_met_date,
            citation=self.citation,
            children=children,
        )


class DataQualityFinding(OutputModel):
    """Something in the record that the rules cannot take at face value, kept apart from the
    rule findings and shown first."""

    code: str = Field(description="What kind of problem: overlapping_plans, transfer_in_plan, ...")
    path: str = Field(description="The case field it concerns, e.g. children[0].cp_plans[1].")
    message: str


class OutcomeCounts(OutputModel):
    met: int
    not_met: int
    not_applicable: int
    insufficient_information: int


class RulesetInfo(OutputModel):
    version: str
    content_hash: str


class ChildAssessment(OutputModel):
    """One child's verdict, and the findings where the child differs from the family's."""

    child_ref: str
    proposed_outcome: str = Field(description="What is proposed for the child's plan.")
    decides_family_verdict: bool = Field(
        description="Whether the child's plan is proposed to end by a decision (step down or "
        "close), so that the family verdict includes this child's."
    )
    verdict: Verdict
    verdict_reason: str
    counts: OutcomeCounts
    earliest_ready_date: date | None
    findings: list[Finding] = Field(
        description="The child's findings that differ from the family's findings of the same rule."
    )


class Assessment(OutputModel):
    case_ref: str
    as_of: date
    verdict: Verdict = Field(
        description="The family verdict: the worst verdict of the children whose plans are "
        "proposed to end (of every child when none is)."
    )
    verdict_reason: str
    data_quality: list[DataQualityFinding] = Field(
        description="Problems in the record itself, before any rule; shown first."
    )
    findings: list[Finding] = Field(
        description="One finding per rule in force: for each rule, the worst finding among the "
        "children the family verdict covers."
    )
    counts: OutcomeCounts
    earliest_ready_date: date | None = Field(
        description="The earliest date on which every time-based rule could be met; none when "
        "they are all met already, none applies, or change has not started on a risk."
    )
    children: list[ChildAssessment]
    ruleset: RulesetInfo
    engine_version: str
    case_digest: str = Field(
        description="SHA-256 of the case's JSON as received (the request body, file or JSON "
        "line it was read from)."
    )
