"""The rules judged on the conferences and worker allocations of the child's plan, by hand."""

from __future__ import annotations

from benchmarks.limit.common import (
    NA,
    Judged,
    Out,
    Quantified,
    Record,
    all_recorded,
    both,
    conclude,
    decide,
    either,
    every,
    fact,
    not_readiness,
    ref,
    some,
)
from engine.facts import CaseFacts
from engine.templates import plain
from engine.values import UNKNOWN
from models.assessment import Finding, RecordRef

_SUBMITTED = (
    ("conference.chronology_submitted", "chronology_submitted"),
    ("conference.genogram_submitted", "genogram_submitted"),
)


def _deciding_conference(facts: CaseFacts, name: str, field: str) -> Quantified:
    """The deciding conference is recorded and `name` is yes on it."""

    def judge(conference: Record) -> Judged:
        if conference["conference.deciding"] is not True:
            return None
        value = conference[name]
        if value is UNKNOWN:
            return None, (f"conferences[{conference['conference.ref']}].{field}",)
        return value, ()

    return both(
        fact(facts.case["case.deciding_conference_recorded"], "conferences"),
        every(facts.collections["conferences"], "conferences", judge),
    )


def _deciding_detail(r: Record, name: str, label: str) -> RecordRef:
    return ref(
        "conferences",
        r["conference.ref"],
        f"deciding: {plain(r['conference.deciding'])}; {label}: {plain(r[name])}",
    )


# -- chronology-genogram-at-decision --------------------------------------------------------


def _submitted_to_deciding(conference: Record) -> Judged:
    if conference["conference.deciding"] is not True:
        return None
    return all_recorded(conference, f"conferences[{conference['conference.ref']}]", _SUBMITTED)


def chronology_genogram_at_decision(facts: CaseFacts, out: Out) -> Finding:
    rid = "chronology-genogram-at-decision"
    case: Record = facts.case
    if case["case.readiness_decision"] is not True:
        return out.finding(rid, facts, NA, not_readiness(case))
    result = both(
        fact(case["case.deciding_conference_recorded"], "conferences"),
        every(facts.collections["conferences"], "conferences", _submitted_to_deciding),
    )
    records = [
        ref(
            "conferences",
            r["conference.ref"],
            f"deciding: {plain(r['conference.deciding'])}; "
            f"chronology submitted: {plain(r['conference.chronology_submitted'])}; "
            f"genogram submitted: {plain(r['conference.genogram_submitted'])}",
        )
        for r in result.rows
    ]
    return conclude(
        out,
        rid,
        facts,
        result,
        records,
        lambda shown: f"The deciding conference had an updated chronology and genogram: {shown}.",
        lambda shown: (
            f"The deciding conference lacked an updated chronology or genogram: {shown}.",
            "Submit an updated chronology and cultural genogram to the chair.",
        ),
        lambda missing: (
            "The deciding conference, or whether a chronology and genogram were submitted to "
            f"it, is not recorded: {missing}.",
            f"Record the chronology and genogram submitted to the conference ({missing}).",
        ),
    )


# -- chronology-genogram-at-icpc ------------------------------------------------------------


def _initial(conference: Record) -> tuple[bool | None, tuple[str, ...]]:
    return (
        conference["conference.kind"] == "icpc"
        and conference["conference.of_current_plan"] is True,
        (),
    )


def _submitted_to_initial(conference: Record) -> Judged:
    if not _initial(conference)[0]:
        return None
    return all_recorded(conference, f"conferences[{conference['conference.ref']}]", _SUBMITTED)


def chronology_genogram_at_icpc(facts: CaseFacts, out: Out) -> Finding:
    rid = "chronology-genogram-at-icpc"
    conferences = facts.collections["conferences"]
    applies = both(
        Quantified(facts.case["case.readiness_decision"] is True, [], []),
        some(conferences, "conferences", _initial),
    )
    result, _ = decide(applies, lambda: every(conferences, "conferences", _submitted_to_initial))
    records = [
        ref(
            "conferences",
            r["conference.ref"],
            f"kind: {plain(r['conference.kind'])}; "
            f"of current plan: {plain(r['conference.of_current_plan'])}; "
            f"chronology submitted: {plain(r['conference.chronology_submitted'])}; "
            f"genogram submitted: {plain(r['conference.genogram_submitted'])}",
        )
        for r in result.rows
    ]
    if applies.truth is False:
        return out.finding(
            rid,
            facts,
            NA,
            "No initial conference of the current plan is recorded, or this is not a readiness "
            "decision under these rules.",
            records=records,
        )
    return conclude(
        out,
        rid,
        facts,
        result,
        records,
        lambda shown: f"The initial conference had a chronology and genogram: {shown}.",
        lambda shown: (
            f"The initial conference lacked a chronology or genogram: {shown}.",
            "Make sure the deciding conference has an updated chronology and genogram to make "
            "up for it.",
        ),
        lambda missing: (
            "Whether the initial conference had a chronology and genogram is not recorded: "
            f"{missing}.",
            f"Record what was submitted to the initial conference ({missing}).",
        ),
    )


