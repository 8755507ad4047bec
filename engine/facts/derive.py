"""Derive the facts of a case as of a date: one set per child, each decision's own.

CP plans, outcomes and risks are per child, so each child's decision gets its own facts: the
child's proposed outcome and current plan, the risks that concern the child, the conferences
and worker changes of the child's plan. Family-level records (adults, interventions, the
network, engagement) are shared, and derived once per case (`engine.facts.view`, which also
states the as-of semantics).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.facts.fact import Record
from engine.facts.view import child_view, family_view
from engine.facts.vocabulary import CASE_FACT_GROUPS, COLLECTIONS
from models.case import Case


# Not frozen, and never changed once made: a frozen dataclass takes about 5x as long to make.
@dataclass(slots=True)
class CaseFacts:
    """The facts of one child's decision: `case.*` facts and each collection's records."""

    as_of: dt.date
    child_ref: str
    case: Record
    collections: dict[str, list[Record] | None]
    """None for a collection the case did not record at all."""


def derive_facts(case: Case, as_of: dt.date, parameters: Mapping[str, Any]) -> list[CaseFacts]:
    """The facts of each child's decision as of `as_of`, in the order of `case.children`.

    Only what was recorded by `as_of` counts (`engine.facts.view`); `parameters` are those in
    force on the day the rules judge (`Parameters.on`). Each child's facts are exactly those
    `engine.facts.vocabulary` declares: every `case.*` fact, and for each collection either
    None (the case did not record it) or one record of the collection's facts per item. A fact
    whose data was not recorded has the value `UNKNOWN`.
    """
    view = family_view(case, as_of, parameters)
    facts: list[CaseFacts] = []
    for child in case.children:
        child_of = child_view(view, child)
        collections = {c.name: c.records(view, child_of) for c in COLLECTIONS}
        record: Record = {}
        for group in CASE_FACT_GROUPS:
            record |= group.derive(view, child_of, collections)
        facts.append(CaseFacts(as_of, child.child_ref, record, collections))
    return facts
