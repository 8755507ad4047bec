"""What the engine says about a case: a finding per rule in force, and the verdict."""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Self

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
    # Validators and serialisers are built on first use, not at import (about 25 ms CPU): the
    # engine makes these without validation, and `deplan check` shows one without its JSON.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @classmethod
    def trusted(cls, **fields: Any) -> Self:
        """The model of values made to fit it (the engine's own), without validation: every
        field, in the order declared, which is the order its JSON writes them in. What
        `model_construct` does, without looking for aliases and defaults field by field
        (0.6 µs an `Assessment` against 2.9; validating it takes 2.0)."""
        model = cls.__new__(cls)
        _set(model, "__dict__", fields)
        _set(model, "__pydantic_fields_set__", set(fields))
        _set(model, "__pydantic_extra__", None)
        _set(model, "__pydantic_private__", None)
        return model


_set = object.__setattr__


# Findings and record references are made by the hundred per case: plain dataclasses, built
# without validation and described by Pydantic as if they were models (same OpenAPI schema).
# Only the engine makes them; reading one back from JSON validates it. Neither is frozen (a
# frozen dataclass takes three times as long to make) but neither is changed once made:
# children with the same finding share it and its lists. No slots: orjson writes a dataclass
# from its `__dict__` five times as fast as from its slots (`Assessment.json_bytes`).
_LIGHT = ConfigDict(extra="forbid")


@dataclass
class Citation:
    __pydantic_config__ = _LIGHT

    document: str
    section: str
    quote: str


@dataclass
class RecordRef:
    """A record of the case that a finding concerns, e.g. the adult lacking a police check."""

    __pydantic_config__ = _LIGHT

    collection: Annotated[
        str, Field(description="The case collection: adults, risks, interventions, ...")
    ]
    ref: str
    detail: Annotated[str, Field(description="What the rule saw on this record, in plain words.")]


@dataclass(kw_only=True)
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


class RuleSetInfo(OutputModel):
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
    ruleset: RuleSetInfo
    engine_version: str
    case_digest: str = Field(
        description="SHA-256 of the case's JSON as received (the request body, file or JSON "
        "line it was read from)."
    )

    def json_bytes(self) -> bytes:
        """The assessment's JSON, byte for byte what Pydantic's serialiser writes
        (`model_dump_json()`), in a quarter of the time: orjson writes the dataclasses, dates
        and enums itself and each model as its fields."""
        import orjson  # here: `deplan check` shows an assessment without its JSON

        try:
            return orjson.dumps(self, default=_fields_of)
        except orjson.JSONEncodeError:  # a text Pydantic cannot write either (a lone surrogate)
            return super().model_dump_json().encode()

    def model_dump_json(self, **options: Any) -> str:
        """As Pydantic's; with no options, made by `json_bytes`."""
        if options:
            return super().model_dump_json(**options)
        return self.json_bytes().decode()


def _fields_of(model: object) -> dict[str, Any]:
    """What orjson does not write itself: an output model, as its fields in order (none of
    them has an alias, a computed field, an excluded field or a serialiser of its own)."""
    if isinstance(model, OutputModel):
        return model.__dict__
    raise TypeError(f"{type(model).__name__} is not an output model")
