"""Derive the facts of `engine.vocabulary` from a case, as of a date: one set per child.

CP plans, outcomes and risks are per child, so each child's decision gets its own facts: the
child's proposed outcome and current plan, the risks that concern the child, the conferences
and worker changes of the child's plan. Family-level records (adults, interventions, the
network, engagement) are shared. `engine.family` states the as-of semantics.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.family import FamilyView, done_by, done_date, family_view, known
from engine.plans import plan_history
from engine.records import (
    ChildView,
    Record,
    adult_record,
    allocation_records,
    allocations_during_plan,
    conference_record,
    intervention_record,
    risk_record,
)
from engine.signals import compliance_signals
from engine.values import UNKNOWN, FactValue, any_known
from models.case import Case, Child, WorkerAllocation
from models.codes import (
    ConferenceKind,
    ConferenceType,
    DeplanRationale,
    OutcomeKind,
    RiskStatus,
    WorkerRole,
)

_DECIDING = frozenset({OutcomeKind.STEP_DOWN_TO_CIN, OutcomeKind.CLOSE})


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """The facts of one child's decision: `case.*` facts and each collection's records."""

    as_of: dt.date
    child_ref: str
    case: Record
    collections: dict[str, list[Record] | None]
    """None for a collection the case did not record at all."""


def derive_facts(case: Case, as_of: dt.date, parameters: Mapping[str, Any]) -> list[CaseFacts]:
    """The facts of each child's decision as of `as_of`, in the order of `case.children`."""
    view = family_view(case, as_of, parameters)
    return [child_facts(view, child) for child in case.children]


def plan_ends_by_decision(outcome: OutcomeKind) -> bool:
    """Whether the outcome ends the child's plan on a readiness decision (step down or close)."""
    return outcome in _DECIDING


def child_facts(view: FamilyView, child: Child) -> CaseFacts:
    case, as_of = view.case, view.as_of
    risks = (
        None
        if view.risks is None
        else [r for r in view.risks if r.children is None or child.child_ref in r.children]
    )
    on_plan = frozenset(
        r.risk_ref
        for r in risks or ()
        if view.risk_status[r.risk_ref] not in (None, RiskStatus.REMOVED)
    )
    statement = case.safety_statement
    agreed_months = statement.sustain_months_agreed if statement else None
    if statement is None or done_by(statement.agreed, as_of) is not True:
        agreed_months = None
    # No parameter when no rule is in force on the day (then no rule reads the facts either).
    required = max(view.parameters.get("sustained_change_months") or 0, agreed_months or 0)
    child_view = ChildView(
        child, case.outcome_of(child), plan_history(child, as_of), risks, on_plan, required
    )
    allocations = allocations_during_plan(case.allocations, child_view, as_of)
    collections: dict[str, list[Record] | None] = {
        "risks": None if risks is None else [risk_record(r, view, child_view) for r in risks],
        "adults": None
        if case.adults is None
        else [adult_record(a, view, child_view) for a in case.adults],
        "interventions": None
        if case.interventions is None
        else [intervention_record(i, view, child_view) for i in case.interventions],
        "allocations": None if allocations is None else allocation_records(allocations, as_of),
        "conferences": None
        if view.conferences is None
        else [conference_record(c, view, child_view) for c in view.conferences],
    }
    return CaseFacts(
        as_of=as_of,
        child_ref=child.child_ref,
        case=_case_facts(view, child_view, collections, allocations),
        collections=collections,
    )


