"""Assessing with a loaded RuleSet: verdicts, ordering, sharing across threads."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from engine import RuleSet, load_ruleset
from models.assessment import Assessment, Outcome, Severity
from models.case import Case

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return load_ruleset(overlay="")


def example(name: str) -> Case:
    return Case.model_validate_json((EXAMPLES / name).read_text())


def test_a_date_before_any_rule_is_in_force_checks_nothing_and_says_so(ruleset: RuleSet) -> None:
    assessment = ruleset.assess(example("not-ready-step-down.json"), dt.date(2009, 1, 5))
    assert assessment.findings == []
    assert assessment.verdict.value == "insufficient_information"
    assert "No rule of this rule set was in force on 5 January 2009" in assessment.verdict_reason


def test_findings_put_blocking_failures_first_and_count_up(ruleset: RuleSet) -> None:
    assessment = ruleset.assess(example("not-ready-step-down.json"))
    ranks = [
        0 if (f.severity, f.outcome) == (Severity.BLOCKING, Outcome.NOT_MET) else 1
        for f in assessment.findings
    ]
    assert ranks == sorted(ranks)
    counts = assessment.counts
    total = counts.met + counts.not_met + counts.not_applicable + counts.insufficient_information
    assert total == len(assessment.findings) == len(ruleset.in_force(assessment.as_of))
    assert assessment.case_digest.startswith("sha256:")
    assert assessment.ruleset.content_hash == ruleset.content_hash


def test_one_ruleset_shared_by_threads_gives_the_same_results(ruleset: RuleSet) -> None:
    cases = [example(path.name) for path in sorted(EXAMPLES.glob("*.json"))]
    expected = [ruleset.assess(case).model_dump() for case in cases]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(5):
            assert list(pool.map(lambda case: ruleset.assess(case).model_dump(), cases)) == expected


def test_the_rule_set_is_immutable(ruleset: RuleSet) -> None:
    with pytest.raises(AttributeError):
        ruleset.version = "changed"  # type: ignore[misc]


def test_rules_on_a_later_day_judge_the_same_facts_by_the_rules_then(tmp_path: Path) -> None:
    (tmp_path / "parameters.yaml").write_text(
        "sustained_change_months:\n  values:\n    2025-01-01: 1\n", encoding="utf-8"
    )
    later_policy = load_ruleset(tmp_path)
    statement = example("not-ready-step-down.json").safety_statement
    assert statement is not None
    # A safety statement asking no more than the parameter, so that the parameter decides.
    case = example("not-ready-step-down.json").model_copy(
        update={"safety_statement": statement.model_copy(update={"sustain_months_agreed": 1})}
    )
    decided = case.decision_date

    then = later_policy.assess(case)
    assert then == later_policy.assess_with_rules_on(case, decided, decided)
    now = later_policy.assess_with_rules_on(case, facts_as_of=decided, rules_on=dt.date(2025, 6, 1))
    assert now.as_of == decided  # facts as at the decision, whatever the rules' day

    def outcome(assessment: Assessment) -> Outcome:
        return next(f.outcome for f in assessment.findings if f.rule_id == "sustained-change")

    assert outcome(then) is Outcome.NOT_MET  # 3 months asked then, 1 sustained
    assert outcome(now) is Outcome.MET  # 1 month asked on 1 June 2025


def test_rules_on_a_day_before_any_rule_checks_nothing(ruleset: RuleSet) -> None:
    case = example("not-ready-step-down.json")
    assessment = ruleset.assess_with_rules_on(case, case.decision_date, dt.date(2009, 1, 5))
    assert assessment.findings == []
    assert assessment.as_of == case.decision_date
    assert "in force on 5 January 2009" in assessment.verdict_reason
