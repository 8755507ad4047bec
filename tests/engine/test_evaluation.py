"""Children for whom a rule reads the same values share its evaluation: the findings are
those of evaluating every rule for every child on its own."""

import datetime as dt
from functools import cache

from hypothesis import given, settings

from engine import RuleSet, load_ruleset
from engine.evaluation import children_findings, evaluate_rule
from engine.evidence import Env
from engine.facts import derive_facts
from models.case import Case
from tests.strategies import GENERATED_CASES, cases_with_as_of


@cache
def _ruleset() -> RuleSet:
    return load_ruleset(overlay="")


@settings(GENERATED_CASES, max_examples=200)
@given(cases_with_as_of())
def test_shared_evaluation_gives_each_child_its_own_findings(
    case_and_day: tuple[Case, dt.date],
) -> None:
    case, day = case_and_day
    ruleset = _ruleset()
    parameters = ruleset.parameters.on(day)
    rules = ruleset.in_force(day)
    children = derive_facts(case, day, parameters)
    alone = {
        facts.child_ref: [
            evaluate_rule(rule, Env(facts, parameters, {}), ruleset.severities[rule.id])
            for rule in rules
        ]
        for facts in children
    }
    assert children_findings(rules, children, parameters, ruleset.severities) == alone
