"""The case model's own checks: references, dated actions, strict parsing, safe messages."""

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from models.case import Case, parse_case
from models.validation import describe_validation_error

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "not-ready-step-down.json"


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text())
    return data


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        parse_case(json.dumps(data))
    return [f"{error.path}: {error.message}" for error in describe_validation_error(caught.value)]


def test_the_example_parses() -> None:
    assert parse_case(EXAMPLE.read_text()).case_ref == "FAM-2024-0173"


def test_intervention_must_address_a_known_risk() -> None:
    data = example()
    data["interventions"][0]["addresses_risks"] = ["R-SECRET"]
    [problem] = problems(data)
    assert (
        "interventions[0].addresses_risks names a risk_ref that is not among the case's risks"
        in problem
    )
    assert "R-SECRET" not in problem


def test_refs_are_unique_within_a_collection() -> None:
    data = example()
    data["adults"][1]["adult_ref"] = data["adults"][0]["adult_ref"]
    [problem] = problems(data)
    assert "adults[1].adult_ref repeats an earlier adult_ref" in problem


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ({"done": True}, "a done action needs its date"),
        ({"done": False, "date": "2024-01-02"}, "an action not done has no date"),
    ],
)
def test_actions_carry_a_date_exactly_when_done(action: dict[str, Any], message: str) -> None:
    data = example()
    data["adults"][0]["police_check"] = action
    assert problems(data) == [f"adults[0].police_check: {message}"]


def test_administrative_reason_only_with_an_administrative_end() -> None:
    data = example()
    data["proposed_outcome"]["administrative_reason"] = "reached_18"
    assert problems(data) == [
        "proposed_outcome: administrative_reason is only for an administrative end"
    ]
    data["proposed_outcome"] = {"kind": "administrative_end"}
    assert problems(data) == [
        "proposed_outcome: an administrative end needs its administrative_reason"
    ]


def test_plans_and_interventions_end_after_they_start() -> None:
    data = example()
    data["children"][0]["cp_plans"][0]["end_date"] = "2019-01-01"
    data["interventions"][1]["end_date"] = "2023-01-01"
    found = problems(data)
    assert "children[0].cp_plans[0]: end_date is before start_date" in found
    assert "interventions[1]: end_date is before start_date" in found


def test_parsing_is_strict_and_messages_never_repeat_values() -> None:
    data = example()
    data["adults"][0]["regularly_in_home"] = "yes"
    data["case_ref"] = "Jane Smith"
    data["adults"][0]["name"] = "Jane Smith"
    found = problems(data)
    assert any(problem.startswith("adults[0].regularly_in_home:") for problem in found)
    assert "adults[0].name: unknown field (not part of the case schema)" in found
    assert any(problem.startswith("case_ref:") for problem in found)
    assert not any("Jane" in problem for problem in found)


def test_absent_optional_data_is_not_recorded_not_false() -> None:
    data = example()
    del data["adults"][0]["regularly_in_home"]
    del data["interventions"]
    case = Case.model_validate(data)
    assert case.adults[0].regularly_in_home is None
    assert case.interventions is None
