"""What evaluating a condition yields: a three-valued truth and the evidence behind it.

`truth` is True, False or None (unknown: data the condition needs was not recorded).
Combinators follow Kleene's logic: `all` is false if any part is false, else unknown if any
part is unknown; `any` is true if any part is true, else unknown if any part is unknown.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from engine.facts import CaseFacts, Record


class Bound(NamedTuple):
    collection: str
    record: Record


class Evidence(NamedTuple):
    truth: bool | None
    records: tuple[Bound, ...] = ()
    missing: tuple[str, ...] = ()
    earliest: dt.date | None = None
    """For a time-based condition not yet true: the first date it could become true."""


@dataclass(slots=True)
class Env:
    facts: CaseFacts
    parameters: Mapping[str, Any]
    bound: dict[str, Record]


Evaluate = Callable[[Env], Evidence]

NOT_STARTED = dt.date.max
"""The `earliest` of a time-based condition whose count has not begun: no date can be given."""

TRUE = Evidence(True)
FALSE = Evidence(False)
UNKNOWN_EVIDENCE = Evidence(None)


def any_of(false_parts: list[Evidence], unknown_parts: list[Evidence]) -> Evidence:
    """Kleene `or` of parts none of which is true, sorted by their truth."""
    if unknown_parts:
        return merge(None, unknown_parts, latest=False)
    return merge(False, false_parts, latest=False)


def negate(evidence: Evidence) -> Evidence:
    truth = None if evidence.truth is None else not evidence.truth
    return Evidence(truth, evidence.records, evidence.missing, None)


def merge(truth: bool | None, parts: list[Evidence], *, latest: bool) -> Evidence:
    """One evidence of the given truth from parts of that truth: their records (each record
    once), missing fields (each once) in order, and the latest (or earliest) date."""
    if len(parts) == 1:
        only = parts[0]
        return (
            only
            if only.truth is truth
            else Evidence(truth, only.records, only.missing, only.earliest)
        )
    records: dict[int, Bound] = {}
    missing: dict[str, None] = {}
    dates = []
    for part in parts:
        if part.records:
            for bound in part.records:
                records.setdefault(id(bound.record), bound)
        if part.missing:
            for name in part.missing:
                missing.setdefault(name)
        if part.earliest is not None:
            dates.append(part.earliest)
    if not records and not missing and not dates:
        return TRUE if truth is True else FALSE if truth is False else UNKNOWN_EVIDENCE
    earliest = (max(dates) if latest else min(dates)) if dates else None
    return Evidence(truth, tuple(records.values()), tuple(missing), earliest)
