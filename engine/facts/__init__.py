"""The facts rules read: each declared beside the formula that derives it from a case.

One module per collection of the case (`risk`, `adult`, `intervention`, `allocation`,
`conference`) and per part of the child's decision (`child`, `case`, `compliance`);
`vocabulary` gathers their declarations and `derive` runs their formulas.
"""

from engine.facts.child import plan_ends_by_decision
from engine.facts.derive import CaseFacts, derive_facts
from engine.facts.fact import CaseFactGroup, CollectionDef, FactDef, Record
from engine.facts.vocabulary import (
    ALL_FACTS,
    CASE_FACTS,
    COLLECTION_BY_NAME,
    COLLECTIONS,
    RECORD_FACTS,
    facts_reference,
)

__all__ = [
    "ALL_FACTS",
    "CASE_FACTS",
    "COLLECTIONS",
    "COLLECTION_BY_NAME",
    "RECORD_FACTS",
    "CaseFactGroup",
    "CaseFacts",
    "CollectionDef",
    "FactDef",
    "Record",
    "derive_facts",
    "facts_reference",
    "plan_ends_by_decision",
]
