"""Case field paths in plain words, named from the case's own records."""

import json
from pathlib import Path
from typing import Any

import pytest

from engine.plain_words import (
    code_words,
    describe,
    in_plain_words,
    record_ref_words,
    value_words,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "insufficient-information.json"


@pytest.fixture
def case() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text())
    return data


@pytest.mark.parametrize(
    ("path", "words"),
    [
        (
            "adults[A2].parental_history_considered",
            "whether the partner's own history was considered",
        ),
        (
            "adults[1].parental_history_considered",
            "whether the partner's own history was considered",
        ),
        ("adults[A1].harm_history", "what harm the mother has a history of"),
        ("adults[A2].police_check.date", "when police checks were done on the partner"),
        ("adults[A2].police_check.done", "whether police checks were done on the partner"),
        (
            "family_network.considered",
            "whether the family and friends network was considered in planning",
        ),
        (
            "proposed_outcome.lead_practitioner_after_cin",
            "whether a lead practitioner is named for after the CIN plan ends",
        ),
        ("disguised_compliance_analysis", "whether signs of disguised compliance were analysed"),
        (
            "conferences[CF-3].previous_deplanning_reviewed",
            "whether the review conference CF-3 of 9 May 2024 addressed why the previous de-planning did not hold",
        ),
        ("risks[R2].status", "where risk R2 (parental drug misuse) stands on the plan"),
        ("children[0].cp_plans[1]", "CP plan #2 of child C1"),
        ("children[C1].cp_plans[P-0288-1a]", "CP plan P-0288-1a of child C1"),
        (
            "allocations[SW-088].transfer_review",
            "whether the social worker SW-088 reviewed the chronology and genogram on taking over",
        ),
        ("decision_date", "the date of the conference deciding on de-planning"),
        (
            "risks, interventions, engagement_events",
            "the risks, the interventions and the engagement events",
        ),
        (
            "risks[R1].conferences[CF-3].agencies_contributed",
            "the agencies contributed (risk R1 (neglect), the review conference CF-3 of 9 May 2024)",
        ),
    ],
)
def test_paths_in_plain_words(case: dict[str, Any], path: str, words: str) -> None:
    assert describe(path, case) == words


def test_a_role_shared_by_two_adults_is_told_apart_by_reference(case: dict[str, Any]) -> None:
    case["adults"][1]["role"] = "mother"
    assert (
        describe("adults[A2].care_experienced", case) == "whether the mother A2 is care-experienced"
    )
    case["adults"][1]["role"] = "father"
    assert describe("adults[A2].care_experienced", case) == "whether the father is care-experienced"


def test_what_the_case_model_does_not_know_is_never_quoted(case: dict[str, Any]) -> None:
    case["adults"][1]["role"] = "Mr Smith"
    case["adults"][1]["adult_ref"] = "John Smith!"
    assert describe("adults[1].police_check", case) == "whether police checks were done on adult #2"
    assert "Smith" not in record_ref_words("adults", "1", case)


def test_without_the_case_records_are_named_by_reference() -> None:
    assert describe("adults[A2].parental_history_considered", {}) == (
        "whether adult A2's own history was considered"
    )
    assert record_ref_words("risks", "R9", {}) == "risk R9"


def test_engine_text_has_its_paths_put_in_words(case: dict[str, Any]) -> None:
    text = "Record it (conferences[CF-3].previous_deplanning_reviewed); see safety_statement."
    assert in_plain_words(text, case) == (
        "Record it (whether the review conference CF-3 of 9 May 2024 addressed why the "
        "previous de-planning did not hold); see the safety statement."
    )
    assert in_plain_words("step-down to cin_plan, as_of: 3 risk(s)", case) == (
        "step-down to cin_plan, as_of: 3 risk(s)"
    )


def test_values_and_codes_in_plain_words() -> None:
    assert value_words({"done": True, "date": "2024-04-01"}) == "yes, on 1 April 2024"
    assert value_words({"done": False}) == "no"
    assert value_words(["domestic_abuse", "violence"]) == "domestic abuse and violence"
    assert value_words([]) == "none"
    assert value_words(True) == "yes"
    assert value_words(3) == "3"
    assert code_words("step_down_to_cin") == "step down to a CIN plan"
    assert code_words("adult_mental_health_service") == "adult mental health service"
