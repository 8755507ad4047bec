"""Evaluate the rules for each child's facts, one finding per rule and child.

Children of a case for whom a rule reads the same values (`engine.inputs`) get the same
finding but for the child it names: the rule is evaluated for the first of them only.
"""

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

from engine.evidence import NOT_STARTED, Env
from engine.facts import CaseFacts
from engine.findings import for_children, new_finding
from engine.inputs import collection_numbers
from engine.rules import Rule
from models.assessment import Finding, Outcome, RecordRef, Severity

Judged = TypeVar("Judged")

# Enum members as module constants: `Outcome.NOT_MET` is a slow class-attribute lookup.
_NOT_MET = Outcome.NOT_MET


def children_findings(
    rules: Sequence[Rule],
    children: Sequence[CaseFacts],
    parameters: Mapping[str, Any],
    severities: Mapping[str, Severity],
) -> dict[str, list[Finding]]:
    """Each child's findings, one per rule in the order of `rules`."""

    def finding(rule: Rule, env: Env) -> Finding:
        return evaluate_rule(rule, env, severities[rule.id])

    return judged_by_child(rules, children, parameters, finding, for_children)


def judged_by_child(
    rules: Sequence[Rule],
    children: Sequence[CaseFacts],
    parameters: Mapping[str, Any],
    judge: Callable[[Rule, Env], Judged],
    share: Callable[[Judged, list[str]], Judged],
) -> dict[str, list[Judged]]:
    """Each child's `judge`ment of each of `rules`, in their order. A rule is judged once for
    the children of whom it reads the same values (`Rule.inputs`, the collections' records
    numbered once per child); `share` makes the first such child's judgement another's."""
    if len(children) == 1:
        (facts,) = children
        env = Env(facts, parameters, {})
        return {facts.child_ref: [judge(rule, env) for rule in rules]}
    earlier: list[dict[Hashable, Judged]] = [{} for _ in rules]
    by_child: dict[str, list[Judged]] = {}
    numbers: dict[Hashable, int] = {}
    for facts in children:
        env = Env(facts, parameters, {})
        child = [facts.child_ref]
        collections = collection_numbers(facts, numbers)
        judged = []
        for rule, seen in zip(rules, earlier, strict=True):
            inputs = rule.inputs(facts, collections)
            same = seen.get(inputs)
            if same is None:
                judgement = seen[inputs] = judge(rule, env)
            else:
                judgement = share(same, child)
            judged.append(judgement)
        by_child[facts.child_ref] = judged
    return by_child


def evaluate_rule(rule: Rule, env: Env, severity: Severity) -> Finding:
    """The rule's finding for the child whose facts `env` holds (nothing bound in it)."""
    outcome, gather = rule.decide(env)
    if gather is None:  # plain evidence: no record, missing field or date
        records: list[RecordRef] = []
        missing: tuple[str, ...] = ()
        earliest = None
    else:
        evidence = gather(env)
        describe = rule.describe_record
        records = [describe[collection](record) for collection, record in evidence.records]
        missing = evidence.missing
        earliest = evidence.earliest if outcome is _NOT_MET else None
        if earliest is NOT_STARTED:
            earliest = None
    facts = env.facts
    case, parameters, as_of = facts.case, env.parameters, facts.as_of
    next_step = rule.next_steps.get(outcome)
    return new_finding(
        rule.id,
        rule.title,
        outcome,
        severity,
        rule.reasons[outcome].render(case, parameters, as_of, records, missing, earliest),
        next_step.render(case, parameters, as_of, records, missing, earliest)
        if next_step
        else None,
        records,
        list(missing),
        earliest,
        rule.citation,
        [facts.child_ref],
    )
