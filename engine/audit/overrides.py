"""How often conference chairs overruled each rule: counts the caller brings to a re-audit.

The overrides live in the service's database (the chairs' recorded decisions), which the
engine never reads: the API's audit job and `deplan audit --chair-overrides` count them for
an organisation and pass them in `AuditRequest.chair_overrides`; the summary and the report
show them beside the rule outcomes. They are the decisions in force (a correction replaces
the decision it corrects), of every assessment of the organisation's cases, whatever cases
the audit's input holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RuleOverrides:
    rule_id: str
    decisions: int
    """Decisions in which a chair overruled the rule for at least one child."""
    children: int
    """Children for whom it was overruled, over those decisions."""


@dataclass(frozen=True, slots=True)
class ChairOverrides:
    organisation: str
    decisions: int
    """Decisions in force, with or without overrides: the denominator."""
    by_rule: tuple[RuleOverrides, ...]
    deplanned_not_ready: int = 0
    """Children those decisions de-plan although the engine's verdict for them was not ready
    (not ready, insufficient information or out of scope)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "description": "Findings the conference chairs overruled in the decisions in force "
            "recorded for the organisation's cases (from the service database); an override "
            "never changes the engine's verdict.",
            "organisation": self.organisation,
            "decisions": self.decisions,
            "children_deplanned_not_ready": self.deplanned_not_ready,
            "by_rule": [
                {"rule_id": r.rule_id, "decisions": r.decisions, "children": r.children}
                for r in sorted(self.by_rule, key=lambda r: (-r.decisions, r.rule_id))
            ],
        }
