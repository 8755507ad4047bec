"""The chair's decision as entered and as shown: per child de-plan or continue, and the
findings the chair overrules, each with the chair's position and a justification.

An override sits beside the engine's finding and never changes the assessment.
"""

import datetime as dt
import uuid
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from models.assessment import Assessment, Finding, Outcome, Verdict
from models.chair_decisions import JUSTIFICATION_LENGTH

OVERRULABLE = (Outcome.NOT_MET, Outcome.INSUFFICIENT_INFORMATION)
"""The engine's outcomes a chair may overrule: the ones that stand against de-planning."""
POSITIONS = (Outcome.MET, Outcome.NOT_MET, Outcome.NOT_APPLICABLE)
"""What the chair may hold instead (never "insufficient information": that is no position)."""


class ChildDecision(StrEnum):
    DEPLAN = "deplan"
    CONTINUE = "continue"


CHILD_DECISION_WORDS = {ChildDecision.DEPLAN: "de-plan", ChildDecision.CONTINUE: "continue"}

Justification = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=JUSTIFICATION_LENGTH)
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OverrideEntry(_Model):
    child_ref: str
    rule_id: str
    position: Outcome
    justification: Justification


class DecisionEntry(_Model):
    """What the chair submitted; checked against the assessment by `check_decision`."""

    children: dict[str, ChildDecision]
    overrides: list[OverrideEntry]
    revision: int = Field(description="The revision this one corrects (0: the first).")


class ChildDecisionView(_Model):
    child_ref: str
    engine_verdict: Verdict
    decision: ChildDecision


class OverrideView(_Model):
    child_ref: str
    rule_id: str
    engine_outcome: Outcome
    chair_position: Outcome
    justification: str | None = Field(description="None once erased with the case.")


class DecisionView(_Model):
    """A stored decision, as the pages and the conference record show it."""

    id: uuid.UUID
    revision: int
    created_at: dt.datetime
    key_id: str
    key_name: str
    family_verdict: Verdict
    children: list[ChildDecisionView]
    overrides: list[OverrideView]

    def deplanned_against_engine(self) -> list[ChildDecisionView]:
        """The children de-planned although the engine did not find them ready."""
        return [
            child
            for child in self.children
            if child.decision is ChildDecision.DEPLAN and child.engine_verdict is not Verdict.READY
        ]

    def family_words(self) -> str:
        """The decision for the family in words: every child alike, or child by child."""
        chosen = {child.decision for child in self.children}
        if len(chosen) == 1:
            words = f"{CHILD_DECISION_WORDS[chosen.pop()]} for every child."
        else:
            words = "; ".join(
                f"{CHILD_DECISION_WORDS[c.decision]} for {c.child_ref}" for c in self.children
            )
            words += "."
        return words[:1].upper() + words[1:]


def child_findings(assessment: Assessment, child_ref: str) -> list[Finding]:
    """The child's finding of each rule: the child's own where it differs from the family's
    (`ChildAssessment.findings`), the family's otherwise."""
    own = next((c.findings for c in assessment.children if c.child_ref == child_ref), [])
    by_rule = {finding.rule_id: finding for finding in own}
    return [by_rule.get(finding.rule_id, finding) for finding in assessment.findings]


def overrulable(assessment: Assessment, child_ref: str) -> list[Finding]:
    """The child's findings that a chair may overrule, in display order."""
    return [f for f in child_findings(assessment, child_ref) if f.outcome in OVERRULABLE]
