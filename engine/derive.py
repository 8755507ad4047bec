"""Derive the facts of `engine.vocabulary` from a case, as of a date.

As-of semantics: anything dated after the as-of date is ignored, so a historic re-audit
sees only what was recorded by then. A done action dated later counts as not done; an
intervention completed later counts as in progress; a risk status dated later counts as
active; records that start later are left out.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.dates import whole_months_between
from engine.values import UNKNOWN, FactValue
from models.case import Action, Adult, Case, Conference, Intervention, Risk, WorkerAllocation
from models.codes import (
    AdultRole,
    InterventionStatus,
    OutcomeKind,
    RiskStatus,
    WorkerRole,
)

Record = dict[str, FactValue]

_PARENT_ROLES = frozenset(
    {AdultRole.MOTHER, AdultRole.FATHER, AdultRole.STEP_PARENT, AdultRole.PARTNER}
)
_FINISHED = frozenset({InterventionStatus.COMPLETED, InterventionStatus.ENDED_INCOMPLETE})


@dataclass(frozen=True, slots=True)
class CaseFacts:
    as_of: dt.date
    case: Record
    collections: dict[str, list[Record] | None]
    """None for a collection the case did not record at all."""


def derive_facts(case: Case, as_of: dt.date, parameters: Mapping[str, Any]) -> CaseFacts:
    plan_start = _current_plan_start(case, as_of)
    conferences = sorted(
        (conference for conference in case.conferences or () if conference.date <= as_of),
        key=lambda conference: conference.date,
    )
    indicator_dates = (
        None
        if case.engagement_events is None
        else sorted(event.date for event in case.engagement_events if event.date <= as_of)
    )
    last_indicator = indicator_dates[-1] if indicator_dates else None
    risks = [risk for risk in case.risks if risk.identified_date <= as_of]
    risk_records = [
        _risk_facts(risk, as_of, last_indicator, conferences, plan_start, parameters)
        for risk in risks
    ]
    on_plan_refs = {record["risk.ref"] for record in risk_records if record["risk.on_plan"] is True}
    allocations = _allocations_during_plan(case.allocations, plan_start, as_of)
    return CaseFacts(
        as_of=as_of,
        case=_case_facts(case, as_of, plan_start, indicator_dates, allocations),
        collections={
            "risks": risk_records,
            "adults": [_adult_facts(adult, as_of) for adult in case.adults],
            "interventions": None
            if case.interventions is None
            else [
                _intervention_facts(intervention, as_of, on_plan_refs)
                for intervention in case.interventions
                if intervention.start_date is None or intervention.start_date <= as_of
            ],
            "allocations": None if allocations is None else _allocation_records(allocations, as_of),
            "conferences": None
            if case.conferences is None
            else _conference_records(conferences, plan_start),
        },
    )


def done_by(action: Action | None, as_of: dt.date) -> FactValue:
    if action is None:
        return UNKNOWN
    return action.done and action.date is not None and action.date <= as_of


def done_date(action: Action | None, as_of: dt.date) -> FactValue:
    if action is None or action.date is None or action.date > as_of:
        return UNKNOWN
    return action.date


def _known(value: FactValue | None) -> FactValue:
    return UNKNOWN if value is None else value


def _current_plan_start(case: Case, as_of: dt.date) -> dt.date | None:
    starts = []
    for child in case.children:
        started = [plan.start_date for plan in child.cp_plans if plan.start_date <= as_of]
        if started:
            starts.append(max(started))
    return min(starts) if starts else None


def _previous_plan_gap(case: Case, as_of: dt.date) -> tuple[FactValue, FactValue]:
    """Whether any child had an earlier plan, and the months from its end to the current start."""
    had_previous = False
    gaps: list[int] = []
    for child in case.children:
        plans = sorted(
            (plan for plan in child.cp_plans if plan.start_date <= as_of),
            key=lambda plan: plan.start_date,
        )
        if len(plans) < 2:
            continue
        had_previous = True
        previous, current = plans[-2], plans[-1]
        if previous.end_date is not None and previous.end_date <= as_of:
            gaps.append(whole_months_between(previous.end_date, current.start_date))
    if gaps:
        return had_previous, min(gaps)
    return had_previous, UNKNOWN


def _case_facts(
    case: Case,
    as_of: dt.date,
    plan_start: dt.date | None,
    indicator_dates: Sequence[dt.date] | None,
    allocations: Sequence[WorkerAllocation] | None,
) -> Record:
    outcome = case.proposed_outcome
    statement = case.safety_statement
    network = case.family_network
    lead = outcome.lead_professional
    has_previous, months_since_previous = _previous_plan_gap(case, as_of)
    analysis = case.disguised_compliance_analysis
    last_indicator: FactValue = indicator_dates[-1] if indicator_dates else UNKNOWN
    analysed: FactValue = done_by(analysis, as_of)
    if analysed is True and isinstance(last_indicator, dt.date):
        analysed = (
            analysis is not None and analysis.date is not None and analysis.date >= last_indicator
        )
    changes = _worker_changes(allocations)
    return {
        "case.outcome": outcome.kind.value,
        "case.readiness_decision": outcome.kind is not OutcomeKind.ADMINISTRATIVE_END,
        "case.initiated_by": _known(outcome.initiated_by and outcome.initiated_by.value),
        "case.rationale": UNKNOWN
        if outcome.rationale is None
        else frozenset(item.value for item in outcome.rationale),
        "case.conference_type": case.conference_type.value,
        "case.plan_start_date": _known(plan_start),
        "case.has_previous_plan": has_previous,
        "case.months_since_previous_plan": months_since_previous,
        "case.engagement_indicators": UNKNOWN if indicator_dates is None else len(indicator_dates),
        "case.last_engagement_indicator_date": last_indicator,
        "case.disguised_compliance_analysed": analysed,
        "case.disguised_compliance_analysis_date": done_date(analysis, as_of),
        "case.safety_statement_agreed": UNKNOWN
        if statement is None
        else done_by(statement.agreed, as_of),
        "case.safety_statement_evidence_defined": UNKNOWN
        if statement is None
        else _known(statement.evidence_of_change_defined),
        "case.safety_statement_sustain_months": UNKNOWN
        if statement is None
        else _known(statement.sustain_months_agreed),
        "case.family_network_considered": UNKNOWN if network is None else network.considered,
        "case.contingency_plan_agreed": UNKNOWN
        if network is None
        else done_by(network.contingency_plan, as_of),
        "case.lead_professional_named": UNKNOWN if lead is None else lead.named,
        "case.family_hub_linked": done_by(outcome.family_hub_link, as_of),
        "case.universal_support_plan": _known(outcome.universal_support_plan),
        "case.social_worker_changes": changes[WorkerRole.SOCIAL_WORKER],
        "case.team_manager_changes": changes[WorkerRole.TEAM_MANAGER],
        "case.cp_chair_changes": changes[WorkerRole.CP_CHAIR],
    }


def _risk_facts(
    risk: Risk,
    as_of: dt.date,
    last_indicator: dt.date | None,
    conferences: Sequence[Conference],
    plan_start: dt.date | None,
    parameters: Mapping[str, Any],
) -> Record:
    status = risk.status
    if risk.status_date is not None and risk.status_date > as_of:
        status = RiskStatus.ACTIVE
    change_from: FactValue = UNKNOWN
    months: FactValue = UNKNOWN
    if status is RiskStatus.ACTIVE:
        months = 0
    elif risk.sustained_change_since is not None:
        if risk.sustained_change_since > as_of:
            months = 0
        else:
            start = risk.sustained_change_since
            if last_indicator is not None and last_indicator > start:
                start = last_indicator
            change_from = start
            months = whole_months_between(start, as_of)
    return {
        "risk.ref": risk.risk_ref,
        "risk.kind": risk.kind.value,
        "risk.original": _known(risk.original),
        "risk.status": status.value,
        "risk.on_plan": status is not RiskStatus.REMOVED,
        "risk.sustained_change_from": change_from,
        "risk.months_sustained": months,
        "risk.carried_to_cin_plan": _known(risk.carried_to_cin_plan),
        "risk.not_carried_rationale": _known(
            risk.not_carried_rationale and risk.not_carried_rationale.value
        ),
        "risk.key_agencies_absent": _key_agencies_absent(
            risk, conferences, plan_start, parameters.get("key_agencies_by_risk") or {}
        ),
    }


def _key_agencies_absent(
    risk: Risk,
    conferences: Sequence[Conference],
    plan_start: dt.date | None,
    key_agencies_by_risk: Mapping[str, Sequence[str]],
) -> FactValue:
    needed = frozenset(key_agencies_by_risk.get(risk.kind.value, ()))
    if not needed:
        return frozenset()
    reported = [
        conference.agencies_contributed
        for conference in conferences
        if (plan_start is None or conference.date >= plan_start)
        and conference.agencies_contributed is not None
    ]
    if not reported:
        return UNKNOWN
    contributed = {agency.value for agencies in reported for agency in agencies}
    return needed - contributed


def _adult_facts(adult: Adult, as_of: dt.date) -> Record:
    return {
        "adult.ref": adult.adult_ref,
        "adult.role": adult.role.value,
        "adult.parent_figure": adult.role in _PARENT_ROLES,
        "adult.regularly_in_home": _known(adult.regularly_in_home),
        "adult.alleged_perpetrator": _known(adult.alleged_perpetrator),
        "adult.police_checked": done_by(adult.police_check, as_of),
        "adult.police_check_date": done_date(adult.police_check, as_of),
        "adult.social_care_checked": done_by(adult.social_care_check, as_of),
        "adult.social_care_check_date": done_date(adult.social_care_check, as_of),
        "adult.probation_consulted": done_by(adult.probation_consulted, as_of),
        "adult.probation_consulted_date": done_date(adult.probation_consulted, as_of),
        "adult.mappa_status": _known(adult.mappa_status and adult.mappa_status.value),
        "adult.care_experienced": _known(adult.care_experienced),
        "adult.adverse_childhood_experiences": _known(adult.adverse_childhood_experiences),
        "adult.parental_history_considered": _known(adult.parental_history_considered),
        "adult.mental_health_managed_by": _known(
            adult.mental_health_managed_by and adult.mental_health_managed_by.value
        ),
        "adult.gp_adherence_reported": done_by(adult.gp_treatment_adherence_report, as_of),
    }


def _intervention_facts(
    intervention: Intervention, as_of: dt.date, on_plan_refs: set[FactValue]
) -> Record:
    status = intervention.status
    if status in _FINISHED and intervention.end_date is not None and intervention.end_date > as_of:
        status = InterventionStatus.IN_PROGRESS
    return {
        "intervention.ref": intervention.intervention_ref,
        "intervention.provider_type": intervention.provider_type.value,
        "intervention.status": status.value,
        "intervention.completed": status is InterventionStatus.COMPLETED,
        "intervention.addresses_plan_risk": any(
            ref in on_plan_refs for ref in intervention.addresses_risks
        ),
        "intervention.risks": ", ".join(intervention.addresses_risks),
    }


def _allocations_during_plan(
    allocations: Sequence[WorkerAllocation] | None, plan_start: dt.date | None, as_of: dt.date
) -> list[WorkerAllocation] | None:
    if allocations is None:
        return None
    return sorted(
        (
            allocation
            for allocation in allocations
            if allocation.start_date <= as_of
            and (
                plan_start is None
                or allocation.end_date is None
                or allocation.end_date >= plan_start
            )
        ),
        key=lambda allocation: allocation.start_date,
    )


def _worker_changes(allocations: Sequence[WorkerAllocation] | None) -> dict[WorkerRole, FactValue]:
    if allocations is None:
        return dict.fromkeys(WorkerRole, UNKNOWN)
    workers: dict[WorkerRole, set[str]] = {role: set() for role in WorkerRole}
    for allocation in allocations:
        workers[allocation.role].add(allocation.worker_ref)
    return {role: max(len(refs) - 1, 0) for role, refs in workers.items()}


def _allocation_records(allocations: Sequence[WorkerAllocation], as_of: dt.date) -> list[Record]:
    records: list[Record] = []
    previous_worker: dict[WorkerRole, str] = {}
    for allocation in allocations:
        previous = previous_worker.get(allocation.role)
        incoming = previous is not None and previous != allocation.worker_ref
        previous_worker[allocation.role] = allocation.worker_ref
        records.append(
            {
                "allocation.ref": allocation.worker_ref,
                "allocation.role": allocation.role.value,
                "allocation.start_date": allocation.start_date,
                "allocation.incoming": incoming,
                "allocation.transfer_reviewed": done_by(allocation.transfer_review, as_of),
            }
        )
    return records


def _conference_records(
    conferences: Sequence[Conference], plan_start: dt.date | None
) -> list[Record]:
    last_index = len(conferences) - 1
    return [
        {
            "conference.ref": conference.conference_ref,
            "conference.kind": conference.kind.value,
            "conference.date": conference.date,
            "conference.of_current_plan": plan_start is None or conference.date >= plan_start,
            "conference.latest": index == last_index,
            "conference.chronology_submitted": _known(conference.chronology_submitted),
            "conference.genogram_submitted": _known(conference.genogram_submitted),
            "conference.history_analysed": _known(conference.history_analysed),
            "conference.repeat_plan_analysis": _known(conference.repeat_plan_analysis),
        }
        for index, conference in enumerate(conferences)
    ]
