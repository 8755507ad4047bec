"""Completing a case: questions derived from the case model's field types, answers read
and applied to a copy of the case."""

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from engine import RuleSet, load_ruleset
from engine.questions import Kind, completed, questions_for, read_answers
from models.assessment import Outcome, Verdict
from models.case import parse_case

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return load_ruleset()


def _case(name: str) -> tuple[dict[str, Any], bytes]:
    raw = (EXAMPLES / name).read_bytes()
    data: dict[str, Any] = json.loads(raw)
    return data, raw


def test_each_missing_field_gets_a_question_of_its_type(ruleset: RuleSet) -> None:
    data, raw = _case("insufficient-information.json")
    assessment = ruleset.assess(parse_case(raw))
    questions, unanswerable = questions_for(assessment.findings, data)
    kinds = {question.path: question.kind for question in questions}
    assert kinds["disguised_compliance_analysis"] is Kind.ACTION
    assert kinds["adults[A1].earlier_children_living_elsewhere"] is Kind.YES_NO
    assert kinds["adults[A1].harm_history"] is Kind.CHOICES
    # A missing group is asked field by field.
    assert kinds["safety_statement.agreed"] is Kind.ACTION
    assert kinds["safety_statement.evidence_of_change_defined"] is Kind.YES_NO
    months = next(q for q in questions if q.path == "safety_statement.sustain_months_agreed")
    assert (months.kind, months.minimum, months.maximum) == (Kind.NUMBER, 0, 60)
    assert "safety_statement" not in kinds
    harm = next(q for q in questions if q.path == "adults[A1].harm_history")
    assert ("domestic_abuse", "Domestic abuse") in harm.options
    assert harm.label == "What harm the mother has a history of"
    assert len(kinds) == len(questions)  # each field once, though two rules ask for it
    assert unanswerable == []


def test_one_findings_questions_are_exactly_its_missing_fields(ruleset: RuleSet) -> None:
    data, raw = _case("not-ready-step-down.json")
    assessment = ruleset.assess(parse_case(raw))
    finding = next(f for f in assessment.findings if f.rule_id == "previous-deplanning-reviewed")
    questions, _ = questions_for([finding], data)
    assert [(q.path, q.kind) for q in questions] == [
        ("conferences[CF-3].previous_deplanning_reviewed", Kind.YES_NO)
    ]


def test_a_missing_collection_cannot_be_answered_here(ruleset: RuleSet) -> None:
    data, raw = _case("insufficient-information.json")
    finding = ruleset.assess(parse_case(raw)).findings[0]
    gap = dataclasses.replace(
        finding,
        outcome=Outcome.INSUFFICIENT_INFORMATION,
        missing=["risks, interventions", "conferences[CF-9].date"],
    )
    questions, unanswerable = questions_for([gap], data)
    assert questions == []
    assert unanswerable[0] == "the risks and the interventions"


@pytest.mark.parametrize(
    ("form", "values", "problems"),
    [
        ({"q0": ["no"]}, {"disguised_compliance_analysis": {"done": False}}, []),
        (
            {"q0": ["yes"], "q0-date": ["2024-04-01"]},
            {"disguised_compliance_analysis": {"done": True, "date": "2024-04-01"}},
            [],
        ),
        ({"q0": ["yes"]}, {}, ["Enter the date it was done"]),
        (
            {"q0": ["yes"], "q0-date": ["2024-02-30"]},
            {},
            ["Enter a real date, for example 27 3 2024"],
        ),
        ({"q0": ["not-known"], "q0-date": ["2024-04-01"]}, {}, []),
        ({"q3": ["maybe"]}, {}, ["Choose yes, no or not known"]),
        ({"q3": ["yes", "no"]}, {}, ["Give one answer"]),
        ({"q4": ["none"]}, {"adults[A1].harm_history": []}, []),
        (
            {"q4": ["violence", "domestic_abuse"]},
            {"adults[A1].harm_history": ["domestic_abuse", "violence"]},
            [],
        ),
        (
            {"q4": ["none", "violence"]},
            {},
            ["Choose “none of these” on its own, or the ones that apply"],
        ),
        ({"q4": ["arson"]}, {}, ["Choose from the options"]),
        ({"q9": ["3"]}, {"safety_statement.sustain_months_agreed": 3}, []),
        ({"q9": ["61"]}, {}, ["Enter a number from 0 to 60"]),
        ({"q9": ["three"]}, {}, ["Enter a whole number, like 3"]),
    ],
)
def test_answers_are_read_by_their_questions_type(
    ruleset: RuleSet, form: dict[str, list[str]], values: dict[str, Any], problems: list[str]
) -> None:
    data, raw = _case("insufficient-information.json")
    questions, _ = questions_for(ruleset.assess(parse_case(raw)).findings, data)
    assert [q.path for q in questions][:10] == [
        "disguised_compliance_analysis",
        "proposed_outcome.lead_practitioner_after_cin",
        "family_network.considered",
        "adults[A1].earlier_children_living_elsewhere",
        "adults[A1].harm_history",
        "adults[A2].earlier_children_living_elsewhere",
        "adults[A2].harm_history",
        "safety_statement.agreed",
        "safety_statement.evidence_of_change_defined",
        "safety_statement.sustain_months_agreed",
    ]
    read, found = read_answers(questions, form)
    assert read == values
    assert [problem.message for problem in found] == problems


def test_a_supplied_field_changes_the_verdict_and_the_case_is_copied(ruleset: RuleSet) -> None:
    data, raw = _case("insufficient-information.json")
    before = json.dumps(data)
    assert ruleset.assess(parse_case(raw)).verdict is Verdict.INSUFFICIENT_INFORMATION
    case = completed(data, {"disguised_compliance_analysis": {"done": False}})
    assert ruleset.assess(case).verdict is Verdict.NOT_READY
    assert json.dumps(data) == before


def test_values_the_case_model_refuses_are_refused(ruleset: RuleSet) -> None:
    data, _ = _case("insufficient-information.json")
    with pytest.raises(ValidationError) as raised:
        completed(data, {"safety_statement.evidence_of_change_defined": True})
    assert raised.value.errors()[0]["loc"] == ("safety_statement", "agreed")
    with pytest.raises(KeyError):
        completed(data, {"adults[A9].care_experienced": True})


def test_a_date_after_the_decision_date_is_refused(ruleset: RuleSet) -> None:
    data, raw = _case("insufficient-information.json")
    questions, _ = questions_for(ruleset.assess(parse_case(raw)).findings, data)
    decision = dt.date(2024, 5, 9)
    late = {"q0": ["yes"], "q0-date": ["2024-05-10"]}
    values, problems = read_answers(questions, late, latest=decision)
    assert values == {}
    assert problems[0].message.startswith("Enter a date on or before 9 May 2024")
    assert problems[0].date_part
    on_the_day = {"q0": ["yes"], "q0-date": ["2024-05-09"]}
    assert read_answers(questions, on_the_day, latest=decision)[1] == []
