"""The rules judged on each adult of the family, by hand."""

from __future__ import annotations

from benchmarks.limit.common import (
    NA,
    Judged,
    Out,
    Quantified,
    Record,
    all_recorded,
    both,
    concerned_then,
    conclude,
    decide,
    every,
    not_readiness,
    ref,
    some,
)
from engine.facts import CaseFacts
from engine.templates import plain
from engine.values import UNKNOWN
from models.assessment import Finding, RecordRef

_ABUSE = frozenset({"domestic_abuse", "sexual_harm"})


def _applies(case: Record, concerned: Quantified) -> Quantified:
    return both(Quantified(case["case.readiness_decision"] is True, [], []), concerned)


def _known(record: Record, name: str, path: str) -> tuple[bool | None, tuple[str, ...]]:
    value = record[name]
    return (None, (path,)) if value is UNKNOWN else (value, ())


# -- household-checks -----------------------------------------------------------------------

_CHECKS = (
    ("adult.police_checked", "police_check"),
    ("adult.social_care_checked", "social_care_check"),
    ("adult.checks_after_joining", "joined_household_date"),
)


def _abuse_on_plan(risk: Record) -> tuple[bool | None, tuple[str, ...]]:
    on_plan = risk["risk.on_plan"]
    if on_plan is False or risk["risk.kind"] not in _ABUSE:
        return False, ()
    if on_plan is UNKNOWN:
        return None, (f"risks[{risk['risk.ref']}].status",)
    return True, ()


def _household_judge(adult: Record) -> Judged:
    prefix = f"adults[{adult['adult.ref']}]"
    home, home_missing = _known(adult, "adult.regularly_in_home", f"{prefix}.regularly_in_home")
    if home is False:
        return None
    return concerned_then(home, home_missing, *all_recorded(adult, prefix, _CHECKS))


def _household_detail(r: Record) -> RecordRef:
    return ref(
        "adults",
        r["adult.ref"],
        f"regularly in home: {plain(r['adult.regularly_in_home'])}; "
        f"police checked: {plain(r['adult.police_checked'])}; "
        f"social care checked: {plain(r['adult.social_care_checked'])}; "
        f"checks after joining: {plain(r['adult.checks_after_joining'])}",
    )


def _abuse_detail(r: Record) -> RecordRef:
    return ref(
        "risks",
        r["risk.ref"],
        f"on plan: {plain(r['risk.on_plan'])}; kind: {plain(r['risk.kind'])}",
    )


def household_checks(facts: CaseFacts, out: Out) -> Finding:
    rid = "household-checks"
    applies = _applies(facts.case, some(facts.collections["risks"], "risks", _abuse_on_plan))
    result, required = decide(
        applies, lambda: every(facts.collections["adults"], "adults", _household_judge)
    )
    detail = _household_detail if required else _abuse_detail
    records = [detail(r) for r in result.rows]
    if applies.truth is False:
        return out.finding(
            rid,
            facts,
            NA,
            "There is no domestic abuse or sexual harm on the plan, or this is not a readiness "
            "decision under these rules.",
            records=records,
        )
    return conclude(
        out,
        rid,
        facts,
        result,
        records,
        lambda shown: (
            f"Every adult regularly in the home has police and social care checks: {shown}."
        ),
        lambda shown: (
            f"{len(records)} adult(s) regularly in the home lack police or social care checks: "
            f"{shown}.",
            "Complete police and children's social care checks on each adult named, after they "
            "joined the household.",
        ),
        lambda missing: (
            "The checks, who is regularly in the home, or when they joined it, are not "
            f"recorded: {missing}.",
            f"Record who is regularly in the home, when they joined it and their checks ({missing}).",
        ),
    )


# -- probation-mappa-check ------------------------------------------------------------------

_PROBATION = (
    ("adult.probation_consulted", "probation_consulted"),
    ("adult.mappa_enquired", "mappa_enquiry"),
)


def _relevant(adult: Record) -> tuple[bool | None, tuple[str, ...]]:
    return _known(adult, "adult.probation_relevant", f"adults[{adult['adult.ref']}].harm_history")


def _probation_judge(adult: Record) -> Judged:
    relevant, relevant_missing = _relevant(adult)
    if relevant is False:
        return None
    return concerned_then(
        relevant,
        relevant_missing,
        *all_recorded(adult, f"adults[{adult['adult.ref']}]", _PROBATION),
    )


def _probation_detail(r: Record) -> RecordRef:
    return ref(
        "adults",
        r["adult.ref"],
        f"probation relevant: {plain(r['adult.probation_relevant'])}; "
        f"probation consulted: {plain(r['adult.probation_consulted'])}; "
        f"mappa enquired: {plain(r['adult.mappa_enquired'])}; "
        f"mappa outcome: {plain(r['adult.mappa_outcome'])}",
    )


