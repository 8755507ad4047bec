"""The rules judged on the child's decision as a whole (no records), by hand."""

from __future__ import annotations

from benchmarks.limit.common import (
    INSUFFICIENT,
    MET,
    NA,
    NO_ROWS,
    NOT_MET,
    Out,
    Quantified,
    Record,
    both,
    fact,
    is_false,
    judged,
    not_readiness,
)
from engine.facts import CaseFacts
from engine.templates import plain
from engine.values import UNKNOWN
from models.assessment import Finding

_NO_INCIDENTS = "no_incidents_since_last_review"


def _readiness(case: Record) -> bool:
    return case["case.readiness_decision"] is True


def disguised_compliance_analysis(facts: CaseFacts, out: Out) -> Finding:
    rid = "disguised-compliance-analysis"
    case: Record = facts.case
    signals = case["case.compliance_signals"]
    if not _readiness(case) or (signals is not UNKNOWN and not signals):
        return out.finding(
            rid,
            facts,
            NA,
            "No sign of disguised compliance is in the record, or this is not a readiness "
            "decision under these rules.",
        )
    if signals is UNKNOWN:
        return _insufficient_signals(
            out, facts, ["risks, interventions, engagement_events, conferences"]
        )
    analysis_date = plain(case["case.disguised_compliance_analysis_date"])
    return judged(
        out,
        rid,
        facts,
        fact(case["case.disguised_compliance_analysed"], "disguised_compliance_analysis"),
        f"Signs of disguised compliance ({plain(signals)}) were analysed on {analysis_date}.",
        (
            f"Signs of disguised compliance ({plain(signals)}; the latest dated "
            f"{plain(case['case.last_compliance_signal_date'])}) have no analysis since "
            f"(analysis: {analysis_date}).",
            "Analyse the signs named for disguised compliance and bring the analysis to the "
            "conference.",
        ),
        _signals_texts,
    )


def _signals_texts(missing: str) -> tuple[str, str]:
    return (
        f"Cannot tell whether signs of disguised compliance were analysed; missing: {missing}.",
        "Record the engagement history, the risks' status and interventions, and any "
        f"disguised-compliance analysis ({missing}).",
    )


def _insufficient_signals(out: Out, facts: CaseFacts, missing: list[str]) -> Finding:
    reason, next_step = _signals_texts(", ".join(missing))
    return out.finding(
        "disguised-compliance-analysis", facts, INSUFFICIENT, reason, next_step, missing=missing
    )


def parental_request_closure(facts: CaseFacts, out: Out) -> Finding:
    rid = "parental-request-closure"
    case: Record = facts.case
    if not _readiness(case) or case["case.outcome"] != "step_down_to_cin":
        return out.finding(
            rid,
            facts,
            NA,
            f"The plan is not stepping down to a CIN plan ({plain(case['case.outcome'])}).",
        )
    return judged(
        out,
        rid,
        facts,
        is_false(case["case.risk_work_unfinished"], "risks"),
        "The step-down comes after the risk work is finished.",
        (
            "Stepping down to a consensual CIN plan while risk work is unfinished: the parents "
            "may end the CIN plan before the work is done, as the paper's three families did.",
            "Finish the risk work under the CP plan, or agree with the family how the CIN plan "
            "will complete it and what happens if they withdraw.",
        ),
        lambda missing: (
            f"Whether the risk work is finished cannot be told; missing: {missing}.",
            f"Record the risks' status, sustained change and interventions ({missing}).",
        ),
    )


