"""Signals in the record that co-operation may be only apparent (disguised compliance), and
whether an analysis answered them.

Disguised compliance is apparent co-operation, not non-engagement, so the signals are read from
what the record says happened: a risk recorded as reduced with no completed intervention on
it; an intervention completed while its risk stays active; change starting in the weeks just
before a review; a repeat plan in the same category; any recorded indicator; and significant
non-engagement that no analysis has explained (the paper: disengagement "noted but not
necessarily explored and analysed").
"""

import datetime as dt
from dataclasses import dataclass

from engine.facts.fact import CaseFactGroup, Collections, FactDef, Record, declare
from engine.facts.view import (
    SIGNIFICANT_NON_ENGAGEMENT,
    ChildView,
    FamilyView,
    done_by,
    done_date,
    of_plan,
)
from engine.values import BOOL, DATE, UNKNOWN, FactValue, codes
from models.case import Risk
from models.codes import (
    ComplianceSignal,
    ConferenceKind,
    EngagementKind,
    InterventionStatus,
    RiskStatus,
)

_REDUCED = frozenset({RiskStatus.REDUCING, RiskStatus.RESOLVED})
_COMPLETED = InterventionStatus.COMPLETED
Fired = list[tuple[ComplianceSignal, dt.date | None]]
"""Signals fired, each with the date it fired on where the record has one."""
Decision = tuple[tuple[str, ...] | None, dt.date | None, bool]
"""What the signals of a child's decision depend on: the refs of the child's risks, the start
of the child's current plan, and whether that plan repeats the category of the one before."""


def _derive(view: FamilyView, child: ChildView, _collections: Collections) -> Record:
    plans = child.plans
    previous, current = plans.previous, plans.current
    repeat = previous is not None and current is not None and previous.category is current.category
    return view.once_per(_decision_facts, (child.risks, plans.episode_start, repeat))


def _decision_facts(view: FamilyView, decision: Decision) -> Record:
    """The facts for each child with these risks and plan start, whose plan does or does not
    repeat the category of the plan before."""
    as_of, start = view.as_of, decision[1]
    signals, last_signal, complete = compliance_signals(view, decision)
    analysis = view.case.disguised_compliance_analysis
    analysed = done_by(analysis, as_of)
    if analysed is True and analysis is not None and analysis.date is not None:
        # An analysis answers the signals of this plan: done after the latest dated one, and
        # never one done during an earlier plan.
        floor = [day for day in (last_signal, start) if isinstance(day, dt.date)]
        analysed = all(analysis.date >= day for day in floor)
    if analysed is True and not complete:
        # A signal the record does not show (an event not recorded) may postdate the analysis.
        analysed = UNKNOWN
    return {
        "case.engagement_history_recorded": UNKNOWN if view.events is None else True,
        "case.compliance_signals": signals,
        "case.last_compliance_signal_date": last_signal,
        "case.disguised_compliance_analysed": analysed,
        "case.disguised_compliance_analysis_date": done_date(analysis, as_of),
    }


def compliance_signals(view: FamilyView, decision: Decision) -> tuple[FactValue, FactValue, bool]:
    """The signals that fire for a child's decision, the date of the latest dated one (by
    the as-of date), and whether the record is complete enough to rule out others. The
    signals are unknown when none fires and the record is not complete."""
    risk_refs, start, repeat = decision
    family = view.once(_family_signals)
    fired: Fired = []
    undetermined = view.interventions is None and bool(risk_refs)
    for risk_ref in risk_refs or ():
        signals = family.risks[risk_ref]
        if signals is None:
            undetermined = True
            continue
        fired += signals.fired
        for day in signals.reviews_soon_after_change:
            if of_plan(day, start):
                fired.append((ComplianceSignal.CHANGE_STARTED_JUST_BEFORE_REVIEW, day))
    if repeat:
        fired.append((ComplianceSignal.REPEAT_PLAN_SAME_CATEGORY, start))
    if view.events is None:
        undetermined = True
    fired += family.events
    if not fired:
        return (UNKNOWN if undetermined else frozenset()), UNKNOWN, not undetermined
    as_of = view.as_of
    dates = [day for _, day in fired if day is not None and day <= as_of]
    signals_fired = frozenset([signal for signal, _ in fired])
    return signals_fired, (max(dates) if dates else UNKNOWN), not undetermined


