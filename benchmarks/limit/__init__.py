"""The limit: the base catalogue's rules written by hand, as plain Python.

Each rule is a function from one child's `CaseFacts` (the same fact dictionaries the compiled
rules read) to the `Finding` the engine gives for that child: outcome, reason, next step,
records (with their details), missing fields and earliest date, all equal; `family_findings`
then takes, per rule, the worst deciding child's finding, with the engine's own aggregation
(the same cost on both sides), as `Assessment.findings` holds them.
Agreement is checked on every case of the benchmark corpus before anything is timed.

This is what the declarative engine is measured against: what a competent engineer would
write for these rules by hand, with no interpretation layer. It knows only the base
catalogue (`rules/catalogue`); `Limit` refuses a rule set whose rules in force differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from benchmarks.limit import (
    adult_rules,
    case_rules,
    conference_rules,
    continuity_rules,
    risk_rules,
)
from benchmarks.limit.common import Out, RuleMeta
from engine import RuleSet
from engine.facts import CaseFacts
from engine.findings import family_findings
from models.assessment import Finding

ChildRule = Callable[[CaseFacts, Out], Finding]

_SINCE_2010 = dt.date(2010, 1, 1)
_FAMILY_HUBS = dt.date(2021, 1, 1)


class Limit:
    """The base catalogue by hand, for the rules in force on `day`."""

    def __init__(self, ruleset: RuleSet, day: dt.date) -> None:
        parameters = ruleset.parameters.on(day)
        catalogue: list[tuple[str, dt.date, ChildRule]] = [
            ("sustained-change", _SINCE_2010, risk_rules.sustained_change),
            ("risk-interventions-complete", _SINCE_2010, risk_rules.risk_interventions_complete),
            ("original-risk-addressed", _SINCE_2010, risk_rules.original_risk_addressed),
            ("risks-carried-to-cin", _SINCE_2010, risk_rules.risks_carried_to_cin),
            (
                "disguised-compliance-analysis",
                _SINCE_2010,
                case_rules.disguised_compliance_analysis,
            ),
            ("parental-request-closure", _SINCE_2010, case_rules.parental_request_closure),
            ("family-hub-and-support-plan", _FAMILY_HUBS, case_rules.family_hub_and_support_plan),
            ("lead-professional-at-closure", _SINCE_2010, case_rules.lead_professional_at_closure),
            (
                "lead-professional-at-step-down",
                _SINCE_2010,
                case_rules.lead_professional_at_step_down,
            ),
            ("family-network-considered", _SINCE_2010, case_rules.family_network_considered),
            ("family-network-contingency", _SINCE_2010, case_rules.family_network_contingency),
            ("household-checks", _SINCE_2010, adult_rules.household_checks),
            ("probation-mappa-check", _SINCE_2010, adult_rules.probation_mappa_check),
            ("key-agencies-contributed", _SINCE_2010, risk_rules.key_agencies_contributed),
            ("gp-treatment-adherence", _SINCE_2010, adult_rules.gp_treatment_adherence),
            (
                "chronology-genogram-at-decision",
                _SINCE_2010,
                conference_rules.chronology_genogram_at_decision,
            ),
            (
                "chronology-genogram-at-icpc",
                _SINCE_2010,
                conference_rules.chronology_genogram_at_icpc,
            ),
            ("history-analysed", _SINCE_2010, conference_rules.history_analysed),
            (
                "previous-deplanning-reviewed",
                _SINCE_2010,
                conference_rules.previous_deplanning_reviewed,
            ),
            (
                "repeat-plan-analysis",
                _SINCE_2010,
                continuity_rules.repeat_plan_analysis,
            ),
            (
                "social-worker-continuity",
                _SINCE_2010,
                continuity_rules.social_worker_continuity,
            ),
            ("transfer-review", _SINCE_2010, continuity_rules.transfer_review),
            ("parental-history-considered", _SINCE_2010, adult_rules.parental_history_considered),
            ("safety-statement", _SINCE_2010, case_rules.safety_statement),
            ("threshold-no-incidents", _SINCE_2010, case_rules.threshold_no_incidents),
            ("conference-type-in-scope", _SINCE_2010, case_rules.conference_type_in_scope),
        ]
        in_force = [(rule_id, rule) for rule_id, since, rule in catalogue if since <= day]
        rules = {rule.id: rule for rule in ruleset.in_force(day)}
        if list(rules) != [rule_id for rule_id, _ in in_force]:
            raise ValueError(
                f"the hand-written limit implements the base catalogue only ({len(in_force)} "
                f"rules in force on {day}); this rule set has {', '.join(rules)}"
            )
        # Titles, severities and citations are constants of the rules, not logic.
        meta = {
            rule_id: RuleMeta(rule.title, ruleset.severities[rule_id], rule.citation)
            for rule_id, rule in rules.items()
        }
        self._out = Out(meta, parameters)
        self._rules = [rule for _, rule in in_force]

    def findings(self, facts: CaseFacts) -> list[Finding]:
        """One child's findings, one per rule in force, in catalogue order."""
        out = self._out
        return [rule(facts, out) for rule in self._rules]

    def findings_by_child(self, children: Sequence[CaseFacts]) -> dict[str, list[Finding]]:
        return {facts.child_ref: self.findings(facts) for facts in children}

    def family_findings(
        self, children: Sequence[CaseFacts], by_child: dict[str, list[Finding]]
    ) -> list[Finding]:
        """Per rule, the worst finding of the children whose plans are proposed to end (all
        children when none is), naming every child with that outcome; catalogue order. The
        aggregation is the engine's own (it is not rule logic)."""
        deciding = [
            by_child[facts.child_ref]
            for facts in children
            if facts.case["case.plan_ends_by_decision"] is True
        ] or list(by_child.values())
        return family_findings(deciding)