def probation_mappa_check(facts: CaseFacts, out: Out) -> Finding:
    rid = "probation-mappa-check"
    adults = facts.collections["adults"]
    applies = _applies(facts.case, some(adults, "adults", _relevant))
    result, _ = decide(applies, lambda: every(adults, "adults", _probation_judge))
    records = [_probation_detail(r) for r in result.rows]
    if applies.truth is False:
        return out.finding(
            rid,
            facts,
            NA,
            "No adult is an alleged perpetrator of domestic abuse, sexual harm or violence, or "
            "this is not a readiness decision under these rules.",
            records=records,
        )
    return conclude(
        out,
        rid,
        facts,
        result,
        records,
        lambda shown: (
            "Probation was consulted and MAPPA status established for every alleged "
            f"perpetrator: {shown}."
        ),
        lambda shown: (
            f"{len(records)} alleged perpetrator(s) without a probation consultation or an "
            f"established MAPPA status: {shown}.",
            "Consult probation, establish whether each perpetrator is open to MAPPA and put it "
            "in the conference report.",
        ),
        lambda missing: (
            "Whether adults are alleged perpetrators, their harm history, or their probation "
            f"and MAPPA checks are not recorded: {missing}.",
            "Record alleged perpetrators, their harm history and their probation and MAPPA "
            f"checks ({missing}).",
        ),
    )


# -- gp-treatment-adherence -----------------------------------------------------------------


def _gp_managed(adult: Record) -> tuple[bool | None, tuple[str, ...]]:
    """A parent or carer in the home, with a mental-health risk on the plan, whose mental
    health the GP manages."""
    home = adult["adult.regularly_in_home"]
    manager = adult["adult.mental_health_managed_by"]
    if (
        adult["adult.parent_figure"] is False
        or home is False
        or adult["adult.mental_health_risk_on_plan"] is False
        or (manager is not UNKNOWN and manager != "gp")
    ):
        return False, ()
    prefix = f"adults[{adult['adult.ref']}]"
    missing: tuple[str, ...] = ()
    if home is UNKNOWN:
        missing += (f"{prefix}.regularly_in_home",)
    if manager is UNKNOWN:
        missing += (f"{prefix}.mental_health_managed_by",)
    return (None, missing) if missing else (True, ())


def _gp_judge(adult: Record) -> Judged:
    managed, managed_missing = _gp_managed(adult)
    if managed is False:
        return None
    reported, reported_missing = _known(
        adult,
        "adult.gp_adherence_reported",
        f"adults[{adult['adult.ref']}].gp_treatment_adherence_report",
    )
    return concerned_then(managed, managed_missing, reported, reported_missing)


def _gp_detail(r: Record) -> RecordRef:
    return ref(
        "adults",
        r["adult.ref"],
        f"parent figure: {plain(r['adult.parent_figure'])}; "
        f"regularly in home: {plain(r['adult.regularly_in_home'])}; "
        f"mental health risk on plan: {plain(r['adult.mental_health_risk_on_plan'])}; "
        f"mental health managed by: {plain(r['adult.mental_health_managed_by'])}; "
        f"gp adherence reported: {plain(r['adult.gp_adherence_reported'])}",
    )


def gp_treatment_adherence(facts: CaseFacts, out: Out) -> Finding:
    rid = "gp-treatment-adherence"
    adults = facts.collections["adults"]
    applies = _applies(facts.case, some(adults, "adults", _gp_managed))
    result, _ = decide(applies, lambda: every(adults, "adults", _gp_judge))
    records = [_gp_detail(r) for r in result.rows]
    if applies.truth is False:
        return out.finding(
            rid,
            facts,
            NA,
            "No parent or carer in the home with a mental-health risk on the plan has their "
            "mental health managed by the GP, or this is not a readiness decision under these "
            "rules.",
            records=records,
        )
    return conclude(
        out,
        rid,
        facts,
        result,
        records,
        lambda shown: f"The GP reported on treatment adherence for: {shown}.",
        lambda shown: (
            f"No GP report on treatment adherence for {len(records)} adult(s) whose mental "
            f"health the GP manages: {shown}.",
            "Ask the GP for a report on treatment adherence.",
        ),
        lambda missing: (
            f"Who manages adults' mental health, or the GP's report, is not recorded: {missing}.",
            f"Record who manages each adult's mental health ({missing}).",
        ),
    )


# -- parental-history-considered ------------------------------------------------------------


def _history_judge(adult: Record) -> Judged:
    if adult["adult.parent_figure"] is not True:
        return None
    return _known(
        adult,
        "adult.parental_history_considered",
        f"adults[{adult['adult.ref']}].parental_history_considered",
    )


def _history_detail(r: Record) -> RecordRef:
    return ref(
        "adults",
        r["adult.ref"],
        f"parent figure: {plain(r['adult.parent_figure'])}; "
        f"parental history considered: {plain(r['adult.parental_history_considered'])}; "
        f"care experienced: {plain(r['adult.care_experienced'])}; "
        f"adverse childhood experiences: {plain(r['adult.adverse_childhood_experiences'])}",
    )


def parental_history_considered(facts: CaseFacts, out: Out) -> Finding:
    rid = "parental-history-considered"
    case: Record = facts.case
    if case["case.readiness_decision"] is not True:
        return out.finding(rid, facts, NA, not_readiness(case))
    result = every(facts.collections["adults"], "adults", _history_judge)
    records = [_history_detail(r) for r in result.rows]
    return conclude(
        out,
        rid,
        facts,
        result,
        records,
        lambda shown: f"Each parent figure's own history was considered: {shown}.",
        lambda shown: (
            f"{len(records)} parent figure(s) whose own history was not considered: {shown}.",
            "Consider each parent's own experience of being parented, with a trauma-informed "
            "approach.",
        ),
        lambda missing: (
            f"Whether parents' histories were considered is not recorded: {missing}.",
            f"Record whether each parent's history was considered ({missing}).",
        ),
    )
