"""Turn a rule's evaluation into a Finding, and findings into a verdict."""

import datetime as dt
import functools
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from engine.dates import plain_date
from engine.evidence import NOT_STARTED, Env, Evidence
from engine.facts import COLLECTION_BY_NAME, CaseFacts
from engine.rules import Rule
from engine.templates import plain
from models.assessment import Finding, Outcome, OutcomeCounts, RecordRef, Severity, Verdict

_DISPLAY_ORDER = {
    (Severity.BLOCKING, Outcome.NOT_MET): 0,
    (Severity.BLOCKING, Outcome.INSUFFICIENT_INFORMATION): 1,
    (Severity.ADVISORY, Outcome.NOT_MET): 2,
    (Severity.ADVISORY, Outcome.INSUFFICIENT_INFORMATION): 3,
    (Severity.SCOPE, Outcome.NOT_MET): -1,
}


# Enum members as module constants: `Outcome.NOT_MET` is a slow class-attribute lookup.
_NOT_MET = Outcome.NOT_MET
_NOT_APPLICABLE = Outcome.NOT_APPLICABLE
_INSUFFICIENT = Outcome.INSUFFICIENT_INFORMATION
_OUTCOME_OF_TRUTH = {True: Outcome.MET, False: _NOT_MET, None: _INSUFFICIENT}
_BLOCKING = Severity.BLOCKING
_ADVISORY = Severity.ADVISORY
_SCOPE = Severity.SCOPE
_OUTCOME_NAMES = tuple((outcome, outcome.value) for outcome in Outcome)


def evaluate_rule(
    rule: Rule, facts: CaseFacts, parameters: Mapping[str, Any], severity: Severity
) -> Finding:
    env = Env(facts, parameters, {})
    evidence: Evidence | None = None
    if rule.applies_when is not None:
        applicability = rule.applies_when(env)
        if applicability.truth is False:
            evidence = applicability
            outcome = _NOT_APPLICABLE
        elif applicability.truth is None:
            # Whether the rule applies is unknown: met if its requirement holds either way.
            required = rule.requires(env)
            evidence, outcome = (
                (required, _OUTCOME_OF_TRUTH[True])
                if required.truth is True
                else (applicability, _INSUFFICIENT)
            )
    if evidence is None:
        evidence = rule.requires(env)
        outcome = _OUTCOME_OF_TRUTH[evidence.truth]
    records = [
        _record_ref(rule.facts_used, bound.collection, bound.record) for bound in evidence.records
    ]
    earliest = evidence.earliest if outcome is _NOT_MET else None
    if earliest is NOT_STARTED:
        earliest = None

    def value_of(name: str) -> str:
        if name == "records":
            return "; ".join([f"{record.ref} ({record.detail})" for record in records]) or "none"
        if name == "record_count":
            return str(len(records))
        if name == "missing":
            return ", ".join(evidence.missing) or "none"
        if name == "as_of":
            return plain_date(facts.as_of)
        if name == "earliest_met_date":
            return plain_date(earliest) if earliest else "not yet known (change has not started)"
        if name.startswith("param."):
            return plain(parameters[name.removeprefix("param.")])
        return plain(facts.case[name])

    next_step = rule.next_steps.get(outcome)
    return Finding(
        rule_id=rule.id,
        title=rule.title,
        outcome=outcome,
        severity=severity,
        reason=rule.reasons[outcome].render(value_of),
        next_step=next_step.render(value_of) if next_step else None,
        records=records,
        missing=list(evidence.missing),
        earliest_met_date=earliest,
        citation=rule.citation,
        children=[facts.child_ref],
    )


