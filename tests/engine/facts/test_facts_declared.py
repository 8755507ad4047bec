"""`derive_facts` yields exactly the declared facts, each of its declared type.

Over the example cases, the seeded cohort and the paper's families, as of their decision date
and 300 days before it, and over generated cases (tests/strategies.py) as of a date drawn near
theirs.
"""

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings

from engine import load_ruleset
from engine.facts import CASE_FACTS, COLLECTIONS, CaseFacts, FactDef, derive_facts
from engine.values import UNKNOWN, FactValue, Kind
from examples.generate_cohort import generate_cases
from models.case import Case
from tests.strategies import GENERATED_CASES, cases_with_as_of

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
PARAMETERS = load_ruleset().parameters


def _example_cases() -> Iterator[tuple[str, Case]]:
    for path in sorted(EXAMPLES.glob("*.json")):
        yield path.name, Case.model_validate_json(path.read_text())
    for index, data in enumerate(generate_cases(60, 2024)):
        yield f"cohort case {index}", Case.model_validate(data)
    for line in (EXAMPLES / "paper-cohort.jsonl").read_text().splitlines():
        case = Case.model_validate(json.loads(line))
        yield f"paper cohort {case.case_ref}", case


EXAMPLE_CASES = dict(_example_cases())


def _type_problem(fact: FactDef, value: FactValue) -> str | None:
    if value is UNKNOWN:
        return "unknown, but declared always known" if fact.always_known else None
    kind = fact.type.kind
    fits = {
        Kind.BOOL: isinstance(value, bool),
        Kind.NUMBER: isinstance(value, int) and not isinstance(value, bool),
        Kind.DATE: isinstance(value, dt.date),
        Kind.TEXT: isinstance(value, str),
        Kind.CODE: isinstance(value, str) and value in fact.type.codes,
        Kind.CODES: isinstance(value, frozenset) and value <= set(fact.type.codes),
    }[kind]
    return None if fits else f"{value!r} is not {fact.type.describe()}"


def _problems(facts: CaseFacts) -> list[str]:
    def check(record: Mapping[str, FactValue], declared: Mapping[str, FactDef]) -> list[str]:
        found = [f"undeclared {name}" for name in record.keys() - declared.keys()]
        found += [f"missing {name}" for name in declared.keys() - record.keys()]
        for name in record.keys() & declared.keys():
            problem = _type_problem(declared[name], record[name])
            found += [] if problem is None else [f"{name}: {problem}"]
        return found

    problems = check(facts.case, CASE_FACTS)
    if facts.collections.keys() != {c.name for c in COLLECTIONS}:
        problems.append(f"collections {sorted(facts.collections)}")
    for collection in COLLECTIONS:
        records = facts.collections.get(collection.name)
        if records is None and not collection.optional:
            problems.append(f"{collection.name} unrecorded, but declared always recorded")
        for record in records or ():
            problems += check(record, collection.facts)
    return problems


def _assert_declared(case: Case, as_of: dt.date) -> None:
    derived = derive_facts(case, as_of, PARAMETERS.on(as_of))
    assert [facts.child_ref for facts in derived] == [c.child_ref for c in case.children]
    for facts in derived:
        assert _problems(facts) == [], (case.case_ref, facts.child_ref, as_of)


@pytest.mark.parametrize("case", EXAMPLE_CASES.values(), ids=EXAMPLE_CASES.keys())
def test_examples_yield_exactly_the_declared_facts(case: Case) -> None:
    for as_of in (case.decision_date, case.decision_date - dt.timedelta(days=300)):
        _assert_declared(case, as_of)


@settings(GENERATED_CASES, max_examples=150)
@given(cases_with_as_of())
def test_generated_cases_yield_exactly_the_declared_facts(drawn: tuple[Case, dt.date]) -> None:
    _assert_declared(*drawn)


def test_the_check_sees_an_undeclared_a_missing_and_a_mistyped_fact() -> None:
    case = Case.model_validate_json((EXAMPLES / "ready-step-down.json").read_text())
    facts = derive_facts(case, case.decision_date, PARAMETERS.on(case.decision_date))[0]
    assert _problems(facts) == []
    facts.case["case.invented"] = True
    del facts.case["case.outcome"]
    facts.case["case.plan_start_date"] = "yesterday"
    assert sorted(_problems(facts)) == [
        "case.plan_start_date: 'yesterday' is not date",
        "missing case.outcome",
        "undeclared case.invented",
    ]
