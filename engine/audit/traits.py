"""What the re-audit can say about a family beyond the rules: the characteristics the
briefing paper counts families by (non-engagement, parents' own histories, harm to children
before, the risk of the return), which `report.yaml` chains may name with `has:`.

Each is a yes, a no or *not recorded* (None), read from what was recorded by the decision
date, except the return's risk, which is by definition recorded after it. A family counts as
"judged" on a characteristic when it is not None, so each count keeps its denominator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from engine.facts.adult import PARENT_ROLES
from models.case import Adult, Case, CinPlan
from models.codes import AbuseCategory, CinClosureReason, EngagementKind, HarmHistory, RiskKind

if TYPE_CHECKING:
    from engine.audit.context import AuditContext

RISK_PREFIX = "risk:"
"""`risk:KIND`: a risk of that kind recorded by the decision date."""

CASE_TRAITS = (
    "non_engagement",
    "care_experienced_parent",
    "parental_history_considered",
    "physical_harm_to_children_before",
    "sexual_offence_against_children",
    "earlier_children_living_elsewhere",
    "returned_for_other_risk",
    "cin_closed_at_parental_request",
    "no_contact_with_earlier_children",
)
"""Read from the case by `case_traits`."""

CONTEXT_TRAITS = (
    "social_worker_change",
    "team_manager_change",
    "cp_chair_change",
    "returned",
    "returned_within_2_years",
    "no_toxic_trio",
)
"""Read from the rest of the audit context (and `report.yaml`'s toxic trio)."""

TRAITS = CASE_TRAITS + CONTEXT_TRAITS
_NON_ENGAGEMENT = frozenset(EngagementKind) - {EngagementKind.DISGUISED_COMPLIANCE_INDICATOR}
"""The paper's "parental non-engagement with the planning (intervention) process": every
recorded kind of it, whether or not it restarts the sustained-change count."""
_WITHIN_2_YEARS = frozenset({"<1y", "1-2y"})
_ROLE_OF = {
    "social_worker_change": "social_worker",
    "team_manager_change": "team_manager",
    "cp_chair_change": "cp_chair",
}


def known_trait(name: str) -> bool:
    if name.startswith(RISK_PREFIX):
        return name.removeprefix(RISK_PREFIX) in {kind.value for kind in RiskKind}
    return name in TRAITS


def any_of(values: Iterable[bool | None]) -> bool | None:
    """Yes if any is yes; no if every one is a recorded no; otherwise not recorded."""
    seen_unknown = False
    for value in values:
        if value:
            return True
        seen_unknown = seen_unknown or value is None
    return None if seen_unknown else False


def case_traits(
    case: Case, plan_start: dt.date | None, returned: dt.date | None
) -> dict[str, bool | None]:
    """`plan_start`: the start of the plan being ended; `returned`: the start of the
    family's later CP plan, if any."""
    as_of = case.decision_date
    adults = case.adults
    parents = None if adults is None else [a for a in adults if a.role in PARENT_ROLES]
    return {
        "non_engagement": _non_engagement(case, plan_start),
        "care_experienced_parent": _any_adult(parents, lambda a: a.care_experienced),
        "parental_history_considered": _any_adult(
            parents,
            lambda a: (
                None
                if a.parental_history_considered is None
                else _done_by(a.parental_history_considered.date, as_of)
            ),
        ),
        "physical_harm_to_children_before": _any_adult(
            adults, lambda a: _has_harm(a, HarmHistory.PHYSICAL_HARM_TO_CHILD)
        ),
        "sexual_offence_against_children": _any_adult(
            adults, lambda a: _has_harm(a, HarmHistory.SEXUAL_OFFENCE_AGAINST_CHILD)
        ),
        "earlier_children_living_elsewhere": _any_adult(
            adults, lambda a: a.earlier_children_living_elsewhere
        ),
        "returned_for_other_risk": _returned_for_other_risk(case, returned),
        # What happened after the decision, as the re-audit reads it from the later record.
        "cin_closed_at_parental_request": any_of(
            _closed_at_parental_request(child.cin_plan) for child in case.children
        ),
        "no_contact_with_earlier_children": _any_adult(
            adults,
            lambda a: (
                a.contact_with_earlier_children is False
                if a.earlier_children_living_elsewhere
                else a.earlier_children_living_elsewhere
            ),
        ),
    }


def _closed_at_parental_request(plan: CinPlan | None) -> bool | None:
    """A CIN plan closed at the parents' request before the risk work was finished."""
    if plan is None:
        return None
    if plan.end_date is None:
        return False
    if plan.closure_reason is None:
        return None
    if plan.closure_reason is not CinClosureReason.PARENTAL_REQUEST:
        return False
    return None if plan.work_complete_at_closure is None else not plan.work_complete_at_closure


def trait(context: AuditContext, name: str, toxic_trio: Mapping[str, Iterable[str]]) -> bool | None:
    """The family's value of a `report.yaml` characteristic (see `known_trait`)."""
    if name.startswith(RISK_PREFIX):
        if not context.risks_recorded:
            return None
        return name.removeprefix(RISK_PREFIX) in context.risks_present
    if name in _ROLE_OF:
        changes = context.worker_changes
        return None if changes is None else changes.get(_ROLE_OF[name], 0) > 0
    if name == "returned":
        return context.later_plan_start is not None
    if name == "returned_within_2_years":
        return context.return_band in _WITHIN_2_YEARS
    if name == "no_toxic_trio":
        if not context.risks_recorded:
            return None
        shown = set(context.risks_present)
        return not any(shown.intersection(kinds) for kinds in toxic_trio.values())
    return context.traits.get(name)


def _any_adult(adults: list[Adult] | None, value: Callable[[Adult], bool | None]) -> bool | None:
    return None if adults is None else any_of(value(adult) for adult in adults)


def _non_engagement(case: Case, plan_start: dt.date | None) -> bool | None:
    """Non-engagement recorded during the plan being ended, by the decision date."""
    if case.engagement_events is None:
        return None
    return any(
        event.kind in _NON_ENGAGEMENT
        and event.date <= case.decision_date
        and (plan_start is None or event.date >= plan_start)
        for event in case.engagement_events
    )


def _done_by(day: dt.date | None, as_of: dt.date) -> bool:
    return day is not None and day <= as_of


def _has_harm(adult: Adult, harm: HarmHistory) -> bool | None:
    return None if adult.harm_history is None else harm in adult.harm_history


def _returned_for_other_risk(case: Case, returned: dt.date | None) -> bool | None:
    """Whether none of the risks of the family's return (those identified after the
    decision date) is of a kind that brought it to conference before (the risks marked
    original, else every risk by the decision date). Without the return's risks recorded,
    by its plans' categories of abuse (`_other_category`); not recorded without a return."""
    if returned is None:
        return None
    as_of = case.decision_date
    risks = case.risks or []
    at_return = {r.kind for r in risks if r.identified_date > as_of}
    before = [r for r in risks if r.identified_date <= as_of]
    original = {r.kind for r in before if r.original} or {r.kind for r in before}
    if at_return and original:
        return not at_return & original
    return _other_category(case, returned)


def _other_category(case: Case, returned: dt.date) -> bool | None:
    """Whether no category of the plans starting at the return was a category of the plans
    ended at the decision; not recorded where either side has multiple categories (MUL),
    which could be the same risk."""
    ended: set[AbuseCategory] = set()
    later: set[AbuseCategory] = set()
    for child in case.children:
        started = [plan for plan in child.cp_plans if plan.start_date <= case.decision_date]
        if started:
            ended.add(max(started, key=lambda plan: plan.start_date).category)
        later.update(plan.category for plan in child.cp_plans if plan.start_date == returned)
    if not ended or not later or AbuseCategory.MUL in ended | later:
        return None
    return not ended & later