def family_hub_and_support_plan(facts: CaseFacts, out: Out) -> Finding:
    rid = "family-hub-and-support-plan"
    case: Record = facts.case
    if not _readiness(case) or case["case.plan_ends_by_decision"] is not True:
        return out.finding(
            rid,
            facts,
            NA,
            f"The plan is not ending ({plain(case['case.outcome'])}), or this is not a readiness "
            "decision under these rules.",
        )
    hub, support = case["case.family_hub_linked"], case["case.universal_support_plan"]
    return judged(
        out,
        rid,
        facts,
        both(
            fact(hub, "proposed_outcome.family_hub_link"),
            fact(support, "proposed_outcome.universal_support_plan"),
        ),
        "The family is linked to a family hub and has a universal support plan.",
        (
            f"Family hub linked: {plain(hub)}; universal support plan: {plain(support)}.",
            "Link the family to a family hub where there is one, and agree a support plan for "
            "universal services.",
        ),
        lambda missing: (
            f"The family hub link or support plan is not recorded: {missing}.",
            f"Record the family hub link and support plan ({missing}).",
        ),
    )


def lead_professional_at_closure(facts: CaseFacts, out: Out) -> Finding:
    rid = "lead-professional-at-closure"
    case: Record = facts.case
    if not _readiness(case) or case["case.outcome"] != "close":
        return out.finding(
            rid,
            facts,
            NA,
            f"The plan is not closing ({plain(case['case.outcome'])}), or this is not a "
            "readiness decision under these rules.",
        )
    return judged(
        out,
        rid,
        facts,
        fact(case["case.lead_practitioner_named"], "proposed_outcome.lead_practitioner"),
        "A lead practitioner is named to co-ordinate support after the plan closes.",
        (
            "The plan closes with no lead practitioner named to co-ordinate support afterwards.",
            "Name the lead practitioner who will co-ordinate support once the plan closes.",
        ),
        lambda missing: (
            f"Whether a lead practitioner is named is not recorded: {missing}.",
            f"Record the lead practitioner named for after the plan ({missing}).",
        ),
    )


def lead_professional_at_step_down(facts: CaseFacts, out: Out) -> Finding:
    rid = "lead-professional-at-step-down"
    case: Record = facts.case
    if not _readiness(case) or case["case.outcome"] != "step_down_to_cin":
        return out.finding(
            rid,
            facts,
            NA,
            f"The plan is not stepping down to a CIN plan ({plain(case['case.outcome'])}), or "
            "this is not a readiness decision under these rules.",
        )
    return judged(
        out,
        rid,
        facts,
        fact(
            case["case.lead_practitioner_after_cin_named"],
            "proposed_outcome.lead_practitioner_after_cin",
        ),
        "A lead practitioner is named for after the CIN plan ends.",
        (
            "No lead practitioner is named for after the CIN plan ends.",
            "Name the lead practitioner who will co-ordinate support when the CIN plan ends.",
        ),
        lambda missing: (
            "Whether a lead practitioner is named for after the CIN plan is not recorded: "
            f"{missing}.",
            f"Record the lead practitioner for after the CIN plan ({missing}).",
        ),
    )


def family_network_considered(facts: CaseFacts, out: Out) -> Finding:
    rid = "family-network-considered"
    case: Record = facts.case
    if not _readiness(case):
        return out.finding(rid, facts, NA, not_readiness(case))
    return judged(
        out,
        rid,
        facts,
        fact(case["case.family_network_considered"], "family_network.considered"),
        "The family and friends network was considered in planning (or none was found suitable).",
        (
            "The family and friends network was not considered in planning, and no reason that "
            "none is suitable is recorded.",
            "Involve the family and friends network, or record why no one in it is suitable.",
        ),
        lambda missing: (
            f"The family network's part in the plan is not recorded: {missing}.",
            f"Record whether the network was considered ({missing}).",
        ),
    )


def family_network_contingency(facts: CaseFacts, out: Out) -> Finding:
    rid = "family-network-contingency"
    case: Record = facts.case
    if not _readiness(case):
        return out.finding(rid, facts, NA, not_readiness(case))
    contingency, understands = (
        case["case.contingency_plan_agreed"],
        case["case.network_understands_risks"],
    )
    return judged(
        out,
        rid,
        facts,
        both(
            fact(contingency, "family_network.contingency_plan"),
            fact(understands, "family_network.understands_risks"),
        ),
        "A family contingency plan is agreed and the network's understanding of the risks was "
        "checked.",
        (
            f"Contingency plan agreed: {plain(contingency)}; network's understanding of the "
            f"risks checked: {plain(understands)}.",
            "Agree a contingency plan with the network and check they understand the risks and "
            "where to go for support.",
        ),
        lambda missing: (
            f"The contingency plan or the network's understanding is not recorded: {missing}.",
            f"Record the contingency plan and the network's understanding ({missing}).",
        ),
    )


