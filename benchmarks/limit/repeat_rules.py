"""The repeat-plan analysis and the transfer reviews of incoming workers, by hand."""

from __future__ import annotations

from benchmarks.limit.common import (
    INSUFFICIENT,
    MET,
    NA,
    NOT_MET,
    Judged,
    Out,
    Quantified,
    Record,
    both,
    every,
    fact,
    listed,
    missing_text,
    ref,
    some,
)
from engine.derive import CaseFacts
from engine.templates import plain
from engine.values import UNKNOWN
from models.assessment import Finding

# -- repeat-plan-analysis -------------------------------------------------------------------


def _analysed_at_initial(conference: Record) -> tuple[bool | None, tuple[str, ...]]:
    if (
        conference["conference.kind"] != "icpc"
        or conference["conference.of_current_plan"] is not True
    ):
        return False, ()
    analysis = conference["conference.repeat_plan_analysis"]
    if analysis is UNKNOWN:
        return None, (f"conferences[{conference['conference.ref']}].repeat_plan_analysis",)
    return analysis, ()


def repeat_plan_analysis(facts: CaseFacts, out: Out, window: int) -> Finding:
    rid = "repeat-plan-analysis"
    case: Record = facts.case
    months = case["case.months_since_previous_plan"]
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
    if months is UNKNOWN:
        result = Quantified(None, [], ["children[].cp_plans[].end_date"])
    else:
        result = both(
            fact(case["case.icpc_recorded"], "conferences"),
            some(facts.collections["conferences"], "conferences", _analysed_at_initial),
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
    if result.truth is None:
        missing = missing_text(result.missing)
        return out.finding(
            rid,
            facts,
            INSUFFICIENT,
            "The previous plan's end, the initial conference or its repeat-plan analysis is not "
            f"recorded: {missing}.",
            f"Record the previous plan's end date and any repeat-plan analysis ({missing}).",
            records,
            result.missing,
        )
    if result.truth is False:
        return out.finding(
            rid,
            facts,
            NOT_MET,
            f"The previous plan ended {plain(months)} months before this one, and no "
            "repeat-plan analysis is recorded at the initial conference.",
            "Make sure the deciding conference addresses why the previous de-planning did not "
            "hold.",
            records,
        )
    return out.finding(
        rid,
        facts,
        MET,
        f"The previous plan ended {plain(months)} months before this one and the chair "
        f"completed a repeat-plan analysis: {listed(records)}.",
        records=records,
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
    result = every(allocations, "allocations", _reviewed) if applies.truth is True else applies
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
    if result.truth is False:
        return out.finding(
            rid,
            facts,
            NOT_MET,
            f"{len(records)} incoming worker(s) did not review the chronology and genogram: "
            f"{listed(records)}.",
            "Have the incoming worker review the chronology and genogram before the decision.",
            records,
        )
    if result.truth is None:
        missing = missing_text(result.missing)
        return out.finding(
            rid,
            facts,
            INSUFFICIENT,
            f"Worker changes or transfer reviews are not recorded: {missing}.",
            f"Record worker allocations and transfer reviews ({missing}).",
            records,
            result.missing,
        )
    return out.finding(
        rid,
        facts,
        MET,
        f"Every incoming worker reviewed the chronology and genogram: {listed(records)}.",
        records=records,
    )
