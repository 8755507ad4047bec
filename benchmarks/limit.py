"""The limit: the 22 rules of the base catalogue written by hand, as plain Python.

Each rule is a function from the engine's `CaseFacts` (the same fact dictionaries the
compiled rules read) to the same `Finding` the engine gives: outcome, reason, next step,
records (with their details), missing fields and earliest date, all equal, checked on every
case of the benchmark corpus before anything is timed. Findings are built with
`model_construct` (the output is trusted), records only for the findings that show them.

This is what the declarative engine is measured against: what a competent engineer would
write for these rules by hand, with no interpretation layer. It knows only the base
catalogue (`rules/catalogue`); `Limit` refuses a rule set whose rules differ.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from engine import RuleSet
from engine.dates import add_months
from engine.derive import CaseFacts
from engine.values import UNKNOWN
from models.assessment import Finding, Outcome, RecordRef

MET = Outcome.MET
NOT_MET = Outcome.NOT_MET
NA = Outcome.NOT_APPLICABLE
INSUFFICIENT = Outcome.INSUFFICIENT_INFORMATION

RULE_IDS = (
    "sustained-change",
    "risk-interventions-complete",
    "original-risk-addressed",
    "risks-carried-to-cin",
    "disguised-compliance-analysis",
    "parental-request-closure",
    "lead-professional-at-closure",
    "lead-professional-at-step-down",
    "family-network-contingency",
    "household-checks",
    "probation-mappa-check",
    "key-agencies-contributed",
    "gp-treatment-adherence",
    "chronology-genogram-at-decision",
    "chronology-genogram-at-icpc",
    "history-analysed",
    "repeat-plan-analysis",
    "transfer-review",
    "parental-history-considered",
    "safety-statement",
    "threshold-no-incidents",
    "conference-type-in-scope",
)

_MONTHS = tuple(calendar.month_name)
_ADMIN = "The plan ends administratively ({}), not on a readiness decision."
_NA_PERPETRATOR = (
    "No adult is recorded as an alleged perpetrator, or the plan ends administratively."
)
_NA_GP = (
    "No adult's mental health is recorded as managed by the GP, or the plan ends administratively."
)
_NA_ICPC = (
    "No initial conference of the current plan is recorded, or the plan ends administratively."
)
_NA_TRANSFER = (
    "No change of social worker, manager or chair during the plan, or the plan ends "
    "administratively."
)
_DA_OR_SH = frozenset({"domestic_abuse", "sexual_harm"})
_REDUCING_OR_RESOLVED = frozenset({"reducing", "resolved"})

Record = dict[str, Any]


def _date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month]} {day.year}"


def _v(value: Any) -> str:
    """A fact value in plain words (as reasons and record details show it)."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is UNKNOWN:
        return "not recorded"
    if isinstance(value, dt.date):
        return _date(value)
    if isinstance(value, frozenset):
        return ", ".join(item.replace("_", " ") for item in sorted(value)) if value else "none"
    return str(value).replace("_", " ")


def _listed(records: Sequence[RecordRef]) -> str:
    return "; ".join(f"{record.ref} ({record.detail})" for record in records) or "none"


def _missing(missing: Sequence[str]) -> str:
    return ", ".join(missing) or "none"


def _ref(collection: str, ref: Any, detail: str) -> RecordRef:
    return RecordRef(collection=collection, ref=str(ref), detail=detail)


# Record details: each rule shows the facts it uses of the records it names.
def _risk_on_plan_months(r: Record) -> RecordRef:
    return _ref(
        "risks",
        r["risk.ref"],
        f"on plan: {_v(r['risk.on_plan'])}; months sustained: {_v(r['risk.months_sustained'])}; "
        f"sustained change from: {_v(r['risk.sustained_change_from'])}",
    )


def _risk_original_status(r: Record) -> RecordRef:
    return _ref(
        "risks",
        r["risk.ref"],
        f"original: {_v(r['risk.original'])}; status: {_v(r['risk.status'])}",
    )


def _risk_carried(r: Record) -> RecordRef:
    return _ref(
        "risks",
        r["risk.ref"],
        f"carried to cin plan: {_v(r['risk.carried_to_cin_plan'])}; "
        f"not carried rationale: {_v(r['risk.not_carried_rationale'])}",
    )


def _risk_on_plan_kind(r: Record) -> RecordRef:
    return _ref(
        "risks", r["risk.ref"], f"on plan: {_v(r['risk.on_plan'])}; kind: {_v(r['risk.kind'])}"
    )


def _risk_agencies(r: Record) -> RecordRef:
    return _ref(
        "risks",
        r["risk.ref"],
        f"on plan: {_v(r['risk.on_plan'])}; "
        f"key agencies absent: {_v(r['risk.key_agencies_absent'])}",
    )


def _intervention(r: Record) -> RecordRef:
    return _ref(
        "interventions",
        r["intervention.ref"],
        f"addresses plan risk: {_v(r['intervention.addresses_plan_risk'])}; "
        f"completed: {_v(r['intervention.completed'])}",
    )


def _adult_checks(r: Record) -> RecordRef:
    return _ref(
        "adults",
        r["adult.ref"],
        f"regularly in home: {_v(r['adult.regularly_in_home'])}; "
        f"police checked: {_v(r['adult.police_checked'])}; "
        f"social care checked: {_v(r['adult.social_care_checked'])}",
    )


def _adult_probation(r: Record) -> RecordRef:
    return _ref(
        "adults",
        r["adult.ref"],
        f"alleged perpetrator: {_v(r['adult.alleged_perpetrator'])}; "
        f"probation consulted: {_v(r['adult.probation_consulted'])}; "
        f"mappa status: {_v(r['adult.mappa_status'])}",
    )


def _adult_gp(r: Record) -> RecordRef:
    return _ref(
        "adults",
        r["adult.ref"],
        f"mental health managed by: {_v(r['adult.mental_health_managed_by'])}; "
        f"gp adherence reported: {_v(r['adult.gp_adherence_reported'])}",
    )


def _adult_history(r: Record) -> RecordRef:
    return _ref(
        "adults",
        r["adult.ref"],
        f"parent figure: {_v(r['adult.parent_figure'])}; "
        f"parental history considered: {_v(r['adult.parental_history_considered'])}",
    )


