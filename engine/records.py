"""The facts of each record of a collection (`risk.*`, `adult.*`, ...), for one child's decision.

Which risks a record concerns, which plan is current and which conferences belong to it are
the child's; the records themselves are the family's (see `engine.family`).
"""

import datetime as dt
from dataclasses import dataclass

from engine.dates import plain_date, whole_months_between
from engine.family import FamilyView, done_by, done_date, known
from engine.plans import PlanHistory
from engine.values import UNKNOWN, FactValue, all_known, any_known
from models.case import Adult, Child, ChildOutcome, Conference, Intervention, Risk, WorkerAllocation
from models.codes import (
    AdultRole,
    HarmHistory,
    InterventionStatus,
    MappaOutcome,
    MentalHealthManager,
    NotCarriedRationale,
    OutcomeKind,
    RiskKind,
    RiskStatus,
    WorkerRole,
)

Record = dict[str, FactValue]

PARENT_ROLES = frozenset(
    {AdultRole.MOTHER, AdultRole.FATHER, AdultRole.STEP_PARENT, AdultRole.PARTNER}
)
_PROBATION_HARMS = frozenset(
    {
        HarmHistory.DOMESTIC_ABUSE,
        HarmHistory.VIOLENCE,
        HarmHistory.SEXUAL_OFFENCE,
        HarmHistory.SEXUAL_OFFENCE_AGAINST_CHILD,
        HarmHistory.PHYSICAL_HARM_TO_CHILD,
    }
)
_HARM_TO_CHILDREN = frozenset(
    {HarmHistory.PHYSICAL_HARM_TO_CHILD, HarmHistory.SEXUAL_OFFENCE_AGAINST_CHILD}
)
_PROBATION_RISKS = frozenset(
    {RiskKind.DOMESTIC_ABUSE, RiskKind.SEXUAL_HARM, RiskKind.PHYSICAL_HARM}
)
_KNOWN_TO_PROBATION = frozenset(
    {MappaOutcome.KNOWN_TO_PROBATION_NOT_MAPPA, MappaOutcome.MAPPA_MANAGED}
)
_AGENCY_OF_MANAGER = {
    MentalHealthManager.GP: "gp",
    MentalHealthManager.ADULT_MENTAL_HEALTH_SERVICE: "adult_mental_health_service",
}
_PROVIDER_AGENCIES = frozenset(
    {
        "domestic_abuse_perpetrator_service",
        "domestic_abuse_victim_service",
        "substance_misuse_service",
        "adult_mental_health_service",
        "gp",
    }
)
"""Providers whose insight into the risk the conference needs (they are also agencies)."""


@dataclass(frozen=True, slots=True)
class ChildView:
    """One child's decision: what is proposed, the child's plans and the risks about them."""

    child: Child
    outcome: ChildOutcome
    plans: PlanHistory
    risks: list[Risk] | None
    on_plan: frozenset[str]
    """Refs of the child's risks still on the plan as of the date."""
    months_required: int

    def of_current_plan(self, day: dt.date) -> bool:
        start = self.plans.episode_start
        return start is None or day >= start


def risk_record(risk: Risk, view: FamilyView, child: ChildView) -> Record:
    status = view.risk_status[risk.risk_ref]
    change_from, months, note = _sustained_change(risk, status, view)
    return {
        "risk.ref": risk.risk_ref,
        "risk.kind": risk.kind.value,
        "risk.original": known(risk.original),
        "risk.status": UNKNOWN if status is None else status.value,
        "risk.on_plan": UNKNOWN if status is None else status is not RiskStatus.REMOVED,
        "risk.sustained_change_from": change_from,
        "risk.months_sustained": months,
        "risk.sustained_change_note": note,
        "risk.interventions_complete": _interventions_complete(risk, view),
        "risk.interventions": _interventions_text(risk, view),
        "risk.dropped": _dropped(risk, status, child.outcome.kind),
        "risk.drop_reason_fits": _drop_reason_fits(risk, status),
        "risk.not_carried_rationale": known(
            risk.not_carried_rationale and risk.not_carried_rationale.value
        ),
        **_key_agencies(risk, view, child),
    }


def _sustained_change(
    risk: Risk, status: RiskStatus | None, view: FamilyView
) -> tuple[FactValue, FactValue, str]:
    """When sustained change started, for how many whole months, and how that was read.

    Change counts from the later of `sustained_change_since` and the status date (before its
    status date a risk was active, so change cannot have been sustained), moved on to the
    latest restart by non-engagement."""
    if status is None:
        return UNKNOWN, UNKNOWN, "status not recorded"
    if status is RiskStatus.ACTIVE:
        return UNKNOWN, 0, "active: change has not started"
    since = risk.sustained_change_since
    if since is None:
        return UNKNOWN, UNKNOWN, "start of change not recorded"
    if since > view.as_of:
        return UNKNOWN, 0, "recorded from a date after the as-of date: not counted"
    start, note = since, "as recorded"
    if risk.status_date is not None and risk.status_date > start:
        start, note = risk.status_date, f"from its status date, {plain_date(risk.status_date)}"
    restarts = [day for day in view.restarts_for(risk) if day > start]
    if restarts:
        start, note = max(restarts), f"restarted by non-engagement on {plain_date(max(restarts))}"
    return start, whole_months_between(start, view.as_of), note


