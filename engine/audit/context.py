"""What the re-audit groups a case by, beyond the engine's findings.

All of it is read as at the case's decision date (only what was recorded by then), except
the later return, which is by definition a CP plan starting *after* that date.
"""

import calendar
import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from engine.audit.traits import case_traits
from models.case import Case
from models.codes import WorkerRole

RETURN_BANDS = ("<1y", "1-2y", "2-5y", "5y+")
"""Time from the decision to end the plan to the start of the next one."""

RETURN_BAND_LABELS = {
    "<1y": "under 1 year",
    "1-2y": "1–2 years",
    "2-5y": "2–5 years",
    "5y+": "5 years+",
}


class AuditContext(BaseModel):
    """The grouping facts of one case; pseudonymous and coded, like the case itself."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    children: int
    """Children in the family's case."""
    categories: list[str]
    """Categories of abuse of the children's plans in force at the decision date."""
    risks_present: list[str]
    """Kinds of risk recorded by the decision date."""
    risks_recorded: bool = True
    """Whether the case records its risks at all (absent: not recorded)."""
    worker_changes: dict[str, int] | None
    """Per role, distinct workers allocated during the plan minus one; None if not recorded."""
    later_plan_start: dt.date | None
    """The earliest CP plan start after the decision date: the family's return, if any."""
    days_to_return: int | None
    return_band: str | None
    traits: dict[str, bool | None] = Field(default_factory=dict)
    """The characteristics of `traits.CASE_TRAITS`: yes, no or not recorded (None)."""


def add_years(day: dt.date, years: int) -> dt.date:
    year = day.year + years
    return dt.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def return_band(decision: dt.date, later_start: dt.date) -> str:
    """The band of the time to return, counted in calendar years from the decision date."""
    if later_start < add_years(decision, 1):
        return "<1y"
    if later_start < add_years(decision, 2):
        return "1-2y"
    if later_start < add_years(decision, 5):
        return "2-5y"
    return "5y+"


def audit_context(case: Case) -> AuditContext:
    as_of = case.decision_date
    current_starts: list[dt.date] = []
    categories: set[str] = set()
    later: list[dt.date] = []
    for child in case.children:
        started = [plan for plan in child.cp_plans if plan.start_date <= as_of]
        later.extend(plan.start_date for plan in child.cp_plans if plan.start_date > as_of)
        if started:
            current = max(started, key=lambda plan: plan.start_date)
            current_starts.append(current.start_date)
            categories.add(current.category.value)
    plan_start = min(current_starts) if current_starts else None

    worker_changes: dict[str, int] | None = None
    if case.allocations is not None:
        workers: dict[str, set[str]] = {role.value: set() for role in WorkerRole}
        for allocation in case.allocations:
            if allocation.start_date > as_of:
                continue
            if (
                plan_start is not None
                and allocation.end_date is not None
                and allocation.end_date < plan_start
            ):
                continue
            workers[allocation.role.value].add(allocation.worker_ref)
        worker_changes = {role: max(len(refs) - 1, 0) for role, refs in workers.items()}

    later_start = min(later) if later else None
    return AuditContext(
        children=len(case.children),
        categories=sorted(categories),
        risks_recorded=case.risks is not None,
        risks_present=sorted(
            {r.kind.value for r in case.risks or () if r.identified_date <= as_of}
        ),
        worker_changes=worker_changes,
        later_plan_start=later_start,
        days_to_return=None if later_start is None else (later_start - as_of).days,
        return_band=None if later_start is None else return_band(as_of, later_start),
        traits=case_traits(case, plan_start, later_start),
    )


def context_json(context: AuditContext) -> dict[str, Any]:
    return context.model_dump(mode="json")