def _conference_decision(r: Record) -> RecordRef:
    return _ref(
        "conferences",
        r["conference.ref"],
        f"latest: {_v(r['conference.latest'])}; "
        f"chronology submitted: {_v(r['conference.chronology_submitted'])}; "
        f"genogram submitted: {_v(r['conference.genogram_submitted'])}",
    )


def _conference_icpc(r: Record) -> RecordRef:
    return _ref(
        "conferences",
        r["conference.ref"],
        f"kind: {_v(r['conference.kind'])}; of current plan: {_v(r['conference.of_current_plan'])}; "
        f"chronology submitted: {_v(r['conference.chronology_submitted'])}; "
        f"genogram submitted: {_v(r['conference.genogram_submitted'])}",
    )


def _conference_history(r: Record) -> RecordRef:
    return _ref(
        "conferences",
        r["conference.ref"],
        f"latest: {_v(r['conference.latest'])}; "
        f"history analysed: {_v(r['conference.history_analysed'])}",
    )


def _conference_repeat(r: Record) -> RecordRef:
    return _ref(
        "conferences",
        r["conference.ref"],
        f"kind: {_v(r['conference.kind'])}; of current plan: {_v(r['conference.of_current_plan'])}; "
        f"repeat plan analysis: {_v(r['conference.repeat_plan_analysis'])}",
    )


def _allocation(r: Record) -> RecordRef:
    return _ref(
        "allocations",
        r["allocation.ref"],
        f"incoming: {_v(r['allocation.incoming'])}; "
        f"transfer reviewed: {_v(r['allocation.transfer_reviewed'])}",
    )


