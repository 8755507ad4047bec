"""The benchmark's comparisons are only fair if they compute the same thing as the engine:
the hand-written limit gives the engine's findings (each child's, and the family's), and
durable-rules each child's outcomes. No timing here (CI does not run the benchmarks; see
docs/benchmarks.md)."""

import datetime as dt
import importlib.util
import os
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings

from benchmarks.corpus import case_texts
from benchmarks.limit import Limit
from engine import load_ruleset
from engine.facts import derive_facts
from engine.findings import display_order
from engine.ruleset import RuleSet
from models.case import Case
from tests.strategies import GENERATED_CASES, cases_with_as_of

CASES = 150
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DURABLE_MISSING = importlib.util.find_spec("durable") is None


@cache
def _ruleset() -> RuleSet:
    return load_ruleset(overlay="")


@cache
def _limit(day: dt.date) -> Limit:
    return Limit(_ruleset(), day)


@pytest.fixture(scope="module")
def corpus() -> list[Case]:
    """The cases the engine benchmark times, and the worked examples."""
    examples = [
        Case.model_validate_json(path.read_text(encoding="utf-8"))
        for path in sorted(EXAMPLES.glob("*.json"))
    ]
    return [Case.model_validate_json(text) for text in case_texts(CASES)] + examples


def _days(case: Case, ruleset: RuleSet) -> list[dt.date]:
    """The decision date, and an earlier as-of date where the rules were already in force."""
    earlier = case.decision_date - dt.timedelta(days=75)
    return [case.decision_date] + ([earlier] if ruleset.in_force(earlier) else [])


def _assert_the_limit_agrees(case: Case, day: dt.date) -> Counter[str]:
    """The limit's findings for each child, and the family's, are the engine's; returns the
    outcomes seen."""
    ruleset = _ruleset()
    limit = _limit(day)
    facts = derive_facts(case, day, ruleset.parameters.on(day))
    by_child = limit.findings_by_child(facts)
    assert by_child == ruleset.findings_by_child(case, day), (case.case_ref, day)
    family = display_order(limit.family_findings(facts, by_child))
    assert family == ruleset.assess(case, day).findings, (case.case_ref, day)
    return Counter(f.outcome.value for findings in by_child.values() for f in findings)


def test_the_limit_gives_the_engines_findings_on_the_corpus(corpus: list[Case]) -> None:
    outcomes: Counter[str] = Counter()
    for case in corpus:
        for day in _days(case, _ruleset()):
            outcomes += _assert_the_limit_agrees(case, day)
    # the corpus exercises every outcome, so the agreement means something
    assert set(outcomes) == {"met", "not_met", "not_applicable", "insufficient_information"}


@settings(GENERATED_CASES, max_examples=int(os.environ.get("DEPLAN_PROPERTY_EXAMPLES", "150")))
@given(cases_with_as_of())
def test_the_limit_gives_the_engines_findings_on_any_valid_case(
    case_and_day: tuple[Case, dt.date],
) -> None:
    case, day = case_and_day
    if _ruleset().in_force(day):
        _assert_the_limit_agrees(case, day)


def test_the_limit_refuses_another_rule_set() -> None:
    ruleset = _ruleset()
    day = dt.date(2024, 1, 1)
    fewer = RuleSet(
        version=ruleset.version,
        content_hash=ruleset.content_hash,
        rules=ruleset.rules[1:],
        parameters=ruleset.parameters,
        severities=ruleset.severities,
    )
    with pytest.raises(ValueError, match="base catalogue"):
        Limit(fewer, day)


def test_the_limit_follows_the_rules_in_force_on_the_day() -> None:
    """family-hub-and-support-plan is in force from 2021 only."""
    ruleset = _ruleset()
    case = Case.model_validate_json((EXAMPLES / "ready-step-down.json").read_text("utf-8"))
    counts = []
    for day in (dt.date(2019, 1, 1), dt.date(2024, 1, 1)):
        facts = derive_facts(case, day, ruleset.parameters.on(day))[0]
        rule_ids = [finding.rule_id for finding in Limit(ruleset, day).findings(facts)]
        assert rule_ids == [rule.id for rule in ruleset.in_force(day)]
        counts.append(len(rule_ids))
    assert counts == [25, 26]


@pytest.mark.skipif(
    DURABLE_MISSING,
    reason="durable-rules is not installed: it is in the `bench` dependency group "
    "(`uv sync --group bench`, compiles C), which a plain `uv sync` leaves out",
)
def test_durable_rules_gives_the_engines_outcomes(corpus: list[Case]) -> None:
    from benchmarks.durable_peer import DurablePeer

    ruleset = _ruleset()
    peers: dict[tuple[str, ...], DurablePeer] = {}
    for case in corpus[:60]:
        for day in _days(case, ruleset):
            key = tuple(rule.id for rule in ruleset.in_force(day))
            if key not in peers:
                peers[key] = DurablePeer(ruleset, day)
            by_child = ruleset.findings_by_child(case, day)
            for facts in derive_facts(case, day, ruleset.parameters.on(day)):
                expected = [(f.rule_id, f.outcome) for f in by_child[facts.child_ref]]
                assert peers[key].outcomes(facts) == expected, (case.case_ref, facts.child_ref, day)
