"""What the re-audit groups a case by, beyond the engine's findings.

All of it is read as at the case's decision date (only what was recorded by then), except
the later return, which is by definition a CP plan starting *after* that date.
"""

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from engine.audit.traits import case_traits
from engine.dates import add_months
from engine.facts.allocation import worker_changes
from engine.facts.plans import plan_history
from engine.facts.view import allocations_during
from models.case import Case

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


def return_band(decision: dt.date, later_start: dt.date) -> str:
    """The band of the time to return, counted in calendar years from the decision date."""
    if later_start < add_months(decision, 12):
        return "<1y"
    if later_start < add_months(decision, 24):
        return "1-2y"
    if later_start < add_months(decision, 60):
        return "2-5y"
    return "5y+"


def audit_context(case: Case) -> AuditContext:
    as_of = case.decision_date
    current = [plan_history(child, as_of).current for child in case.children]
    current_plans = [plan for plan in current if plan is not None]
    plan_start = min((plan.start_date for plan in current_plans), default=None)
    later = [
        plan.start_date for c in case.children for plan in c.cp_plans if plan.start_date > as_of
    ]
    allocations = allocations_during(case.allocations, plan_start, as_of)
    changes = None if allocations is None else worker_changes(allocations)
    later_start = min(later) if later else None
    return AuditContext(
        children=len(case.children),
        categories=sorted({plan.category.value for plan in current_plans}),
        risks_recorded=case.risks is not None,
        risks_present=sorted(
            {r.kind.value for r in case.risks or () if r.identified_date <= as_of}
        ),
        worker_changes=None
        if changes is None
        else {role.value: count for role, count in changes.items()},
        later_plan_start=later_start,
        days_to_return=None if later_start is None else (later_start - as_of).days,
        return_band=None if later_start is None else return_band(as_of, later_start),
        traits=case_traits(case, plan_start, later_start),
    )