class Limit:
    """The base catalogue by hand. `findings(facts)` gives the engine's findings for them."""

    def __init__(self, ruleset: RuleSet, day: dt.date) -> None:
        rules = {rule.id: rule for rule in ruleset.in_force(day)}
        if tuple(rules) != RULE_IDS:
            raise ValueError(
                "the hand-written limit implements the base catalogue's 22 rules only; "
                f"this rule set has {', '.join(rules)}"
            )
        parameters = ruleset.parameters.on(day)
        self.months = parameters["sustained_change_months"]
        self.window = parameters["repeat_plan_window_months"]
        # Titles, severities and citations are constants of the rules, not logic.
        self._meta = {
            rule_id: (rule.title, ruleset.severities[rule_id], rule.citation)
            for rule_id, rule in rules.items()
        }
        self._rules: list[Callable[[CaseFacts], Finding]] = [
            self.sustained_change,
            self.risk_interventions_complete,
            self.original_risk_addressed,
            self.risks_carried_to_cin,
            self.disguised_compliance_analysis,
            self.parental_request_closure,
            self.lead_professional_at_closure,
            self.lead_professional_at_step_down,
            self.family_network_contingency,
            self.household_checks,
            self.probation_mappa_check,
            self.key_agencies_contributed,
            self.gp_treatment_adherence,
            self.chronology_genogram_at_decision,
            self.chronology_genogram_at_icpc,
            self.history_analysed,
            self.repeat_plan_analysis,
            self.transfer_review,
            self.parental_history_considered,
            self.safety_statement,
            self.threshold_no_incidents,
            self.conference_type_in_scope,
        ]

    def findings(self, facts: CaseFacts) -> list[Finding]:
        return [rule(facts) for rule in self._rules]

    def _finding(
        self,
        rule_id: str,
        outcome: Outcome,
        reason: str,
        next_step: str | None = None,
        records: list[RecordRef] | None = None,
        missing: list[str] | None = None,
        earliest: dt.date | None = None,
    ) -> Finding:
        title, severity, citation = self._meta[rule_id]
        return Finding(
            rule_id=rule_id,
            title=title,
            outcome=outcome,
            severity=severity,
            reason=reason,
            next_step=next_step,
            records=records if records is not None else [],
            missing=missing if missing is not None else [],
            earliest_met_date=earliest,
            citation=citation,
        )

    # -- 01 ------------------------------------------------------------------------------------
    def sustained_change(self, f: CaseFacts) -> Finding:
        rid, case = "sustained-change", f.case
        if case["case.readiness_decision"] is not True:
            return self._finding(rid, NA, _ADMIN.format(_v(case["case.outcome"])))
        needed = self.months
        passing, failing, unknown = [], [], []
        earliest: dt.date | None = None
        for r in f.collections["risks"] or ():
            if r["risk.on_plan"] is not True:
                continue
            months = r["risk.months_sustained"]
            if months is UNKNOWN:
                unknown.append(r)
            elif months >= needed:
                passing.append(r)
            else:
                failing.append(r)
                start = r["risk.sustained_change_from"]
                date = add_months(start if isinstance(start, dt.date) else f.as_of, needed)
                if earliest is None or date > earliest:
                    earliest = date
        if failing:
            records = [_risk_on_plan_months(r) for r in failing]
            return self._finding(
                rid,
                NOT_MET,
                f"Change has been sustained for less than {needed} months on {len(records)} "
                f"risk(s) as of {_date(f.as_of)}: {_listed(records)}.",
                f"Keep the plan until change has been sustained for {needed} months; the "
                f"earliest date is {_date(earliest) if earliest else 'not known'}.",
                records,
                earliest=earliest,
            )
        if unknown:
            records = [_risk_on_plan_months(r) for r in unknown]
            missing = list(
                dict.fromkeys(f"risks[{r['risk.ref']}].sustained_change_since" for r in unknown)
            )
            return self._finding(
                rid,
                INSUFFICIENT,
                f"The start of sustained change is not recorded for {_listed(records)}; "
                f"missing: {_missing(missing)}.",
                f"Record from when change on each risk has been sustained ({_missing(missing)}).",
                records,
                missing,
            )
        records = [_risk_on_plan_months(r) for r in passing]
        return self._finding(
            rid,
            MET,
            f"Change on every risk on the plan has been sustained for at least {needed} months: "
            f"{_listed(records)}.",
            records=records,
        )

    # -- 02 and 06: interventions on the plan's risks complete ---------------------------------
    def _interventions_complete(self, f: CaseFacts) -> tuple[Outcome, list[RecordRef], list[str]]:
        interventions = f.collections["interventions"]
        if interventions is None:
            return INSUFFICIENT, [], ["interventions"]
        passing, failing = [], []
        for r in interventions:
            if r["intervention.addresses_plan_risk"] is not True:
                continue
            (passing if r["intervention.completed"] is True else failing).append(r)
        if failing:
            return NOT_MET, [_intervention(r) for r in failing], []
        return MET, [_intervention(r) for r in passing], []

    def risk_interventions_complete(self, f: CaseFacts) -> Finding:
        rid, case = "risk-interventions-complete", f.case
        if case["case.readiness_decision"] is not True:
            return self._finding(rid, NA, _ADMIN.format(_v(case["case.outcome"])))
        outcome, records, missing = self._interventions_complete(f)
        if outcome is NOT_MET:
            return self._finding(
                rid,
                NOT_MET,
                f"{len(records)} intervention(s) on risks still on the plan are not complete as "
                f"of {_date(f.as_of)}: {_listed(records)}.",
                "Complete the interventions, or record why a risk no longer needs them, before "
                "ending the plan.",
                records,
            )
        if outcome is INSUFFICIENT:
            return self._finding(
                rid,
                INSUFFICIENT,
                "Whether the interventions are complete cannot be told; missing: "
                f"{_missing(missing)}.",
                f"Record the plan's interventions and their status ({_missing(missing)}).",
                records,
                missing,
            )
        return self._finding(
            rid,
            MET,
            f"Every intervention on a risk still on the plan is complete: {_listed(records)}.",
            records=records,
        )

    # -- 03 ------------------------------------------------------------------------------------
    def original_risk_addressed(self, f: CaseFacts) -> Finding:
        rid, case = "original-risk-addressed", f.case
        if case["case.readiness_decision"] is not True:
            return self._finding(rid, NA, _ADMIN.format(_v(case["case.outcome"])))
        passing, failing, unknown = [], [], []
        for r in f.collections["risks"] or ():
            original = r["risk.original"]
            if original is False:
                continue
            addressed = r["risk.status"] in _REDUCING_OR_RESOLVED
            if original is UNKNOWN:
                if not addressed:
                    unknown.append(r)
            elif addressed:
                passing.append(r)
            else:
                failing.append(r)
        if failing:
            records = [_risk_original_status(r) for r in failing]
            return self._finding(
                rid,
                NOT_MET,
                f"{len(records)} original risk(s) are still active or were removed without "
                f"being resolved: {_listed(records)}.",
                "Return the original risk to the plan and evidence change on it before "
                "de-planning.",
                records,
            )
        if unknown:
            records = [_risk_original_status(r) for r in unknown]
            missing = list(dict.fromkeys(f"risks[{r['risk.ref']}].original" for r in unknown))
            return self._finding(
                rid,
                INSUFFICIENT,
                f"Which risks brought the family to conference is not recorded: "
                f"{_missing(missing)}.",
                f"Mark which risks brought the family to conference ({_missing(missing)}).",
                records,
                missing,
            )
        records = [_risk_original_status(r) for r in passing]
        return self._finding(
            rid,
            MET,
            f"The original risk(s) are reducing or resolved: {_listed(records)}.",
            records=records,
        )

    # -- 04 ------------------------------------------------------------------------------------
    def risks_carried_to_cin(self, f: CaseFacts) -> Finding:
        rid, case = "risks-carried-to-cin", f.case
        if case["case.outcome"] != "step_down_to_cin":
            return self._finding(
                rid,
                NA,
                f"The plan is not stepping down to a CIN plan ({_v(case['case.outcome'])}).",
            )
        passing, failing, unknown = [], [], []
        for r in f.collections["risks"] or ():
            carried = r["risk.carried_to_cin_plan"]
            if carried is True or r["risk.not_carried_rationale"] is not UNKNOWN:
                passing.append(r)
            elif carried is UNKNOWN:
                unknown.append(r)
            else:
                failing.append(r)
        if failing:
            records = [_risk_carried(r) for r in failing]
            return self._finding(
                rid,
                NOT_MET,
                f"{len(records)} risk(s) are not carried onto the CIN plan and have no recorded "
                f"reason: {_listed(records)}.",
                "Carry each risk onto the CIN plan, or record why it is not carried.",
                records,
            )
        if unknown:
            records = [_risk_carried(r) for r in unknown]
            missing = list(
                dict.fromkeys(f"risks[{r['risk.ref']}].carried_to_cin_plan" for r in unknown)
            )
            return self._finding(
                rid,
                INSUFFICIENT,
                "Whether each risk is carried onto the CIN plan is not recorded: "
                f"{_missing(missing)}.",
                "Record for each risk whether it is carried onto the CIN plan "
                f"({_missing(missing)}).",
                records,
                missing,
            )
        records = [_risk_carried(r) for r in passing]
        return self._finding(
            rid,
            MET,
            f"Every risk is carried onto the CIN plan or has a recorded reason: {_listed(records)}.",
            records=records,
        )

    # -- 05 ------------------------------------------------------------------------------------
    def disguised_compliance_analysis(self, f: CaseFacts) -> Finding:
        rid, case = "disguised-compliance-analysis", f.case
        indicators = case["case.engagement_indicators"]
        if case["case.readiness_decision"] is not True or (
            indicators is not UNKNOWN and not indicators > 0
        ):
            return self._finding(
                rid,
                NA,
                f"No non-engagement indicators were recorded by {_date(f.as_of)}, or the plan "
                "ends administratively.",
            )
        if indicators is UNKNOWN:
            missing = ["engagement_events"]
        else:
            analysed = case["case.disguised_compliance_analysed"]
            if analysed is True:
                return self._finding(
                    rid,
                    MET,
                    f"{_v(indicators)} indicator(s) were recorded, the latest on "
                    f"{_v(case['case.last_engagement_indicator_date'])}, and analysed for "
                    "disguised compliance on "
                    f"{_v(case['case.disguised_compliance_analysis_date'])}.",
                )
            if analysed is False:
                return self._finding(
                    rid,
                    NOT_MET,
                    f"{_v(indicators)} non-engagement indicator(s) were recorded, the latest on "
                    f"{_v(case['case.last_engagement_indicator_date'])}, with no "
                    "disguised-compliance analysis since (analysis: "
                    f"{_v(case['case.disguised_compliance_analysis_date'])}).",
                    "Analyse the non-engagement for disguised compliance and bring it to the "
                    "conference.",
                )
            missing = ["disguised_compliance_analysis"]
        return self._finding(
            rid,
            INSUFFICIENT,
            f"Cannot tell whether disguised compliance was analysed; missing: {_missing(missing)}.",
            "Record the engagement history and any disguised-compliance analysis "
            f"({_missing(missing)}).",
            missing=missing,
        )

    # -- 06 ------------------------------------------------------------------------------------
    def parental_request_closure(self, f: CaseFacts) -> Finding:
        rid, case = "parental-request-closure", f.case
        initiated_by = case["case.initiated_by"]
        if case["case.readiness_decision"] is not True or (
            initiated_by is not UNKNOWN and initiated_by != "parent_request"
        ):
            return self._finding(rid, NA, "The end of the plan was not initiated by the parents.")
        if initiated_by is UNKNOWN:
            outcome, records, missing = INSUFFICIENT, [], ["proposed_outcome.initiated_by"]
        else:
            outcome, records, missing = self._interventions_complete(f)
        if outcome is NOT_MET:
            return self._finding(
                rid,
                NOT_MET,
                f"The parents asked for the plan to end before {len(records)} intervention(s) "
                f"on its risks finished: {_listed(records)}.",
                "Weigh the request against the unfinished work; families closed at parental "
                "request in the audit came back.",
                records,
            )
        if outcome is INSUFFICIENT:
            return self._finding(
                rid,
                INSUFFICIENT,
                "Who initiated the end of the plan, or the interventions' status, is not "
                f"recorded: {_missing(missing)}.",
                f"Record who initiated the end of the plan ({_missing(missing)}).",
                records,
                missing,
            )
        return self._finding(
            rid,
            MET,
            "The parents asked for the plan to end, and the interventions on its risks are "
            f"complete: {_listed(records)}.",
            records=records,
        )

    # -- 07 ------------------------------------------------------------------------------------
    def lead_professional_at_closure(self, f: CaseFacts) -> Finding:
        rid, case = "lead-professional-at-closure", f.case
        if case["case.outcome"] != "close":
            return self._finding(rid, NA, f"The case is not closing ({_v(case['case.outcome'])}).")
        named = case["case.lead_professional_named"]
        hub = case["case.family_hub_linked"]
        plan = case["case.universal_support_plan"]
        if named is True and hub is True and plan is True:
            return self._finding(
                rid,
                MET,
                "A lead professional is named, the family is linked to a family hub and a "
                "universal support plan is in place.",
            )
        if named is False or hub is False or plan is False:
            return self._finding(
                rid,
                NOT_MET,
                f"At closure: lead professional named: {_v(named)}; family hub linked: "
                f"{_v(hub)}; universal support plan: {_v(plan)}.",
                "Name a lead professional, link the family to a family hub and agree a support "
                "plan before closing.",
            )
        missing = []
        if named is UNKNOWN:
            missing.append("proposed_outcome.lead_professional")
        if hub is UNKNOWN:
            missing.append("proposed_outcome.family_hub_link")
        if plan is UNKNOWN:
            missing.append("proposed_outcome.universal_support_plan")
        return self._finding(
            rid,
            INSUFFICIENT,
            f"Closure arrangements are not recorded: {_missing(missing)}.",
            f"Record the lead professional, family hub link and support plan ({_missing(missing)}).",
            missing=missing,
        )

    # -- 08 ------------------------------------------------------------------------------------
    def lead_professional_at_step_down(self, f: CaseFacts) -> Finding:
        rid, case = "lead-professional-at-step-down", f.case
        if case["case.outcome"] != "step_down_to_cin":
            return self._finding(
                rid,
                NA,
                f"The plan is not stepping down to a CIN plan ({_v(case['case.outcome'])}).",
            )
        named = case["case.lead_professional_named"]
        if named is True:
            return self._finding(rid, MET, "A lead professional is named for the step-down.")
        if named is False:
            return self._finding(
                rid,
                NOT_MET,
                "No lead professional is named for the step-down.",
                "Name the lead professional who will hold the case after the CIN plan.",
            )
        missing = ["proposed_outcome.lead_professional"]
        return self._finding(
            rid,
            INSUFFICIENT,
            f"Whether a lead professional is named is not recorded: {_missing(missing)}.",
            f"Record the lead professional ({_missing(missing)}).",
            missing=missing,
        )

    # -- 09 ------------------------------------------------------------------------------------
    def family_network_contingency(self, f: CaseFacts) -> Finding:
        rid, case = "family-network-contingency", f.case
        if case["case.readiness_decision"] is not True:
            return self._finding(rid, NA, _ADMIN.format(_v(case["case.outcome"])))
        considered = case["case.family_network_considered"]
        contingency = case["case.contingency_plan_agreed"]
        if considered is True and contingency is True:
            return self._finding(
                rid, MET, "The family network was considered and a contingency plan agreed."
            )
        if considered is False or contingency is False:
            return self._finding(
                rid,
                NOT_MET,
                f"Family network considered: {_v(considered)}; contingency plan agreed: "
                f"{_v(contingency)}.",
                "Involve the family and friends network and agree a contingency plan they "
                "understand.",
            )
        missing = []
        if considered is UNKNOWN:
            missing.append("family_network.considered")
        if contingency is UNKNOWN:
            missing.append("family_network.contingency_plan")
        return self._finding(
            rid,
            INSUFFICIENT,
            f"The family network's part in the plan is not recorded: {_missing(missing)}.",
            "Record whether the network was considered and a contingency plan agreed "
            f"({_missing(missing)}).",
            missing=missing,
        )

    # -- 10 ------------------------------------------------------------------------------------
    def household_checks(self, f: CaseFacts) -> Finding:
        rid = "household-checks"
        risks = f.collections["risks"] or []
        abuse = any(r["risk.on_plan"] is True and r["risk.kind"] in _DA_OR_SH for r in risks)
        if f.case["case.readiness_decision"] is not True or not abuse:
            return self._finding(
                rid,
                NA,
                "There is no domestic abuse or sexual harm on the plan, or the plan ends "
                "administratively.",
                # the risks looked at, when none is domestic abuse or sexual harm
                records=[] if abuse else [_risk_on_plan_kind(r) for r in risks],
            )
        passing, failing, unknown = [], [], []
        missing: list[str] = []
        for r in f.collections["adults"] or ():
            in_home = r["adult.regularly_in_home"]
            if in_home is False:
                continue
            police = r["adult.police_checked"]
            social = r["adult.social_care_checked"]
            if police is False or social is False:
                if in_home is True:
                    failing.append(r)
                    continue
                unknown.append(r)
                missing.append(f"adults[{r['adult.ref']}].regularly_in_home")
                continue
            if police is True and social is True:
                if in_home is True:
                    passing.append(r)
                continue
            unknown.append(r)
            ref = r["adult.ref"]
            if in_home is UNKNOWN:
                missing.append(f"adults[{ref}].regularly_in_home")
            if police is UNKNOWN:
                missing.append(f"adults[{ref}].police_check")
            if social is UNKNOWN:
                missing.append(f"adults[{ref}].social_care_check")
        if failing:
            records = [_adult_checks(r) for r in failing]
            return self._finding(
                rid,
                NOT_MET,
                f"{len(records)} adult(s) regularly in the home lack police or social care "
                f"checks: {_listed(records)}.",
                "Complete police and children's social care checks on each adult named.",
                records,
            )
        if unknown:
            records = [_adult_checks(r) for r in unknown]
            missing = list(dict.fromkeys(missing))
            return self._finding(
                rid,
                INSUFFICIENT,
                "The checks, or who is regularly in the home, are not recorded: "
                f"{_missing(missing)}.",
                f"Record who is regularly in the home and their checks ({_missing(missing)}).",
                records,
                missing,
            )
        records = [_adult_checks(r) for r in passing]
        return self._finding(
            rid,
            MET,
            "Every adult regularly in the home has police and social care checks: "
            f"{_listed(records)}.",
            records=records,
        )

    # -- 11 ------------------------------------------------------------------------------------
    def probation_mappa_check(self, f: CaseFacts) -> Finding:
        rid = "probation-mappa-check"
        adults = f.collections["adults"] or []
        readiness = f.case["case.readiness_decision"] is True
        perpetrators = [r for r in adults if r["adult.alleged_perpetrator"] is True]
        undecided = [r for r in adults if r["adult.alleged_perpetrator"] is UNKNOWN]
        if not readiness and (perpetrators or undecided):
            return self._finding(rid, NA, _NA_PERPETRATOR)
        if not perpetrators:
            if undecided:
                records = [_adult_probation(r) for r in undecided]
                missing = list(
                    dict.fromkeys(
                        f"adults[{r['adult.ref']}].alleged_perpetrator" for r in undecided
                    )
                )
                return self._insufficient_probation(records, missing)
            return self._finding(
                rid, NA, _NA_PERPETRATOR, records=[_adult_probation(r) for r in adults]
            )
        passing, failing, unknown = [], [], []
        missing = []
        for r in adults:
            alleged = r["adult.alleged_perpetrator"]
            if alleged is False:
                continue
            consulted = r["adult.probation_consulted"]
            if consulted is False or r["adult.mappa_status"] is UNKNOWN:
                if alleged is True:
                    failing.append(r)
                else:
                    unknown.append(r)
                    missing.append(f"adults[{r['adult.ref']}].alleged_perpetrator")
            elif consulted is True:
                if alleged is True:
                    passing.append(r)
            else:
                unknown.append(r)
                if alleged is UNKNOWN:
                    missing.append(f"adults[{r['adult.ref']}].alleged_perpetrator")
                missing.append(f"adults[{r['adult.ref']}].probation_consulted")
        if failing:
            records = [_adult_probation(r) for r in failing]
            return self._finding(
                rid,
                NOT_MET,
                f"{len(records)} alleged perpetrator(s) without a probation consultation or an "
                f"established MAPPA status: {_listed(records)}.",
                "Consult probation, establish whether each perpetrator is open to MAPPA and put "
                "it in the conference report.",
                records,
            )
        if unknown:
            return self._insufficient_probation(
                [_adult_probation(r) for r in unknown], list(dict.fromkeys(missing))
            )
        records = [_adult_probation(r) for r in passing]
        return self._finding(
            rid,
            MET,
            "Probation was consulted and MAPPA status established for every alleged "
            f"perpetrator: {_listed(records)}.",
            records=records,
        )

    def _insufficient_probation(self, records: list[RecordRef], missing: list[str]) -> Finding:
        return self._finding(
            "probation-mappa-check",
            INSUFFICIENT,
            "Whether adults are alleged perpetrators, or their probation checks, are not "
            f"recorded: {_missing(missing)}.",
            f"Record alleged perpetrators and their probation and MAPPA checks ({_missing(missing)}).",
            records,
            missing,
        )

    # -- 12 ------------------------------------------------------------------------------------
    def key_agencies_contributed(self, f: CaseFacts) -> Finding:
        rid, case = "key-agencies-contributed", f.case
        if case["case.readiness_decision"] is not True:
            return self._finding(rid, NA, _ADMIN.format(_v(case["case.outcome"])))
        passing, failing, unknown = [], [], []
        for r in f.collections["risks"] or ():
            if r["risk.on_plan"] is not True:
                continue
            absent = r["risk.key_agencies_absent"]
            if absent is UNKNOWN:
                unknown.append(r)
            elif absent:
                failing.append(r)
            else:
                passing.append(r)
        if failing:
            records = [_risk_agencies(r) for r in failing]
            return self._finding(
                rid,
                NOT_MET,
                f"{len(records)} risk(s) lacked a key agency's contribution: {_listed(records)}.",
                "Invite the absent agencies, or obtain their reports, before the decision.",
                records,
            )
        if unknown:
            records = [_risk_agencies(r) for r in unknown]
            missing = list(
                dict.fromkeys(
                    f"risks[{r['risk.ref']}].conferences[].agencies_contributed" for r in unknown
                )
            )
            return self._finding(
                rid,
                INSUFFICIENT,
                f"Which agencies contributed to conference is not recorded: {_missing(missing)}.",
                "Record the agencies that attended or reported to each conference "
                f"({_missing(missing)}).",
                records,
                missing,
            )
        records = [_risk_agencies(r) for r in passing]
        return self._finding(
            rid,
            MET,
            f"Every risk's key agencies contributed to conference: {_listed(records)}.",
            records=records,
        )

    # -- 13 ------------------------------------------------------------------------------------
    def gp_treatment_adherence(self, f: CaseFacts) -> Finding:
        rid = "gp-treatment-adherence"
        adults = f.collections["adults"] or []
        by_gp = any(r["adult.mental_health_managed_by"] == "gp" for r in adults)
        undecided = [r for r in adults if r["adult.mental_health_managed_by"] is UNKNOWN]
        if f.case["case.readiness_decision"] is not True and (by_gp or undecided):
            return self._finding(rid, NA, _NA_GP)
        if not by_gp:
            if undecided:
                missing = list(
                    dict.fromkeys(
                        f"adults[{r['adult.ref']}].mental_health_managed_by" for r in undecided
                    )
                )
                return self._insufficient_gp([_adult_gp(r) for r in undecided], missing)
            return self._finding(rid, NA, _NA_GP, records=[_adult_gp(r) for r in adults])
        passing, failing, unknown = [], [], []
        missing: list[str] = []
        for r in adults:
            manager = r["adult.mental_health_managed_by"]
            if manager is not UNKNOWN and manager != "gp":
                continue
            reported = r["adult.gp_adherence_reported"]
            if manager is UNKNOWN:
                if reported is True:
                    continue
                unknown.append(r)
                missing.append(f"adults[{r['adult.ref']}].mental_health_managed_by")
                if reported is UNKNOWN:
                    missing.append(f"adults[{r['adult.ref']}].gp_treatment_adherence_report")
            elif reported is True:
                passing.append(r)
            elif reported is False:
                failing.append(r)
            else:
                unknown.append(r)
                missing.append(f"adults[{r['adult.ref']}].gp_treatment_adherence_report")
        if failing:
            records = [_adult_gp(r) for r in failing]
            return self._finding(
                rid,
                NOT_MET,
                f"No GP report on treatment adherence for {len(records)} adult(s) whose mental "
                f"health the GP manages: {_listed(records)}.",
                "Ask the GP for a report on treatment adherence.",
                records,
            )
        if unknown:
            return self._insufficient_gp(
                [_adult_gp(r) for r in unknown], list(dict.fromkeys(missing))
            )
        records = [_adult_gp(r) for r in passing]
        return self._finding(
            rid,
            MET,
            f"The GP reported on treatment adherence for: {_listed(records)}.",
            records=records,
        )

    def _insufficient_gp(self, records: list[RecordRef], missing: list[str]) -> Finding:
        return self._finding(
            "gp-treatment-adherence",
            INSUFFICIENT,
            "Who manages adults' mental health, or the GP's report, is not recorded: "
            f"{_missing(missing)}.",
            f"Record who manages each adult's mental health ({_missing(missing)}).",
            records,
            missing,
        )

    # -- 14 ------------------------------------------------------------------------------------
    def chronology_genogram_at_decision(self, f: CaseFacts) -> Finding:
        rid, case = "chronology-genogram-at-decision", f.case
        if case["case.readiness_decision"] is not True:
            return self._finding(rid, NA, _ADMIN.format(_v(case["case.outcome"])))
        conferences = f.collections["conferences"]
        if conferences is None:
            return self._insufficient_decision([], ["conferences"])
        deciding = [r for r in conferences if r["conference.latest"] is True]
        failing, unknown = [], []
        missing: list[str] = []
        for r in deciding:
            chronology = r["conference.chronology_submitted"]
            genogram = r["conference.genogram_submitted"]
            if chronology is False or genogram is False:
                failing.append(r)
            elif chronology is UNKNOWN or genogram is UNKNOWN:
                unknown.append(r)
                if chronology is UNKNOWN:
                    missing.append(f"conferences[{r['conference.ref']}].chronology_submitted")
                if genogram is UNKNOWN:
                    missing.append(f"conferences[{r['conference.ref']}].genogram_submitted")
        if not deciding or failing:
            records = [_conference_decision(r) for r in failing]
            return self._finding(
                rid,
                NOT_MET,
                "The deciding conference lacked an updated chronology or genogram: "
                f"{_listed(records)}.",
                "Submit an updated chronology and cultural genogram to the chair.",
                records,
            )
        if unknown:
            return self._insufficient_decision(
                [_conference_decision(r) for r in unknown], list(dict.fromkeys(missing))
            )
        records = [_conference_decision(r) for r in deciding]
        return self._finding(
            rid,
            MET,
            f"The deciding conference had an updated chronology and genogram: {_listed(records)}.",
            records=records,
        )

    def _insufficient_decision(self, records: list[RecordRef], missing: list[str]) -> Finding:
        return self._finding(
            "chronology-genogram-at-decision",
            INSUFFICIENT,
            "Whether a chronology and genogram were submitted is not recorded: "
            f"{_missing(missing)}.",
            "Record the chronology and genogram submitted to the conference "
            f"({_missing(missing)}).",
            records,
            missing,
        )

    # -- 15 ------------------------------------------------------------------------------------
    def chronology_genogram_at_icpc(self, f: CaseFacts) -> Finding:
        rid = "chronology-genogram-at-icpc"
        readiness = f.case["case.readiness_decision"] is True
        conferences = f.collections["conferences"]
        if conferences is None:
            if not readiness:
                return self._finding(rid, NA, _NA_ICPC)
            return self._insufficient_icpc([], ["conferences"])
        initial = [
            r
            for r in conferences
            if r["conference.kind"] == "icpc" and r["conference.of_current_plan"] is True
        ]
        if not readiness or not initial:
            return self._finding(
                rid,
                NA,
                _NA_ICPC,
                records=[] if initial else [_conference_icpc(r) for r in conferences],
            )
        passing, failing, unknown = [], [], []
        missing: list[str] = []
        for r in initial:
            chronology = r["conference.chronology_submitted"]
            genogram = r["conference.genogram_submitted"]
            if chronology is False or genogram is False:
                failing.append(r)
            elif chronology is True and genogram is True:
                passing.append(r)
            else:
                unknown.append(r)
                if chronology is UNKNOWN:
                    missing.append(f"conferences[{r['conference.ref']}].chronology_submitted")
                if genogram is UNKNOWN:
                    missing.append(f"conferences[{r['conference.ref']}].genogram_submitted")
        if failing:
            records = [_conference_icpc(r) for r in failing]
            return self._finding(
                rid,
                NOT_MET,
                f"The initial conference lacked a chronology or genogram: {_listed(records)}.",
                "Make sure the deciding conference has an updated chronology and genogram to "
                "make up for it.",
                records,
            )
        if unknown:
            return self._insufficient_icpc(
                [_conference_icpc(r) for r in unknown], list(dict.fromkeys(missing))
            )
        records = [_conference_icpc(r) for r in passing]
        return self._finding(
            rid,
            MET,
            f"The initial conference had a chronology and genogram: {_listed(records)}.",
            records=records,
        )

    def _insufficient_icpc(self, records: list[RecordRef], missing: list[str]) -> Finding:
        return self._finding(
            "chronology-genogram-at-icpc",
            INSUFFICIENT,
            "Whether the initial conference had a chronology and genogram is not recorded: "
            f"{_missing(missing)}.",
            f"Record what was submitted to the initial conference ({_missing(missing)}).",
            records,
            missing,
        )

    # -- 16 ------------------------------------------------------------------------------------
    def history_analysed(self, f: CaseFacts) -> Finding:
        rid, case = "history-analysed", f.case
        if (
            case["case.readiness_decision"] is not True
            or case["case.has_previous_plan"] is not True
        ):
            return self._finding(
                rid,
                NA,
                "No child had a previous CP plan, or the plan ends administratively.",
            )
        conferences = f.collections["conferences"]
        if conferences is None:
            return self._insufficient_history([], ["conferences"])
        deciding = [r for r in conferences if r["conference.latest"] is True]
        failing = [r for r in deciding if r["conference.history_analysed"] is False]
        if not deciding or failing:
            records = [_conference_history(r) for r in failing]
            return self._finding(
                rid,
                NOT_MET,
                "A child was on a plan before, but the report to the deciding conference did "
                f"not analyse that history: {_listed(records)}.",
                "Add an analysis of the previous plans and what they mean for the children to "
                "the report.",
                records,
            )
        unknown = [r for r in deciding if r["conference.history_analysed"] is UNKNOWN]
        if unknown:
            missing = list(
                dict.fromkeys(
                    f"conferences[{r['conference.ref']}].history_analysed" for r in unknown
                )
            )
            return self._insufficient_history([_conference_history(r) for r in unknown], missing)
        records = [_conference_history(r) for r in deciding]
        return self._finding(
            rid,
            MET,
            "The report to the deciding conference analysed the family's history: "
            f"{_listed(records)}.",
            records=records,
        )

    def _insufficient_history(self, records: list[RecordRef], missing: list[str]) -> Finding:
        return self._finding(
            "history-analysed",
            INSUFFICIENT,
            f"Whether the report analysed the history is not recorded: {_missing(missing)}.",
            "Record whether the conference report analysed the family's history "
            f"({_missing(missing)}).",
            records,
            missing,
        )

    # -- 17 ------------------------------------------------------------------------------------
    def repeat_plan_analysis(self, f: CaseFacts) -> Finding:
        rid, case = "repeat-plan-analysis", f.case
        months = case["case.months_since_previous_plan"]
        if (
            case["case.readiness_decision"] is not True
            or case["case.has_previous_plan"] is not True
            or (months is not UNKNOWN and not months < self.window)
        ):
            return self._finding(
                rid,
                NA,
                f"No child returned to a plan within {self.window} months, or the plan ends "
                "administratively.",
            )
        if months is UNKNOWN:
            return self._insufficient_repeat([], ["children[].cp_plans[].end_date"])
        conferences = f.collections["conferences"]
        if conferences is None:
            return self._insufficient_repeat([], ["conferences"])
        matching, unknown = [], []
        for r in conferences:
            if r["conference.kind"] != "icpc" or r["conference.of_current_plan"] is not True:
                continue
            analysis = r["conference.repeat_plan_analysis"]
            if analysis is True:
                matching.append(r)
            elif analysis is UNKNOWN:
                unknown.append(r)
        if matching:
            records = [_conference_repeat(r) for r in matching]
            return self._finding(
                rid,
                MET,
                f"The previous plan ended {months} months before this one and the chair "
                f"completed a repeat-plan analysis: {_listed(records)}.",
                records=records,
            )
        if unknown:
            missing = list(
                dict.fromkeys(
                    f"conferences[{r['conference.ref']}].repeat_plan_analysis" for r in unknown
                )
            )
            return self._insufficient_repeat([_conference_repeat(r) for r in unknown], missing)
        return self._finding(
            rid,
            NOT_MET,
            f"The previous plan ended {months} months before this one, and no repeat-plan "
            "analysis is recorded at the initial conference.",
            "The chair completes a repeat-plan analysis before the decision.",
            [_conference_repeat(r) for r in conferences],
        )

    def _insufficient_repeat(self, records: list[RecordRef], missing: list[str]) -> Finding:
        return self._finding(
            "repeat-plan-analysis",
            INSUFFICIENT,
            "The previous plan's end or the repeat-plan analysis is not recorded: "
            f"{_missing(missing)}.",
            "Record the previous plan's end date and any repeat-plan analysis "
            f"({_missing(missing)}).",
            records,
            missing,
        )

    # -- 18 ------------------------------------------------------------------------------------
    def transfer_review(self, f: CaseFacts) -> Finding:
        rid = "transfer-review"
        readiness = f.case["case.readiness_decision"] is True
        allocations = f.collections["allocations"]
        if allocations is None:
            if not readiness:
                return self._finding(rid, NA, _NA_TRANSFER)
            return self._insufficient_transfer([], ["allocations"])
        incoming = [r for r in allocations if r["allocation.incoming"] is True]
        if not readiness or not incoming:
            return self._finding(
                rid,
                NA,
                _NA_TRANSFER,
                records=[] if incoming else [_allocation(r) for r in allocations],
            )
        passing, failing, unknown = [], [], []
        for r in incoming:
            reviewed = r["allocation.transfer_reviewed"]
            if reviewed is True:
                passing.append(r)
            elif reviewed is False:
                failing.append(r)
            else:
                unknown.append(r)
        if failing:
            records = [_allocation(r) for r in failing]
            return self._finding(
                rid,
                NOT_MET,
                f"{len(records)} incoming worker(s) did not review the chronology and genogram: "
                f"{_listed(records)}.",
                "Have the incoming worker review the chronology and genogram before the decision.",
                records,
            )
        if unknown:
            missing = list(
                dict.fromkeys(
                    f"allocations[{r['allocation.ref']}].transfer_review" for r in unknown
                )
            )
            return self._insufficient_transfer([_allocation(r) for r in unknown], missing)
        records = [_allocation(r) for r in passing]
        return self._finding(
            rid,
            MET,
            f"Every incoming worker reviewed the chronology and genogram: {_listed(records)}.",
            records=records,
        )

    def _insufficient_transfer(self, records: list[RecordRef], missing: list[str]) -> Finding:
        return self._finding(
            "transfer-review",
            INSUFFICIENT,
            f"Worker changes or transfer reviews are not recorded: {_missing(missing)}.",
            f"Record worker allocations and transfer reviews ({_missing(missing)}).",
            records,
            missing,
        )

    # -- 19 ------------------------------------------------------------------------------------
    def parental_history_considered(self, f: CaseFacts) -> Finding:
        rid, case = "parental-history-considered", f.case
        if case["case.readiness_decision"] is not True:
            return self._finding(rid, NA, _ADMIN.format(_v(case["case.outcome"])))
        passing, failing, unknown = [], [], []
        for r in f.collections["adults"] or ():
            if r["adult.parent_figure"] is not True:
                continue
            considered = r["adult.parental_history_considered"]
            if considered is True:
                passing.append(r)
            elif considered is False:
                failing.append(r)
            else:
                unknown.append(r)
        if failing:
            records = [_adult_history(r) for r in failing]
            return self._finding(
                rid,
                NOT_MET,
                f"{len(records)} parent figure(s) whose own history was not considered: "
                f"{_listed(records)}.",
                "Consider each parent's own experience of being parented, with a "
                "trauma-informed approach.",
                records,
            )
        if unknown:
            records = [_adult_history(r) for r in unknown]
            missing = list(
                dict.fromkeys(
                    f"adults[{r['adult.ref']}].parental_history_considered" for r in unknown
                )
            )
            return self._finding(
                rid,
                INSUFFICIENT,
                f"Whether parents' histories were considered is not recorded: {_missing(missing)}.",
                f"Record whether each parent's history was considered ({_missing(missing)}).",
                records,
                missing,
            )
        records = [_adult_history(r) for r in passing]
        return self._finding(
            rid,
            MET,
            f"Each parent figure's own history was considered: {_listed(records)}.",
            records=records,
        )

    # -- 20 ------------------------------------------------------------------------------------
    def safety_statement(self, f: CaseFacts) -> Finding:
        rid, case = "safety-statement", f.case
        if case["case.readiness_decision"] is not True:
            return self._finding(rid, NA, _ADMIN.format(_v(case["case.outcome"])))
        agreed = case["case.safety_statement_agreed"]
        defined = case["case.safety_statement_evidence_defined"]
        months = case["case.safety_statement_sustain_months"]
        if agreed is False or defined is False or (months is not UNKNOWN and months < 1):
            return self._finding(
                rid,
                NOT_MET,
                f"Safety statement agreed: {_v(agreed)}; evidence of change defined: "
                f"{_v(defined)}; months to sustain: {_v(months)}.",
                "Agree a safety statement with the network and family: what change looks like "
                "and for how long.",
            )
        if agreed is True and defined is True and months is not UNKNOWN:
            return self._finding(
                rid,
                MET,
                "A safety statement is agreed, defines the evidence of change, and requires "
                f"{_v(months)} months of sustained change.",
            )
        missing = []
        if agreed is UNKNOWN:
            missing.append("safety_statement")
        if defined is UNKNOWN:
            missing.append("safety_statement.evidence_of_change_defined")
        if months is UNKNOWN:
            missing.append("safety_statement.sustain_months_agreed")
        return self._finding(
            rid,
            INSUFFICIENT,
            f"The safety statement is not recorded: {_missing(missing)}.",
            f"Record the safety statement ({_missing(missing)}).",
            missing=missing,
        )

    # -- 21 ------------------------------------------------------------------------------------
    def threshold_no_incidents(self, f: CaseFacts) -> Finding:
        rid, case = "threshold-no-incidents", f.case
        rationale = case["case.rationale"]
        if case["case.readiness_decision"] is not True or (
            rationale is not UNKNOWN and "no_incidents_since_last_review" not in rationale
        ):
            return self._finding(
                rid,
                NA,
                "'No incidents since the last review' is not among the recorded reasons.",
            )
        if rationale is UNKNOWN:
            missing = ["proposed_outcome.rationale"]
        elif (interventions := f.collections["interventions"]) is None:
            missing = ["interventions"]
        else:
            unfinished = [
                r
                for r in interventions
                if r["intervention.addresses_plan_risk"] is True
                and r["intervention.completed"] is False
            ]
            if unfinished:
                records = [_intervention(r) for r in unfinished]
                return self._finding(
                    rid,
                    NOT_MET,
                    "'No incidents since the last review' is given as a reason while "
                    f"{len(records)} intervention(s) are unfinished: {_listed(records)}.",
                    "Apply the threshold to the unfinished work, not to the absence of incidents.",
                    records,
                )
            return self._finding(
                rid,
                MET,
                "'No incidents since the last review' is given as a reason, and the risk work "
                "is complete.",
                records=[_intervention(r) for r in interventions],
            )
        return self._finding(
            rid,
            INSUFFICIENT,
            f"The reasons for ending the plan are not recorded: {_missing(missing)}.",
            f"Record the reasons for ending the plan ({_missing(missing)}).",
            missing=missing,
        )

    # -- 22 ------------------------------------------------------------------------------------
    def conference_type_in_scope(self, f: CaseFacts) -> Finding:
        rid = "conference-type-in-scope"
        if f.case["case.conference_type"] == "risk_inside_home":
            return self._finding(
                rid,
                MET,
                "This is a risk-inside-the-home case, as in the audit the rules come from.",
            )
        return self._finding(
            rid,
            NOT_MET,
            "This is a Risk Outside the Home case; the rules were drawn from risk-inside-the-home "
            "cases, so weigh each finding with care.",
            "Interpret these findings alongside the ROTH guidance.",
        )