def safety_statement(facts: CaseFacts, out: Out) -> Finding:
    rid = "safety-statement"
    case: Record = facts.case
    if not _readiness(case):
        return out.finding(rid, facts, NA, not_readiness(case))
    agreed = case["case.safety_statement_agreed"]
    defined = case["case.safety_statement_evidence_defined"]
    months = case["case.safety_statement_sustain_months"]
    return judged(
        out,
        rid,
        facts,
        both(
            fact(agreed, "safety_statement"),
            fact(defined, "safety_statement.evidence_of_change_defined"),
            Quantified(None, NO_ROWS, ["safety_statement.sustain_months_agreed"])
            if months is UNKNOWN
            else Quantified(months >= 1, NO_ROWS, []),
        ),
        "A safety statement is agreed, defines the evidence of change, and requires "
        f"{plain(months)} months of sustained change.",
        (
            f"Safety statement agreed: {plain(agreed)}; evidence of change defined: "
            f"{plain(defined)}; months to sustain: {plain(months)}.",
            "Agree a safety statement with the network and family: what change looks like and "
            "for how long.",
        ),
        lambda missing: (
            f"The safety statement is not recorded: {missing}.",
            f"Record the safety statement ({missing}).",
        ),
    )


def threshold_no_incidents(facts: CaseFacts, out: Out) -> Finding:
    rid = "threshold-no-incidents"
    case: Record = facts.case
    rationale = case["case.rationale"]
    if not _readiness(case) or (rationale is not UNKNOWN and _NO_INCIDENTS not in rationale):
        return out.finding(
            rid,
            facts,
            NA,
            "'No incidents since the last review' is not among the recorded reasons, or this is "
            "not a readiness decision under these rules.",
        )
    if rationale is UNKNOWN:
        missing = ["proposed_outcome.rationale"]
        reason, next_step = _threshold_texts(missing[0])
        return out.finding(rid, facts, INSUFFICIENT, reason, next_step, missing=missing)
    only = case["case.rationale_only_no_incidents"]
    unfinished = case["case.risk_work_unfinished"]
    return judged(
        out,
        rid,
        facts,
        both(is_false(only, "proposed_outcome.rationale"), is_false(unfinished, "risks")),
        "'No incidents since the last review' is given alongside other reasons, and the risk "
        "work is finished.",
        (
            "'No incidents since the last review' is given as a reason (the only one: "
            f"{plain(only)}) while risk work is unfinished: {plain(unfinished)}.",
            "Apply the threshold to the risk and the unfinished work, not to the absence of "
            "incidents.",
        ),
        _threshold_texts,
    )


def _threshold_texts(missing: str) -> tuple[str, str]:
    return (
        f"The reasons for ending the plan, or the state of the risk work, are not recorded: {missing}.",
        f"Record the reasons for ending the plan and the risks' progress ({missing}).",
    )


def conference_type_in_scope(facts: CaseFacts, out: Out) -> Finding:
    rid = "conference-type-in-scope"
    if facts.case["case.conference_type"] == "risk_inside_home":
        return out.finding(
            rid,
            facts,
            MET,
            "This is a risk-inside-the-home case, as in the audit the rules come from.",
        )
    return out.finding(
        rid,
        facts,
        NOT_MET,
        "This is a Risk Outside the Home (extra-familial harm) case; the rules were drawn from "
        "risk-inside-the-home cases and do not judge it.",
        "Judge the decision against the extra-familial harm guidance and local ROTH procedures.",
    )
