"""What a rule reads of one child's facts, as a hashable value: two children for whom a rule
reads the same values get the same finding (but for the child it names), so the engine
evaluates the rule once for them.

A rule reads the case facts its conditions and texts name, and of each collection it
quantifies over the records' facts its conditions name (with each record's ref, which its
missing-data paths and record references show). Nothing else of the facts decides its
finding: the as-of date and the parameters are the same for every child of a case.
"""

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter

from engine.facts import COLLECTION_BY_NAME, CaseFacts

ReadInputs = Callable[[CaseFacts], Hashable]


@dataclass(frozen=True, slots=True)
class RuleReads:
    case: tuple[str, ...]
    """The `case.*` facts the rule reads."""
    records: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]
    """For each collection it quantifies over: the collection, its items' ref fact, and the
    facts it reads of each record with their labels (in the order it names them)."""

    shown: Mapping[str, tuple[str, tuple[tuple[str, str], ...]]]
    """By collection: a record's ref fact and the facts (with labels) shown with it in a
    finding, which are those the rule reads."""


def rule_reads(
    facts_used: Sequence[str], collections: Sequence[str], text_names: Sequence[str]
) -> RuleReads:
    """`facts_used`: the facts the rule's conditions and `shows` name, in order;
    `collections`: those its conditions quantify over; `text_names`: what its texts name."""
    records = []
    for collection in collections:
        item = COLLECTION_BY_NAME[collection].item
        ref_fact = f"{item}.ref"
        labelled = tuple(
            (name, name.split(".", 1)[1].replace("_", " "))
            for name in facts_used
            if name.startswith(f"{item}.") and name != ref_fact
        )
        records.append((collection, ref_fact, labelled))
    case = tuple(
        dict.fromkeys(name for name in (*facts_used, *text_names) if name.startswith("case."))
    )
    shown = {collection: (ref_fact, facts) for collection, ref_fact, facts in records}
    return RuleReads(case, tuple(records), shown)


def inputs_reader(reads: RuleReads) -> ReadInputs:
    """A function giving the values the rule reads of a child's facts."""
    case_values = itemgetter(*reads.case) if reads.case else None
    per_record = tuple(
        (collection, itemgetter(ref_fact, *(name for name, _ in shown)))
        for collection, ref_fact, shown in reads.records
    )

    def read(facts: CaseFacts) -> Hashable:
        case_part = case_values(facts.case) if case_values is not None else None
        if not per_record:
            return case_part
        parts: list[Hashable] = [case_part]
        for collection, values in per_record:
            records = facts.collections[collection]
            parts.append(None if records is None else tuple(map(values, records)))
        return tuple(parts)

    return read
