"""The peer the design card named: durable-rules 2.0.28, on the same fact dictionaries.

durable-rules matches JSON facts against rules given in its JSON ruleset format and runs a
Python action for each match. It has no negation and no unknown, and a rule set made only
of absence checks never settles, so each condition of each rule is encoded as positive
rules over the facts, one per way it can decide (all generated from the rule's own YAML
condition, so the peer and the engine read the same catalogue):

- a condition on case facts: a rule that fires when it is true and one when it is unknown
  (the fact is absent); neither fired means false;
- `every C where W check K`: a rule per record where W is true and K false (a failure)
  and one per record whose outcome is unknown; neither means true;
- `some`/`none C where W`: a rule per record where W is true and one per record where W is
  unknown; neither means `some` is false (`none` true);
- an unrecorded collection is a fact of its own that makes the condition unknown;
- a comparison of a record's fact with a case fact (`other_fact`) joins the record with the
  case fact in durable; such conditions are given in disjunctive normal form, one rule per
  disjunct (see `_disjuncts` for why), and any condition's top-level `$or` one rule per part.

Python then takes each condition's three-valued truth from what fired (where `all`, `any`
or `not` joins quantifiers with other parts, it joins their truths with the engine's
Kleene logic), and the outcome from the truths of `applies_when` and `requires`, as the
engine does: not applicable; met or not met; insufficient information, also when it is not
known whether the rule applies and its requirement does not hold. Only outcomes are
compared (durable-rules does not word reasons); they must agree with the engine's on every
case before anything is timed.

The facts: the engine decides each child apart, so the peer does too. Each of one child's
`CaseFacts` dictionaries becomes one durable fact (the case, each record of each
collection), with the fact's name after its prefix as the key, an unknown value left out, a
date as its day number and a set of codes as a list with its size. This conversion
is part of the peer's measured time: durable-rules only takes JSON.

Per process, one Host with one ruleset (durable keeps rulesets in its C engine for the
life of the process). Each child's decision is a session: its facts are asserted, the
actions collect what fired, then the session is deleted (an open session is never left behind; durable
allows 1,024). The Host's timer threads, which run pending actions and timers from a
background thread and so race with the caller, are not started: nothing here uses timers,
and every action runs in the asserting call.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping
from typing import Any

from engine import RuleSet
from engine.derive import CaseFacts
from engine.values import UNKNOWN
from engine.vocabulary import ALL_FACTS, COLLECTION_BY_NAME
from models.assessment import Outcome

Expr = dict[str, Any] | None
"""A durable condition on one fact; None for a condition that can never hold."""

RULESET_NAME = "deplan_bench"
DURABLE_VERSION = "2.0.28"


def durable_available() -> tuple[bool, str]:
    """Whether durable-rules can be imported here, and if not, why."""
    try:
        import durable.engine  # noqa: F401
        import durable_rules_engine  # noqa: F401
    except ImportError as error:
        return False, (
            f"durable-rules is not installed ({error}); install the benchmark group: "
            "`uv sync --group bench` (it compiles C with gcc)"
        )
    return True, ""


# -- conditions to durable expressions -----------------------------------------------------


def _and(*parts: Expr) -> Expr:
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
        value = {"$m": other} if fact.name.startswith("case.") else {_CASE_ALIAS: other}
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
        false = _and(*({"$neq": {field: item}} for item in value))
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
            _and(*trues),
            _or(*falses),
            _and(*(_or(t, u) for t, u in zip(trues, unknowns, strict=True)), _or(*unknowns)),
        )
    return (
        _or(*trues),
        _and(*falses),
        _and(*(_or(f, u) for f, u in zip(falses, unknowns, strict=True)), _or(*unknowns)),
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
_CASE_ALIAS = "c"


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
                rules.append(("fail", item, _and(where[0], check[1])))
                rules.append(
                    (
                        "unknown",
                        item,
                        _or(_and(where[2], _or(check[1], check[2])), _and(where[0], check[2])),
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


def _plan(data: Mapping[str, Any], parameters: Mapping[str, Any], leaves: list[Encoded]) -> Node:
    if any(form in data for form in ("every", "some", "none")) or not _has_quantifier(data):
        leaves.append(_encode(data, parameters))
        return ("leaf", len(leaves) - 1)
    if "not" in data:
        return ("not", _plan(data["not"], parameters, leaves))
    form = "all" if "all" in data else "any"
    return (form, [_plan(part, parameters, leaves) for part in data[form]])


def _truth(node: Node, kinds: list[str], fired: dict[int, set[str]]) -> bool | None:
    if node[0] == "leaf":
        return _decide(kinds[node[1]], fired.get(node[1], _NOTHING))
    if node[0] == "not":
        inner = _truth(node[1], kinds, fired)
        return None if inner is None else not inner
    truths = [_truth(child, kinds, fired) for child in node[1]]
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


def _disjuncts(expression: Expr, *, normal_form: bool) -> list[Expr]:
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
            for part in _disjuncts(inner, normal_form=normal_form)
        ]
    if normal_form and "$and" in expression:
        combinations = itertools.product(
            *(_disjuncts(inner, normal_form=True) for inner in expression["$and"])
        )
        return [_and(*combination) for combination in combinations]
    return [expression]


# -- the peer --------------------------------------------------------------------------------


def _facts_json(facts: CaseFacts, sid: str) -> list[dict[str, Any]]:
    """The case's fact dictionaries as durable facts (JSON-ready)."""
    out = [_fact(facts.case, "case", sid, None)]
    for name, records in facts.collections.items():
        if records is None:
            out.append({"sid": sid, "t": "unrecorded", "c": name})
            continue
        item = COLLECTION_BY_NAME[name].item
        for index, record in enumerate(records):
            out.append(_fact(record, item, sid, index))
    return out


