"""The engine's outcomes alone: what durable-rules computes, so the two compare like with like.

The engine decides a rule's outcome by its compiled decision (`Rule.decide`: `applies_when`
and `requires`, with the precedence not applicable, insufficient information, then met or
not met); its findings (reasons, next steps, record details) are built from that evaluation
afterwards. This runs only the deciding part, as `engine.evaluation.evaluate_rule` does,
with one evaluation environment per child as `children_findings` makes. The benchmark
checks it gives `evaluate_rule`'s outcome for every rule on every case before it times
anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from engine.derive import CaseFacts
from engine.evidence import Env
from engine.rules import Rule
from models.assessment import Outcome


def engine_outcomes(
    rules: Sequence[Rule], facts: CaseFacts, parameters: Mapping[str, Any]
) -> list[tuple[str, Outcome]]:
    """(rule id, outcome) for each of `rules`, in their order."""
    env = Env(facts, parameters, {})
    return [(rule.id, rule.decide(env)[0]) for rule in rules]
