"""Comparisons of a fact (of the case, or of a record in a quantifier's scope) with an
operand: `{fact: NAME, op: OP, value|param|other_fact: ...}` or `{fact: NAME, is: true}`.

A time-based comparison (`gte`/`gt` on a count of months since a date) that is not yet true
says when it could first be.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from engine.conditions.context import CompileContext, expect_keys
from engine.conditions.operands import OPERATORS_BY_KIND, TESTS, Operand, operand
from engine.dates import add_months
from engine.errors import did_you_mean
from engine.evidence import FALSE, NOT_STARTED, TRUE, Env, Evaluate, Evidence
from engine.values import UNKNOWN, Kind
from engine.vocabulary import ALL_FACTS, COLLECTION_BY_NAME, FactDef
from engine.yaml_source import YamlPath


def _resolve_fact(
    name: Any, path: YamlPath, context: CompileContext, scope: Mapping[str, str]
) -> FactDef | None:
    if not isinstance(name, str) or name not in ALL_FACTS:
        context.problem(path, f"unknown fact {name!r}", did_you_mean(str(name), ALL_FACTS))
        return None
    item = name.split(".", 1)[0]
    if item != "case" and item not in scope:
        collection = next(c.name for c in COLLECTION_BY_NAME.values() if c.item == item)
        context.problem(
            path,
            f"{name} is a fact of each of the {collection}; name it inside `every: {collection}`, "
            f"`some: {collection}` or `none: {collection}`",
        )
        return None
    context.facts_used[name] = None
    return ALL_FACTS[name]


def compile_comparison(
    data: dict[str, Any], path: YamlPath, context: CompileContext, scope: Mapping[str, str]
) -> Evaluate | None:
    fact = _resolve_fact(data["fact"], (*path, "fact"), context, scope)
    if "is" in data:
        expect_keys(data, {"fact", "is"}, path, context)
        if fact is not None and fact.type.kind is not Kind.BOOL:
            context.problem(
                (*path, "is"), f"`is` is for yes/no facts; {fact.name} is {fact.type.describe()}"
            )
            return None
        if not isinstance(data["is"], bool):
            context.problem((*path, "is"), "takes true or false")
            return None
        op: Any = "eq"
        operand_data = {"value": data["is"]}
    else:
        expect_keys(data, {"fact", "op", "value", "param", "other_fact"}, path, context)
        op = data.get("op")
        operand_data = {k: data[k] for k in ("value", "param", "other_fact") if k in data}
    if fact is None:
        return None
    allowed = OPERATORS_BY_KIND[fact.type.kind]
    if op not in allowed:
        context.problem(
            (*path, "op"),
            f"{op!r} does not fit {fact.name} ({fact.type.describe()}); use one of {', '.join(sorted(allowed))}",
            did_you_mean(str(op), allowed),
        )
        return None
    compared_with = operand(op, fact, operand_data, path, context)
    if compared_with is None:
        return None
    return _comparison(fact, op, compared_with, scope, context)


def _comparison(
    fact: FactDef,
    op: str,
    operand: Operand,
    scope: Mapping[str, str],
    context: CompileContext,
) -> Evaluate:
    name = fact.name
    item = name.split(".", 1)[0]
    test = TESTS.get(op)
    anchor = fact.months_since if op in ("gte", "gt") else None
    if anchor is not None:
        context.time_based = True
        context.facts_used[anchor] = None
    source = fact.source
    on_case = item == "case"
    collection = None if on_case else scope[item]
    ref_fact = f"{item}.ref"

    if op == "known":
        if on_case:
            return lambda env: FALSE if env.facts.case[name] is UNKNOWN else TRUE
        return lambda env: FALSE if env.bound[item][name] is UNKNOWN else TRUE
    if not fact.always_known:
        context.may_be_unknown = True
    assert test is not None
    parameter, constant, other_fact = operand
    case_unknown = Evidence(None, (), (source,))

    def expected_value(env: Env) -> Any:
        if other_fact is not None:
            return env.facts.case[other_fact]
        return constant if parameter is None else env.parameters[parameter]

    def not_yet(env: Env, expected: Any) -> Evidence:
        """False now; for a time-based count, with the first date it could be true (or
        NOT_STARTED when the count has not begun, as for a risk that is still active)."""
        assert anchor is not None
        start = env.facts.case[anchor] if on_case else env.bound[item][anchor]
        if not isinstance(start, dt.date):
            return Evidence(False, (), (), NOT_STARTED)
        months = expected + (1 if op == "gt" else 0)
        return Evidence(False, (), (), add_months(start, months))

    if on_case:

        def evaluate_case(env: Env) -> Evidence:
            value = env.facts.case[name]
            if value is UNKNOWN:
                return case_unknown
            expected = expected_value(env)
            if test(value, expected):
                return TRUE
            return FALSE if anchor is None else not_yet(env, expected)

        return evaluate_case

    def evaluate_record(env: Env) -> Evidence:
        record = env.bound[item]
        value = record[name]
        if value is UNKNOWN:
            return Evidence(None, (), (f"{collection}[{record[ref_fact]}].{source}",))
        expected = expected_value(env)
        if test(value, expected):
            return TRUE
        return FALSE if anchor is None else not_yet(env, expected)

    return evaluate_record
