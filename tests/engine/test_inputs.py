"""Collections numbered once per child: equal records, equal numbers."""

import datetime as dt
from collections.abc import Hashable

from engine.facts import CaseFacts, Record
from engine.inputs import collection_numbers
from engine.values import UNKNOWN


def _facts(child_ref: str, risks: list[Record] | None) -> CaseFacts:
    return CaseFacts(dt.date(2024, 1, 1), child_ref, {}, {"risks": risks})


def test_the_same_list_equal_records_and_none_are_numbered_by_their_values() -> None:
    shared: list[Record] = [{"risk.ref": "R1", "risk.on_plan": True}]
    equal: list[Record] = [{"risk.ref": "R1", "risk.on_plan": True}]
    other: list[Record] = [{"risk.ref": "R1", "risk.on_plan": UNKNOWN}]
    numbers: dict[Hashable, int] = {}
    first, same_list, equal_list, other_list, unrecorded, unrecorded_again = (
        collection_numbers(_facts(ref, risks), numbers)["risks"]
        for ref, risks in [
            ("C1", shared),
            ("C2", shared),
            ("C3", equal),
            ("C4", other),
            ("C5", None),
            ("C6", None),
        ]
    )
    assert first == same_list == equal_list
    assert len({first, other_list, unrecorded}) == 3
    assert unrecorded == unrecorded_again
