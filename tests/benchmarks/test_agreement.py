"""The benchmark's comparisons are only fair if they compute the same thing as the engine:
the hand-written limit gives the engine's findings, durable-rules (and the engine's
outcomes-only path it is timed against) its outcomes. No timing
here (CI does not run the benchmarks; see docs/benchmarks.md)."""

import datetime as dt
import importlib.util
from collections import Counter

import pytest

from benchmarks.corpus import case_texts
from benchmarks.engine_outcomes import engine_outcomes
from benchmarks.limit import Limit
from engine import load_ruleset
from engine.derive import derive_facts
from engine.findings import evaluate_rule
from engine.ruleset import RuleSet
from models.assessment import Finding
from models.case import Case

CASES = 150
DURABLE_MISSING = importlib.util.find_spec("durable") is None


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return load_ruleset()


@pytest.fixture(scope="module")
def corpus() -> list[Case]:
    return [Case.model_validate_json(text) for text in case_texts(CASES)]


def _days(case: Case, ruleset: RuleSet) -> list[dt.date]:
    """The decision date, and an earlier as-of date where the rules were already in force."""
    earlier = case.decision_date - dt.timedelta(days=75)
    return [case.decision_date] + ([earlier] if ruleset.in_force(earlier) else [])


def _engine(ruleset: RuleSet, case: Case, day: dt.date) -> list[Finding]:
    return ruleset.findings(case, day)


def test_the_limit_gives_the_engines_findings(ruleset: RuleSet, corpus: list[Case]) -> None:
    outcomes: Counter[str] = Counter()
    for case in corpus:
        for day in _days(case, ruleset):
            parameters = ruleset.parameters.on(day)
            facts = derive_facts(case, day, parameters)
            expected = [
                evaluate_rule(rule, facts, parameters, ruleset.severities[rule.id])
                for rule in ruleset.in_force(day)
            ]
            assert expected == _engine(ruleset, case, day)
            assert Limit(ruleset, day).findings(facts) == expected, (case.case_ref, day)
            outcomes.update(finding.outcome.value for finding in expected)
    # the corpus exercises every outcome, so the agreement means something
    assert set(outcomes) == {"met", "not_met", "not_applicable", "insufficient_information"}


def test_the_limit_refuses_another_rule_set(ruleset: RuleSet) -> None:
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


@pytest.mark.skipif(
    DURABLE_MISSING,
    reason="durable-rules is not installed: it is in the `bench` dependency group "
    "(`uv sync --group bench`, compiles C), which a plain `uv sync` leaves out",
)
def test_durable_rules_gives_the_engines_outcomes(ruleset: RuleSet, corpus: list[Case]) -> None:
    from benchmarks.durable_peer import DurablePeer

    peers: dict[tuple[str, ...], DurablePeer] = {}
    for case in corpus[:60]:
        for day in _days(case, ruleset):
            rules = ruleset.in_force(day)
            key = tuple(rule.id for rule in rules)
            if key not in peers:
                peers[key] = DurablePeer(ruleset, day)
            facts = derive_facts(case, day, ruleset.parameters.on(day))
            expected = [
                (finding.rule_id, finding.outcome) for finding in ruleset.findings(case, day)
            ]
            assert peers[key].outcomes(facts) == expected, (case.case_ref, day)


def test_the_engines_outcomes_alone_are_its_findings_outcomes(
    ruleset: RuleSet, corpus: list[Case]
) -> None:
    """What durable-rules is compared with: the engine deciding outcomes, no findings built."""
    for case in corpus:
        for day in _days(case, ruleset):
            parameters = ruleset.parameters.on(day)
            facts = derive_facts(case, day, parameters)
            expected = [
                (finding.rule_id, finding.outcome) for finding in ruleset.findings(case, day)
            ]
            outcomes = engine_outcomes(ruleset.in_force(day), facts, parameters)
            assert outcomes == expected, (case.case_ref, day)
