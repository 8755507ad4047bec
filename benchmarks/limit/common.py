"""What every hand-written rule needs: the finding it returns, its records in plain words, and
three-valued (yes, no, not recorded) checks over a child's records.

A rule over a collection ("every adult in the home has had checks") is true for a record when
the record is not concerned or passes; false when a concerned record fails; not known when
either is not recorded. Records whose concern is not known but that pass anyway are shown
among the passing records (as the engine's `every` lists them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from engine.dates import plain_date
from engine.facts import CaseFacts
from engine.templates import plain
from engine.values import UNKNOWN
from models.assessment import Citation, Finding, Outcome, RecordRef, Severity

MET = Outcome.MET
NOT_MET = Outcome.NOT_MET
NA = Outcome.NOT_APPLICABLE
INSUFFICIENT = Outcome.INSUFFICIENT_INFORMATION
OUTCOME_OF = {True: MET, False: NOT_MET, None: INSUFFICIENT}

Record = Mapping[str, Any]
Judged = tuple[bool | None, tuple[str, ...]] | None
"""A record's result under a rule: (truth, fields not recorded), or None when it does not
count (not concerned)."""


class Quantified(NamedTuple):
    """What a check over a collection found: its truth, the records that decided it, and the
    fields it needed but were not recorded."""

    truth: bool | None
    rows: list[Record]
    missing: list[str]


NO_ROWS: list[Record] = []


def every(
    rows: Sequence[Record] | None, collection: str, judge: Callable[[Record], Judged]
) -> Quantified:
    """Every concerned record passes: false with the failing records, else not known with
    the undecided ones, else true with the passing ones."""
    if rows is None:
        return Quantified(None, [], [collection])
    passing: list[Record] = []
    failing: list[Record] = []
    unknown: list[Record] = []
    missing: dict[str, None] = {}
    for row in rows:
        judged = judge(row)
        if judged is None:
            continue
        truth, not_recorded = judged
        if truth is True:
            passing.append(row)
        elif truth is False:
            failing.append(row)
        else:
            unknown.append(row)
            missing.update(dict.fromkeys(not_recorded))
    if failing:
        return Quantified(False, failing, [])
    if unknown:
        return Quantified(None, unknown, list(missing))
    return Quantified(True, passing, [])


def some(
    rows: Sequence[Record] | None,
    collection: str,
    concerned: Callable[[Record], tuple[bool | None, tuple[str, ...]]],
) -> Quantified:
    """Some record is concerned: true with those records, else not known with the undecided
    ones, else false with every record looked at."""
    if rows is None:
        return Quantified(None, [], [collection])
    matching: list[Record] = []
    unknown: list[Record] = []
    missing: dict[str, None] = {}
    for row in rows:
        truth, not_recorded = concerned(row)
        if truth is True:
            matching.append(row)
        elif truth is None:
            unknown.append(row)
            missing.update(dict.fromkeys(not_recorded))
    if matching:
        return Quantified(True, matching, [])
    if unknown:
        return Quantified(None, unknown, list(missing))
    return Quantified(False, list(rows), [])


def decide(applies: Quantified, requirement: Callable[[], Quantified]) -> tuple[Quantified, bool]:
    """A rule's result given whether it applies, and whether that result is the requirement's
    (else it is the applicability's): not applicable when it does not apply; when that is not
    known, met if the requirement holds anyway, else not known for want of what decides it."""
    if applies.truth is False:
        return applies, False
    required = requirement()
    if applies.truth is True or required.truth is True:
        return required, True
    return applies, False


def fact(value: Any, path: str) -> Quantified:
    """A yes/no case fact as a check: not known (naming its field) when not recorded."""
    if value is UNKNOWN:
        return Quantified(None, NO_ROWS, [path])
    return Quantified(value is True, NO_ROWS, [])


def is_false(value: Any, path: str) -> Quantified:
    """A yes/no case fact required to be no, as a check."""
    if value is UNKNOWN:
        return Quantified(None, NO_ROWS, [path])
    return Quantified(value is False, NO_ROWS, [])


def both(*parts: Quantified) -> Quantified:
    """All parts hold: false if one is false, else not known if one is, else true; the
    records and missing fields of the deciding parts, each once."""
    for truth in (False, None, True):
        deciding = [part for part in parts if part.truth is truth]
        if deciding:
            if len(deciding) == 1:
                return deciding[0]
            rows = list({id(row): row for part in deciding for row in part.rows}.values())
            missing = list(dict.fromkeys(name for part in deciding for name in part.missing))
            return Quantified(truth, rows, missing)
    raise ValueError("both() needs at least one part")


def either(*parts: Quantified) -> Quantified:
    """One part holds: the first true part, else the undecided parts, else the false ones."""
    for part in parts:
        if part.truth is True:
            return part
    unknown = [part for part in parts if part.truth is None]
    return both(*unknown) if unknown else both(*parts)


def concerned_then(
    concerned: bool | None,
    concern_missing: tuple[str, ...],
    passes: bool | None,
    pass_missing: tuple[str, ...],
) -> Judged:
    """A record's result under "every concerned record passes"."""
    if concerned is False:
        return None
    if concerned is True or passes is True:
        return passes, pass_missing if passes is None else ()
    return None, concern_missing + (pass_missing if passes is None else ())


def all_recorded(
    record: Record, ref: str, checks: Sequence[tuple[str, str]]
) -> tuple[bool | None, tuple[str, ...]]:
    """Each (fact, field) of the record is yes: no if one is no, else not known naming the
    fields not recorded (as `collection[ref].field`)."""
    missing: list[str] = []
    for name, field in checks:
        value = record[name]
        if value is False:
            return False, ()
        if value is UNKNOWN:
            missing.append(f"{ref}.{field}")
    return (None, tuple(missing)) if missing else (True, ())


def listed(records: Sequence[RecordRef]) -> str:
    return "; ".join([f"{record.ref} ({record.detail})" for record in records]) or "none"


def missing_text(missing: Sequence[str]) -> str:
    return ", ".join(missing) or "none"


def not_readiness(case: Record) -> str:
    return (
        "This is not a readiness decision under these rules "
        f"({plain(case['case.outcome'])}; {plain(case['case.conference_type'])})."
    )


def as_of_text(facts: CaseFacts) -> str:
    return plain_date(facts.as_of)


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """A rule's constants (not logic): its title, severity after overlays, and citation."""

    title: str
    severity: Severity
    citation: Citation


class Out:
    """Builds a rule's finding for one child's facts."""

    def __init__(self, meta: Mapping[str, RuleMeta], parameters: Mapping[str, Any]) -> None:
        self.meta = meta
        self.parameters = parameters

    def finding(
        self,
        rule_id: str,
        facts: CaseFacts,
        outcome: Outcome,
        reason: str,
        next_step: str | None = None,
        records: list[RecordRef] | None = None,
        missing: list[str] | None = None,
        earliest: dt.date | None = None,
    ) -> Finding:
        meta = self.meta[rule_id]
        return Finding(
            rule_id=rule_id,
            title=meta.title,
            outcome=outcome,
            severity=meta.severity,
            reason=reason,
            next_step=next_step,
            records=records if records is not None else [],
            missing=missing if missing is not None else [],
            earliest_met_date=earliest,
            citation=meta.citation,
            children=[facts.child_ref],
        )


def ref(collection: str, record_ref: Any, detail: str) -> RecordRef:
    return RecordRef(collection=collection, ref=str(record_ref), detail=detail)


def conclude(
    out: Out,
    rule_id: str,
    facts: CaseFacts,
    result: Quantified,
    records: list[RecordRef],
    met: Callable[[str], str],
    not_met: Callable[[str], tuple[str, str]],
    insufficient: Callable[[str], tuple[str, str]],
    earliest: dt.date | None = None,
) -> Finding:
    """The finding of a rule over records, given its texts: met (the reason, given the records
    in words), not met (reason and next step, given the records in words) or not recorded
    (reason and next step, given the missing fields in words)."""
    if result.truth is False:
        reason, next_step = not_met(listed(records))
        return out.finding(rule_id, facts, NOT_MET, reason, next_step, records, earliest=earliest)
    if result.truth is None:
        reason, next_step = insufficient(missing_text(result.missing))
        return out.finding(rule_id, facts, INSUFFICIENT, reason, next_step, records, result.missing)
    return out.finding(rule_id, facts, MET, met(listed(records)), records=records)


def judged(
    out: Out,
    rule_id: str,
    facts: CaseFacts,
    result: Quantified,
    met: str,
    not_met: tuple[str, str],
    insufficient: Callable[[str], tuple[str, str]],
) -> Finding:
    """The finding of a rule on case facts alone (no records)."""
    return conclude(
        out, rule_id, facts, result, [], lambda _shown: met, lambda _shown: not_met, insufficient
    )
