"""The example cases in `examples/`: each gives the verdict and key findings it illustrates,
and the reasons name the case's own dates and values."""

import json
from functools import cache
from pathlib import Path

import pytest

from engine import RuleSet, load_ruleset
from models.assessment import Assessment, Finding, Outcome, Verdict
from models.case import Case

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

MET = Outcome.MET
NOT_MET = Outcome.NOT_MET
NOT_APPLICABLE = Outcome.NOT_APPLICABLE
INSUFFICIENT = Outcome.INSUFFICIENT_INFORMATION


@cache
def _ruleset() -> RuleSet:
    return load_ruleset(overlay="")


def assess(name: str) -> Assessment:
    case = Case.model_validate_json((EXAMPLES / name).read_text(encoding="utf-8"))
    return _ruleset().assess(case)


def findings(assessment: Assessment) -> dict[str, Finding]:
    return {finding.rule_id: finding for finding in assessment.findings}


def outcomes(assessment: Assessment) -> dict[str, Outcome]:
    return {finding.rule_id: finding.outcome for finding in assessment.findings}


def test_every_example_is_a_valid_case_with_a_finding_per_rule() -> None:
    names = sorted(path.name for path in EXAMPLES.glob("*.json"))
    assert names == [
        "insufficient-information.json",
        "not-ready-step-down.json",
        "parental-request-closure.json",
        "ready-step-down.json",
        "sibling-step-down-and-continue.json",
    ]
    for name in names:
        assessment = assess(name)
        rule_ids = [finding.rule_id for finding in assessment.findings]
        in_force = [rule.id for rule in _ruleset().in_force(assessment.as_of)]
        assert sorted(rule_ids) == sorted(in_force), name
        assert [child.child_ref for child in assessment.children] == ["C1", "C2"], name


# ready-step-down.json


def test_ready_step_down_is_ready_with_two_advisories() -> None:
    assessment = assess("ready-step-down.json")
    assert assessment.verdict is Verdict.READY
    assert assessment.earliest_ready_date is None
    assert assessment.data_quality == []
    assert [child.verdict for child in assessment.children] == [Verdict.READY, Verdict.READY]
    blocking = [f for f in assessment.findings if f.severity.value == "blocking"]
    assert {f.outcome for f in blocking} <= {MET, NOT_APPLICABLE}
    unmet_advisories = {
        f.rule_id for f in assessment.findings if f.outcome in (NOT_MET, INSUFFICIENT)
    }
    assert unmet_advisories == {"chronology-genogram-at-icpc", "transfer-review"}
    assert "chronology-genogram-at-icpc" in assessment.verdict_reason
    assert "transfer-review" in assessment.verdict_reason


def test_ready_step_down_key_findings() -> None:
    got = outcomes(assess("ready-step-down.json"))
    assert {rule_id: got[rule_id] for rule_id in _READY_KEY} == _READY_KEY


_READY_KEY = {
    "sustained-change": MET,
    "risk-interventions-complete": MET,
    "original-risk-addressed": MET,
    "risks-carried-to-cin": MET,
    "disguised-compliance-analysis": NOT_APPLICABLE,  # no sign of it in the record
    "household-checks": MET,
    "probation-mappa-check": MET,
    "safety-statement": MET,
    "family-network-considered": MET,
    "family-network-contingency": MET,
    "history-analysed": MET,
    "previous-deplanning-reviewed": MET,
    "lead-professional-at-step-down": MET,
    "social-worker-continuity": MET,
    "repeat-plan-analysis": NOT_APPLICABLE,
    "lead-professional-at-closure": NOT_APPLICABLE,
    "parental-request-closure": MET,
}


def test_ready_step_down_reasons_name_the_case_values() -> None:
    found = findings(assess("ready-step-down.json"))
    sustained = found["sustained-change"].reason
    assert "R1 (on plan: yes; months sustained: 4; sustained change from: 15 January 2024" in (
        sustained
    )
    # R2's change is recorded from 30 October 2023, but it was resolved on 4 March 2024
    assert "months sustained: 3; sustained change from: 4 March 2024" in sustained
    assert "from its status date, 4 March 2024" in sustained
    assert "mappa outcome: not known" in found["probation-mappa-check"].reason
    assert "TM-45" in found["transfer-review"].reason
    assert "CF-1" in found["chronology-genogram-at-icpc"].reason
    assert "3 months" in found["safety-statement"].reason


# not-ready-step-down.json


def test_not_ready_step_down_fails_on_the_three_blocking_rules() -> None:
    assessment = assess("not-ready-step-down.json")
    assert assessment.verdict is Verdict.NOT_READY
    got = outcomes(assessment)
    unmet_blocking = {
        f.rule_id
        for f in assessment.findings
        if f.severity.value == "blocking" and f.outcome is NOT_MET
    }
    assert unmet_blocking == {
        "sustained-change",
        "risk-interventions-complete",
        "probation-mappa-check",
    }
    assert got["disguised-compliance-analysis"] is MET
    assert got["household-checks"] is MET
    assert got["repeat-plan-analysis"] is MET
    assert got["threshold-no-incidents"] is NOT_MET
    assert got["parental-request-closure"] is NOT_MET


