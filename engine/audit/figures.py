"""The briefing paper's figures that are not one rule's counts: children, the toxic trio,
the worker-change cascade and the nested counts of `report.yaml`. Counters only, mergeable
like the summary.

Toxic trio: per family, which of its aspects (as `report.yaml` maps them to kinds of risk
recorded by the decision date) it shows, and how many: none, one, two or more.

Worker-change cascade: of the families with a change of social worker during the plan, how
many also had a change of team manager, and of those, a change of CP chair (the paper: 10,
6 of these 10, 4 of these 6); of the families whose allocations are recorded.

Nested counts: a chain of steps, each a rule (the families that did not meet it) or a
characteristic of the family (`engine.audit.traits`: the families that show it); the first
step counts of the families it judged (met or not met; the characteristic recorded), each
further step, of the families in the step before, those it judged and those it counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from engine.audit.context import AuditContext
from engine.audit.report_config import NestedStep, ReportConfig
from engine.audit.traits import trait
from models.assessment import Outcome

_NOT_MET = Outcome.NOT_MET.value
_JUDGED = frozenset({Outcome.MET.value, _NOT_MET})
CASCADE = ("social_worker", "team_manager", "cp_chair")


class PaperFigures:
    def __init__(self, config: ReportConfig) -> None:
        self.config = config
        self.toxic_trio = dict(config.toxic_trio)
        self.children = 0
        self.trio: Counter[tuple[str, ...]] = Counter()
        """The aspects a family shows (in the configured order) -> families."""
        self.nested: Counter[tuple[int, int, str]] = Counter()
        """(chain, step, "judged" | "counted") -> families."""
        self.workers: Counter[str] = Counter()

    def add(self, outcomes: Sequence[tuple[str, str]], context: AuditContext) -> None:
        self.children += context.children
        risks = set(context.risks_present)
        self.trio[
            tuple(aspect for aspect, kinds in self.config.toxic_trio if risks.intersection(kinds))
        ] += 1
        by_rule = dict(outcomes)
        for chain_index, chain in enumerate(self.config.nested):
            for step_index, step in enumerate(chain.steps):
                judged, counted = self._judge(step, by_rule, context)
                if judged:
                    self.nested[chain_index, step_index, "judged"] += 1
                if not counted:
                    break
                self.nested[chain_index, step_index, "counted"] += 1
        changes = context.worker_changes
        if changes is None:
            return
        self.workers["recorded"] += 1
        for role in CASCADE:
            if changes.get(role, 0) > 0:
                self.workers[role] += 1
        for depth in range(len(CASCADE)):
            if any(changes.get(role, 0) == 0 for role in CASCADE[: depth + 1]):
                break
            self.workers[f"cascade_{depth}"] += 1

    def _judge(
        self, step: NestedStep, by_rule: dict[str, str], context: AuditContext
    ) -> tuple[bool, bool]:
        """Whether the step judged the family, and whether the family counts in it."""
        if step.kind == "rule":
            outcomes = [by_rule.get(rule_id) for rule_id in step.rule_ids]
            return (
                any(outcome in _JUDGED for outcome in outcomes),
                any(outcome == _NOT_MET for outcome in outcomes),
            )
        value = trait(context, step.name, self.toxic_trio)
        return value is not None, value is True

    def merge(self, other: PaperFigures) -> None:
        self.children += other.children
        self.trio.update(other.trio)
        self.nested.update(other.nested)
        self.workers.update(other.workers)

    def footprint(self) -> int:
        return len(self.trio) + len(self.nested) + len(self.workers)

    def to_json(self) -> dict[str, Any]:
        nested = []
        for chain_index, chain in enumerate(self.config.nested):
            steps = []
            previous: int | None = None
            for step_index, step in enumerate(chain.steps):
                counted = self.nested[chain_index, step_index, "counted"]
                judged = self.nested[chain_index, step_index, "judged"]
                steps.append(
                    {
                        "kind": step.kind,
                        "name": step.name,
                        "rule_id": step.name if step.kind == "rule" else None,
                        "rule_ids": list(step.rule_ids),
                        "label": step.label,
                        "paper": step.paper,
                        "families": counted,
                        "of": judged if previous is None else previous,
                        "judged": judged,
                    }
                )
                previous = counted
            nested.append({"title": chain.title, "steps": steps})
        recorded = self.workers["recorded"]
        return {
            "children": self.children,
            "toxic_trio": self._trio_json(),
            "nested": nested,
            "worker_changes": {
                "description": "Families with a change of worker in the role during the plan, "
                "of those whose allocations are recorded; the cascade nests each role in the "
                "one before.",
                "recorded": recorded,
                "any": {role: self.workers[role] for role in CASCADE},
                "cascade": [
                    {
                        "role": role,
                        "families": self.workers[f"cascade_{depth}"],
                        "of": recorded if depth == 0 else self.workers[f"cascade_{depth - 1}"],
                    }
                    for depth, role in enumerate(CASCADE)
                ],
            },
        }

    def _trio_json(self) -> dict[str, Any]:
        families = sum(self.trio.values())
        by_number: Counter[int] = Counter()
        for shown, n in self.trio.items():
            by_number[min(len(shown), 2)] += n
        return {
            "description": "Families by the aspects of the toxic trio shown by the kinds of "
            "risk recorded by the decision date.",
            "of": families,
            "aspects": {
                aspect: sum(n for shown, n in self.trio.items() if aspect in shown)
                for aspect, _ in self.config.toxic_trio
            },
            "none": by_number[0],
            "one": by_number[1],
            "two_or_more": by_number[2],
            "combinations": [
                {"aspects": list(shown), "families": n}
                for shown, n in sorted(self.trio.items(), key=lambda item: (-item[1], item[0]))
            ],
        }
