"""What a comparison compares a fact with (a constant, a parameter or another case fact),
and which operators each kind of fact takes."""

import datetime as dt
from typing import Any, NamedTuple

from engine.conditions.context import CompileContext
from engine.errors import did_you_mean
from engine.facts import CASE_FACTS, FactDef
from engine.values import FactType, Kind
from engine.yaml_source import YamlPath

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


class Operand(NamedTuple):
    """What a comparison compares with: a parameter (by name), a case fact or a constant."""

    parameter: str | None
    constant: Any = None
    other_fact: str | None = None


def operand(
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
    error = value_problem(op, fact.type, value)
    if error is not None:
        message, suggestion = error
        context.problem((*path, "value"), message, suggestion)
        return None
    return Operand(None, frozenset(value) if op in ("in", "not_in") else value)


def value_problem(op: str, fact_type: FactType, value: Any) -> tuple[str, str | None] | None:
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
