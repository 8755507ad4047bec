"""The case model's own checks: references, dated actions, dates and list bounds, MAPPA
enquiries, per-child outcomes, strict parsing, safe messages."""

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from models.case import Case, ChildOutcome, parse_case
from models.case_fields import MAX_ADULTS, MAX_CHILDREN, MAX_EVENTS, MAX_REFS
from models.codes import AdministrativeReason, PlanDecision
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
    assert problem == ("(case): interventions[0].addresses_risks names an unknown risk_ref")
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
    assert case.adults is not None
    assert case.adults[0].regularly_in_home is None
    assert case.interventions is None


# Dates between 1900 and 2100


@pytest.mark.parametrize(
    ("path", "day"),
    [
        (("risks", 0, "sustained_change_since"), "9999-11-01"),
        (("decision_date",), "2101-01-01"),
        (("children", 1, "cp_plans", 0, "start_date"), "1899-12-31"),
        (("adults", 0, "police_check", "date"), "0001-01-01"),
        (("adults", 1, "joined_household_date"), "2200-06-30"),
    ],
)
def test_a_date_outside_1900_to_2100_is_rejected_naming_its_field(
    path: tuple[str | int, ...], day: str
) -> None:
    data = example()
    record: Any = data
    for step in path[:-1]:
        record = record[step]
    record[path[-1]] = day
    dotted = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path)
    found = problems(data)
    assert found == [f"{dotted.lstrip('.')}: a date must lie between 1900-01-01 and 2100-12-31"]
    assert not any(day in problem for problem in found)


def test_the_first_and_last_dates_of_the_range_are_accepted() -> None:
    data = example()
    data["risks"][0]["identified_date"] = "1900-01-01"
    data["adults"][0]["joined_household_date"] = "2100-12-31"
    case = parse_case(json.dumps(data))
    assert case.risks is not None
    assert case.risks[0].identified_date.year == 1900


# Bounded lists


