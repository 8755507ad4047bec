"""The summary maths, on hand-made assessments: counts, co-occurrence, returns, breakdowns,
merging, and a footprint that does not grow with the number of cases."""

import datetime as dt
import pickle

from engine.audit.context import AuditContext
from engine.audit.report_config import NestedChain, NestedStep, ReportConfig
from engine.audit.summary import AuditSummary, CaseOutcome
from models.assessment import (
    Assessment,
    Citation,
    Finding,
    Outcome,
    OutcomeCounts,
    RuleSetInfo,
    Severity,
    Verdict,
)

M, N, U, NA = (
    Outcome.MET,
    Outcome.NOT_MET,
    Outcome.INSUFFICIENT_INFORMATION,
    Outcome.NOT_APPLICABLE,
)
RULES = ("sustained-change", "risk-interventions-complete", "lead-professional-at-closure")


def assessment(outcomes: dict[str, Outcome], ref: str = "FAM-1") -> Assessment:
    findings = [
        Finding(
            rule_id=rule_id,
            title=rule_id.replace("-", " "),
            outcome=outcome,
            severity=Severity.BLOCKING,
            reason="reason",
            next_step=None,
            records=[],
            missing=[],
            citation=Citation(document="briefing", section="Findings", quote="..."),
        )
        for rule_id, outcome in outcomes.items()
    ]
    values = list(outcomes.values())
    if N in values:
        verdict = Verdict.NOT_READY
    elif U in values:
        verdict = Verdict.INSUFFICIENT_INFORMATION
    else:
        verdict = Verdict.READY
    return Assessment(
        case_ref=ref,
        as_of=dt.date(2020, 1, 1),
        verdict=verdict,
        verdict_reason="because",
        data_quality=[],
        findings=findings,
        children=[],
        counts=OutcomeCounts(
            met=values.count(M),
            not_met=values.count(N),
            not_applicable=values.count(NA),
            insufficient_information=values.count(U),
        ),
        earliest_ready_date=None,
        ruleset=RuleSetInfo(version="t", content_hash="0" * 64),
        engine_version="t",
        case_digest="0" * 64,
    )


def context(
    days_to_return: int | None = None,
    categories: tuple[str, ...] = ("EMO",),
    risks: tuple[str, ...] = ("domestic_abuse",),
    social_worker_changes: int | None = 0,
) -> AuditContext:
    decision = dt.date(2020, 1, 1)
    band = None
    if days_to_return is not None:
        band = "<1y" if days_to_return < 366 else "1-2y" if days_to_return < 731 else "2-5y"
    return AuditContext(
        children=2,
        categories=list(categories),
        risks_present=list(risks),
        worker_changes=None
        if social_worker_changes is None
        else {"social_worker": social_worker_changes, "team_manager": 0, "cp_chair": 0},
        later_plan_start=None
        if days_to_return is None
        else decision + dt.timedelta(days=days_to_return),
        days_to_return=days_to_return,
        return_band=band,
    )


def outcomes(*values: Outcome) -> dict[str, Outcome]:
    return dict(zip(RULES, values, strict=True))


def sample() -> AuditSummary:
    summary = AuditSummary()
    summary.add_assessment(assessment(outcomes(N, N, M)), context(200, social_worker_changes=2))
    summary.add_assessment(assessment(outcomes(N, N, N)), context(500, ("EMO", "NEG")))
    summary.add_assessment(assessment(outcomes(N, M, U)), context(None, risks=("neglect",)))
    summary.add_assessment(assessment(outcomes(M, M, U)), context(None, social_worker_changes=None))
    summary.add_assessment(assessment(outcomes(M, M, M)), context(900, social_worker_changes=5))
    summary.add_rejected("validate")
    return summary


def test_counts_and_verdicts() -> None:
    data = sample().to_json()
    assert data["counts"] == {
        "records_read": 6,
        "assessed": 5,
        "rejected": 1,
        "rejected_by_stage": {"validate": 1},
        "blank_lines_skipped": 0,
    }
    assert data["verdicts"] == {
        "ready": 1,
        "not_ready": 3,
        "insufficient_information": 1,
        "out_of_scope": 0,
    }
    rules = {r["rule_id"]: r for r in data["rules"]}
    assert rules["sustained-change"]["not_met"] == 3
    assert rules["sustained-change"]["met"] == 2
    assert rules["lead-professional-at-closure"]["insufficient_information"] == 2
    assert rules["lead-professional-at-closure"]["not_in_force"] == 0
    assert rules["sustained-change"]["title"] == "sustained change"


