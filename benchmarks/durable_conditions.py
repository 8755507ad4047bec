"""The rule conditions as durable-rules expressions, and their truths from what fired.

durable-rules has no negation and no unknown, and a rule set made only of absence checks
never settles, so each condition of each rule is encoded as positive rules over the facts,
one per way it can decide (all generated from the rule's own YAML condition):

- a condition on case facts: a rule that fires when it is true and one when it is unknown
  (the fact is absent); neither fired means false;
- `every C where W check K`: a rule per record where W is true and K false (a failure)
  and one per record whose outcome is unknown; neither means true;
- `some`/`none C where W`: a rule per record where W is true and one per record where W is
  unknown; neither means `some` is false (`none` true);
- an unrecorded collection is a fact of its own that makes the condition unknown;
- a comparison of a record's fact with a case fact (`other_fact`) joins the record with the
  case fact in durable; such conditions are given in disjunctive normal form, one rule per
  disjunct (see `disjuncts` for why), and any condition's top-level `$or` one rule per part.

`tree_truth` then takes a condition's three-valued truth from what fired (where `all`, `any`
or `not` joins quantifiers with other parts, it joins their truths with the engine's Kleene
logic).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from typing import Any

from engine.facts import ALL_FACTS, COLLECTION_BY_NAME

Expr = dict[str, Any] | None
"""A durable condition on one fact; None for a condition that can never hold."""


def and_(*parts: Expr) -> Expr:
    if any(part is None for part in parts):
        return None
    kept = [part for part in parts if part]
    if not kept:
        return {}
    return kept[0] if len(kept) == 1 else {"$and": kept}


def _or(*parts: Expr) -> Expr:
    kept = [part for part in parts if part is not None]
    if not kept:
        return None
    if any(part == {} for part in kept):
        return {}
    return kept[0] if len(kept) == 1 else {"$or": kept}


def _field(fact_name: str) -> str:
    return fact_name.split(".", 1)[1]


def _constant(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.toordinal()
    return value


_NEGATED = {"$lt": "$gte", "$lte": "$gt", "$gt": "$lte", "$gte": "$lt"}
_ORDERED = {"lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}


def _comparison(data: Mapping[str, Any], parameters: Mapping[str, Any]) -> tuple[Expr, Expr, Expr]:
    """(true, false, unknown) expressions of a comparison."""
    fact = ALL_FACTS[data["fact"]]
    field = _field(fact.name)
    if "is" in data:
        op, value = "eq", data["is"]
    elif "other_fact" in data:
        # a case fact: on the case itself, the same fact's field; on a record, the field of
        # the case fact the rule joins as `c`
        op, other = data["op"], _field(data["other_fact"])
        value = {"$m": other} if fact.name.startswith("case.") else {CASE_ALIAS: other}
    else:
        op = data["op"]
        value = _constant(parameters[data["param"]] if "param" in data else data.get("value"))
    unknown: Expr = None if fact.always_known else {"$nex": {field: 1}}
    if op == "known":
        return {"$ex": {field: 1}}, {"$nex": {field: 1}}, None
    true: Expr
    false: Expr
    if op in ("eq", "ne"):
        true, false = {field: value}, {"$neq": {field: value}}
    elif op in _ORDERED:
        true = {_ORDERED[op]: {field: value}}
        false = {_NEGATED[_ORDERED[op]]: {field: value}}
    elif op in ("in", "not_in"):
        true = _or(*({field: item} for item in value))
        false = and_(*({"$neq": {field: item}} for item in value))
    elif op in ("contains", "not_contains"):
        true = {"$iany": {field: {"$i": value}}}
        false = _or({f"{field}_count": 0}, {"$iall": {field: {"$neq": {"$i": value}}}})
    elif op in ("empty", "not_empty"):
        true, false = {f"{field}_count": 0}, {"$gt": {f"{field}_count": 0}}
    else:  # pragma: no cover - the condition language has no other operator
        raise NotImplementedError(op)
    if op in ("ne", "not_in", "not_contains", "not_empty"):
        true, false = false, true
    return true, false, unknown


def _three_valued(
    data: Mapping[str, Any], parameters: Mapping[str, Any]
) -> tuple[Expr, Expr, Expr]:
    """(true, false, unknown) expressions of a condition on one fact (no quantifier)."""
    if "fact" in data:
        return _comparison(data, parameters)
    if "not" in data:
        true, false, unknown = _three_valued(data["not"], parameters)
        return false, true, unknown
    form = "all" if "all" in data else "any"
    parts = [_three_valued(part, parameters) for part in data[form]]
    trues = [part[0] for part in parts]
    falses = [part[1] for part in parts]
    unknowns = [part[2] for part in parts]
    # Kleene: `all` is false if any part is, unknown if none is false and some is unknown.
    if form == "all":
        return (
            and_(*trues),
            _or(*falses),
            and_(*(_or(t, u) for t, u in zip(trues, unknowns, strict=True)), _or(*unknowns)),
        )
    return (
        _or(*trues),
        and_(*falses),
        and_(*(_or(f, u) for f, u in zip(falses, unknowns, strict=True)), _or(*unknowns)),
    )


def _compares_with_case(data: Any) -> bool:
    """Whether a condition compares a fact with a case fact (`other_fact`)."""
    if not isinstance(data, Mapping):
        return False
    if "other_fact" in data:
        return True
    parts = [*(data.get("all") or []), *(data.get("any") or [])]
    parts += [data.get(key) for key in ("not", "where", "check")]
    return any(_compares_with_case(part) for part in parts)


def _has_quantifier(data: Any) -> bool:
    if not isinstance(data, Mapping):
        return False
    if any(form in data for form in ("every", "some", "none")):
        return True
    return any(
        _has_quantifier(part) for key in ("all", "any") for part in (data.get(key) or [])
    ) or _has_quantifier(data.get("not"))


# A condition becomes (kind, [(label, fact type, expression)], joins the case); `_decide`
# turns the labels that fired into its truth. A condition on records that compares them with
# a case fact joins each record with the case fact (alias `c`).
Encoded = tuple[str, list[tuple[str, str, Expr]], bool]
CASE_ALIAS = "c"


def _encode(data: Mapping[str, Any], parameters: Mapping[str, Any]) -> Encoded:
    for form in ("every", "some", "none"):
        if form in data:
            collection = COLLECTION_BY_NAME[data[form]]
            item = collection.item
            where = (
                _three_valued(data["where"], parameters) if "where" in data else ({}, None, None)
            )
            rules: list[tuple[str, str, Expr]] = []
            if form == "every":
                check = _three_valued(data["check"], parameters)
                rules.append(("fail", item, and_(where[0], check[1])))
                rules.append(
                    (
                        "unknown",
                        item,
                        _or(and_(where[2], _or(check[1], check[2])), and_(where[0], check[2])),
                    )
                )
            else:
                rules.append(("match", item, where[0]))
                rules.append(("unknown", item, where[2]))
            if collection.optional:
                rules.append(("unknown", "unrecorded", {"c": collection.name}))
            return form, [rule for rule in rules if rule[2] is not None], _compares_with_case(data)
    true, _false, unknown = _three_valued(data, parameters)
    return (
        "case",
        [
            rule
            for rule in (("true", "case", true), ("unknown", "case", unknown))
            if rule[2] is not None
        ],
        False,
    )


# A condition with quantifiers inside `all`/`any`/`not` is a tree whose leaves are encoded
# on their own (a quantifier, or a part on case facts only); Python combines the leaves'
# truths with the same three-valued logic as the engine.
Node = tuple[Any, ...]


def condition_tree(
    data: Mapping[str, Any], parameters: Mapping[str, Any], leaves: list[Encoded]
) -> Node:
    if any(form in data for form in ("every", "some", "none")) or not _has_quantifier(data):
        leaves.append(_encode(data, parameters))
        return ("leaf", len(leaves) - 1)
    if "not" in data:
        return ("not", condition_tree(data["not"], parameters, leaves))
    form = "all" if "all" in data else "any"
    return (form, [condition_tree(part, parameters, leaves) for part in data[form]])


def tree_truth(node: Node, kinds: list[str], fired: dict[int, set[str]]) -> bool | None:
    if node[0] == "leaf":
        return _decide(kinds[node[1]], fired.get(node[1], _NOTHING))
    if node[0] == "not":
        inner = tree_truth(node[1], kinds, fired)
        return None if inner is None else not inner
    truths = [tree_truth(child, kinds, fired) for child in node[1]]
    if node[0] == "all":
        return False if False in truths else (None if None in truths else True)
    return True if True in truths else (None if None in truths else False)


_NOTHING: frozenset[str] = frozenset()


def _decide(kind: str, fired: Any) -> bool | None:
    if kind == "case":
        return True if "true" in fired else (None if "unknown" in fired else False)
    if kind == "every":
        return False if "fail" in fired else (None if "unknown" in fired else True)
    if kind == "some":
        return True if "match" in fired else (None if "unknown" in fired else False)
    # none
    return False if "match" in fired else (None if "unknown" in fired else True)


def disjuncts(expression: Expr, *, normal_form: bool) -> list[Expr]:
    """A condition as rules that fire the same label, one per part of a top-level `$or`:
    durable allows 32 expressions in one rule's condition, fewer than some conditions'
    unknown cases need. With `normal_form`, `$and` is distributed over `$or` as well (a
    disjunctive normal form): durable fails with "property not found" on an `$or` that
    compares with a joined fact when a record lacks a property the `$or` names."""
    if expression is None or not expression:
        return [expression]
    if "$or" in expression:
        return [
            part
            for inner in expression["$or"]
            for part in disjuncts(inner, normal_form=normal_form)
        ]
    if normal_form and "$and" in expression:
        combinations = itertools.product(
            *(disjuncts(inner, normal_form=True) for inner in expression["$and"])
        )
        return [and_(*combination) for combination in combinations]
    return [expression]