@functools.cache
def _shown(facts_used: tuple[str, ...], collection: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A record's ref fact, and the facts (with their labels) a rule shows of it: the item's
    facts the rule uses, in the order it uses them."""
    item = COLLECTION_BY_NAME[collection].item
    ref_fact = f"{item}.ref"
    shown = tuple(
        (name, name.split(".", 1)[1].replace("_", " "))
        for name in facts_used
        if name.startswith(f"{item}.") and name != ref_fact
    )
    return ref_fact, shown


def _record_ref(
    facts_used: tuple[str, ...], collection: str, record: Mapping[str, Any]
) -> RecordRef:
    ref_fact, shown = _shown(facts_used, collection)
    detail = "; ".join([f"{label}: {plain(record[name])}" for name, label in shown])
    return RecordRef(collection=collection, ref=str(record[ref_fact]), detail=detail)


_WORST_FIRST = {
    Outcome.NOT_MET: 0,
    Outcome.INSUFFICIENT_INFORMATION: 1,
    Outcome.MET: 2,
    Outcome.NOT_APPLICABLE: 3,
}


def family_findings(children: Sequence[Sequence[Finding]]) -> list[Finding]:
    """Per rule, the worst of the children's findings (not met, then insufficient information,
    then met, then not applicable), naming every child with that outcome: a family verdict
    drawn from these is the worst of the children's and never hides one."""
    family: list[Finding] = []
    for per_rule in zip(*children, strict=True):
        worst = min(per_rule, key=lambda finding: _WORST_FIRST[finding.outcome])
        sharing = [
            ref
            for finding in per_rule
            if finding.outcome is worst.outcome
            for ref in finding.children
        ]
        family.append(
            worst if sharing == worst.children else worst.model_copy(update={"children": sharing})
        )
    return family


def display_order(findings: Sequence[Finding]) -> list[Finding]:
    """Blocking failures first, then gaps, advisories, met and not applicable; stable within."""
    return sorted(
        findings, key=lambda finding: _DISPLAY_ORDER.get((finding.severity, finding.outcome), 4)
    )


def count_outcomes(findings: Sequence[Finding]) -> OutcomeCounts:
    tally = Counter(finding.outcome for finding in findings)
    return OutcomeCounts(**{name: tally[outcome] for outcome, name in _OUTCOME_NAMES})


def verdict_of(findings: Sequence[Finding], as_of: dt.date) -> tuple[Verdict, str]:
    if not findings:
        return (
            Verdict.INSUFFICIENT_INFORMATION,
            f"No rule of this rule set was in force on {plain_date(as_of)}, so nothing was checked.",
        )
    out_of_scope = [f for f in findings if f.severity is _SCOPE and f.outcome is _NOT_MET]
    if out_of_scope:
        return (
            Verdict.OUT_OF_SCOPE,
            "Outside the scope of these rules: " + " ".join(f.reason for f in out_of_scope),
        )
    unmet = [f.rule_id for f in findings if f.severity is _BLOCKING and f.outcome is _NOT_MET]
    unknown = [
        f.rule_id for f in findings if f.severity is _BLOCKING and f.outcome is _INSUFFICIENT
    ]
    advisories = [f.rule_id for f in findings if f.severity is _ADVISORY and f.outcome is _NOT_MET]
    if unmet:
        return (
            Verdict.NOT_READY,
            f"Not ready: {_count(unmet, 'blocking rule')} not met ({', '.join(unmet)}).",
        )
    if unknown:
        return (
            Verdict.INSUFFICIENT_INFORMATION,
            f"Insufficient information: no blocking rule is unmet, but {_count(unknown, 'blocking rule')} "
            f"lack the data to decide ({', '.join(unknown)}).",
        )
    note = (
        f"; {_count(advisories, 'advisory', 'advisories')} to weigh ({', '.join(advisories)})"
        if advisories
        else ""
    )
    return Verdict.READY, f"Ready: every blocking rule is met or does not apply{note}."


def earliest_ready_date(findings: Sequence[Finding], time_based: Collection[str]) -> dt.date | None:
    """The latest of the blocking time-based rules' earliest dates; none when one of them is
    not met with no date (change has not started)."""
    dates = []
    for finding in findings:
        if finding.severity is not _BLOCKING or finding.outcome is not _NOT_MET:
            continue
        if finding.earliest_met_date is not None:
            dates.append(finding.earliest_met_date)
        elif finding.rule_id in time_based:
            return None
    return max(dates) if dates else None


def _count(items: Sequence[str], noun: str, plural: str | None = None) -> str:
    return f"1 {noun}" if len(items) == 1 else f"{len(items)} {plural or noun + 's'}"
