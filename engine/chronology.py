"""The case's chronology (the briefing paper's first recommendation): a dated timeline drawn
from the record as of a date, for the chair to read the family's history at a glance.

Each child's CP plans and CIN plan; the family's risks (identified, their status changes,
sustained change), interventions, engagement events, worker allocations and conferences.
Labels are plain words built from codes and pseudonymous refs only (the case holds no free
text). As-of semantics are `engine.facts.view`'s: records dated after the as-of date are left
out, ends and statuses dated later are not yet known. Records with no date (an intervention
without a start date) cannot be placed, and are listed in `undated`.
`web.chronology` lays the timeline out as an SVG and a table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from engine.audit.labels import CATEGORY_LABELS
from engine.facts.view import FamilyView, family_view, intervention_status_as_of, risk_status_as_of
from engine.templates import plain
from models.case import Adult, Case, Child, EngagementEvent, Risk
from models.codes import ConferenceKind, ProviderType, RiskStatus, WorkerRole


class Lane(StrEnum):
    CHILD = "child"
    FAMILY = "family"


class EntryKind(StrEnum):
    CP_PLAN = "cp_plan"
    CIN_PLAN = "cin_plan"
    RISK = "risk"
    RISK_STATUS = "risk_status"
    SUSTAINED_CHANGE = "sustained_change"
    INTERVENTION = "intervention"
    ENGAGEMENT = "engagement"
    WORKER = "worker"
    CONFERENCE = "conference"


KIND_LABELS = {
    EntryKind.CP_PLAN: "CP plan",
    EntryKind.CIN_PLAN: "CIN plan",
    EntryKind.RISK: "Risk",
    EntryKind.RISK_STATUS: "Risk status",
    EntryKind.SUSTAINED_CHANGE: "Sustained change",
    EntryKind.INTERVENTION: "Intervention",
    EntryKind.ENGAGEMENT: "Engagement",
    EntryKind.WORKER: "Worker",
    EntryKind.CONFERENCE: "Conference",
}
ROLE_LABELS = {
    WorkerRole.SOCIAL_WORKER: "Social worker",
    WorkerRole.TEAM_MANAGER: "Team manager",
    WorkerRole.CP_CHAIR: "CP chair",
}
CONFERENCE_LABELS = {
    ConferenceKind.ICPC: "Initial child protection conference",
    ConferenceKind.RCPC: "Review child protection conference",
}
_ENDED_RISK = frozenset({RiskStatus.RESOLVED, RiskStatus.REMOVED})


@dataclass(frozen=True, slots=True)
class Entry:
    date: dt.date
    end_date: dt.date | None
    """When a span ended, if by the as-of date; None for a point, or a span still open."""
    span: bool
    """A span (a plan, a risk, an intervention, an allocation) rather than a single day."""
    lane: Lane
    child_ref: str | None
    """The child, in the child lane; None in the family lane."""
    kind: EntryKind
    ref: str | None
    """The record's own pseudonymous reference, where it has one."""
    label: str

    @property
    def what(self) -> str:
        """The kind of entry in words."""
        return KIND_LABELS[self.kind]

    @property
    def open(self) -> bool:
        """A span still running at the as-of date."""
        return self.span and self.end_date is None


@dataclass(frozen=True, slots=True)
class Timeline:
    case_ref: str
    as_of: dt.date
    children: tuple[str, ...]
    entries: tuple[Entry, ...]
    """By date; on one day, the children's (in the case's order) before the family's."""
    undated: tuple[str, ...]
    """Labels of records that have no date to place them by."""

    @property
    def start(self) -> dt.date:
        """The earliest date on the timeline (the as-of date when there is nothing)."""
        return min((entry.date for entry in self.entries), default=self.as_of)


def chronology(case: Case, as_of: dt.date) -> Timeline:
    view = family_view(case, as_of, {})
    adults = view.adults
    child_entries = [entry for child in case.children for entry in _child(child, as_of)]
    family = [
        *(entry for risk in view.risks or () for entry in _risk(risk, as_of, adults)),
        *_interventions(case, as_of),
        *(
            _point(event.date, EntryKind.ENGAGEMENT, None, _engagement(event, view))
            for event in view.events or ()
        ),
        *_allocations(case, as_of),
        *(
            _point(
                c.date,
                EntryKind.CONFERENCE,
                c.conference_ref,
                f"{CONFERENCE_LABELS[c.kind]} {c.conference_ref}",
            )
            for c in view.conferences or ()
        ),
    ]
    undated = tuple(
        f"Intervention {i.intervention_ref} ({_provider(i.provider_type)}): no start date recorded"
        for i in case.interventions or ()
        if i.start_date is None
    )
    return Timeline(
        case_ref=case.case_ref,
        as_of=as_of,
        children=tuple(child.child_ref for child in case.children),
        # Sorted by date, stably: on one day the children's entries come first.
        entries=tuple(sorted((*child_entries, *family), key=lambda entry: entry.date)),
        undated=undated,
    )


