"""The condition language: checked once against the fact vocabulary, compiled to closures.

A condition is one of:
- `{all: [...]}`, `{any: [...]}`, `{not: ...}`;
- a comparison `{fact: NAME, op: OP, value: V}` or `{fact: NAME, op: OP, param: P}`, or for a
  yes/no fact `{fact: NAME, is: true}`; unary ops (`known`, `empty`, `not_empty`) take no operand;
- a quantifier over a collection: `{every: adults, where: C, check: C}`,
  `{some: adults, where: C}`, `{none: adults, where: C}`; inside it the item's facts
  (`adult.*`) may be named. `where` is optional.
"""

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from engine.dates import add_months
from engine.errors import LoadProblem, did_you_mean
from engine.evidence import (
    FALSE,
    NOT_STARTED,
    TRUE,
    Bound,
    Env,
    Evaluate,
    Evidence,
    all_of,
    any_of,
    merge,
    negate,
)
from engine.facts import ALL_FACTS, CASE_FACTS, COLLECTION_BY_NAME, RECORD_FACTS, FactDef
from engine.parameters import Parameter
from engine.values import UNKNOWN, FactType, Kind
from engine.yaml_source import YamlDocument, YamlPath

_ORDERED = {"eq", "ne", "lt", "lte", "gt", "gte", "known"}
OPERATORS_BY_KIND: dict[Kind, set[str]] = {
    Kind.BOOL: {"eq", "ne", "known"},
    Kind.NUMBER: _ORDERED,
    Kind.DATE: _ORDERED,
    Kind.CODE: {"eq", "ne", "in", "not_in", "known"},
    Kind.CODES: {"contains", "not_contains", "empty", "not_empty", "known"},
    Kind.TEXT: {"eq", "ne", "in", "not_in", "known"},
}
UNARY = {"known", "empty", "not_empty"}
_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
    "in": lambda value, options: value in options,
    "not_in": lambda value, options: value not in options,
    "contains": lambda values, item: item in values,
    "not_contains": lambda values, item: item not in values,
    "empty": lambda values, _: not values,
    "not_empty": lambda values, _: bool(values),
}
_FORMS = ("all", "any", "not", "fact", "every", "some", "none")


@dataclass(slots=True)
class CompileContext:
    """Where a condition comes from, for error messages; and what it was found to use."""

    document: YamlDocument
    rule_id: str | None
    parameters: Mapping[str, Parameter]
    problems: list[LoadProblem] = field(default_factory=list)
    facts_used: dict[str, None] = field(default_factory=dict)
    parameters_used: set[str] = field(default_factory=set)
    time_based: bool = False
    may_be_unknown: bool = False

    def problem(self, path: YamlPath, message: str, suggestion: str | None = None) -> None:
        self.problems.append(
            LoadProblem(
                self.document.file,
                self.document.line(path),
                self.rule_id,
                ".".join(str(part) for part in path),
                message,
                suggestion,
            )
        )


def compile_condition(
    data: Any, path: YamlPath, context: CompileContext, scope: Mapping[str, str]
) -> Evaluate | None:
    """Compile `data` found at `path`; `scope` maps bound item names to their collections.
    Returns None after recording problems in `context`."""
    if not isinstance(data, dict):
        context.problem(path, f"a condition is a mapping with one of: {', '.join(_FORMS)}")
        return None
    forms = [form for form in _FORMS if form in data]
    if len(forms) != 1:
        unknown = next((key for key in data if key not in _FORMS), None)
        hint = did_you_mean(unknown, _FORMS) if unknown else None
        context.problem(path, f"a condition takes exactly one of: {', '.join(_FORMS)}", hint)
        return None
    form = forms[0]
    if form in ("all", "any"):
        return _compile_combination(form, data, path, context, scope)
    if form == "not":
        _expect_keys(data, {"not"}, path, context)
        inner = compile_condition(data["not"], (*path, "not"), context, scope)
        return None if inner is None else lambda env: negate(inner(env))
    if form == "fact":
        return _compile_comparison(data, path, context, scope)
    return _compile_quantifier(form, data, path, context, scope)


def _expect_keys(
    data: dict[str, Any], allowed: set[str], path: YamlPath, context: CompileContext
) -> None:
    for key in data:
        if key not in allowed:
            context.problem((*path, key), "unexpected key here", did_you_mean(key, allowed))


