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
# A change of severity changes nothing for a case whose finding is met or not applicable.
_SEVERITY_MATTERS = frozenset({"not_met", "insufficient_information"})
COMPARE_SCHEMA = "deplan-audit-compare/1"


def case_changes(old: Assessment, new: Assessment) -> dict[str, Any] | None:
    """The verdict and the findings that differ between the two assessments (in outcome, or
    in severity where the rule is not met or lacks information), or None."""
    old_findings = {f.rule_id: (f.outcome.value, f.severity.value) for f in old.findings}
    new_findings = {f.rule_id: (f.outcome.value, f.severity.value) for f in new.findings}
    absent = (NOT_IN_FORCE, None)
    findings = []
    for rule_id in sorted(old_findings.keys() | new_findings.keys()):
        (old_outcome, old_severity) = old_findings.get(rule_id, absent)
        (new_outcome, new_severity) = new_findings.get(rule_id, absent)
        severity_matters = bool({old_outcome, new_outcome} & _SEVERITY_MATTERS)
        if old_outcome != new_outcome or (severity_matters and old_severity != new_severity):
            findings.append(
                {
                    "rule_id": rule_id,
                    "old": old_outcome,
                    "new": new_outcome,
                    "old_severity": old_severity,
                    "new_severity": new_severity,
                }
            )
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
        self.outcomes: Counter[tuple[str, str, str, str | None, str | None]] = Counter()
        """(rule_id, old outcome, new outcome, old severity, new severity) of changed
        findings."""

    def add(self, old: Assessment, new: Assessment) -> dict[str, Any] | None:
        self.cases += 1
        self.verdicts[old.verdict.value, new.verdict.value] += 1
        changes = case_changes(old, new)
        if changes is not None:
            self.cases_changed += 1
            for f in changes["findings"]:
                key = (f["rule_id"], f["old"], f["new"], f["old_severity"], f["new_severity"])
                self.outcomes[key] += 1
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
        for (rule_id, old, new, old_severity, new_severity), count in sorted(
            self.outcomes.items(), key=lambda item: tuple(str(part) for part in item[0])
        ):
            rules.setdefault(rule_id, []).append(
                {
                    "old": old,
                    "new": new,
                    "old_severity": old_severity,
                    "new_severity": new_severity,
                    "cases": count,
                }
            )
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
