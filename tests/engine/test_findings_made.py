"""Findings made without the dataclass's class call are the findings it makes."""

import dataclasses
import datetime as dt
import inspect
from typing import Any

from engine.findings import for_children, new_finding
from models.assessment import Citation, Finding, Outcome, RecordRef, Severity


def test_new_finding_sets_every_field_of_a_finding() -> None:
    fields = [field.name for field in dataclasses.fields(Finding)]
    assert list(inspect.signature(new_finding).parameters) == fields
    values: dict[str, Any] = {
        "rule_id": "sustained-change",
        "title": "Sustained change",
        "outcome": Outcome.NOT_MET,
        "severity": Severity.BLOCKING,
        "reason": "Not yet.",
        "next_step": "Wait.",
        "records": [RecordRef("risks", "R1", "status: active")],
        "missing": ["risks[0].status"],
        "earliest_met_date": dt.date(2024, 5, 2),
        "citation": Citation(document="d", section="s", quote="q"),
        "children": ["C1"],
    }
    made = new_finding(*values.values())
    assert made == Finding(**values)
    assert for_children(made, ["C2", "C3"]) == dataclasses.replace(made, children=["C2", "C3"])