def test_co_occurrence_counts_every_pair_of_failures() -> None:
    co = sample().to_json()["co_occurrence"]
    pairs = {tuple(p["rules"]): p for p in co["pairs"]}
    both = pairs[("risk-interventions-complete", "sustained-change")]
    assert both["both_not_met"] == 2
    assert both["of"] == 5
    assert both["returned"] == 2
    assert both["return_rate"] == 1.0
    assert both["both_judged"] == 5
    other = pairs[("lead-professional-at-closure", "sustained-change")]
    assert other["both_not_met"] == 1
    assert other["both_judged"] == 3  # the closure rule lacked information on two families
    assert co["top"][0]["rules"] == ["risk-interventions-complete", "sustained-change"]


def test_children_and_the_worker_change_cascade() -> None:
    summary = AuditSummary()
    for social_worker, manager, chair in ((1, 1, 1), (2, 1, 0), (1, 0, 1), (0, 1, 1), (3, 2, 4)):
        changes = {"social_worker": social_worker, "team_manager": manager, "cp_chair": chair}
        summary.add_assessment(
            assessment(outcomes(M, M, M)), context().model_copy(update={"worker_changes": changes})
        )
    summary.add_assessment(assessment(outcomes(M, M, M)), context(social_worker_changes=None))
    figures = summary.to_json()
    assert figures["children"] == 12
    workers = figures["worker_changes"]
    assert workers["recorded"] == 5
    assert workers["any"] == {"social_worker": 4, "team_manager": 4, "cp_chair": 4}
    assert [(s["families"], s["of"]) for s in workers["cascade"]] == [(4, 5), (3, 4), (2, 3)]


def chain_of(rule_ids: tuple[str, ...]) -> NestedChain:
    return NestedChain("chain", tuple(NestedStep(rule, rule, None) for rule in rule_ids))


def test_toxic_trio_counts_aspects_not_kinds_of_risk() -> None:
    trio = (("abuse", ("domestic_abuse",)), ("substance", ("drug", "alcohol")), ("mind", ("mh",)))
    summary = AuditSummary(ReportConfig(toxic_trio=trio))
    for risks in [(), ("neglect",), ("drug", "alcohol"), ("domestic_abuse", "alcohol"), ("mh",)]:
        summary.add_assessment(assessment(outcomes(M, M, M)), context(risks=risks))
    figures = summary.to_json()["toxic_trio"]
    assert figures["of"] == 5
    assert (figures["none"], figures["one"], figures["two_or_more"]) == (2, 2, 1)
    assert figures["aspects"] == {"abuse": 1, "substance": 2, "mind": 1}
    assert figures["combinations"][0] == {"aspects": [], "families": 2}


def test_nested_counts_narrow_step_by_step() -> None:
    summary = AuditSummary(ReportConfig(nested=(chain_of(RULES),)))
    summary.add_assessment(assessment(outcomes(N, N, M)), context(200))
    summary.add_assessment(assessment(outcomes(N, N, N)), context(500))
    summary.add_assessment(assessment(outcomes(N, M, U)), context(None))
    summary.add_assessment(assessment(outcomes(N, N, U)), context(None))
    summary.add_assessment(assessment(outcomes(M, N, N)), context(900))
    summary.add_assessment(assessment(outcomes(NA, N, N)), context(900))
    counters = summary.figures.nested
    assert counters[0, 0, "judged"] == 5
    assert counters[0, 0, "counted"] == 4
    assert counters[0, 1, "judged"] == 4
    assert counters[0, 1, "counted"] == 3
    assert counters[0, 2, "judged"] == 2  # one lacked information
    assert counters[0, 2, "counted"] == 1


def test_returns_by_band_and_by_rule() -> None:
    returns = sample().to_json()["returns"]
    assert returns["families_with_later_plan"] == 3
    assert returns["bands"] == {"<1y": 1, "1-2y": 1, "2-5y": 1, "5y+": 0}
    by_rule = {r["rule_id"]: r for r in returns["by_rule"]}
    sustained = by_rule["sustained-change"]
    assert sustained["not_met"] == {"families": 3, "returned": 2, "return_rate": 0.6667}
    assert sustained["met"] == {"families": 2, "returned": 1, "return_rate": 0.5}
    lead = by_rule["lead-professional-at-closure"]
    assert lead["insufficient_information"]["returned"] == 0
    assert returns["by_verdict"]["ready"] == {"families": 1, "returned": 1, "return_rate": 1.0}


