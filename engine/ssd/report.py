"""The import report: what was found, what was written, what could not be used (file, line,
column, why; never a value) and which case inputs the extract supplied for how many cases."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from engine.ssd.coding import CATEGORY_RISKS
from engine.ssd.problems import ProblemLog

REPORT_SCHEMA = "deplan-ssd-import-report/1"

NOT_IN_EXTRACT = (
    "adults (roles, checks, probation and MAPPA, parental history)",
    "risks[].status and sustained change",
    "interventions",
    "engagement_events",
    "disguised_compliance_analysis",
    "safety_statement",
    "family_network",
    "conferences[]: agencies, chronology, genogram, history and repeat-plan analysis",
    "allocations[].transfer_review",
    "proposed_outcome: initiated_by, rationale, lead professional, family hub, support plan",
)
"""Case inputs the SSD does not hold: not recorded, so the rules that need them give
insufficient information until a chair or social worker completes them."""


@dataclass(slots=True)
class ImportReport:
    problems: ProblemLog = field(default_factory=ProblemLog)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    """file -> rows read and the date format decided per column."""
    files_not_used: list[str] = field(default_factory=list)
    optional_files_missing: list[str] = field(default_factory=list)
    families: int = 0
    children: int = 0
    plan_endings: int = 0
    plan_endings_without_review: int = 0
    decisions: int = 0
    cases_written: int = 0
    cases_not_valid: int = 0
    case_errors: Counter[str] = field(default_factory=Counter)
    """Field path and error type of cases the model refused."""
    duplicate_rows: Counter[str] = field(default_factory=Counter)
    inputs_supplied: Counter[str] = field(default_factory=Counter)

    def note_case(self, case: dict[str, Any]) -> None:
        self.cases_written += 1
        plans = [plan for child in case["children"] for plan in child["cp_plans"]]
        supplied = {
            "children[].cp_plans": True,
            "children[].cp_plans[].transfer_in": any("transfer_in" in plan for plan in plans),
            "children[].outcome": any("outcome" in child for child in case["children"]),
            "risks": bool(case.get("risks")),
            "risks from assessment factors": any(
                risk["kind"] not in _CATEGORY_KINDS for risk in case.get("risks", [])
            ),
            "allocations": "allocations" in case,
            "conferences": "conferences" in case,
            "proposed_outcome.kind": True,
        }
        self.inputs_supplied.update(name for name, present in supplied.items() if present)

    def to_json(self) -> dict[str, Any]:
        problems = self.problems
        return {
            "schema": REPORT_SCHEMA,
            "files": self.files,
            "files_not_used": self.files_not_used,
            "optional_files_missing": self.optional_files_missing,
            "found": {
                "families_with_cp_plans": self.families,
                "children_with_cp_plans": self.children,
                "plan_endings": self.plan_endings,
                "plan_endings_without_an_ending_review": self.plan_endings_without_review,
                "de_planning_decisions": self.decisions,
            },
            "cases_written": self.cases_written,
            "cases_not_valid": {
                "cases": self.cases_not_valid,
                "errors": dict(sorted(self.case_errors.items())),
            },
            "duplicate_rows_ignored": dict(sorted(self.duplicate_rows.items())),
            "rows_not_used": {
                "problems": problems.total,
                "by_file_column_and_reason": problems.summary(),
                "first": [p.as_json() for p in problems.first],
            },
            "inputs_supplied": {
                "of_cases": self.cases_written,
                "cases": dict(sorted(self.inputs_supplied.items())),
                "not_in_the_extract": list(NOT_IN_EXTRACT),
            },
        }

    def line(self) -> str:
        return (
            f"{self.families} families, {self.decisions} de-planning decisions, "
            f"{self.cases_written} cases written, {self.cases_not_valid} not valid"
        )


_CATEGORY_KINDS = {kind.value for kind in CATEGORY_RISKS.values()}