def _compile_combination(
    form: str,
    data: dict[str, Any],
    path: YamlPath,
    context: CompileContext,
    scope: Mapping[str, str],
) -> Evaluate | None:
    _expect_keys(data, {form}, path, context)
    items = data[form]
    if not isinstance(items, list) or not items:
        context.problem((*path, form), "takes a non-empty list of conditions")
        return None
    parts = [
        compile_condition(item, (*path, form, index), context, scope)
        for index, item in enumerate(items)
    ]
    compiled = [part for part in parts if part is not None]
    if len(compiled) != len(parts):
        return None
    return _all(tuple(compiled)) if form == "all" else _any(tuple(compiled))


def _all(parts: tuple[Evaluate, ...]) -> Evaluate:
    def evaluate(env: Env) -> Evidence:
        true_parts: list[Evidence] = []
        false_parts: list[Evidence] = []
        unknown_parts: list[Evidence] = []
        for part in parts:
            evidence = part(env)
            truth = evidence.truth
            if truth is True:
                true_parts.append(evidence)
            elif truth is False:
                false_parts.append(evidence)
            else:
                unknown_parts.append(evidence)
        return all_of(true_parts, false_parts, unknown_parts)

    return evaluate


def _any(parts: tuple[Evaluate, ...]) -> Evaluate:
    def evaluate(env: Env) -> Evidence:
        false_parts: list[Evidence] = []
        unknown_parts: list[Evidence] = []
        for part in parts:
            evidence = part(env)
            truth = evidence.truth
            if truth is True:
                return evidence
            if truth is False:
                false_parts.append(evidence)
            else:
                unknown_parts.append(evidence)
        return any_of(false_parts, unknown_parts)

    return evaluate


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


def _compile_comparison(
    data: dict[str, Any], path: YamlPath, context: CompileContext, scope: Mapping[str, str]
) -> Evaluate | None:
    fact = _resolve_fact(data["fact"], (*path, "fact"), context, scope)
    if "is" in data:
        _expect_keys(data, {"fact", "is"}, path, context)
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
        _expect_keys(data, {"fact", "op", "value", "param", "other_fact"}, path, context)
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
    operand = _operand(op, fact, operand_data, path, context)
    if operand is None:
        return None
    return _comparison(fact, op, operand, scope, context)


class Operand(NamedTuple):
    """What a comparison compares with: a parameter (by name), a case fact or a constant."""

    parameter: str | None
    constant: Any = None
    other_fact: str | None = None


def _operand(
    op: str, fact: FactDef, data: dict[str, Any], path: YamlPath, context: CompileContext
) -> Operand | None:
    if op in UNARY:
        if data:
            context.problem(path, f"{op!r} takes no value or param")
            return None
        return Operand(None)
    if len(data) != 1:
        context.problem(path, f"{op!r} needs exactly one of `value`, `param` or `other_fact`")
        return None
    if "other_fact" in data:
        other = data["other_fact"]
        other_fact = CASE_FACTS.get(other) if isinstance(other, str) else None
        if other_fact is None:
            context.problem(
                (*path, "other_fact"),
                f"unknown case fact {other!r}",
                did_you_mean(str(other), CASE_FACTS),
            )
            return None
        if other_fact.type != fact.type or fact.type.kind not in (Kind.NUMBER, Kind.DATE):
            context.problem((*path, "other_fact"), f"{other} cannot be compared with {fact.name}")
            return None
        context.facts_used[other] = None
        return Operand(None, None, other)
    if "param" in data:
        name = data["param"]
        parameter = context.parameters.get(name) if isinstance(name, str) else None
        if parameter is None:
            context.problem(
                (*path, "param"),
                f"unknown parameter {name!r}",
                did_you_mean(str(name), context.parameters),
            )
            return None
        if fact.type.kind is not Kind.NUMBER or parameter.type != "number":
            context.problem(
                (*path, "param"),
                f"parameter {name} ({parameter.type}) cannot be compared with {fact.name}",
            )
            return None
        context.parameters_used.add(name)
        return Operand(name)
    value = data["value"]
    error = _value_problem(op, fact.type, value)
    if error is not None:
        message, suggestion = error
        context.problem((*path, "value"), message, suggestion)
        return None
    return Operand(None, frozenset(value) if op in ("in", "not_in") else value)


