"""The rules judged on each risk of the child's plan, by hand."""

from __future__ import annotations

import datetime as dt

from benchmarks.limit.common import (
    NA,
    Judged,
    Out,
    Quantified,
    Record,
    as_of_text,
    both,
    concerned_then,
    conclude,
    every,
    fact,
    listed,
    not_readiness,
    ref,
)
from engine.dates import add_months, plain_date
from engine.facts import CaseFacts
from engine.templates import plain
from engine.values import UNKNOWN
from models.assessment import Finding, RecordRef

_ADDRESSED = frozenset({"reducing", "resolved"})


def _on_plan(risk: Record) -> tuple[bool | None, tuple[str, ...]]:
    on_plan = risk["risk.on_plan"]
    if on_plan is UNKNOWN:
        return None, (f"risks[{risk['risk.ref']}].status",)
    return on_plan, ()


def _on_plan_and(risk: Record, passes: bool | None, field: str) -> Judged:
    """An on-plan risk passes; `field` names what is not recorded when `passes` is None."""
    on_plan, concern_missing = _on_plan(risk)
    if on_plan is False:
        return None
    return concerned_then(on_plan, concern_missing, passes, (f"risks[{risk['risk.ref']}].{field}",))


# -- sustained-change -----------------------------------------------------------------------


def _sustained_detail(r: Record) -> RecordRef:
    return ref(
        "risks",
        r["risk.ref"],
        f"on plan: {plain(r['risk.on_plan'])}; months sustained: {plain(r['risk.months_sustained'])}; "
        f"sustained change from: {plain(r['risk.sustained_change_from'])}; "
        f"status: {plain(r['risk.status'])}; "
        f"sustained change note: {plain(r['risk.sustained_change_note'])}",
    )


def sustained_change(facts: CaseFacts, out: Out) -> Finding:
    rid = "sustained-change"
    case: Record = facts.case
    if case["case.readiness_decision"] is not True:
        return out.finding(rid, facts, NA, not_readiness(case))
    required = case["case.sustained_change_months_required"]

    def judge(risk: Record) -> Judged:
        months = risk["risk.months_sustained"]
        passes = None if months is UNKNOWN else months >= required
        return _on_plan_and(risk, passes, "sustained_change_since")

    result = both(
        fact(case["case.engagement_history_recorded"], "engagement_events"),
        every(facts.collections["risks"], "risks", judge),
    )
    records = [_sustained_detail(r) for r in result.rows]
    months = plain(required)
    earliest = _earliest(result.rows, required) if result.truth is False else None
    when = plain_date(earliest) if earliest else "not yet known (change has not started)"
    return conclude(
        out,
        rid,
        facts,
        result,
        records,
        lambda shown: (
            f"Change on every risk on the plan has been sustained for at least {months} "
            f"months: {shown}."
        ),
        lambda shown: (
            f"Change has not been sustained for {months} months on {len(records)} risk(s) as "
            f"of {as_of_text(facts)}: {shown}.",
            f"Keep the plan until change has been sustained for {months} months on every "
            f"risk; the earliest date is {when}.",
        ),
        lambda missing: (
            f"Sustained change cannot be measured: {missing} not recorded ({listed(records)}).",
            "Record the engagement history and, for each risk, its status and from when "
            f"change has been sustained ({missing}).",
        ),
        earliest,
    )


def _earliest(failing: list[Record], required: int) -> dt.date | None:
    """The first date every failing risk could reach the required months; none while one has
    not started to change."""
    dates = []
    for risk in failing:
        start = risk["risk.sustained_change_from"]
        if not isinstance(start, dt.date):
            return None
        dates.append(add_months(start, required))
    return max(dates)


# -- risk-interventions-complete ------------------------------------------------------------


def _interventions_detail(r: Record) -> RecordRef:
    return ref(
        "risks",
        r["risk.ref"],
        f"on plan: {plain(r['risk.on_plan'])}; "
        f"interventions complete: {plain(r['risk.interventions_complete'])}; "
        f"interventions: {plain(r['risk.interventions'])}",
    )


def _interventions_judge(risk: Record) -> Judged:
    complete = risk["risk.interventions_complete"]
    return _on_plan_and(risk, None if complete is UNKNOWN else complete, "interventions")


def risk_interventions_complete(facts: CaseFacts, out: Out) -> Finding:
    rid = "risk-interventions-complete"
    case: Record = facts.case
    if case["case.readiness_decision"] is not True:
        return out.finding(rid, facts, NA, not_readiness(case))
    result = every(facts.collections["risks"], "risks", _interventions_judge)
    records = [_interventions_detail(r) for r in result.rows]
    return conclude(
        out,
        rid,
        facts,
        result,
        records,
        lambda shown: (
            f"Every risk on the plan has its interventions complete, or needs none: {shown}."
        ),
        lambda shown: (
            f"{len(records)} risk(s) on the plan have unfinished interventions, or none "
            f"recorded, as of {as_of_text(facts)}: {shown}.",
            "Complete the interventions, or record why a risk needs none, before ending the plan.",
        ),
        lambda missing: (
            f"Whether the risks' interventions are complete cannot be told; missing: {missing}.",
            "Record the plan's interventions and their status, and each risk's status "
            f"({missing}).",
        ),
    )


# -- original-risk-addressed ----------------------------------------------------------------


def _original_detail(r: Record) -> RecordRef:
    return ref(
        "risks",
        r["risk.ref"],
        f"original: {plain(r['risk.original'])}; status: {plain(r['risk.status'])}",
    )


