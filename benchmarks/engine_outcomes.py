"""The engine's outcomes alone: what durable-rules computes, so the two compare like with like.

The engine decides a rule's outcome by its compiled decision (`Rule.decide`: the truths of
`applies_when` and `requires`, with the precedence not applicable, insufficient information,
then met or not met); its findings (evidence, reasons, next steps, record details) are built
from that decision afterwards. This runs only the deciding part, for every child of a case as
`engine.evaluation.children_findings` runs it, through the same loop
(`engine.evaluation.judged_by_child`): one evaluation environment per child, and a rule
decided once for the children of whom it reads the same values. The benchmark checks it gives each
child's findings' outcomes on every case before it times anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from engine.evaluation import judged_by_child
from engine.evidence import Env
from engine.facts import CaseFacts
from engine.rules import Rule
from models.assessment import Outcome


def engine_outcomes(
    rules: Sequence[Rule], children: Sequence[CaseFacts], parameters: Mapping[str, Any]
) -> dict[str, list[tuple[str, Outcome]]]:
    """Each child's (rule id, outcome) for each of `rules`, in their order."""
    return judged_by_child(rules, children, parameters, _outcome, _shared)


def _outcome(rule: Rule, env: Env) -> tuple[str, Outcome]:
    return rule.id, rule.decide(env)[0]


def _shared(outcome: tuple[str, Outcome], _children: list[str]) -> tuple[str, Outcome]:
    return outcome
