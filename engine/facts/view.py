"""The family's record as of a date, and one child's decision in it: what facts are read from.

As-of semantics: anything dated after the as-of date is ignored, so a historic re-audit sees
only what was recorded by then. A done action dated later counts as not done; a risk status
dated later counts as active; an intervention completed later counts as in progress and one
starting later as planned (planned work is unfinished work, whenever it is dated); records
that start later (risks identified later, conferences held later) are left out.
`engine.data_quality` reports every date it ignored.

CP plans, outcomes and risks are per child: a `ChildView` holds the child's proposed outcome
and current plan, and the risks that concern the child. Family-level records (adults,
interventions, the network, engagement) are shared: what is derived from them alone is derived
once per case (`FamilyView.once`), and what depends on the child only through, say, the start
of the child's current plan once per such start (`FamilyView.once_per`). Children share those
records and facts (the same objects): nothing changes a fact once derived.
"""

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, TypeVar

from engine.facts.plans import PlanHistory, plan_history
from engine.values import UNKNOWN, FactValue
from models.case import (
    Adult,
    Case,
    Child,
    Conference,
    EngagementEvent,
    Intervention,
    MappaEnquiry,
    Risk,
    WorkerAllocation,
)
from models.case_fields import Action
from models.codes import EngagementKind, InterventionStatus, PlanDecision, RiskStatus

Shared = TypeVar("Shared")
Key = TypeVar("Key", bound=Hashable)

SIGNIFICANT_NON_ENGAGEMENT = frozenset(
    {
        EngagementKind.DISENGAGED_FROM_INTERVENTION,
        EngagementKind.DECLINED_SERVICE,
        EngagementKind.NO_ACCESS,
    }
)
"""Non-engagement that restarts the sustained-change clock (local policy: the paper notes
disengagement; that it restarts the count is this catalogue's inference)."""

_BY_DATE = attrgetter("date")
_BY_START = attrgetter("start_date")
_REMOVED = RiskStatus.REMOVED
_FINISHED = frozenset({InterventionStatus.COMPLETED, InterventionStatus.ENDED_INCOMPLETE})


# Not frozen, and never changed once made: a frozen dataclass takes about 5x as long to make.
@dataclass(slots=True)
class FamilyView:
    case: Case
    as_of: dt.date
    parameters: Mapping[str, Any]
    risks: list[Risk] | None
    risk_status: dict[str, RiskStatus | None]
    """Each risk's status as of the date; None where the case does not record it."""
    intervention_status: dict[str, InterventionStatus]
    adults: dict[str, Adult]
    events: list[EngagementEvent] | None
    conferences: list[Conference] | None
    analysed_on: dt.date | None
    """When the disguised-compliance analysis was done, if by the as-of date."""
    plans: dict[str, PlanHistory]
    """Each child's plans as of the date, by child ref."""
    work_on_risk: dict[str, list[Intervention]]
    """The interventions addressing each risk (by ref), in the case's order."""
    months_required: int
    """Months change must be sustained (the parameter, or longer if the safety statement says)."""
    interventions: list[Intervention] | None
    """All the case's interventions (one starting after the date counts as planned)."""
    shared: dict[object, Any] = field(default_factory=dict)
    """What `once` and `once_per` have derived."""

    def once(self, formula: Callable[["FamilyView"], Shared]) -> Shared:
        """`formula(self)`, derived at the first call only: the part of a formula that is the
        family's, shared by every child's decision."""
        shared = self.shared
        if formula not in shared:
            shared[formula] = formula(self)
        value: Shared = shared[formula]
        return value

    def once_per(self, formula: Callable[["FamilyView", Key], Shared], key: Key) -> Shared:
        """`formula(self, key)`, derived at the first call with `key` only: the part of a
        formula that is shared by the decisions of the children with the same `key` (the
        start of their current plan, say)."""
        shared, memo = self.shared, (formula, key)
        if memo not in shared:
            shared[memo] = formula(self, key)
        value: Shared = shared[memo]
        return value

    def explained(self, event: EngagementEvent) -> bool:
        """Whether the event was found explained by an analysis done by the as-of date, on
        or after the event (the explanation is the analysis's finding)."""
        return (
            event.explained is True
            and self.analysed_on is not None
            and self.analysed_on >= event.date
        )

    def interventions_on(self, risk_ref: str) -> Sequence[Intervention]:
        return self.work_on_risk.get(risk_ref, ())

    def restarts_for(self, risk: Risk) -> list[dt.date]:
        """Dates of significant, unexplained non-engagement by an adult linked to the risk
        (or by no adult in particular, or where the risk's adults are not recorded)."""
        return [
            event.date
            for event in self.events or ()
            if event.kind in SIGNIFICANT_NON_ENGAGEMENT
            and not self.explained(event)
            and (event.adult_ref is None or risk.adults is None or event.adult_ref in risk.adults)
        ]


def _analysed_on(case: Case, as_of: dt.date) -> dt.date | None:
    analysis = case.disguised_compliance_analysis
    if analysis is None or done_by(analysis, as_of) is not True:
        return None
    return analysis.date


