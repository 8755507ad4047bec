"""A rule's generated decision: fixed text with the rule's values as globals, and the outcome
and evidence that evaluating its conditions with their evidence gives."""

import ast
import datetime as dt
from functools import cache

import yaml
from hypothesis import given, settings

from engine import RuleSet, load_ruleset
from engine.conditions import CompileContext, Condition, compile_condition
from engine.decision import decision_source
from engine.evidence import Env, Evidence
from engine.facts import derive_facts
from engine.rules import Rule
from engine.yaml_source import YamlDocument
from models.assessment import Outcome
from models.case import Case
from tests.strategies import GENERATED_CASES, cases_with_as_of


@cache
def _ruleset() -> RuleSet:
    return load_ruleset(overlay="")


def _condition(text: str) -> Condition:
    context = CompileContext(YamlDocument("test.yaml", None), "test", _ruleset().parameters.by_name)
    condition = compile_condition(yaml.safe_load(text), (), context, {})
    assert condition is not None, [str(problem) for problem in context.problems]
    return condition


EXPECTED_SOURCE = """\
def decide(env):
    facts = env.facts
    case = facts.case
    collections = facts.collections
    parameters = env.parameters
    applies = case[NAME1] is not UNKNOWN
    if applies is False:
        return NOT_APPLICABLE
    records2 = collections[COLLECTION2]
    if records2 is None:
        required = None
    else:
        required = True
        for record2 in records2:
            value = record2[NAME3]
            if value is UNKNOWN:
                selected2 = None
            elif value in EXPECTED3:
                selected2 = True
            else:
                selected2 = False
            if selected2 is False:
                continue
            value = record2[NAME5]
            if value is UNKNOWN:
                part4_0 = None
            elif value >= case[OTHER5]:
                part4_0 = True
            else:
                part4_0 = False
            if part4_0 is True:
                checked2 = True
            else:
                value = record2[NAME6]
                if value is UNKNOWN:
                    part4_1 = None
                elif not value:
                    part4_1 = True
                else:
                    part4_1 = False
                if part4_1 is True:
                    checked2 = True
                else:
                    checked2 = None if part4_0 is None or part4_1 is None else False
            if checked2 is True:
                continue
            if checked2 is False and selected2 is True:
                required = False
                break
            required = None
    if applies is None:
        return MET_EITHER_WAY if required is True else UNKNOWN_APPLICABILITY
    if required is True:
        return MET
    if required is False:
        return NOT_MET
    return INSUFFICIENT
"""


def test_the_decision_is_fixed_text_naming_the_rules_values() -> None:
    applies_when = _condition("{fact: case.readiness_decision, op: known}")
    requires = _condition(
        """
        every: risks
        where: {fact: risk.status, op: in, value: [active, reducing]}
        check:
          any:
            - {fact: risk.months_sustained, op: gte, other_fact: case.sustained_change_months_required}
            - {fact: risk.key_agencies_absent, op: empty}
        """
    )
    source, namespace = decision_source(applies_when, requires)
    assert source == EXPECTED_SOURCE
    assert namespace["EXPECTED3"] == frozenset({"active", "reducing"})
    assert namespace["OTHER5"] == "case.sustained_change_months_required"
    assert namespace["MET"] == (Outcome.MET, requires.evaluate)
    # A known-or-not applicability is never false with a record, a missing field or a date.
    assert namespace["NOT_APPLICABLE"] == (Outcome.NOT_APPLICABLE, None)


def test_no_rules_value_is_written_into_its_decision() -> None:
    for rule in _ruleset().rules:
        source, _ = decision_source(rule.applies_when, rule.requires)
        constants = {
            node.value for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Constant)
        }
        assert constants <= {True, False, None}, rule.id


def _outcome_of_evidence(rule: Rule, env: Env) -> tuple[Outcome, Evidence]:
    """The outcome by evaluating the conditions with their evidence, in the rule's precedence."""
    by_truth = {
        True: Outcome.MET,
        False: Outcome.NOT_MET,
        None: Outcome.INSUFFICIENT_INFORMATION,
    }
    required = rule.requires.evaluate(env)
    if rule.applies_when is None:
        return by_truth[required.truth], required
    applies = rule.applies_when.evaluate(env)
    if applies.truth is False:
        return Outcome.NOT_APPLICABLE, applies
    if applies.truth is None:
        if required.truth is True:
            return Outcome.MET, required
        return Outcome.INSUFFICIENT_INFORMATION, applies
    return by_truth[required.truth], required


@settings(GENERATED_CASES, max_examples=200)
@given(cases_with_as_of())
def test_the_decision_gives_the_outcome_and_evidence_of_the_evaluation(
    case_and_day: tuple[Case, dt.date],
) -> None:
    case, day = case_and_day
    ruleset = _ruleset()
    parameters = ruleset.parameters.on(day)
    for facts in derive_facts(case, day, parameters):
        env = Env(facts, parameters, {})
        for rule in ruleset.in_force(day):
            outcome, gather = rule.decide(env)
            expected_outcome, expected_evidence = _outcome_of_evidence(rule, env)
            assert outcome is expected_outcome, rule.id
            evidence = Evidence(expected_evidence.truth) if gather is None else gather(env)
            assert evidence == expected_evidence, rule.id