# -- history-analysed -----------------------------------------------------------------------


def _history_that_matters(adult: Record) -> tuple[bool | None, tuple[str, ...]]:
    """Earlier children living elsewhere, or harm to children before."""
    elsewhere = adult["adult.earlier_children_living_elsewhere"]
    harmed = adult["adult.harmed_children_before"]
    if elsewhere is True or harmed is True:
        return True, ()
    prefix = f"adults[{adult['adult.ref']}]"
    missing: tuple[str, ...] = ()
    if elsewhere is UNKNOWN:
        missing += (f"{prefix}.earlier_children_living_elsewhere",)
    if harmed is UNKNOWN:
        missing += (f"{prefix}.harm_history",)
    return (None, missing) if missing else (False, ())


def history_analysed(facts: CaseFacts, out: Out) -> Finding:
    rid = "history-analysed"
    case: Record = facts.case
    applies = both(
        Quantified(case["case.readiness_decision"] is True, [], []),
        either(
            Quantified(case["case.family_has_previous_plan"] is True, [], []),
            some(facts.collections["adults"], "adults", _history_that_matters),
        ),
    )
    result, required = decide(
        applies,
        lambda: _deciding_conference(facts, "conference.history_analysed", "history_analysed"),
    )
    if required:
        records = [
            _deciding_detail(r, "conference.history_analysed", "history analysed")
            for r in result.rows
        ]
    else:
        records = [
            ref(
                "adults",
                r["adult.ref"],
                "earlier children living elsewhere: "
                f"{plain(r['adult.earlier_children_living_elsewhere'])}; "
                f"harmed children before: {plain(r['adult.harmed_children_before'])}",
            )
            for r in result.rows
        ]
    if applies.truth is False:
        return out.finding(
            rid,
            facts,
            NA,
            "No previous CP plan, no earlier children living elsewhere and no harm to children is "
            "recorded, or this is not a readiness decision under these rules.",
            records=records,
        )
    return conclude(
        out,
        rid,
        facts,
        result,
        records,
        lambda shown: (
            f"The report to the deciding conference analysed the family's history: {shown}."
        ),
        lambda shown: (
            "The family has a history that matters (a previous plan, children living "
            "elsewhere, or harm to children), but the report to the deciding conference did "
            f"not analyse it: {shown}.",
            "Add an analysis of the history and what it means for the children to the report.",
        ),
        lambda missing: (
            "The family's history, the deciding conference or whether its report analysed the "
            f"history is not recorded: {missing}.",
            "Record previous plans, adults' earlier children and harm history, and whether the "
            f"report analysed them ({missing}).",
        ),
    )


# -- previous-deplanning-reviewed -----------------------------------------------------------


def previous_deplanning_reviewed(facts: CaseFacts, out: Out) -> Finding:
    rid = "previous-deplanning-reviewed"
    case: Record = facts.case
    if (
        case["case.readiness_decision"] is not True
        or case["case.family_has_previous_plan"] is not True
    ):
        return out.finding(
            rid,
            facts,
            NA,
            "No child of the family had a previous CP plan, or this is not a readiness decision "
            "under these rules.",
        )
    name = "conference.previous_deplanning_reviewed"
    result = _deciding_conference(facts, name, "previous_deplanning_reviewed")
    records = [_deciding_detail(r, name, "previous deplanning reviewed") for r in result.rows]
    return conclude(
        out,
        rid,
        facts,
        result,
        records,
        lambda shown: (
            f"The deciding conference addressed why the previous de-planning did not hold: {shown}."
        ),
        lambda shown: (
            "A child of the family was on a plan before, and the deciding conference did not "
            f"address why that de-planning did not hold: {shown}.",
            "At the conference, set out why the previous plan's change did not last and what "
            "is different now.",
        ),
        lambda missing: (
            "The deciding conference, or whether it addressed the previous de-planning, is not "
            f"recorded: {missing}.",
            "Record whether the deciding conference addressed the previous de-planning "
            f"({missing}).",
        ),
    )