def _months_required(case: Case, as_of: dt.date, parameters: Mapping[str, Any]) -> int:
    statement = case.safety_statement
    agreed_months = statement.sustain_months_agreed if statement else None
    if statement is None or done_by(statement.agreed, as_of) is not True:
        agreed_months = None
    # No parameter when no rule is in force on the day (then no rule reads the facts either).
    return max(parameters.get("sustained_change_months") or 0, agreed_months or 0)


def _work_on_risk(interventions: list[Intervention] | None) -> dict[str, list[Intervention]]:
    work: dict[str, list[Intervention]] = {}
    for intervention in interventions or ():
        for risk_ref in dict.fromkeys(intervention.addresses_risks):
            work.setdefault(risk_ref, []).append(intervention)
    return work


def family_view(case: Case, as_of: dt.date, parameters: Mapping[str, Any]) -> FamilyView:
    risks = (
        None
        if case.risks is None
        else [risk for risk in case.risks if risk.identified_date <= as_of]
    )
    return FamilyView(
        case=case,
        as_of=as_of,
        parameters=parameters,
        risks=risks,
        risk_status={risk.risk_ref: risk_status_as_of(risk, as_of) for risk in risks or ()},
        intervention_status={
            i.intervention_ref: intervention_status_as_of(i, as_of)
            for i in case.interventions or ()
        },
        adults={adult.adult_ref: adult for adult in case.adults or ()},
        events=None
        if case.engagement_events is None
        else sorted(
            [event for event in case.engagement_events if event.date <= as_of], key=_BY_DATE
        ),
        analysed_on=_analysed_on(case, as_of),
        conferences=None
        if case.conferences is None
        else sorted(
            [conference for conference in case.conferences if conference.date <= as_of],
            key=_BY_DATE,
        ),
        plans={child.child_ref: plan_history(child, as_of) for child in case.children},
        work_on_risk=_work_on_risk(case.interventions),
        months_required=_months_required(case, as_of, parameters),
        interventions=case.interventions,
    )


# Not frozen, and never changed once made: a frozen dataclass takes about 5x as long to make.
@dataclass(slots=True)
class ChildView:
    """One child's decision: what is proposed, the child's plans and the risks about them."""

    child: Child
    outcome: PlanDecision
    """What is proposed for the child (`Case.outcome_of`, without making the outcome)."""
    plans: PlanHistory
    risks: tuple[str, ...] | None
    """Refs of the risks concerning the child, in the case's order; None if not recorded."""
    on_plan: frozenset[str]
    """Refs of the child's risks still on the plan as of the date."""

    def of_current_plan(self, day: dt.date) -> bool:
        return of_plan(day, self.plans.episode_start)


def of_plan(day: dt.date, start: dt.date | None) -> bool:
    """Whether `day` falls during a plan (an episode) started on `start`; without a plan, it
    counts as any plan's."""
    return start is None or day >= start


def child_view(view: FamilyView, child: Child) -> ChildView:
    case, child_ref = view.case, child.child_ref
    risks = (
        None
        if view.risks is None
        else tuple(
            [r.risk_ref for r in view.risks if r.children is None or child_ref in r.children]
        )
    )
    status = view.risk_status
    on_plan = frozenset(
        [
            ref
            for ref in risks or ()
            if (risk_status := status[ref]) is not None and risk_status is not _REMOVED
        ]
    )
    outcome = (child.outcome or case.proposed_outcome).kind
    return ChildView(child, outcome, view.plans[child_ref], risks, on_plan)


def allocations_during(
    allocations: list[WorkerAllocation] | None, start: dt.date | None, as_of: dt.date
) -> list[WorkerAllocation] | None:
    """The allocations by the as-of date not ended before `start` (a plan's), by start date."""
    if allocations is None:
        return None
    return sorted(
        [
            allocation
            for allocation in allocations
            if allocation.start_date <= as_of
            and (start is None or allocation.end_date is None or allocation.end_date >= start)
        ],
        key=_BY_START,
    )


def risk_status_as_of(risk: Risk, as_of: dt.date) -> RiskStatus | None:
    if risk.status is None:
        return None
    if risk.status_date is not None and risk.status_date > as_of:
        return RiskStatus.ACTIVE
    return risk.status


def intervention_status_as_of(intervention: Intervention, as_of: dt.date) -> InterventionStatus:
    if intervention.start_date is not None and intervention.start_date > as_of:
        return InterventionStatus.PLANNED
    status = intervention.status
    if status in _FINISHED and intervention.end_date is not None and intervention.end_date > as_of:
        return InterventionStatus.IN_PROGRESS
    return status


def done_by(action: Action | MappaEnquiry | None, as_of: dt.date) -> FactValue:
    if action is None:
        return UNKNOWN
    return action.done and action.date is not None and action.date <= as_of


def done_date(action: Action | None, as_of: dt.date) -> FactValue:
    if action is None or action.date is None or action.date > as_of:
        return UNKNOWN
    return action.date


def known(value: FactValue | None) -> FactValue:
    return UNKNOWN if value is None else value