def _original_judge(risk: Record) -> Judged:
    original = risk["risk.original"]
    status = risk["risk.status"]
    prefix = f"risks[{risk['risk.ref']}]"
    return concerned_then(
        None if original is UNKNOWN else original,
        (f"{prefix}.original",),
        None if status is UNKNOWN else status in _ADDRESSED,
        (f"{prefix}.status",),
    )


def original_risk_addressed(facts: CaseFacts, out: Out) -> Finding:
    rid = "original-risk-addressed"
    case: Record = facts.case
    if case["case.readiness_decision"] is not True:
        return out.finding(rid, facts, NA, not_readiness(case))
    result = both(
        fact(case["case.original_risk_recorded"], "risks[].original"),
        every(facts.collections["risks"], "risks", _original_judge),
    )
    records = [_original_detail(r) for r in result.rows]
    return conclude(
        out,
        rid,
        facts,
        result,
        records,
        lambda shown: f"The original risk(s) are reducing or resolved: {shown}.",
        lambda shown: (
            f"{len(records)} original risk(s) are still active or were removed without being "
            f"resolved: {shown}.",
            "Return the original risk to the plan and evidence change on it before de-planning.",
        ),
        lambda missing: (
            "Which risk brought the family to conference, or its status, is not recorded: "
            f"{missing}.",
            f"Mark which risks brought the family to conference ({missing}).",
        ),
    )


# -- risks-carried-to-cin -------------------------------------------------------------------


def _dropped_detail(r: Record) -> RecordRef:
    return ref(
        "risks",
        r["risk.ref"],
        f"dropped: {plain(r['risk.dropped'])}; "
        f"drop reason fits: {plain(r['risk.drop_reason_fits'])}; "
        f"status: {plain(r['risk.status'])}; "
        f"not carried rationale: {plain(r['risk.not_carried_rationale'])}",
    )


def _dropped_judge(risk: Record) -> Judged:
    dropped = risk["risk.dropped"]
    fits = risk["risk.drop_reason_fits"]
    prefix = f"risks[{risk['risk.ref']}]"
    return concerned_then(
        None if dropped is UNKNOWN else dropped,
        (f"{prefix}.carried_to_cin_plan",),
        None if fits is UNKNOWN else fits,
        (f"{prefix}.not_carried_rationale",),
    )


def risks_carried_to_cin(facts: CaseFacts, out: Out) -> Finding:
    rid = "risks-carried-to-cin"
    case: Record = facts.case
    if case["case.readiness_decision"] is not True:
        return out.finding(rid, facts, NA, not_readiness(case))
    result = every(facts.collections["risks"], "risks", _dropped_judge)
    records = [_dropped_detail(r) for r in result.rows]
    return conclude(
        out,
        rid,
        facts,
        result,
        records,
        lambda shown: f"No risk was dropped without a fitting reason: {shown}.",
        lambda shown: (
            f"{len(records)} risk(s) were dropped from the plan or not carried onto the CIN "
            f"plan without a reason that fits: {shown}.",
            "Carry each risk forward, or record a reason that fits its status (a risk not "
            "resolved cannot be dropped as resolved).",
        ),
        lambda missing: (
            "Whether each risk is still on the plan, or carried onto the CIN plan, is not "
            f"recorded: {missing}.",
            f"Record each risk's status and whether it is carried onto the CIN plan ({missing}).",
        ),
    )


# -- key-agencies-contributed ---------------------------------------------------------------


def _agencies_detail(r: Record) -> RecordRef:
    return ref(
        "risks",
        r["risk.ref"],
        f"on plan: {plain(r['risk.on_plan'])}; "
        f"key agencies not invited: {plain(r['risk.key_agencies_not_invited'])}; "
        f"key agencies absent: {plain(r['risk.key_agencies_absent'])}",
    )


_AGENCY_CHECKS = (
    ("risk.key_agencies_not_invited", "conferences[].agencies_invited"),
    ("risk.key_agencies_absent", "conferences[].agencies_contributed"),
)


def _agencies_judge(risk: Record) -> Judged:
    on_plan, concern_missing = _on_plan(risk)
    if on_plan is False:
        return None
    prefix = f"risks[{risk['risk.ref']}]"
    passes: bool | None = True
    pass_missing: list[str] = []
    for name, field in _AGENCY_CHECKS:
        agencies = risk[name]
        if agencies is UNKNOWN:
            pass_missing.append(f"{prefix}.{field}")
        elif agencies:
            passes = False
            break
    if passes is True and pass_missing:
        passes = None
    return concerned_then(on_plan, concern_missing, passes, tuple(pass_missing))


def key_agencies_contributed(facts: CaseFacts, out: Out) -> Finding:
    rid = "key-agencies-contributed"
    case: Record = facts.case
    if case["case.readiness_decision"] is not True:
        return out.finding(rid, facts, NA, not_readiness(case))
    result: Quantified = every(facts.collections["risks"], "risks", _agencies_judge)
    records = [_agencies_detail(r) for r in result.rows]
    return conclude(
        out,
        rid,
        facts,
        result,
        records,
        lambda shown: (
            f"Every risk's key agencies were invited and contributed to conference: {shown}."
        ),
        lambda shown: (
            f"{len(records)} risk(s) lacked a key agency's invitation or contribution: {shown}.",
            "Invite the agencies named, and obtain their reports, before the decision.",
        ),
        lambda missing: (
            f"Which agencies were invited or contributed to conference is not recorded: {missing}.",
            "Record the agencies invited to, and attending or reporting to, each conference "
            f"({missing}).",
        ),
    )