# Not frozen, and never changed once made: a frozen dataclass takes about 5x as long to make.
@dataclass(slots=True)
class _RiskSignals:
    fired: Fired
    """Reduced with no completed work on it, or work completed while it stays active."""
    reviews_soon_after_change: list[dt.date]
    """Reviews held in the weeks after its change began: a signal where the review is of the
    child's current plan."""


# Not frozen, and never changed once made: a frozen dataclass takes about 5x as long to make.
@dataclass(slots=True)
class _FamilySignals:
    risks: dict[str, _RiskSignals | None]
    """Each risk's signals, by ref; None where its status is not recorded."""
    events: Fired
    """Indicators and unexplained significant non-engagement."""


def _family_signals(view: FamilyView) -> _FamilySignals:
    """The signals that are the family's, whichever child's decision they count for."""
    reviews = _Reviews(
        [c.date for c in view.conferences or () if c.kind is ConferenceKind.RCPC],
        dt.timedelta(weeks=view.parameters.get("change_before_review_weeks") or 0),
    )
    risks: dict[str, _RiskSignals | None] = {}
    for risk in view.risks or ():
        status = view.risk_status[risk.risk_ref]
        risks[risk.risk_ref] = (
            None if status is None else _risk_signals(risk, status, view, reviews)
        )
    events: Fired = []
    for event in view.events or ():
        if event.kind is EngagementKind.DISGUISED_COMPLIANCE_INDICATOR:
            events.append((ComplianceSignal.DISGUISED_COMPLIANCE_INDICATOR, event.date))
        elif event.kind in SIGNIFICANT_NON_ENGAGEMENT and not view.explained(event):
            events.append((ComplianceSignal.SIGNIFICANT_NON_ENGAGEMENT, event.date))
    return _FamilySignals(risks, events)


# Not frozen, and never changed once made: a frozen dataclass takes about 5x as long to make.
@dataclass(slots=True)
class _Reviews:
    dates: list[dt.date]
    """Review conferences held by the as-of date."""
    window: dt.timedelta
    """How soon after change began a review makes the change suspect."""

    def soon_after(self, since: dt.date) -> list[dt.date]:
        latest = since + self.window
        return [day for day in self.dates if since <= day <= latest]


def _risk_signals(
    risk: Risk, status: RiskStatus, view: FamilyView, reviews: _Reviews
) -> _RiskSignals:
    """The signals a risk gives: reduced with no completed work on it, work completed while it
    stays active, change starting just before a review."""
    fired: Fired = []
    completed = [
        i
        for i in view.interventions_on(risk.risk_ref)
        if view.intervention_status[i.intervention_ref] is _COMPLETED
    ]
    reduced = status in _REDUCED
    if (
        reduced
        and view.interventions is not None
        and not completed
        and risk.no_intervention_reason is None
    ):
        fired.append(
            (ComplianceSignal.RISK_REDUCED_WITHOUT_COMPLETED_INTERVENTION, risk.status_date)
        )
    if status is RiskStatus.ACTIVE and completed:
        ended = [i.end_date for i in completed if i.end_date is not None]
        fired.append(
            (ComplianceSignal.INTERVENTION_COMPLETED_RISK_ACTIVE, max(ended, default=None))
        )
    since = risk.sustained_change_since
    if reduced and since is not None and since <= view.as_of:
        return _RiskSignals(fired, reviews.soon_after(since))
    return _RiskSignals(fired, [])


COMPLIANCE_CASE_FACTS = CaseFactGroup(
    "Disguised compliance",
    declare(
        FactDef(
            "case.engagement_history_recorded",
            BOOL,
            "Whether the case records the family's engagement history (an empty list: no events).",
            "engagement_events",
        ),
        FactDef(
            "case.compliance_signals",
            codes(ComplianceSignal),
            "Signals in the record that call for a disguised-compliance analysis.",
            "risks, interventions, engagement_events, conferences",
        ),
        FactDef(
            "case.last_compliance_signal_date",
            DATE,
            "Date of the latest dated signal (an indicator, non-engagement, a review just after "
            "change began).",
            "engagement_events",
        ),
        FactDef(
            "case.disguised_compliance_analysed",
            BOOL,
            "Whether a disguised-compliance analysis was done during the child's current plan, "
            "on or after the latest dated signal.",
            "disguised_compliance_analysis",
        ),
        FactDef(
            "case.disguised_compliance_analysis_date",
            DATE,
            "When the disguised-compliance analysis was done.",
            "disguised_compliance_analysis",
        ),
    ),
    _derive,
)
