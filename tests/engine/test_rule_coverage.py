"""The YAML rule tests in `rules/tests/` all pass and, together, expect every outcome each rule
of the base catalogue can give."""

from functools import cache

from engine import RuleSet, base_rules_dir, load_ruleset
from engine.rule_tests import RuleTestResult, load_rule_tests, run_rule_test, uncovered_outcomes
from models.assessment import Outcome


@cache
def _ruleset() -> RuleSet:
    return load_ruleset(overlay="")


@cache
def _results() -> tuple[RuleTestResult, ...]:
    tests, problems = load_rule_tests(base_rules_dir() / "tests")
    assert not problems, "\n".join(str(problem) for problem in problems)
    return tuple(run_rule_test(_ruleset(), test) for test in tests)


def test_every_rule_test_passes() -> None:
    results = _results()
    assert len(results) >= 4 * len(_ruleset().rules) - 2
    failures = [
        f"{result.test.location}: {result.test.name}: {'; '.join(result.failures)}"
        for result in results
        if not result.passed
    ]
    assert not failures, "\n".join(failures)


def test_rule_test_names_are_unique_and_meaningful() -> None:
    keys = [(result.test.file, result.test.name) for result in _results()]
    assert len(keys) == len(set(keys)), "rule test names repeat within a file"
    for _, name in keys:
        assert len(name.split()) >= 3, name
        assert not name.lower().startswith("test"), name


def test_every_outcome_of_every_rule_is_covered() -> None:
    assert uncovered_outcomes(_ruleset(), _results()) == {}


def test_coverage_counts_only_outcomes_the_rule_can_give() -> None:
    ruleset = _ruleset()
    covered = {pair for result in _results() for pair in result.covered}
    for rule_id, outcome in covered:
        assert outcome in ruleset.rule(rule_id).possible_outcomes
    in_scope = ruleset.rule("conference-type-in-scope")
    assert in_scope.possible_outcomes == {Outcome.MET, Outcome.NOT_MET}