def _interventions_complete(risk: Risk, view: FamilyView) -> FactValue:
    if view.interventions is None:
        return UNKNOWN
    work = view.interventions_on(risk.risk_ref)
    if not work:
        return risk.no_intervention_reason is not None
    return all(
        view.intervention_status[i.intervention_ref] is InterventionStatus.COMPLETED for i in work
    )


def _interventions_text(risk: Risk, view: FamilyView) -> FactValue:
    if view.interventions is None:
        return UNKNOWN
    work = view.interventions_on(risk.risk_ref)
    if work:
        return ", ".join(
            f"{i.intervention_ref} {view.intervention_status[i.intervention_ref].value}"
            for i in work
        )
    if risk.no_intervention_reason is not None:
        return f"none needed ({risk.no_intervention_reason.value})"
    return "none recorded"


def _dropped(risk: Risk, status: RiskStatus | None, outcome: OutcomeKind) -> FactValue:
    """Whether the risk left the plan, or (at step-down) is not carried onto the CIN plan."""
    if status is RiskStatus.REMOVED:
        return True
    if status is None:
        return UNKNOWN
    if outcome is OutcomeKind.STEP_DOWN_TO_CIN:
        return UNKNOWN if risk.carried_to_cin_plan is None else not risk.carried_to_cin_plan
    return False


def _drop_reason_fits(risk: Risk, status: RiskStatus | None) -> FactValue:
    reason = risk.not_carried_rationale
    if reason is None:
        return False
    if reason is NotCarriedRationale.RESOLVED_WITH_SUSTAINED_CHANGE:
        return UNKNOWN if status is None else status is RiskStatus.RESOLVED
    return True


def _linked_adults(risk: Risk, view: FamilyView) -> list[Adult]:
    if risk.adults is None:
        return [adult for adult in view.adults.values() if adult.role in PARENT_ROLES]
    return [view.adults[ref] for ref in risk.adults if ref in view.adults]


def _key_agencies(risk: Risk, view: FamilyView, child: ChildView) -> Record:
    table = view.parameters.get("key_agencies_by_risk") or {}
    needed = set(table.get(risk.kind.value, ()))
    needed.update(
        i.provider_type.value
        for i in view.interventions_on(risk.risk_ref)
        if i.provider_type.value in _PROVIDER_AGENCIES
    )
    for adult in _linked_adults(risk, view):
        if risk.kind is RiskKind.PARENTAL_MENTAL_HEALTH and adult.mental_health_managed_by:
            agency = _AGENCY_OF_MANAGER.get(adult.mental_health_managed_by)
            if agency:
                needed.add(agency)
        enquiry = adult.mappa_enquiry
        if enquiry and enquiry.outcome in _KNOWN_TO_PROBATION and done_by(enquiry, view.as_of):
            needed.add("probation")
    conferences = [c for c in view.conferences or () if child.of_current_plan(c.date)]
    invited_lists = [c.agencies_invited for c in conferences if c.agencies_invited is not None]
    contributed_lists = [
        c.agencies_contributed for c in conferences if c.agencies_contributed is not None
    ]
    contributed = {agency.value for agencies in contributed_lists for agency in agencies}
    invited = contributed | {agency.value for agencies in invited_lists for agency in agencies}
    recorded = bool(invited_lists or contributed_lists)
    return {
        "risk.key_agencies": frozenset(needed),
        "risk.key_agencies_not_invited": frozenset(needed - invited) if recorded else UNKNOWN,
        "risk.key_agencies_absent": frozenset(needed - contributed)
        if contributed_lists
        else UNKNOWN,
    }


