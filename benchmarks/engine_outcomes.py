"""The engine's outcomes alone: what durable-rules computes, so the two compare like with like.

The engine decides a rule's outcome by evaluating its compiled `applies_when` and `requires`
conditions; its findings (reasons, next steps, record details) are built from that
evaluation afterwards. This runs only the deciding part, with the precedence
`engine.findings.evaluate_rule` applies: not applicable, insufficient information, then met
or not met. The benchmark checks it gives `evaluate_rule`'s outcome for every rule on
every case before it times anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from engine.evidence import Env
from engine.facts import CaseFacts
from engine.rules import Rule
from models.assessment import Outcome

_NOT_APPLICABLE = Outcome.NOT_APPLICABLE
_INSUFFICIENT = Outcome.INSUFFICIENT_INFORMATION
_OUTCOME_OF_TRUTH = {True: Outcome.MET, False: Outcome.NOT_MET, None: _INSUFFICIENT}


def engine_outcomes(
    rules: Sequence[Rule], facts: CaseFacts, parameters: Mapping[str, Any]
) -> list[tuple[str, Outcome]]:
    """(rule id, outcome) for each of `rules`, in their order."""
    results = []
    for rule in rules:
        env = Env(facts, parameters, {})
        if rule.applies_when is not None:
            truth = rule.applies_when(env).truth
            if truth is False:
                results.append((rule.id, _NOT_APPLICABLE))
                continue
            if truth is None:
                # Applicability unknown: met when the requirement holds either way.
                met = rule.requires(env).truth is True
                results.append((rule.id, _OUTCOME_OF_TRUTH[True] if met else _INSUFFICIENT))
                continue
        results.append((rule.id, _OUTCOME_OF_TRUTH[rule.requires(env).truth]))
    return results
