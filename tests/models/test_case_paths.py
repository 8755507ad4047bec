"""Case field paths resolved against the case model and a case's JSON."""

import json
from pathlib import Path
from typing import Any

import pytest

from models.case import Action, Adult, SafetyStatement
from models.case_paths import locate, with_values

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "insufficient-information.json"


@pytest.fixture
def case() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text())
    return data


def test_a_field_of_a_record_named_by_its_reference(case: dict[str, Any]) -> None:
    slot = locate(case, "adults[A2].parental_history_considered")
    assert slot is not None
    assert (slot.model, slot.field, slot.annotation) == (
        Adult,
        "parental_history_considered",
        Action,
    )
    assert slot.location == ("adults", 1, "parental_history_considered")
    assert [(r.collection, r.ref) for r in slot.records] == [("adults", "A2")]
    assert slot.value is None


def test_a_field_inside_a_group_not_recorded_yet(case: dict[str, Any]) -> None:
    slot = locate(case, "safety_statement.sustain_months_agreed")
    assert slot is not None
    assert (slot.model, slot.annotation, slot.location) == (
        SafetyStatement,
        int,
        ("safety_statement", "sustain_months_agreed"),
    )


@pytest.mark.parametrize(
    "path",
    [
        "adults",
        "adults[A2].nickname",
        "adults.role",
        "decision_date.day",
        "ADULTS[A1].role",
        "x" * 300,
    ],
)
def test_paths_the_model_does_not_have(case: dict[str, Any], path: str) -> None:
    slot = locate(case, path)
    assert slot is None or (path == "adults" and slot.annotation is not None)


def test_a_whole_record_and_an_absent_one(case: dict[str, Any]) -> None:
    record = locate(case, "children[0].cp_plans[0]")
    assert record is not None
    assert record.whole_record
    absent = locate(case, "adults[A9].role")
    assert absent is not None
    assert -1 in absent.location


def test_values_are_set_on_a_copy(case: dict[str, Any]) -> None:
    before = json.dumps(case)
    copy = with_values(
        case,
        {
            "safety_statement.evidence_of_change_defined": True,
            "adults[A2].parental_history_considered": {"done": False},
        },
    )
    assert copy["safety_statement"] == {"evidence_of_change_defined": True}
    assert copy["adults"][1]["parental_history_considered"] == {"done": False}
    assert json.dumps(case) == before
    for path in ("adults[A9].role", "children[0].cp_plans[0]", "nonsense"):
        with pytest.raises(KeyError):
            with_values(case, {path: True})
