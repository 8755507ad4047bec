"""The repeat-plan analysis and the continuity of workers (transfer reviews, the social
worker recommending the decision), by hand."""

from __future__ import annotations

from benchmarks.limit.common import (
    NA,
    NO_ROWS,
    Judged,
    Out,
    Quantified,
    Record,
    both,
    conclude,
    decide,
    either,
    every,
    fact,
    is_false,
    judged,
    ref,
    some,
)
from engine.facts import CaseFacts
from engine.templates import plain
from engine.values import UNKNOWN
from models.assessment import Finding

# -- repeat-plan-analysis -------------------------------------------------------------------


def _analysed_at_initial(conference: Record) -> Judged:
    """An initial conference of the current plan has the chair's repeat-plan analysis."""
    if (
        conference["conference.kind"] != "icpc"
        or conference["conference.of_current_plan"] is not True
    ):
        return None
    analysis = conference["conference.repeat_plan_analysis"]
    if analysis is UNKNOWN:
        return None, (f"conferences[{conference['conference.ref']}].repeat_plan_analysis",)
    return analysis, ()


def repeat_plan_analysis(facts: CaseFacts, out: Out) -> Finding:
    rid = "repeat-plan-analysis"
    case: Record = facts.case
    months = case["case.months_since_previous_plan"]
    window = out.parameters["repeat_plan_window_months"]
    if (
        case["case.readiness_decision"] is not True
        or case["case.has_previous_plan"] is not True
        or (months is not UNKNOWN and not months < window)
    ):
        return out.finding(
            rid,
            facts,
            NA,
            f"No child returned to a plan within {plain(window)} months, or this is not a "
            "readiness decision under these rules.",
        )
    result, _ = decide(
        Quantified(None, [], ["children[].cp_plans[].end_date"])
        if months is UNKNOWN
        else Quantified(True, [], []),
        lambda: both(
            fact(case["case.icpc_recorded"], "conferences"),
            every(facts.collections["conferences"], "conferences", _analysed_at_initial),
        ),
    )
    records = [
        ref(
            "conferences",
            r["conference.ref"],
            f"kind: {plain(r['conference.kind'])}; "
            f"of current plan: {plain(r['conference.of_current_plan'])}; "
            f"repeat plan analysis: {plain(r['conference.repeat_plan_analysis'])}",
        )
        for r in result.rows
    ]
    return conclude(
        out,
        rid,
        facts,
        result,
        records,
        lambda shown: (
            f"The previous plan ended {plain(months)} months before this one and the chair "
            f"completed a repeat-plan analysis: {shown}."
        ),
        lambda _shown: (
            f"The previous plan ended {plain(months)} months before this one, and no "
            "repeat-plan analysis is recorded at the initial conference.",
            "Make sure the deciding conference addresses why the previous de-planning did not "
            "hold.",
        ),
        lambda missing: (
            "The previous plan's end, the initial conference or its repeat-plan analysis is "
            f"not recorded: {missing}.",
            f"Record the previous plan's end date and any repeat-plan analysis ({missing}).",
        ),
    )


# -- transfer-review ------------------------------------------------------------------------


def _incoming(allocation: Record) -> tuple[bool | None, tuple[str, ...]]:
    return allocation["allocation.incoming"] is True, ()


def _reviewed(allocation: Record) -> Judged:
    if allocation["allocation.incoming"] is not True:
        return None
    reviewed = allocation["allocation.transfer_reviewed"]
    if reviewed is UNKNOWN:
        return None, (f"allocations[{allocation['allocation.ref']}].transfer_review",)
    return reviewed, ()


def transfer_review(facts: CaseFacts, out: Out) -> Finding:
    rid = "transfer-review"
    allocations = facts.collections["allocations"]
    applies = both(
        Quantified(facts.case["case.readiness_decision"] is True, [], []),
        some(allocations, "allocations", _incoming),
    )
    result, _ = decide(applies, lambda: every(allocations, "allocations", _reviewed))
    records = [
        ref(
            "allocations",
            r["allocation.ref"],
            f"incoming: {plain(r['allocation.incoming'])}; "
            f"transfer reviewed: {plain(r['allocation.transfer_reviewed'])}",
        )
        for r in result.rows
    ]
    if applies.truth is False:
        return out.finding(
            rid,
            facts,
            NA,
            "No change of social worker, manager or chair during the plan, or this is not a "
            "readiness decision under these rules.",
            records=records,
        )
    return conclude(
        out,
        rid,
        facts,
        result,
        records,
        lambda shown: f"Every incoming worker reviewed the chronology and genogram: {shown}.",
        lambda shown: (
            f"{len(records)} incoming worker(s) did not review the chronology and genogram: "
            f"{shown}.",
            "Have the incoming worker review the chronology and genogram before the decision.",
        ),
        lambda missing: (
            f"Worker changes or transfer reviews are not recorded: {missing}.",
            f"Record worker allocations and transfer reviews ({missing}).",
        ),
    )


# -- social-worker-continuity ---------------------------------------------------------------


def social_worker_continuity(facts: CaseFacts, out: Out) -> Finding:
    rid = "social-worker-continuity"
    case: Record = facts.case
    if (
        case["case.readiness_decision"] is not True
        or case["case.plan_ends_by_decision"] is not True
    ):
        return out.finding(
            rid,
            facts,
            NA,
            f"The plan is not proposed to end ({plain(case['case.outcome'])}), or this is not a "
            "readiness decision under these rules.",
        )
    weeks = case["case.recommending_worker_weeks"]
    min_weeks = out.parameters["recommending_worker_min_weeks"]
    weeks_text = plain(weeks)
    return judged(
        out,
        rid,
        facts,
        either(
            is_false(case["case.recommending_worker_incoming"], "allocations"),
            Quantified(None, NO_ROWS, ["allocations"])
            if weeks is UNKNOWN
            else Quantified(weeks >= min_weeks, NO_ROWS, []),
            fact(
                case["case.recommending_worker_transfer_reviewed"], "allocations[].transfer_review"
            ),
        ),
        "The recommending social worker has held the case since the plan began, for long enough "
        f"({weeks_text} weeks), or reviewed the chronology and genogram on taking it over.",
        (
            f"The recommending social worker took the case over {weeks_text} weeks before the "
            "decision and has not reviewed the chronology and genogram.",
            "Have the social worker review the chronology and genogram, with the manager, before "
            "the recommendation stands.",
        ),
        lambda missing: (
            f"Who holds the case, since when, or their transfer review, is not recorded: {missing}.",
            f"Record the social worker allocations and transfer reviews ({missing}).",
        ),
    )
