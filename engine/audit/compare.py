"""Impact analysis: the same cases under two rule sets, and what changes between them.

Like the summary, the aggregate holds counters only (verdict transitions and per-rule
outcome transitions); the per-case changes are streamed to `changes.jsonl`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from engine.audit.summary import VERDICTS
from models.assessment import Assessment

NOT_IN_FORCE = "not_in_force"
COMPARE_SCHEMA = "deplan-audit-compare/1"


def case_changes(old: Assessment, new: Assessment) -> dict[str, Any] | None:
    """The verdict and findings that differ between the two assessments, or None."""
    old_outcomes = {f.rule_id: f.outcome.value for f in old.findings}
    new_outcomes = {f.rule_id: f.outcome.value for f in new.findings}
    findings = [
        {
            "rule_id": rule_id,
            "old": old_outcomes.get(rule_id, NOT_IN_FORCE),
            "new": new_outcomes.get(rule_id, NOT_IN_FORCE),
        }
        for rule_id in sorted(old_outcomes.keys() | new_outcomes.keys())
        if old_outcomes.get(rule_id, NOT_IN_FORCE) != new_outcomes.get(rule_id, NOT_IN_FORCE)
    ]
    if old.verdict == new.verdict and not findings:
        return None
    return {
        "verdict": {"old": old.verdict.value, "new": new.verdict.value},
        "findings": findings,
    }


class CompareSummary:
    def __init__(self) -> None:
        self.cases = 0
        self.cases_changed = 0
        self.verdicts: Counter[tuple[str, str]] = Counter()
        self.outcomes: Counter[tuple[str, str, str]] = Counter()
        """(rule_id, old outcome, new outcome) for findings that changed."""

    def add(self, old: Assessment, new: Assessment) -> dict[str, Any] | None:
        self.cases += 1
        self.verdicts[old.verdict.value, new.verdict.value] += 1
        changes = case_changes(old, new)
        if changes is not None:
            self.cases_changed += 1
            for finding in changes["findings"]:
                self.outcomes[finding["rule_id"], finding["old"], finding["new"]] += 1
        return changes

    def merge(self, other: CompareSummary) -> None:
        self.cases += other.cases
        self.cases_changed += other.cases_changed
        self.verdicts.update(other.verdicts)
        self.outcomes.update(other.outcomes)

    def footprint(self) -> int:
        return len(self.verdicts) + len(self.outcomes)

    def to_json(self, meta: dict[str, Any] | None = None) -> dict[str, Any]:
        rules: dict[str, list[dict[str, Any]]] = {}
        for (rule_id, old, new), count in sorted(self.outcomes.items()):
            rules.setdefault(rule_id, []).append({"old": old, "new": new, "cases": count})
        return {
            "schema": COMPARE_SCHEMA,
            **(meta or {}),
            "cases": self.cases,
            "cases_changed": self.cases_changed,
            "verdict_changes": sum(n for (old, new), n in self.verdicts.items() if old != new),
            "verdicts": [
                {"old": old, "new": new, "cases": self.verdicts[old, new]}
                for old in VERDICTS
                for new in VERDICTS
                if self.verdicts[old, new]
            ],
            "findings": [
                {
                    "rule_id": rule_id,
                    "cases_changed": sum(t["cases"] for t in transitions),
                    "transitions": transitions,
                }
                for rule_id, transitions in rules.items()
            ],
        }
