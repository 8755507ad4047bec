"""The engine's outcomes alone: what durable-rules computes, so the two compare like with like.

The engine decides a rule's outcome by its compiled decision (`Rule.decide`: the truths of
`applies_when` and `requires`, with the precedence not applicable, insufficient information,
then met or not met); its findings (evidence, reasons, next steps, record details) are built
from that decision afterwards. This runs only the deciding part, for every child of a case as
`engine.evaluation.children_findings` runs it: one evaluation environment per child, and a
rule decided once for the children of whom it reads the same values (`Rule.inputs`, with
the collections' records numbered once per child). The benchmark checks it gives each
child's findings' outcomes on every case before it times anything.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

from engine.evidence import Env
from engine.facts import CaseFacts
from engine.inputs import collection_numbers
from engine.rules import Rule
from models.assessment import Outcome


def engine_outcomes(
    rules: Sequence[Rule], children: Sequence[CaseFacts], parameters: Mapping[str, Any]
) -> dict[str, list[tuple[str, Outcome]]]:
    """Each child's (rule id, outcome) for each of `rules`, in their order."""
    if len(children) == 1:
        env = Env(children[0], parameters, {})
        return {children[0].child_ref: [(rule.id, rule.decide(env)[0]) for rule in rules]}
    earlier: list[dict[Hashable, Outcome]] = [{} for _ in rules]
    by_child = {}
    numbers: dict[Hashable, int] = {}
    for facts in children:
        env = Env(facts, parameters, {})
        collections = collection_numbers(facts, numbers)
        outcomes = []
        for rule, seen in zip(rules, earlier, strict=True):
            inputs = rule.inputs(facts, collections)
            outcome = seen.get(inputs)
            if outcome is None:
                outcome = seen[inputs] = rule.decide(env)[0]
            outcomes.append((rule.id, outcome))
        by_child[facts.child_ref] = outcomes
    return by_child
