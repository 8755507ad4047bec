"""Findings made, and combined: the family's (per rule the worst of the children's), their
display order, and what they come to (verdict, counts, earliest ready date)."""

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

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
    """The same finding, holding for these children."""
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

_RANKED = {
    (Severity.BLOCKING, Outcome.NOT_MET): 0,
    (Severity.BLOCKING, Outcome.INSUFFICIENT_INFORMATION): 1,
    (Severity.ADVISORY, Outcome.NOT_MET): 2,
    (Severity.ADVISORY, Outcome.INSUFFICIENT_INFORMATION): 3,
    (Severity.SCOPE, Outcome.NOT_MET): -1,
}
_DISPLAY_ORDER = {
    outcome: {severity: _RANKED.get((severity, outcome), 4) for severity in Severity}
    for outcome in Outcome
}
"""Rank by outcome, then severity: every other pair ranks 4."""


_MET = Outcome.MET
_NOT_APPLICABLE = Outcome.NOT_APPLICABLE
_INSUFFICIENT = Outcome.INSUFFICIENT_INFORMATION
_BLOCKING = Severity.BLOCKING
_ADVISORY = Severity.ADVISORY


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
    for first, *others in zip(*children, strict=True):
        worst, worst_rank, sharing = first, rank_of[first.outcome], first.children
        for finding in others:
            rank = rank_of[finding.outcome]
            if rank < worst_rank:  # no finding before it had its outcome
                worst, worst_rank, sharing = finding, rank, finding.children
            elif rank == worst_rank:  # the same outcome
                sharing = sharing + finding.children
        family.append(worst if sharing == worst.children else for_children(worst, sharing))
    return family


def display_order(findings: Sequence[Finding]) -> list[Finding]:
    """Blocking failures first, then gaps, advisories, met and not applicable; stable within."""
    return sorted(findings, key=lambda finding: _DISPLAY_ORDER[finding.outcome][finding.severity])


@dataclass(frozen=True, slots=True)
class Judgement:
    """What a set of findings (a child's, or the family's) comes to."""

    verdict: Verdict
    reason: str
    counts: OutcomeCounts
    earliest_ready_date: dt.date | None
    """The latest of the blocking time-based rules' earliest dates; none when one of them is
    not met with no date (change has not started)."""


def judge(findings: Sequence[Finding], as_of: dt.date, time_based: Collection[str]) -> Judgement:
    """The verdict, the outcomes counted and the earliest ready date, in one pass over the
    findings (most of which are met or do not apply, and only counted)."""
    met = not_applicable = insufficient = 0
    out_of_scope: list[str] = []
    unmet: list[Finding] = []
    unknown: list[str] = []
    advisories: list[str] = []
    for finding in findings:
        outcome = finding.outcome
        if outcome is _MET:
            met += 1
        elif outcome is _NOT_APPLICABLE:
            not_applicable += 1
        elif outcome is _INSUFFICIENT:
            insufficient += 1
            if finding.severity is _BLOCKING:
                unknown.append(finding.rule_id)
        elif finding.severity is _BLOCKING:
            unmet.append(finding)
        elif finding.severity is _ADVISORY:
            advisories.append(finding.rule_id)
        else:  # a scope rule not met
            out_of_scope.append(finding.reason)
    verdict, reason = (
        _verdict(out_of_scope, [f.rule_id for f in unmet], unknown, advisories)
        if findings
        else (
            Verdict.INSUFFICIENT_INFORMATION,
            f"No rule of this rule set was in force on {plain_date(as_of)}, so nothing was checked.",
        )
    )
    counts = OutcomeCounts.trusted(
        met=met,
        not_met=len(unmet) + len(advisories) + len(out_of_scope),
        not_applicable=not_applicable,
        insufficient_information=insufficient,
    )
    return Judgement(verdict, reason, counts, _earliest_ready_date(unmet, time_based))


def _earliest_ready_date(unmet: Sequence[Finding], time_based: Collection[str]) -> dt.date | None:
    """`unmet`: the blocking findings not met."""
    dates = []
    for finding in unmet:
        if finding.earliest_met_date is not None:
            dates.append(finding.earliest_met_date)
        elif finding.rule_id in time_based:
            return None
    return max(dates) if dates else None


def _verdict(
    out_of_scope: Sequence[str],
    unmet: Sequence[str],
    unknown: Sequence[str],
    advisories: Sequence[str],
) -> tuple[Verdict, str]:
    """From the reasons of the scope rules not met and the ids of the blocking rules not met,
    the blocking rules lacking data and the advisories not met."""
    if out_of_scope:
        return Verdict.OUT_OF_SCOPE, "Outside the scope of these rules: " + " ".join(out_of_scope)
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


def _count(items: Sequence[str], noun: str, plural: str | None = None) -> str:
    return f"1 {noun}" if len(items) == 1 else f"{len(items)} {plural or noun + 's'}"