def _ended(end: dt.date | None, as_of: dt.date) -> dt.date | None:
    return end if end is not None and end <= as_of else None


def _point(day: dt.date, kind: EntryKind, ref: str | None, label: str) -> Entry:
    return Entry(day, None, False, Lane.FAMILY, None, kind, ref, label)


def _span(
    start: dt.date,
    end: dt.date | None,
    kind: EntryKind,
    ref: str | None,
    label: str,
    child_ref: str | None = None,
) -> Entry:
    lane = Lane.FAMILY if child_ref is None else Lane.CHILD
    return Entry(start, end, True, lane, child_ref, kind, ref, label)


def _child(child: Child, as_of: dt.date) -> list[Entry]:
    entries = []
    for plan in sorted(child.cp_plans, key=lambda plan: plan.start_date):
        if plan.start_date > as_of:
            continue
        transfer = ", continuing a plan from another authority" if plan.transfer_in else ""
        label = f"CP plan {plan.plan_ref}: {CATEGORY_LABELS[plan.category.value]}{transfer}"
        end = _ended(plan.end_date, as_of)
        entries.append(
            _span(plan.start_date, end, EntryKind.CP_PLAN, plan.plan_ref, label, child.child_ref)
        )
    cin = child.cin_plan
    if cin is not None and cin.start_date <= as_of:
        end = _ended(cin.end_date, as_of)
        reason = f", closed at {plain(cin.closure_reason)}" if end and cin.closure_reason else ""
        label = f"CIN plan{reason}"
        entries.append(_span(cin.start_date, end, EntryKind.CIN_PLAN, None, label, child.child_ref))
    return entries


def _risk(risk: Risk, as_of: dt.date, adults: dict[str, Adult]) -> list[Entry]:
    status = risk_status_as_of(risk, as_of)
    changed = (
        risk.status_date if risk.status_date is not None and risk.status_date <= as_of else None
    )
    # A status dated before the risk was identified (a recording slip) ends it on that day.
    end = max(changed, risk.identified_date) if changed and status in _ENDED_RISK else None
    about = _risk_about(risk, adults)
    now = f"; {plain(status)}" if status is not None else "; status not recorded"
    label = f"Risk {risk.risk_ref}: {plain(risk.kind)}{about}{now}"
    entries = [_span(risk.identified_date, end, EntryKind.RISK, risk.risk_ref, label)]
    if changed is not None and status is not None and status is not RiskStatus.ACTIVE:
        entries.append(
            _point(
                changed,
                EntryKind.RISK_STATUS,
                risk.risk_ref,
                f"Risk {risk.risk_ref} recorded as {plain(status)}",
            )
        )
    since = risk.sustained_change_since
    if since is not None and since <= as_of:
        entries.append(
            _point(
                since,
                EntryKind.SUSTAINED_CHANGE,
                risk.risk_ref,
                f"Sustained change on risk {risk.risk_ref} ({plain(risk.kind)}) from this date",
            )
        )
    return entries


def _risk_about(risk: Risk, adults: dict[str, Adult]) -> str:
    about = ""
    if risk.adults:
        about += ", about " + " and ".join(_adult(ref, adults) for ref in risk.adults)
    if risk.children:
        about += ", for " + " and ".join(risk.children)
    return about


def _adult(ref: str, adults: dict[str, Adult]) -> str:
    adult = adults.get(ref)
    return f"{ref} ({plain(adult.role)})" if adult is not None else ref


def _interventions(case: Case, as_of: dt.date) -> list[Entry]:
    entries = []
    for item in case.interventions or ():
        if item.start_date is None or item.start_date > as_of:
            continue
        end = _ended(item.end_date, as_of)
        status = plain(intervention_status_as_of(item, as_of))
        risks = ", ".join(item.addresses_risks)
        ref = item.intervention_ref
        label = f"Intervention {ref}: {_provider(item.provider_type)} for risk {risks}; {status}"
        entries.append(_span(item.start_date, end, EntryKind.INTERVENTION, ref, label))
    return entries


def _provider(provider: ProviderType) -> str:
    return "GP" if provider is ProviderType.GP else plain(provider)


def _engagement(event: EngagementEvent, view: FamilyView) -> str:
    who = f" by {_adult(event.adult_ref, view.adults)}" if event.adult_ref else ""
    explained = "; found explained by the disguised-compliance analysis"
    return f"{plain(event.kind).capitalize()}{who}{explained if view.explained(event) else ''}"


def _allocations(case: Case, as_of: dt.date) -> list[Entry]:
    entries = []
    for allocation in case.allocations or ():
        if allocation.start_date > as_of:
            continue
        end = _ended(allocation.end_date, as_of)
        ref = allocation.worker_ref
        label = f"{ROLE_LABELS[allocation.role]} {ref}"
        entries.append(_span(allocation.start_date, end, EntryKind.WORKER, ref, label))
    return entries
