"""Signals in the record that co-operation may be only apparent (disguised compliance).

Disguised compliance is apparent co-operation, not non-engagement, so the signals are read from
what the record says happened: a risk recorded as reduced with no completed intervention on
it; an intervention completed while its risk stays active; change starting in the weeks just
before a review; a repeat plan in the same category; any recorded indicator; and significant
non-engagement that no analysis has explained (the paper: disengagement "noted but not
necessarily explored and analysed").
"""

import datetime as dt

from engine.family import SIGNIFICANT_NON_ENGAGEMENT, FamilyView
from engine.records import ChildView
from engine.values import UNKNOWN, FactValue
from models.codes import (
    ComplianceSignal,
    ConferenceKind,
    EngagementKind,
    InterventionStatus,
    RiskStatus,
)

_REDUCED = frozenset({RiskStatus.REDUCING, RiskStatus.RESOLVED})


def compliance_signals(view: FamilyView, child: ChildView) -> tuple[FactValue, FactValue, bool]:
    """The signals that fire for the child's decision, the date of the latest dated one, and
    whether the record is complete enough to rule out others. The signals are unknown when
    none fires and the record is not complete."""
    fired: dict[ComplianceSignal, list[dt.date]] = {}
    undetermined = False

    def fire(signal: ComplianceSignal, day: dt.date | None = None) -> None:
        fired.setdefault(signal, [])
        if day is not None and day <= view.as_of:
            fired[signal].append(day)

    child_risks = child.risks or []
    if view.interventions is None:
        undetermined = undetermined or bool(child_risks)
    for risk in child_risks:
        status = view.risk_status[risk.risk_ref]
        if status is None:
            undetermined = True
            continue
        work = view.interventions_on(risk.risk_ref)
        completed = [
            i
            for i in work
            if view.intervention_status[i.intervention_ref] is InterventionStatus.COMPLETED
        ]
        if (
            status in _REDUCED
            and view.interventions is not None
            and not completed
            and risk.no_intervention_reason is None
        ):
            fire(ComplianceSignal.RISK_REDUCED_WITHOUT_COMPLETED_INTERVENTION, risk.status_date)
        if status is RiskStatus.ACTIVE and completed:
            ended = [i.end_date for i in completed if i.end_date is not None]
            fire(ComplianceSignal.INTERVENTION_COMPLETED_RISK_ACTIVE, max(ended, default=None))
        since = risk.sustained_change_since
        if status in _REDUCED and since is not None and since <= view.as_of:
            for day in _reviews_soon_after(view, child, since):
                fire(ComplianceSignal.CHANGE_STARTED_JUST_BEFORE_REVIEW, day)
    plans = child.plans
    previous, current = plans.previous, plans.current
    if previous is not None and current is not None and previous.category is current.category:
        fire(ComplianceSignal.REPEAT_PLAN_SAME_CATEGORY, plans.episode_start)
    if view.events is None:
        undetermined = True
    for event in view.events or ():
        if event.kind is EngagementKind.DISGUISED_COMPLIANCE_INDICATOR:
            fire(ComplianceSignal.DISGUISED_COMPLIANCE_INDICATOR, event.date)
        elif event.kind in SIGNIFICANT_NON_ENGAGEMENT and not view.explained(event):
            fire(ComplianceSignal.SIGNIFICANT_NON_ENGAGEMENT, event.date)
    if not fired:
        return (UNKNOWN if undetermined else frozenset()), UNKNOWN, not undetermined
    dates = [day for days in fired.values() for day in days]
    signals = frozenset(signal.value for signal in fired)
    return signals, (max(dates) if dates else UNKNOWN), not undetermined


def _reviews_soon_after(view: FamilyView, child: ChildView, since: dt.date) -> list[dt.date]:
    window = dt.timedelta(weeks=view.parameters.get("change_before_review_weeks") or 0)
    return [
        conference.date
        for conference in view.conferences or ()
        if conference.kind is ConferenceKind.RCPC
        and child.of_current_plan(conference.date)
        and since <= conference.date <= since + window
    ]