def adult_record(adult: Adult, view: FamilyView, child: ChildView) -> Record:
    as_of = view.as_of
    child_risks = [r for r in child.risks or () if r.risk_ref in child.on_plan]
    linked = [r for r in child_risks if r.adults is None or adult.adult_ref in r.adults]
    harms = None if adult.harm_history is None else frozenset(adult.harm_history)
    return {
        "adult.ref": adult.adult_ref,
        "adult.role": adult.role.value,
        "adult.parent_figure": adult.role in PARENT_ROLES,
        "adult.regularly_in_home": known(adult.regularly_in_home),
        "adult.joined_household_date": known(adult.joined_household_date),
        "adult.alleged_perpetrator": known(adult.alleged_perpetrator),
        "adult.police_checked": done_by(adult.police_check, as_of),
        "adult.social_care_checked": done_by(adult.social_care_check, as_of),
        "adult.checks_after_joining": _checks_after_joining(adult, as_of),
        "adult.probation_relevant": any_known(
            all_known(
                known(adult.alleged_perpetrator),
                any_known(
                    any(r.kind in _PROBATION_RISKS for r in linked),
                    UNKNOWN if harms is None else bool(harms & _PROBATION_HARMS),
                ),
            ),
            # Anyone in the home whose recorded history shows such harm, alleged or not.
            adult.regularly_in_home is True and bool(harms and harms & _PROBATION_HARMS),
        ),
        "adult.probation_consulted": done_by(adult.probation_consulted, as_of),
        "adult.probation_consulted_date": done_date(adult.probation_consulted, as_of),
        "adult.mappa_enquired": _mappa_enquired(adult, as_of),
        "adult.mappa_outcome": _mappa_outcome(adult, as_of),
        "adult.harmed_children_before": UNKNOWN
        if harms is None
        else bool(harms & _HARM_TO_CHILDREN),
        "adult.earlier_children_living_elsewhere": known(adult.earlier_children_living_elsewhere),
        "adult.care_experienced": known(adult.care_experienced),
        "adult.adverse_childhood_experiences": known(adult.adverse_childhood_experiences),
        "adult.parental_history_considered": done_by(adult.parental_history_considered, as_of),
        "adult.mental_health_managed_by": known(
            adult.mental_health_managed_by and adult.mental_health_managed_by.value
        ),
        "adult.mental_health_risk_on_plan": any(
            r.kind is RiskKind.PARENTAL_MENTAL_HEALTH for r in linked
        ),
        "adult.gp_adherence_reported": done_by(adult.gp_treatment_adherence_report, as_of),
    }


def _checks_after_joining(adult: Adult, as_of: dt.date) -> FactValue:
    """Whether both checks post-date the adult joining the household (a check done before a
    new partner moved in says nothing about the household as it is)."""
    checks = (adult.police_check, adult.social_care_check)
    if any(done_by(check, as_of) is False for check in checks):
        return False
    joined = adult.joined_household_date
    if any(check is None for check in checks) or joined is None or joined > as_of:
        return UNKNOWN
    return all(check.date is not None and check.date >= joined for check in checks if check)


def _mappa_enquired(adult: Adult, as_of: dt.date) -> FactValue:
    """Whether probation was asked if the adult is known to it or to MAPPA, with the answer."""
    enquiry = adult.mappa_enquiry
    if enquiry is None:
        return UNKNOWN
    if not enquiry.done or (enquiry.date is not None and enquiry.date > as_of):
        return False
    return UNKNOWN if enquiry.outcome is None else True


def _mappa_outcome(adult: Adult, as_of: dt.date) -> FactValue:
    enquiry = adult.mappa_enquiry
    if enquiry is None or enquiry.outcome is None or done_by(enquiry, as_of) is not True:
        return UNKNOWN
    if enquiry.outcome is MappaOutcome.MAPPA_MANAGED:
        return f"MAPPA category {enquiry.category}, level {enquiry.level}"
    return enquiry.outcome.value


def intervention_record(intervention: Intervention, view: FamilyView, child: ChildView) -> Record:
    status = view.intervention_status[intervention.intervention_ref]
    return {
        "intervention.ref": intervention.intervention_ref,
        "intervention.provider_type": intervention.provider_type.value,
        "intervention.status": status.value,
        "intervention.completed": status is InterventionStatus.COMPLETED,
        "intervention.addresses_plan_risk": any(
            ref in child.on_plan for ref in intervention.addresses_risks
        ),
        "intervention.risks": ", ".join(intervention.addresses_risks),
    }


def allocations_during_plan(
    allocations: list[WorkerAllocation] | None, child: ChildView, as_of: dt.date
) -> list[WorkerAllocation] | None:
    if allocations is None:
        return None
    start = child.plans.episode_start
    return sorted(
        (
            allocation
            for allocation in allocations
            if allocation.start_date <= as_of
            and (start is None or allocation.end_date is None or allocation.end_date >= start)
        ),
        key=lambda allocation: allocation.start_date,
    )


def allocation_records(allocations: list[WorkerAllocation], as_of: dt.date) -> list[Record]:
    records: list[Record] = []
    previous_worker: dict[WorkerRole, str] = {}
    for allocation in allocations:
        previous = previous_worker.get(allocation.role)
        previous_worker[allocation.role] = allocation.worker_ref
        records.append(
            {
                "allocation.ref": allocation.worker_ref,
                "allocation.role": allocation.role.value,
                "allocation.start_date": allocation.start_date,
                "allocation.incoming": previous is not None and previous != allocation.worker_ref,
                "allocation.transfer_reviewed": done_by(allocation.transfer_review, as_of),
            }
        )
    return records


def conference_record(conference: Conference, view: FamilyView, child: ChildView) -> Record:
    return {
        "conference.ref": conference.conference_ref,
        "conference.kind": conference.kind.value,
        "conference.date": conference.date,
        "conference.of_current_plan": child.of_current_plan(conference.date),
        "conference.deciding": conference.date == view.case.decision_date,
        "conference.chronology_submitted": known(conference.chronology_submitted),
        "conference.genogram_submitted": known(conference.genogram_submitted),
        "conference.history_analysed": known(conference.history_analysed),
        "conference.repeat_plan_analysis": known(conference.repeat_plan_analysis),
        "conference.previous_deplanning_reviewed": known(conference.previous_deplanning_reviewed),
    }