def test_breakdowns_count_a_family_in_each_of_its_groups() -> None:
    breakdowns = sample().to_json()["breakdowns"]
    categories = {row["group"]: row for row in breakdowns["category_of_abuse"]}
    assert categories["EMO"]["families"] == 5
    assert categories["NEG"]["families"] == 1
    assert categories["NEG"]["not_met"]["lead-professional-at-closure"] == 1
    changes = [row["group"] for row in breakdowns["social_worker_changes"]]
    assert changes == ["0", "2", "3+", "not recorded"]
    zero = breakdowns["social_worker_changes"][0]
    assert zero["families"] == 2
    assert zero["returned"] == 1
    assert zero["verdicts"]["not_ready"] == 2


def test_merge_equals_adding_everything_to_one() -> None:
    whole = sample()
    first, second = AuditSummary(), AuditSummary()
    first.add_assessment(assessment(outcomes(N, N, M)), context(200, social_worker_changes=2))
    first.add_assessment(assessment(outcomes(N, N, N)), context(500, ("EMO", "NEG")))
    second.add_assessment(assessment(outcomes(N, M, U)), context(None, risks=("neglect",)))
    second.add_assessment(assessment(outcomes(M, M, U)), context(None, social_worker_changes=None))
    second.add_assessment(assessment(outcomes(M, M, M)), context(900, social_worker_changes=5))
    second.add_rejected("validate")
    merged = AuditSummary()
    merged.merge(first)
    merged.merge(pickle.loads(pickle.dumps(second)))  # as it comes back from a worker
    assert merged.to_json() == whole.to_json()


def test_footprint_does_not_grow_with_cases() -> None:
    summary = sample()

    def add(cases: int) -> None:
        for n in range(cases):
            summary.add(
                CaseOutcome(
                    verdict="not_ready",
                    outcomes=tuple(zip(RULES, ("not_met", "not_met", "met"), strict=True)),
                    context=context(200 + n % 300, social_worker_changes=n % 3),
                )
            )

    add(100)
    before = summary.footprint()
    add(5000)
    assert summary.assessed == 5105
    assert summary.footprint() == before
    # Nothing case-shaped is kept: only counters and rule labels.
    assert not any(
        isinstance(value, list | tuple | set) and len(value) >= 5
        for value in vars(summary).values()
    )


def test_rules_not_in_force_on_some_cases() -> None:
    summary = AuditSummary()
    summary.add_assessment(assessment({"sustained-change": M}), context())
    summary.add_assessment(assessment({"sustained-change": M, "new-rule": N}), context())
    rules = {r["rule_id"]: r for r in summary.to_json()["rules"]}
    assert rules["new-rule"]["not_in_force"] == 1
    assert rules["sustained-change"]["not_in_force"] == 0


def test_a_step_may_name_a_characteristic_or_any_of_several_rules() -> None:
    steps = (
        NestedStep("non_engagement", "non-engagement", None, "has"),
        NestedStep(RULES[0], "either rule not met", None, "rule", (RULES[1],)),
    )
    summary = AuditSummary(ReportConfig(nested=(NestedChain("chain", steps),)))
    engaged = {"non_engagement": False}
    disengaged = {"non_engagement": True}
    for traits, values in (
        (disengaged, outcomes(N, M, M)),
        (disengaged, outcomes(M, N, M)),
        (disengaged, outcomes(M, M, M)),
        (disengaged, outcomes(U, U, M)),
        (engaged, outcomes(N, N, N)),
        ({}, outcomes(N, N, N)),  # not recorded: not judged
    ):
        summary.add_assessment(assessment(values), context().model_copy(update={"traits": traits}))
    [first, second] = summary.to_json()["nested"][0]["steps"]
    assert (first["families"], first["of"], first["judged"]) == (4, 5, 5)
    assert (second["families"], second["of"], second["judged"]) == (2, 4, 3)
    assert second["rule_ids"] == [RULES[0], RULES[1]]
