"""Comparisons of a fact (of the case, or of a record in a quantifier's scope) with an
operand: `{fact: NAME, op: OP, value|param|other_fact: ...}` or `{fact: NAME, is: true}`.

A time-based comparison (`gte`/`gt` on a count of months since a date) that is not yet true
says when it could first be.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from engine.conditions.context import CompileContext, Condition, expect_keys
from engine.conditions.operands import OPERATORS_BY_KIND, Operand, operand
from engine.conditions.truth import Comparison
from engine.dates import add_months
from engine.errors import did_you_mean
from engine.evidence import FALSE, NOT_STARTED, TRUE, Env, Evaluate, Evidence
from engine.facts import ALL_FACTS, COLLECTION_BY_NAME, FactDef
from engine.generated import define
from engine.values import UNKNOWN, Kind
from engine.yaml_source import YamlPath

# Each comparison is compiled to a small function of its own (generated source), and its
# truth alone to statements of the rule's decision (`truth.Comparison`): the fact, the
# operator and where the operand comes from are fixed, so evaluating it is a dictionary
# lookup and one Python comparison. Only fixed text from this table and fixed names are put
# into the source; the rule's values reach it as the function's globals, never as text.
_TESTED = {
    "eq": "value == {expected}",
    "ne": "value != {expected}",
    "lt": "value < {expected}",
    "lte": "value <= {expected}",
    "gt": "value > {expected}",
    "gte": "value >= {expected}",
    "in": "value in {expected}",
    "not_in": "value not in {expected}",
    "contains": "{expected} in value",
    "not_contains": "{expected} not in value",
    "empty": "not value",
    "not_empty": "value",
}


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
) -> Condition | None:
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
    evaluate = _comparison(fact, op, compared_with, scope, context)
    parameter, constant, other_fact = compared_with
    expected, operand_value = (
        ("parameter", parameter)
        if parameter is not None
        else ("other_fact", other_fact)
        if other_fact is not None
        else ("constant", constant)
    )
    item = fact.name.split(".", 1)[0]
    truth = Comparison(item, fact.name, _TESTED.get(op), expected, operand_value)
    return Condition(evaluate, truth, _plain_truths(fact, op))


def _plain_truths(fact: FactDef, op: str) -> frozenset[bool | None]:
    """True is plain; false names the first date a time-based count could pass; unknown
    names the missing field (a fact that is always known is never unknown)."""
    if op == "known":
        return frozenset((True, False, None))
    time_based = _anchor(fact, op) is not None
    return frozenset(
        (True, *(() if time_based else (False,)), *((None,) if fact.always_known else ()))
    )


def _anchor(fact: FactDef, op: str) -> str | None:
    """The date fact a time-based comparison counts from (None: not time-based)."""
    return fact.months_since if op in ("gte", "gt") else None


def _comparison(
    fact: FactDef,
    op: str,
    operand: Operand,
    scope: Mapping[str, str],
    context: CompileContext,
) -> Evaluate:
    name = fact.name
    item = name.split(".", 1)[0]
    anchor = _anchor(fact, op)
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
    parameter, constant, other_fact = operand

    def not_yet(env: Env, expected: Any) -> Evidence:
        """False now; for a time-based count, with the first date it could be true (or
        NOT_STARTED when the count has not begun, as for a risk that is still active)."""
        assert anchor is not None
        start = env.facts.case[anchor] if on_case else env.bound[item][anchor]
        if not isinstance(start, dt.date):
            return Evidence(False, (), (), NOT_STARTED)
        months = expected + (1 if op == "gt" else 0)
        return Evidence(False, (), (), add_months(start, months))

    if other_fact is not None:
        expected = "env.facts.case[OTHER]"
    elif parameter is not None:
        expected = "env.parameters[PARAMETER]"
    else:
        expected = "CONSTANT"
    tested = _TESTED[op].format(expected="expected")
    lines = [
        "def evaluate(env):",
        "    value = env.facts.case[NAME]" if on_case else "    record = env.bound[ITEM]",
        *([] if on_case else ["    value = record[NAME]"]),
        "    if value is UNKNOWN:",
        "        return CASE_UNKNOWN"
        if on_case
        else '        return Evidence(None, (), (f"{COLLECTION}[{record[REF]}].{SOURCE}",))',
        f"    expected = {expected}",
        f"    if {tested}:",
        "        return TRUE",
        "    return FALSE" if anchor is None else "    return not_yet(env, expected)",
    ]
    namespace: dict[str, Any] = {
        "UNKNOWN": UNKNOWN,
        "TRUE": TRUE,
        "FALSE": FALSE,
        "Evidence": Evidence,
        "CASE_UNKNOWN": Evidence(None, (), (source,)),
        "NAME": name,
        "ITEM": item,
        "REF": ref_fact,
        "COLLECTION": collection,
        "SOURCE": source,
        "OTHER": other_fact,
        "PARAMETER": parameter,
        "CONSTANT": constant,
        "not_yet": not_yet,
    }
    evaluate: Evaluate = define("\n".join(lines), "<comparison>", "evaluate", namespace)
    return evaluate
