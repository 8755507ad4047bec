"""What a fact is: its declaration, and the formula that derives it beside it.

As in openfisca-core's `Variable` (metadata and formula in one class), a fact's name, type,
meaning and source are declared in the module that derives it. The unit carrying a formula is
a group of facts rather than one fact: the facts of a risk, say, share what they read (its
status as of the date, its interventions), so one formula derives a record's facts at once.
A `CollectionDef` is the group for each record of a list of the case (`risk.*` for `risks`); a
`CaseFactGroup` derives some of the `case.*` facts of one child's decision.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from engine.facts.view import ChildView, FamilyView
from engine.values import FactType, FactValue

Record = dict[str, FactValue]
Collections = Mapping[str, list[Record] | None]
"""Each collection's records for one child's decision; None where the case did not record it."""


@dataclass(frozen=True, slots=True)
class FactDef:
    name: str
    type: FactType
    description: str
    source: str
    """The case field it is read from: what an `insufficient_information` finding names."""
    months_since: str | None = None
    """For a count of whole months: the date fact it counts from (makes a rule time-based)."""
    always_known: bool = False
    """Derived from required case fields, so never unknown."""


def declare(*facts: FactDef) -> dict[str, FactDef]:
    """Facts by name, in the order given (the order `docs/facts.md` lists them)."""
    return {fact.name: fact for fact in facts}


@dataclass(frozen=True, slots=True)
class CollectionDef:
    """A list of the case whose records rules quantify over (`some`, `every`, `none`)."""

    name: str
    item: str
    """What one record's facts are named after: `risk` for `risks`."""
    description: str
    facts: Mapping[str, FactDef]
    records: Callable[[FamilyView, ChildView], list[Record] | None]
    """The formula: each record's facts for one child's decision; None when not recorded."""
    optional: bool = False
    """Whether the case may leave the whole collection unrecorded (then it is unknown)."""


@dataclass(frozen=True, slots=True)
class CaseFactGroup:
    """Some of the `case.*` facts, and the formula deriving them for one child's decision."""

    title: str
    """What they are about (a heading of `docs/facts.md`)."""
    facts: Mapping[str, FactDef]
    derive: Callable[[FamilyView, ChildView, Collections], Record]