def _fact(record: Mapping[str, Any], kind: str, sid: str, index: int | None) -> dict[str, Any]:
    fact: dict[str, Any] = {"sid": sid, "t": kind}
    if index is not None:
        fact["i"] = index
    for name, value in record.items():
        if value is UNKNOWN:
            continue
        field = name.split(".", 1)[1]
        if isinstance(value, frozenset):
            fact[field] = sorted(value)
            fact[f"{field}_count"] = len(value)
        elif isinstance(value, dt.date):
            fact[field] = value.toordinal()
        else:
            fact[field] = value
    return fact


class DurablePeer:
    """The rule set in durable-rules; `outcomes(facts)` gives each rule's outcome."""

    def __init__(self, ruleset: RuleSet, day: dt.date) -> None:
        from durable.engine import Host, MessageNotHandledException

        class _Host(Host):  # type: ignore[misc]
            def _run(self) -> None:
                """No background dispatch threads: actions run in the asserting call."""

        self._not_handled = MessageNotHandledException
        parameters = ruleset.parameters.on(day)
        self._fired: set[tuple[int, str]] = set()
        leaves: list[Encoded] = []
        self._plan: list[tuple[str, Node | None, Node]] = []
        for rule in ruleset.in_force(day):
            applies = (
                _plan(rule.applies_when_data, parameters, leaves)
                if rule.applies_when_data is not None
                else None
            )
            requires = _plan(rule.requires_data, parameters, leaves)
            self._plan.append((rule.id, applies, requires))
        self._kinds = [kind for kind, _rules, _joins in leaves]
        definition: dict[str, Any] = {}
        for leaf, (_kind, rules, joins_case) in enumerate(leaves):
            for label, fact_type, expression in rules:
                joined = joins_case and fact_type != "unrecorded"
                for disjunct in _disjuncts(expression, normal_form=joined):
                    match = {"m": _and({"t": fact_type}, disjunct)}
                    definition[f"r{len(definition)}"] = {
                        "all": [{_CASE_ALIAS: {"t": "case"}}, match] if joined else [match],
                        "run": self._action((leaf, label)),
                    }
        self.rule_count = len(definition)
        self._host = _Host()
        self._host.register_rulesets({RULESET_NAME: definition})
        self._sessions = itertools.count()

    def _action(self, key: tuple[int, str]) -> Callable[[Any], None]:
        fired = self._fired

        def run(_closure: Any) -> None:
            fired.add(key)

        return run

    def outcomes(self, facts: CaseFacts) -> list[tuple[str, Outcome]]:
        """(rule id, outcome) for each rule in force, in catalogue order."""
        sid = str(next(self._sessions))
        self._fired.clear()
        host = self._host
        for fact in _facts_json(facts, sid):
            try:  # noqa: SIM105 - cheaper than contextlib.suppress on this path
                host.assert_fact(RULESET_NAME, fact)
            except self._not_handled:
                pass  # a fact no rule looks at
        host.delete_state(RULESET_NAME, sid)
        fired: dict[int, set[str]] = {}
        for leaf, label in self._fired:
            fired.setdefault(leaf, set()).add(label)
        kinds = self._kinds
        results = []
        for rule_id, applies, requires in self._plan:
            applicable = True if applies is None else _truth(applies, kinds, fired)
            if applicable is False:
                results.append((rule_id, _NOT_APPLICABLE))
                continue
            outcome = _OUTCOME[_truth(requires, kinds, fired)]
            if applicable is None and outcome is not _MET:
                outcome = _INSUFFICIENT  # not known to apply: met only if the requirement holds
            results.append((rule_id, outcome))
        return results


_NOT_APPLICABLE = Outcome.NOT_APPLICABLE
_INSUFFICIENT = Outcome.INSUFFICIENT_INFORMATION
_MET = Outcome.MET
_OUTCOME = {True: _MET, False: Outcome.NOT_MET, None: _INSUFFICIENT}