def _value_problem(op: str, fact_type: FactType, value: Any) -> tuple[str, str | None] | None:
    kind = fact_type.kind
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            return f"{op!r} takes a non-empty list", None
        items = value
    else:
        items = [value]
    for item in items:
        if kind is Kind.BOOL and not isinstance(item, bool):
            return "takes true or false", None
        if kind is Kind.NUMBER and (isinstance(item, bool) or not isinstance(item, int)):
            return "takes a whole number", None
        if kind is Kind.DATE and not isinstance(item, dt.date):
            return "takes a date (YYYY-MM-DD)", None
        if kind is Kind.TEXT and not isinstance(item, str):
            return "takes text", None
        if kind in (Kind.CODE, Kind.CODES) and item not in fact_type.codes:
            return f"{item!r} is not {fact_type.describe()}", did_you_mean(
                str(item), fact_type.codes
            )
    return None


def _comparison(
    fact: FactDef,
    op: str,
    operand: Operand,
    scope: Mapping[str, str],
    context: CompileContext,
) -> Evaluate:
    name = fact.name
    item = name.split(".", 1)[0]
    test = _TESTS.get(op)
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


def _compile_quantifier(
    form: str,
    data: dict[str, Any],
    path: YamlPath,
    context: CompileContext,
    scope: Mapping[str, str],
) -> Evaluate | None:
    allowed = {form, "where", "check"} if form == "every" else {form, "where"}
    _expect_keys(data, allowed, path, context)
    collection_name = data[form]
    collection = (
        COLLECTION_BY_NAME.get(collection_name) if isinstance(collection_name, str) else None
    )
    if collection is None:
        context.problem(
            (*path, form),
            f"unknown collection {collection_name!r}",
            did_you_mean(str(collection_name), RECORD_FACTS),
        )
        return None
    if collection.optional:
        context.may_be_unknown = True
    inner_scope = {**scope, collection.item: collection.name}
    where = (
        compile_condition(data["where"], (*path, "where"), context, inner_scope)
        if "where" in data
        else None
    )
    if "where" in data and where is None:
        return None
    if form != "every":
        return _some_or_none(form == "some", collection.name, collection.item, where)
    if "check" not in data:
        context.problem(path, "`every` needs a `check` condition")
        return None
    check = compile_condition(data["check"], (*path, "check"), context, inner_scope)
    if check is None:
        return None
    return _every(collection.name, collection.item, where, check)


def _unrecorded(collection: str) -> Evidence:
    return Evidence(None, (), (collection,))


def _every(collection: str, item: str, where: Evaluate | None, check: Evaluate) -> Evaluate:
    unrecorded = _unrecorded(collection)

    def evaluate(env: Env) -> Evidence:
        records = env.facts.collections[collection]
        if records is None:
            return unrecorded
        bound = env.bound
        passing: list[Bound] = []
        failing: list[Evidence] = []
        unknown: list[Evidence] = []
        for record in records:
            bound[item] = record
            selected = TRUE if where is None else where(env)
            selected_truth = selected.truth
            if selected_truth is False:
                continue
            result = check(env)
            truth = result.truth
            if truth is True:
                # Passing whether or not it is selected (Kleene): shown as evidence either way.
                passing.append(Bound(collection, record))
            elif selected_truth is True and truth is False:
                failing.append(Evidence(False, (Bound(collection, record),), (), result.earliest))
            else:
                unknown.append(
                    Evidence(None, (Bound(collection, record),), selected.missing + result.missing)
                )
        bound.pop(item, None)
        if failing:
            return merge(False, failing, latest=True)
        if unknown:
            return merge(None, unknown, latest=True)
        return Evidence(True, tuple(passing))

    return evaluate


def _some_or_none(want_some: bool, collection: str, item: str, where: Evaluate | None) -> Evaluate:
    unrecorded = _unrecorded(collection)

    def evaluate(env: Env) -> Evidence:
        records = env.facts.collections[collection]
        if records is None:
            return unrecorded
        bound = env.bound
        matching: list[Bound] = []
        unknown: list[Evidence] = []
        for record in records:
            bound[item] = record
            selected = TRUE if where is None else where(env)
            truth = selected.truth
            if truth is True:
                matching.append(Bound(collection, record))
            elif truth is None:
                unknown.append(Evidence(None, (Bound(collection, record),), selected.missing))
        bound.pop(item, None)
        if matching:
            return Evidence(want_some, tuple(matching))
        if unknown:
            return merge(None, unknown, latest=True)
        return Evidence(not want_some, tuple(Bound(collection, record) for record in records))

    return evaluate
