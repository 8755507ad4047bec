"""The rule-test format: the catalogue's test files read cleanly with meaningful names, and
per-child expectations (`children:`) are checked against each child's own verdict and findings
in `Assessment.children`. The catalogue's tests themselves run once, collected by the rule-test
plugin from `rules/tests/` (which also checks that they cover every rule outcome)."""

from pathlib import Path

import pytest

from engine import RuleSet, base_rules_dir, load_ruleset
from engine.rule_tests import (
    RuleTest,
    load_rule_tests,
    read_test_file,
    run_rule_test,
    uncovered_outcomes,
)
from models.assessment import Outcome

SIBLINGS = Path(__file__).resolve().parents[2] / "examples" / "sibling-step-down-and-continue.json"
"""C1 steps down (ready); C2's plan continues with its own active neglect risk (not ready)."""


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return load_ruleset(overlay="")


def test_the_catalogues_rule_tests_load_with_unique_meaningful_names(ruleset: RuleSet) -> None:
    tests, problems = load_rule_tests(base_rules_dir() / "tests")
    assert problems == []
    assert len(tests) >= 4 * len(ruleset.rules) - 2
    keys = [(test.file, test.name) for test in tests]
    assert len(keys) == len(set(keys)), "rule test names repeat within a file"
    for _, name in keys:
        assert len(name.split()) >= 3, name
        assert not name.lower().startswith("test"), name


def test_a_rule_can_give_only_some_outcomes(ruleset: RuleSet) -> None:
    in_scope = ruleset.rule("conference-type-in-scope")
    assert in_scope.possible_outcomes == {Outcome.MET, Outcome.NOT_MET}


def _tests(tmp_path: Path, body: str) -> tuple[list[RuleTest], list[str]]:
    path = tmp_path / "siblings.yaml"
    path.write_text(f"base: {SIBLINGS}\ntests:\n{body}", encoding="utf-8")
    tests, problems = read_test_file(path)
    return tests, [str(problem) for problem in problems]


def test_a_child_expectation_is_checked_against_that_childs_own_findings(
    tmp_path: Path, ruleset: RuleSet
) -> None:
    tests, problems = _tests(
        tmp_path,
        """
  - name: the sibling whose plan continues is not ready on its own neglect risk
    verdict: ready
    expect: {sustained-change: met}
    children:
      C1: {verdict: ready, expect: {sustained-change: met}}
      C2:
        verdict: not_ready
        expect: {sustained-change: not_met, lead-professional-at-step-down: not_applicable}
""",
    )
    assert problems == []
    result = run_rule_test(ruleset, tests[0])
    assert result.failures == []
    assert {
        ("sustained-change", Outcome.MET),
        ("sustained-change", Outcome.NOT_MET),
        ("lead-professional-at-step-down", Outcome.NOT_APPLICABLE),
    } <= result.covered


def test_a_wrong_child_expectation_fails_naming_the_child(tmp_path: Path, ruleset: RuleSet) -> None:
    tests, _ = _tests(
        tmp_path,
        """
  - name: expecting the continuing sibling to be ready is wrong
    children:
      C2: {verdict: ready, expect: {sustained-change: met}}
""",
    )
    result = run_rule_test(ruleset, tests[0])
    assert len(result.failures) == 2
    assert result.failures[0].startswith("C2 sustained-change: expected met, got not_met")
    assert result.failures[1].startswith("C2 verdict: expected ready, got not_ready")
    assert result.covered == set()


def test_an_unknown_child_fails_with_a_suggestion(tmp_path: Path, ruleset: RuleSet) -> None:
    tests, _ = _tests(
        tmp_path,
        """
  - name: a child the case does not have
    children:
      C02: {verdict: ready}
      C3: {verdict: ready}
""",
    )
    result = run_rule_test(ruleset, tests[0])
    assert result.failures == [
        "C02: no such child in the case (did you mean 'C2'?)",
        "C3: no such child in the case",
    ]


def test_child_covered_outcomes_count_towards_coverage(tmp_path: Path, ruleset: RuleSet) -> None:
    tests, _ = _tests(
        tmp_path,
        """
  - name: only the continuing sibling's outcome is expected
    children:
      C2: {expect: {risk-interventions-complete: not_met}}
""",
    )
    result = run_rule_test(ruleset, tests[0])
    gaps = uncovered_outcomes(ruleset, [result])
    assert Outcome.NOT_MET not in gaps["risk-interventions-complete"]
    assert Outcome.MET in gaps["risk-interventions-complete"]


@pytest.mark.parametrize(
    ("block", "where", "message"),
    [
        ("      C2: {verdcit: ready}", "tests[0].children.C2.verdcit", "unknown key"),
        ("      C2: {verdict: redy}", "tests[0].children.C2.verdict", "not a verdict"),
        (
            "      C2: {expect: {sustained-change: mett}}",
            "tests[0].children.C2.expect.sustained-change",
            "not an outcome",
        ),
        ("      C2: {}", "tests[0].children.C2", "give the child's"),
        ("      - C2", "tests[0].children", "maps a child_ref"),
    ],
)
def test_a_malformed_children_block_is_a_load_problem_naming_where(
    tmp_path: Path, block: str, where: str, message: str
) -> None:
    _, problems = _tests(
        tmp_path, f"  - name: a malformed per-child expectation\n    children:\n{block}\n"
    )
    assert len(problems) == 1
    assert where in problems[0]
    assert message in problems[0]


def test_a_test_with_only_child_expectations_needs_no_family_expectation(tmp_path: Path) -> None:
    tests, problems = _tests(
        tmp_path,
        """
  - name: only a child's verdict is expected
    children:
      C1: {verdict: ready}
""",
    )
    assert problems == []
    assert tests[0].expect == {}
    assert tests[0].verdict is None
