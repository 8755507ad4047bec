"""The risks concerning the child: where each stands, how long change has been sustained, the
work on it, and the agencies whose insight it needs."""

import datetime as dt
from collections.abc import Sequence

from engine.dates import plain_date, whole_months_between
from engine.facts.agencies import KEY_AGENCY_FACTS, key_agencies, plan_agencies
from engine.facts.fact import CaseFactGroup, CollectionDef, Collections, FactDef, Record, declare
from engine.facts.view import ChildView, FamilyView, known
from engine.values import BOOL, DATE, NUMBER, TEXT, UNKNOWN, FactValue, any_known, code
from models.case import Intervention, Risk
from models.codes import InterventionStatus, NotCarriedRationale, PlanDecision, RiskKind, RiskStatus


def _records(view: FamilyView, child: ChildView) -> list[Record] | None:
    if child.risks is None:
        return None
    records = view.once_per(_decision_records, (child.outcome, child.plans.episode_start))
    return [records[ref] for ref in child.risks]


def _decision_records(
    view: FamilyView, decision: tuple[PlanDecision, dt.date | None]
) -> dict[str, Record]:
    """Each risk's record, by ref, for the children with this outcome and plan start."""
    outcome, start = decision
    agencies = view.once_per(plan_agencies, start)
    records: dict[str, Record] = {}
    for risk, shared, needed in view.once(_family_records).values():
        record = shared.copy()
        record["risk.dropped"] = _dropped(risk, view.risk_status[risk.risk_ref], outcome)
        record["risk.key_agencies_not_invited"] = agencies.not_invited(needed)
        record["risk.key_agencies_absent"] = agencies.absent(needed)
        records[risk.risk_ref] = record
    return records


def _family_records(view: FamilyView) -> dict[str, tuple[Risk, Record, frozenset[str]]]:
    """Each risk, its record and its key agencies, by ref. The record's facts of a child's
    decision (whether the risk is dropped, the key agencies the child's conferences missed)
    are set on a copy for each outcome and plan start."""
    return {risk.risk_ref: _family_record(risk, view) for risk in view.risks or ()}


def _family_record(risk: Risk, view: FamilyView) -> tuple[Risk, Record, frozenset[str]]:
    status = view.risk_status[risk.risk_ref]
    change_from, months, note = _sustained_change(risk, status, view)
    needed = key_agencies(risk, view)
    work = view.interventions_on(risk.risk_ref)
    record: Record = {
        "risk.ref": risk.risk_ref,
        "risk.kind": risk.kind,
        "risk.original": known(risk.original),
        "risk.status": known(status),
        "risk.on_plan": UNKNOWN if status is None else status is not RiskStatus.REMOVED,
        "risk.sustained_change_from": change_from,
        "risk.months_sustained": months,
        "risk.sustained_change_note": note,
        "risk.interventions_complete": _interventions_complete(risk, work, view),
        "risk.interventions": _interventions_text(risk, work, view),
        "risk.dropped": UNKNOWN,  # the decision's, as the key agencies not invited, absent
        "risk.drop_reason_fits": _drop_reason_fits(risk, status),
        "risk.not_carried_rationale": known(risk.not_carried_rationale),
        "risk.key_agencies": needed,
        "risk.key_agencies_not_invited": UNKNOWN,
        "risk.key_agencies_absent": UNKNOWN,
    }
    return risk, record, needed


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


def _interventions_complete(
    risk: Risk, work: Sequence[Intervention], view: FamilyView
) -> FactValue:
    if view.interventions is None:
        return UNKNOWN
    if not work:
        return risk.no_intervention_reason is not None
    return all(
        view.intervention_status[i.intervention_ref] is InterventionStatus.COMPLETED for i in work
    )


def _interventions_text(risk: Risk, work: Sequence[Intervention], view: FamilyView) -> FactValue:
    if view.interventions is None:
        return UNKNOWN
    if work:
        return ", ".join(
            f"{i.intervention_ref} {view.intervention_status[i.intervention_ref]}" for i in work
        )
    if risk.no_intervention_reason is not None:
        return f"none needed ({risk.no_intervention_reason})"
    return "none recorded"


