"""The peer the design card named: durable-rules 2.0.28, on the same fact dictionaries.

durable-rules matches JSON facts against rules given in its JSON ruleset format and runs a
Python action for each match. Each rule's conditions are encoded from its own YAML
(`benchmarks.durable_conditions`, so the peer and the engine read the same catalogue); Python
takes each condition's three-valued truth from what fired, and the outcome from the truths of
`applies_when` and `requires`, as the engine does: not applicable; met or not met;
insufficient information, also when it is not known whether the rule applies and its
requirement does not hold. Only outcomes are compared (durable-rules does not word reasons);
they must agree with the engine's on every case before anything is timed.

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

from benchmarks.durable_conditions import (
    CASE_ALIAS,
    Encoded,
    Node,
    and_,
    condition_tree,
    disjuncts,
    tree_truth,
)
from engine import RuleSet
from engine.facts import COLLECTION_BY_NAME, CaseFacts
from engine.values import UNKNOWN
from models.assessment import Outcome

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
                condition_tree(rule.applies_when_data, parameters, leaves)
                if rule.applies_when_data is not None
                else None
            )
            requires = condition_tree(rule.requires_data, parameters, leaves)
            self._plan.append((rule.id, applies, requires))
        self._kinds = [kind for kind, _rules, _joins in leaves]
        definition: dict[str, Any] = {}
        for leaf, (_kind, rules, joins_case) in enumerate(leaves):
            for label, fact_type, expression in rules:
                joined = joins_case and fact_type != "unrecorded"
                for disjunct in disjuncts(expression, normal_form=joined):
                    match = {"m": and_({"t": fact_type}, disjunct)}
                    definition[f"r{len(definition)}"] = {
                        "all": [{CASE_ALIAS: {"t": "case"}}, match] if joined else [match],
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
            applicable = True if applies is None else tree_truth(applies, kinds, fired)
            if applicable is False:
                results.append((rule_id, _NOT_APPLICABLE))
                continue
            outcome = _OUTCOME[tree_truth(requires, kinds, fired)]
            if applicable is None and outcome is not _MET:
                outcome = _INSUFFICIENT  # not known to apply: met only if the requirement holds
            results.append((rule_id, outcome))
        return results


_NOT_APPLICABLE = Outcome.NOT_APPLICABLE
_INSUFFICIENT = Outcome.INSUFFICIENT_INFORMATION
_MET = Outcome.MET
_OUTCOME = {True: _MET, False: Outcome.NOT_MET, None: _INSUFFICIENT}
