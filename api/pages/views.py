"""What the result page shows, worked out from a stored assessment and its case: the
verdicts, the findings in the order a chair reads them, every case path in plain words.
The conference record can show the same view."""

import datetime as dt
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from api.persistence.attestations import AttestationView
from engine.audit.labels import VERDICT_LABELS
from engine.dates import plain_date
from engine.plain_words import (
    code_words,
    describe,
    in_plain_words,
    record_ref_words,
    sentence,
    value_words,
)
from models.api_assessments import AssessmentRecordPublic, AssessmentSummary
from models.assessment import Finding, Outcome
from web.chronology import Chronology

OUTCOME_WORDS = {
    Outcome.MET: "met",
    Outcome.NOT_MET: "not met",
    Outcome.NOT_APPLICABLE: "not applicable",
    Outcome.INSUFFICIENT_INFORMATION: "information missing",
}


@dataclass(frozen=True, slots=True)
class FindingView:
    rule_id: str
    title: str
    outcome: str
    outcome_words: str
    severity: str
    reason: str
    next_step: str | None
    records: list[tuple[str, str]]
    """(the record in words, what the rule saw on it)."""
    missing: list[str]
    earliest_met_date: str | None
    quote: str
    source: str
    children: str
    completable: bool


@dataclass(frozen=True, slots=True)
class ChildView:
    child_ref: str
    proposed: str
    decides_family_verdict: bool
    verdict: str
    verdict_words: str
    reason: str
    earliest_ready_date: str | None
    differing: list[FindingView]


@dataclass(frozen=True, slots=True)
class AttestedView:
    field: str
    answer: str
    key_name: str
    key_id: str
    attested_at: dt.datetime
    assessment_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class ResultView:
    id: uuid.UUID
    case_ref: str
    verdict: str
    verdict_words: str
    reason: str
    as_of: dt.date
    created_at: dt.datetime
    client: str
    ruleset: str
    engine_version: str
    case_digest: str
    earliest_ready_date: str | None
    case_kept: bool
    children: list[ChildView]
    data_quality: list[tuple[str, str]]
    """(the part of the record, what is wrong), both in words."""
    blocking: list[FindingView]
    insufficient: list[FindingView]
    advisories: list[FindingView]
    settled: list[FindingView]
    attestations: list[AttestedView]
    history: list[AssessmentSummary]
    chronology: Chronology | None = None
    """The case's chronology laid out (`macros/chronology.html`), when the case was kept."""


def result_view(
    record: AssessmentRecordPublic,
    case: Mapping[str, Any],
    attestations: Sequence[AttestationView],
    history: Sequence[AssessmentSummary],
    chronology: Chronology | None = None,
) -> ResultView:
    """`case` is the case's JSON when it was kept ({} otherwise: records are then named by
    their references only)."""
    assessment = record.assessment
    kept = bool(case)
    views = [finding_view(finding, case, kept) for finding in assessment.findings]
    titles = {finding.rule_id: finding.title for finding in assessment.findings}
    return ResultView(
        id=record.id,
        case_ref=assessment.case_ref,
        verdict=assessment.verdict.value,
        verdict_words=VERDICT_LABELS[assessment.verdict.value],
        reason=with_titles(in_plain_words(assessment.verdict_reason, case), titles),
        as_of=assessment.as_of,
        created_at=record.created_at,
        client=record.client,
        ruleset=f"{assessment.ruleset.version} ({assessment.ruleset.content_hash})",
        engine_version=assessment.engine_version,
        case_digest=assessment.case_digest,
        earliest_ready_date=_day(assessment.earliest_ready_date),
        case_kept=kept,
        children=[
            ChildView(
                child_ref=child.child_ref,
                proposed=sentence(code_words(child.proposed_outcome)),
                decides_family_verdict=child.decides_family_verdict,
                verdict=child.verdict.value,
                verdict_words=VERDICT_LABELS[child.verdict.value],
                reason=with_titles(in_plain_words(child.verdict_reason, case), titles),
                earliest_ready_date=_day(child.earliest_ready_date),
                differing=[finding_view(f, case, kept) for f in child.findings],
            )
            for child in assessment.children
        ],
        data_quality=[
            (sentence(describe(problem.path, case)), in_plain_words(problem.message, case))
            for problem in assessment.data_quality
        ],
        blocking=[v for v in views if v.outcome == "not_met" and v.severity != "advisory"],
        insufficient=[
            v for v in views if v.outcome == "insufficient_information" and v.severity != "advisory"
        ],
        advisories=[
            v
            for v in views
            if v.severity == "advisory" and v.outcome in ("not_met", "insufficient_information")
        ],
        settled=[v for v in views if v.outcome in ("met", "not_applicable")],
        attestations=[
            AttestedView(
                field=sentence(describe(item.path, case)),
                answer=sentence(value_words(item.value)),
                key_name=item.key_name,
                key_id=item.attested_by,
                attested_at=item.attested_at,
                assessment_id=item.assessment_id,
            )
            for item in attestations
        ],
        history=list(history),
        chronology=chronology,
    )


def finding_view(finding: Finding, case: Mapping[str, Any], kept: bool) -> FindingView:
    return FindingView(
        rule_id=finding.rule_id,
        title=finding.title,
        outcome=finding.outcome.value,
        outcome_words=OUTCOME_WORDS[finding.outcome],
        severity=finding.severity.value,
        reason=in_plain_words(finding.reason, case),
        next_step=in_plain_words(finding.next_step, case) if finding.next_step else None,
        records=[
            (sentence(record_ref_words(r.collection, r.ref, case)), r.detail)
            for r in finding.records
        ],
        missing=[sentence(describe(path, case)) for path in finding.missing],
        earliest_met_date=_day(finding.earliest_met_date),
        quote=finding.citation.quote,
        source=f"{finding.citation.document}, {finding.citation.section}",
        children=", ".join(finding.children),
        completable=kept and finding.outcome is Outcome.INSUFFICIENT_INFORMATION,
    )


def with_titles(text: str, titles: Mapping[str, str]) -> str:
    """A verdict's reason with each rule id in it replaced by the rule's title."""
    if not titles:
        return text
    ids = "|".join(re.escape(rule_id) for rule_id in sorted(titles, key=len, reverse=True))
    return re.sub(rf"(?<![\w-])({ids})(?![\w-])", lambda m: f"“{titles[m.group(1)]}”", text)


def _day(day: dt.date | None) -> str | None:
    return plain_date(day) if day is not None else None