def test_not_ready_step_down_reasons_name_the_case_values() -> None:
    assessment = assess("not-ready-step-down.json")
    found = findings(assessment)
    sustained = found["sustained-change"]
    # the father's disengagement on 29 January 2024 restarted the clock for both risks
    assert "14 March 2024" in sustained.reason
    assert "restarted by non-engagement on 29 January 2024" in sustained.reason
    assert "months sustained: 1" in sustained.reason
    assert sustained.next_step is not None
    assert "29 April 2024" in sustained.next_step
    assert assessment.earliest_ready_date is not None
    assert assessment.earliest_ready_date.isoformat() == "2024-04-29"
    interventions = found["risk-interventions-complete"].reason
    assert "interventions: I1 in progress, I2 completed" in interventions
    assert "14 March 2024" in interventions
    probation = found["probation-mappa-check"].reason
    assert "A2" in probation
    assert "probation consulted: no" in probation
    assert "mappa enquired: no" in probation
    assert "18 months" in found["repeat-plan-analysis"].reason


# insufficient-information.json


def test_insufficient_information_has_gaps_but_nothing_unmet() -> None:
    assessment = assess("insufficient-information.json")
    assert assessment.verdict is Verdict.INSUFFICIENT_INFORMATION
    blocking = {f.rule_id: f.outcome for f in assessment.findings if f.severity.value == "blocking"}
    assert NOT_MET not in blocking.values()
    gaps = {rule_id for rule_id, outcome in blocking.items() if outcome is INSUFFICIENT}
    assert gaps == {
        "safety-statement",
        "family-network-considered",
        "disguised-compliance-analysis",
        "lead-professional-at-step-down",
        "history-analysed",
    }
    for rule_id in gaps:
        assert rule_id in assessment.verdict_reason
    assert blocking["sustained-change"] is MET
    assert blocking["risk-interventions-complete"] is MET


def test_insufficient_information_names_what_is_missing() -> None:
    found = findings(assess("insufficient-information.json"))
    assert "safety_statement" in found["safety-statement"].missing
    assert "family_network.considered" in found["family-network-considered"].missing
    assert found["disguised-compliance-analysis"].missing == ["disguised_compliance_analysis"]
    assert "disguised_compliance_analysis" in (
        found["disguised-compliance-analysis"].next_step or ""
    )
    assert found["parental-history-considered"].outcome is INSUFFICIENT
    assert "adults[A2].parental_history_considered" in found["parental-history-considered"].missing
    assert "adults[A1].earlier_children_living_elsewhere" in found["history-analysed"].missing
    sustained = found["sustained-change"].reason
    assert "13 November 2023" in sustained
    assert "8 January 2024" in sustained


# parental-request-closure.json: the family closed while the work was unfinished and came back


def test_parental_request_closure_is_not_ready() -> None:
    assessment = assess("parental-request-closure.json")
    assert assessment.verdict is Verdict.NOT_READY
    got = outcomes(assessment)
    assert got["risk-interventions-complete"] is NOT_MET
    assert got["sustained-change"] is NOT_MET
    assert got["lead-professional-at-closure"] is NOT_MET
    assert got["social-worker-continuity"] is NOT_MET
    assert got["family-network-contingency"] is NOT_MET
    assert got["threshold-no-incidents"] is NOT_MET
    assert got["transfer-review"] is NOT_MET
    # a CP plan ends only by a conference decision: the consensual-step-down flag is for a
    # step-down, and this plan closes
    assert got["parental-request-closure"] is NOT_APPLICABLE
    assert got["lead-professional-at-step-down"] is NOT_APPLICABLE
    # the family's later return (plans from November 2024) is after the decision: ignored,
    # and said so
    assert {(p.code, p.path) for p in assessment.data_quality} == {
        ("recorded_after_as_of", "children[0].cp_plans[1].start_date"),
        ("recorded_after_as_of", "children[1].cp_plans[1].start_date"),
    }


def test_parental_request_closure_reasons_name_the_case_values() -> None:
    assessment = assess("parental-request-closure.json")
    found = findings(assessment)
    sustained = found["sustained-change"].reason
    assert "26 February 2024" in sustained
    assert "6 months" in sustained  # the safety statement's months, above the paper's 3
    assert "8 January 2024" in sustained
    assert "4 December 2023" in sustained
    assert "months sustained: 1" in sustained
    assert "months sustained: 2" in sustained
    interventions = found["risk-interventions-complete"].reason
    assert "I1 in progress" in interventions
    assert "I2 in progress" in interventions
    assert assessment.earliest_ready_date is not None
    assert assessment.earliest_ready_date.isoformat() == "2024-07-08"


# sibling-step-down-and-continue.json


def test_sibling_case_gives_each_child_a_verdict() -> None:
    assessment = assess("sibling-step-down-and-continue.json")
    first, second = assessment.children
    assert (first.proposed_outcome, first.verdict) == ("step_down_to_cin", Verdict.READY)
    assert (second.proposed_outcome, second.verdict) == ("continue_plan", Verdict.NOT_READY)
    # the family verdict is the step-down's; the continuing child's is shown beside it
    assert assessment.verdict is Verdict.READY
    assert "C2 (plan continues): not ready" in assessment.verdict_reason
    assert first.decides_family_verdict
    assert not second.decides_family_verdict
    differ = {f.rule_id: f.outcome for f in second.findings}
    assert differ["sustained-change"] is NOT_MET  # R3, the baby's neglect risk, is active
    assert differ["risk-interventions-complete"] is NOT_MET
    assert all(f.children == ["C2"] for f in second.findings)
    assert "R3" not in findings(assessment)["sustained-change"].reason


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*value, *(s for item in value.values() for s in _strings(item))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda path: path.name)
def test_examples_hold_refs_dates_and_codes_only(path: Path) -> None:
    """Pseudonymous refs, dates and codes: no names, dates of birth or narrative."""
    strings = _strings(json.loads(path.read_text(encoding="utf-8")))
    assert strings
    for text in strings:
        assert " " not in text, text
        assert len(text) <= 64, text
        assert text not in {"name", "surname", "date_of_birth", "dob", "address", "notes"}