def _arrays_and_strings(node: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        if node.get("type") in ("array", "string"):
            found.append((where, node))
        for key, child in node.items():
            found.extend(_arrays_and_strings(child, f"{where}/{key}"))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found.extend(_arrays_and_strings(child, f"{where}/{index}"))
    return found


def test_every_list_and_free_string_is_bounded_in_the_json_schema() -> None:
    nodes = _arrays_and_strings(Case.model_json_schema(), "#")
    arrays = [(where, node) for where, node in nodes if node["type"] == "array"]
    assert len(arrays) >= 15
    assert [where for where, node in arrays if "maxItems" not in node] == []
    strings = [
        where
        for where, node in nodes
        if node["type"] == "string" and not {"enum", "format", "maxLength"} & node.keys()
    ]
    assert strings == []


def _child(ref: str) -> dict[str, Any]:
    return {
        "child_ref": ref,
        "cp_plans": [{"plan_ref": f"P-{ref}", "start_date": "2023-10-02", "category": "NEG"}],
    }


@pytest.mark.parametrize(
    ("path", "grow"),
    [
        ("children", lambda _: [_child(f"C{n}") for n in range(MAX_CHILDREN + 1)]),
        ("risks[0].children", lambda _: ["C1"] * (MAX_CHILDREN + 1)),
        ("risks[0].adults", lambda _: ["A1"] * (MAX_ADULTS + 1)),
        ("interventions[0].addresses_risks", lambda _: ["R1"] * (MAX_REFS + 1)),
        ("engagement_events", lambda d: [d["engagement_events"][0]] * (MAX_EVENTS + 1)),
    ],
)
def test_a_list_over_its_bound_is_rejected_naming_the_list(path: str, grow: Any) -> None:
    data = example()
    record: Any = data
    *parents, last = path.replace("[0]", ".0").split(".")
    for step in parents:
        record = record[int(step)] if step.isdigit() else record[step]
    record[last] = grow(data)
    [problem] = problems(data)
    assert problem.startswith(f"{path}: List should have at most ")


# References from risks to children and adults


@pytest.mark.parametrize(
    ("field", "ref_field"), [("children", "child_ref"), ("adults", "adult_ref")]
)
def test_a_risk_names_only_the_case_s_children_and_adults(field: str, ref_field: str) -> None:
    data = example()
    data["risks"][1][field] = [data[field][0][ref_field], "X-SECRET"]
    [problem] = problems(data)
    assert problem == (f"(case): risks[1].{field} names an unknown {ref_field}")
    assert "X-SECRET" not in problem


def test_a_risk_naming_adults_needs_the_case_to_record_them() -> None:
    data = example()
    data["risks"][0]["adults"] = ["A1"]
    del data["adults"]
    assert problems(data) == ["(case): risks[0].adults names an unknown adult_ref"]


def test_a_risk_may_concern_some_children_or_name_no_one() -> None:
    data = example()
    data["risks"][0]["children"] = ["C2"]
    data["risks"][1]["adults"] = []
    case = parse_case(json.dumps(data))
    assert case.risks is not None
    assert case.risks[0].children == ["C2"]
    assert case.risks[1].adults == []


# MAPPA enquiries

ENQUIRY_DATE = "2023-09-20"
DATED_NOT_DONE = "a done enquiry needs its date, and one not done has none"
CATEGORY_AND_LEVEL = "category and level are given exactly when MAPPA manages the adult"


@pytest.mark.parametrize(
    ("enquiry", "message"),
    [
        ({"done": True}, DATED_NOT_DONE),
        ({"done": False, "date": ENQUIRY_DATE}, DATED_NOT_DONE),
        ({"done": False, "outcome": "not_known"}, "an enquiry not done has no outcome"),
        ({"done": True, "date": ENQUIRY_DATE, "outcome": "mappa_managed"}, CATEGORY_AND_LEVEL),
        (
            {"done": True, "date": ENQUIRY_DATE, "outcome": "mappa_managed", "category": 2},
            CATEGORY_AND_LEVEL,
        ),
        (
            {"done": True, "date": ENQUIRY_DATE, "outcome": "not_known", "category": 1, "level": 1},
            CATEGORY_AND_LEVEL,
        ),
        (
            {"done": True, "date": ENQUIRY_DATE, "category": 1, "level": 1},
            CATEGORY_AND_LEVEL,
        ),
    ],
)
def test_a_mappa_enquiry_must_be_consistent(enquiry: dict[str, Any], message: str) -> None:
    data = example()
    data["adults"][1]["mappa_enquiry"] = enquiry
    assert problems(data) == [f"adults[1].mappa_enquiry: {message}"]


@pytest.mark.parametrize("field", ["category", "level"])
@pytest.mark.parametrize("value", [0, 4])
def test_mappa_category_and_level_run_from_1_to_3(field: str, value: int) -> None:
    data = example()
    enquiry = {"done": True, "date": ENQUIRY_DATE, "outcome": "mappa_managed"}
    data["adults"][1]["mappa_enquiry"] = {"category": 1, "level": 1, **enquiry, field: value}
    [problem] = problems(data)
    assert problem.startswith(f"adults[1].mappa_enquiry.{field}: ")


@pytest.mark.parametrize(
    "enquiry",
    [
        {"done": False},
        {"done": True, "date": ENQUIRY_DATE},
        {"done": True, "date": ENQUIRY_DATE, "outcome": "known_to_probation_not_mappa"},
        {
            "done": True,
            "date": ENQUIRY_DATE,
            "outcome": "mappa_managed",
            "category": 2,
            "level": 3,
        },
    ],
)
def test_consistent_mappa_enquiries_are_accepted(enquiry: dict[str, Any]) -> None:
    data = example()
    data["adults"][1]["mappa_enquiry"] = enquiry
    case = parse_case(json.dumps(data))
    assert case.adults is not None
    assert case.adults[1].mappa_enquiry is not None


# Per-child outcomes


def test_a_child_s_administrative_reason_comes_exactly_with_an_administrative_end() -> None:
    data = example()
    data["children"][0]["outcome"] = {"kind": "close", "administrative_reason": "reached_18"}
    data["children"][1]["outcome"] = {"kind": "administrative_end"}
    assert problems(data) == [
        "children[0].outcome: administrative_reason is only for an administrative end",
        "children[1].outcome: an administrative end needs its administrative_reason",
    ]


def test_outcome_of_is_the_child_s_own_else_the_family_s() -> None:
    data = example()
    data["proposed_outcome"] = {"kind": "administrative_end", "administrative_reason": "left_uk"}
    data["children"][1]["outcome"] = {"kind": "continue_plan"}
    case = parse_case(json.dumps(data))
    first, second = case.children
    assert case.outcome_of(first) == ChildOutcome(
        kind=PlanDecision.ADMINISTRATIVE_END,
        administrative_reason=AdministrativeReason.LEFT_UK,
    )
    assert case.outcome_of(second) == ChildOutcome(kind=PlanDecision.CONTINUE_PLAN)
    assert case.outcome_of(second).administrative_reason is None


def test_a_sibling_may_stay_on_the_plan_while_another_steps_down() -> None:
    data = example()
    data["children"][1]["outcome"] = {"kind": "continue_plan"}
    case = parse_case(json.dumps(data))
    kinds = [case.outcome_of(child).kind for child in case.children]
    assert kinds == [PlanDecision.STEP_DOWN_TO_CIN, PlanDecision.CONTINUE_PLAN]


def test_the_schema_states_the_date_range() -> None:
    schema = Case.model_json_schema()
    decision = schema["properties"]["decision_date"]
    assert (decision["formatMinimum"], decision["formatMaximum"]) == ("1900-01-01", "2100-12-31")