def _dropped(risk: Risk, status: RiskStatus | None, outcome: PlanDecision) -> FactValue:
    """Whether the risk left the plan, or (at step-down) is not carried onto the CIN plan."""
    if status is RiskStatus.REMOVED:
        return True
    if status is None:
        return UNKNOWN
    if outcome is PlanDecision.STEP_DOWN_TO_CIN:
        return UNKNOWN if risk.carried_to_cin_plan is None else not risk.carried_to_cin_plan
    return False


def _drop_reason_fits(risk: Risk, status: RiskStatus | None) -> FactValue:
    reason = risk.not_carried_rationale
    if reason is None:
        return False
    if reason is NotCarriedRationale.RESOLVED_WITH_SUSTAINED_CHANGE:
        return UNKNOWN if status is None else status is RiskStatus.RESOLVED
    return True


def _derive(view: FamilyView, child: ChildView, _collections: Collections) -> Record:
    return view.once_per(_risks_facts, child.risks)


def _risks_facts(view: FamilyView, risk_refs: tuple[str, ...] | None) -> Record:
    """The facts for each child with these risks: they read none of a record's facts that
    depend on the child's outcome or plan."""
    family = view.once(_family_records)
    risks = None if risk_refs is None else [family[ref][1] for ref in risk_refs]
    return {
        "case.risk_work_unfinished": _risk_work_unfinished(risks, view.months_required),
        "case.original_risk_recorded": True
        if any(r["risk.original"] is True for r in risks or ())
        else UNKNOWN,
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


RISKS = CollectionDef(
    "risks",
    "risk",
    "The risks concerning the child, identified on or before the as-of date.",
    declare(
        FactDef("risk.ref", TEXT, "The risk's reference.", "risk_ref", always_known=True),
        FactDef("risk.kind", code(RiskKind), "What the risk is.", "kind", always_known=True),
        FactDef("risk.original", BOOL, "Whether it brought the family to conference.", "original"),
        FactDef("risk.status", code(RiskStatus), "Its status as of the as-of date.", "status"),
        FactDef("risk.on_plan", BOOL, "Whether it is still on the plan (not removed).", "status"),
        FactDef(
            "risk.sustained_change_from",
            DATE,
            "Start of sustained change: the recorded date, moved to the latest significant, "
            "unexplained non-engagement by an adult linked to the risk (local policy: such "
            "non-engagement restarts the count).",
            "sustained_change_since",
        ),
        FactDef(
            "risk.months_sustained",
            NUMBER,
            "Whole months of sustained change by the as-of date; 0 while the risk is active "
            "(change has not started).",
            "sustained_change_since",
            months_since="risk.sustained_change_from",
        ),
        FactDef(
            "risk.sustained_change_note",
            TEXT,
            "How the start of sustained change was read (as recorded, from the status date, "
            "restarted by non-engagement, after the as-of date, not started).",
            "sustained_change_since",
            always_known=True,
        ),
        FactDef(
            "risk.interventions_complete",
            BOOL,
            "Whether the risk has at least one intervention and all are complete, or a recorded "
            "reason that none is needed; planned work is unfinished work.",
            "interventions",
        ),
        FactDef("risk.interventions", TEXT, "Its interventions and their status.", "interventions"),
        FactDef(
            "risk.dropped",
            BOOL,
            "Whether it was removed from the plan or, at step-down, not carried onto the CIN plan.",
            "carried_to_cin_plan",
        ),
        FactDef(
            "risk.drop_reason_fits",
            BOOL,
            "Whether a reason for dropping it is recorded and fits its status ('resolved with "
            "sustained change' only for a resolved risk).",
            "not_carried_rationale",
        ),
        FactDef(
            "risk.not_carried_rationale",
            code(NotCarriedRationale),
            "The recorded reason for dropping it.",
            "not_carried_rationale",
        ),
    )
    | KEY_AGENCY_FACTS,
    _records,
    optional=True,
)

RISK_CASE_FACTS = CaseFactGroup(
    "Risk work",
    declare(
        FactDef(
            "case.risk_work_unfinished",
            BOOL,
            "Whether a risk on the child's plan is active, its change not yet sustained for the "
            "required months, or its interventions unfinished.",
            "risks",
        ),
        FactDef(
            "case.original_risk_recorded",
            BOOL,
            "Whether any of the child's risks is recorded as the one that brought the family to "
            "conference (unknown when none is).",
            "risks[].original",
        ),
    ),
    _derive,
)
