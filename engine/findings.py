"""Findings made, and combined: the family's (per rule the worst of the children's), their
display order, counts, verdict and earliest ready date."""

import datetime as dt
from collections.abc import Collection, Sequence

from engine.dates import plain_date
from models.assessment import (
    Citation,
    Finding,
    Outcome,
    OutcomeCounts,
    RecordRef,
    Severity,
    Verdict,
)


def new_finding(
    rule_id: str,
    title: str,
    outcome: Outcome,
    severity: Severity,
    reason: str,
    next_step: str | None,
    records: list[RecordRef],
    missing: list[str],
    earliest_met_date: dt.date | None,
    citation: Citation,
    children: list[str],
) -> Finding:
    """A `Finding` as its dataclass `__init__` makes it (each field set, nothing else) but
    without a class call's keyword matching, which takes three times as long: the engine makes
    one per rule and child."""
    finding: Finding = _new(Finding)
    finding.rule_id = rule_id
    finding.title = title
    finding.outcome = outcome
    finding.severity = severity
    finding.reason = reason
    finding.next_step = next_step
    finding.records = records
    finding.missing = missing
    finding.earliest_met_date = earliest_met_date
    finding.citation = citation
    finding.children = children
    return finding


def for_children(finding: Finding, children: list[str]) -> Finding:
    """The same finding, holding for these children (as `Finding.for_children`, faster)."""
    return new_finding(
        finding.rule_id,
        finding.title,
        finding.outcome,
        finding.severity,
        finding.reason,
        finding.next_step,
        finding.records,
        finding.missing,
        finding.earliest_met_date,
        finding.citation,
        children,
    )


_new = object.__new__

_DISPLAY_ORDER = {
    (Severity.BLOCKING, Outcome.NOT_MET): 0,
    (Severity.BLOCKING, Outcome.INSUFFICIENT_INFORMATION): 1,
    (Severity.ADVISORY, Outcome.NOT_MET): 2,
    (Severity.ADVISORY, Outcome.INSUFFICIENT_INFORMATION): 3,
    (Severity.SCOPE, Outcome.NOT_MET): -1,
}


_NOT_MET = Outcome.NOT_MET
_INSUFFICIENT = Outcome.INSUFFICIENT_INFORMATION
_BLOCKING = Severity.BLOCKING
_ADVISORY = Severity.ADVISORY
_SCOPE = Severity.SCOPE
_OUTCOME_NAMES = tuple((outcome, outcome.value) for outcome in Outcome)


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
    if len(children) == 1:
        return list(children[0])
    family: list[Finding] = []
    rank_of = _WORST_FIRST
    for per_rule in zip(*children, strict=True):
        worst = per_rule[0]
        worst_rank = rank_of[worst.outcome]
        for finding in per_rule:
            rank = rank_of[finding.outcome]
            if rank < worst_rank:
                worst, worst_rank = finding, rank
        sharing = [
            ref
            for finding in per_rule
            if finding.outcome is worst.outcome
            for ref in finding.children
        ]
        family.append(worst if sharing == worst.children else for_children(worst, sharing))
    return family


def display_order(findings: Sequence[Finding]) -> list[Finding]:
    """Blocking failures first, then gaps, advisories, met and not applicable; stable within."""
    return sorted(
        findings, key=lambda finding: _DISPLAY_ORDER.get((finding.severity, finding.outcome), 4)
    )


def count_outcomes(findings: Sequence[Finding]) -> OutcomeCounts:
    tally = dict.fromkeys(Outcome, 0)
    for finding in findings:
        tally[finding.outcome] += 1
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
