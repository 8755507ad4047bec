"""What a rule reads of one child's facts, as a hashable value: two children for whom it is
the same get the same finding (but for the child it names), so the engine evaluates the rule
once for them.

A rule reads the case facts its conditions and texts name, and the records of each
collection it quantifies over. Nothing else of the facts decides its finding: the as-of date
and the parameters are the same for every child of a case. A collection's records are
compared whole, once per child (`collection_numbers`), not by the facts each rule names of
them: a little coarser (two children whose records differ only in a fact the rule does not
read do not share its finding), and far cheaper than reading each rule's facts of each record.
"""

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter

from engine.facts import COLLECTION_BY_NAME, CaseFacts

CollectionNumbers = Mapping[str, int]
"""By collection, a number standing for its records: equal for equal records."""
ReadInputs = Callable[[CaseFacts, CollectionNumbers], Hashable]


@dataclass(frozen=True, slots=True)
class RuleReads:
    case: tuple[str, ...]
    """The `case.*` facts the rule reads."""
    collections: tuple[str, ...]
    """The collections it quantifies over."""
    shown: Mapping[str, tuple[str, tuple[tuple[str, str], ...]]]
    """By collection: a record's ref fact and the facts (with labels) shown with it in a
    finding, which are those the rule reads of it (in the order it names them)."""


def rule_reads(
    facts_used: Sequence[str], collections: Sequence[str], text_names: Sequence[str]
) -> RuleReads:
    """`facts_used`: the facts the rule's conditions and `shows` name, in order;
    `collections`: those its conditions quantify over; `text_names`: what its texts name."""
    shown = {}
    for collection in collections:
        item = COLLECTION_BY_NAME[collection].item
        ref_fact = f"{item}.ref"
        labelled = tuple(
            (name, name.split(".", 1)[1].replace("_", " "))
            for name in facts_used
            if name.startswith(f"{item}.") and name != ref_fact
        )
        shown[collection] = (ref_fact, labelled)
    case = tuple(
        dict.fromkeys(name for name in (*facts_used, *text_names) if name.startswith("case."))
    )
    return RuleReads(case, tuple(collections), shown)


def collection_numbers(facts: CaseFacts, numbers: dict[Hashable, int]) -> dict[str, int]:
    """Each collection's records as a number from `numbers` (shared by a case's children;
    a new number for records not seen before). A collection's records all hold the facts
    its declaration lists, in its order (`engine.facts`), so their values tell them apart."""
    return {
        name: numbers.setdefault(
            None if records is None else tuple([tuple(record.values()) for record in records]),
            len(numbers),
        )
        for name, records in facts.collections.items()
    }


def inputs_reader(reads: RuleReads) -> ReadInputs:
    """A function giving what the rule reads of a child's facts: the values of its case facts,
    and the numbers of the collections it quantifies over."""
    case_values = itemgetter(*reads.case) if reads.case else None
    records = itemgetter(*reads.collections) if reads.collections else None

    def read(facts: CaseFacts, numbers: CollectionNumbers) -> Hashable:
        case_part = case_values(facts.case) if case_values is not None else None
        if records is None:
            return case_part
        return case_part, records(numbers)

    return read