def _case_facts(
    view: FamilyView,
    child: ChildView,
    collections: dict[str, list[Record] | None],
    allocations: list[WorkerAllocation] | None,
) -> Record:
    case, as_of = view.case, view.as_of
    outcome = case.proposed_outcome
    kind = child.outcome.kind
    plans = child.plans
    network = case.family_network
    statement = case.safety_statement
    signals, last_signal, complete = compliance_signals(view, child)
    analysis = case.disguised_compliance_analysis
    analysed = done_by(analysis, as_of)
    if analysed is True and analysis is not None and analysis.date is not None:
        # An analysis answers the signals of this plan: done after the latest dated one, and
        # never one done during an earlier plan.
        floor = [day for day in (last_signal, plans.episode_start) if isinstance(day, dt.date)]
        analysed = all(analysis.date >= day for day in floor)
    if analysed is True and not complete:
        # A signal the record does not show (an event not recorded) may postdate the analysis.
        analysed = UNKNOWN
    rationale = None if outcome.rationale is None else frozenset(r.value for r in outcome.rationale)
    risks = collections["risks"]
    conferences = collections["conferences"]
    return {
        "case.child_ref": child.child.child_ref,
        "case.outcome": kind.value,
        "case.readiness_decision": kind is not OutcomeKind.ADMINISTRATIVE_END
        and case.conference_type is ConferenceType.RISK_INSIDE_HOME,
        "case.plan_ends_by_decision": plan_ends_by_decision(kind),
        "case.conference_type": case.conference_type.value,
        "case.plan_start_date": known(plans.episode_start),
        "case.has_previous_plan": plans.previous is not None,
        "case.family_has_previous_plan": any(
            plan_history(other, as_of).previous is not None for other in case.children
        ),
        "case.months_since_previous_plan": plans.months_since_previous,
        "case.rationale": UNKNOWN if rationale is None else rationale,
        "case.rationale_only_no_incidents": UNKNOWN
        if rationale is None
        else rationale == {DeplanRationale.NO_INCIDENTS_SINCE_LAST_REVIEW.value},
        "case.risk_work_unfinished": _risk_work_unfinished(risks, child.months_required),
        "case.original_risk_recorded": True
        if any(r["risk.original"] is True for r in risks or ())
        else UNKNOWN,
        "case.engagement_history_recorded": UNKNOWN if view.events is None else True,
        "case.sustained_change_months_required": child.months_required,
        "case.compliance_signals": signals,
        "case.last_compliance_signal_date": last_signal,
        "case.disguised_compliance_analysed": analysed,
        "case.disguised_compliance_analysis_date": done_date(analysis, as_of),
        "case.safety_statement_agreed": UNKNOWN
        if statement is None
        else done_by(statement.agreed, as_of),
        "case.safety_statement_evidence_defined": UNKNOWN
        if statement is None
        else known(statement.evidence_of_change_defined),
        "case.safety_statement_sustain_months": UNKNOWN
        if statement is None
        else known(statement.sustain_months_agreed),
        "case.family_network_considered": UNKNOWN
        if network is None
        else any_known(done_by(network.considered, as_of), done_by(network.none_suitable, as_of)),
        "case.contingency_plan_agreed": UNKNOWN
        if network is None
        else done_by(network.contingency_plan, as_of),
        "case.network_understands_risks": UNKNOWN
        if network is None
        else done_by(network.understands_risks, as_of),
        "case.lead_practitioner_named": done_by(outcome.lead_practitioner, as_of),
        "case.lead_practitioner_after_cin_named": done_by(
            outcome.lead_practitioner_after_cin, as_of
        ),
        "case.family_hub_linked": done_by(outcome.family_hub_link, as_of),
        "case.universal_support_plan": done_by(outcome.universal_support_plan, as_of),
        "case.deciding_conference_recorded": True
        if any(c["conference.deciding"] is True for c in conferences or ())
        else UNKNOWN,
        "case.icpc_recorded": True
        if any(
            c["conference.kind"] == ConferenceKind.ICPC.value
            and c["conference.of_current_plan"] is True
            for c in conferences or ()
        )
        else UNKNOWN,
        **_worker_facts(allocations, child, as_of),
    }


def _risk_work_unfinished(risks: list[Record] | None, months_required: int) -> FactValue:
    """Whether a risk on the plan is active, its change not yet sustained long enough, or its
    interventions unfinished."""
    if risks is None:
        return UNKNOWN
    parts: list[FactValue] = []
    for risk in risks:
        if risk["risk.on_plan"] is False:
            continue
        months = risk["risk.months_sustained"]
        complete = risk["risk.interventions_complete"]
        parts.append(
            any_known(
                months < months_required if isinstance(months, int) else UNKNOWN,
                UNKNOWN if complete is UNKNOWN else not complete,
            )
        )
    return any_known(*parts)


def _worker_facts(
    allocations: list[WorkerAllocation] | None, child: ChildView, as_of: dt.date
) -> Record:
    facts: Record = {
        f"case.{role.value}_changes": UNKNOWN if allocations is None else 0 for role in WorkerRole
    }
    facts |= {
        "case.recommending_worker_incoming": UNKNOWN,
        "case.recommending_worker_weeks": UNKNOWN,
        "case.recommending_worker_transfer_reviewed": UNKNOWN,
    }
    if allocations is None:
        return facts
    workers: dict[WorkerRole, list[str]] = {role: [] for role in WorkerRole}
    for allocation in allocations:
        if allocation.worker_ref not in workers[allocation.role]:
            workers[allocation.role].append(allocation.worker_ref)
    for role, refs in workers.items():
        facts[f"case.{role.value}_changes"] = max(len(refs) - 1, 0)
    social_workers = [a for a in allocations if a.role is WorkerRole.SOCIAL_WORKER]
    current = [a for a in social_workers if a.end_date is None or a.end_date >= as_of]
    start = child.plans.episode_start
    if current:
        recommending = current[-1]
        facts["case.recommending_worker_incoming"] = (
            UNKNOWN if start is None else recommending.start_date > start
        )
        facts["case.recommending_worker_weeks"] = (as_of - recommending.start_date).days // 7
        facts["case.recommending_worker_transfer_reviewed"] = done_by(
            recommending.transfer_review, as_of
        )
    return facts
