"""A loaded, checked rule set: immutable, shared safely across threads and processes."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from engine.derive import derive_facts
from engine.digest import case_digest
from engine.errors import did_you_mean
from engine.findings import (
    count_outcomes,
    display_order,
    earliest_ready_date,
    evaluate_rule,
    verdict_of,
)
from engine.parameters import Parameters
from engine.rules import Rule
from engine.templates import plain
from engine.version import ENGINE_VERSION
from models.assessment import Assessment, Finding, RulesetInfo, Severity
from models.case import Case
from models.ruleset import RulePublic, RulesetPublic


@dataclass(frozen=True, slots=True)
class RuleSet:
    version: str
    content_hash: str
    rules: tuple[Rule, ...]
    parameters: Parameters
    severities: Mapping[str, Severity]
    """Severity of each rule after the overlay's overrides."""

    def in_force(self, day: dt.date) -> list[Rule]:
        return [rule for rule in self.rules if rule.in_force(day)]

    def assess(self, case: Case, as_of: dt.date | None = None) -> Assessment:
        day = as_of or case.decision_date
        return self.assess_with_rules_on(case, facts_as_of=day, rules_on=day)

    def assess_with_rules_on(
        self, case: Case, facts_as_of: dt.date, rules_on: dt.date
    ) -> Assessment:
        """The facts recorded by `facts_as_of`, judged by the rules and parameters in force on
        `rules_on` (a re-audit's "today's rules on yesterday's facts"; `assess` uses one day
        for both)."""
        findings = self.findings(case, facts_as_of, rules_on)
        verdict, reason = verdict_of(findings, rules_on)
        administrative_reason = case.proposed_outcome.administrative_reason
        if administrative_reason is not None:
            reason = (
                f"The plan ends administratively ({plain(administrative_reason.value)}), which is not a "
                f"readiness decision: the readiness rules do not apply. {reason}"
            )
        return Assessment(
            case_ref=case.case_ref,
            as_of=facts_as_of,
            verdict=verdict,
            verdict_reason=reason,
            findings=display_order(findings),
            counts=count_outcomes(findings),
            earliest_ready_date=earliest_ready_date(findings),
            ruleset=RulesetInfo(version=self.version, content_hash=self.content_hash),
            engine_version=ENGINE_VERSION,
            case_digest=case_digest(case),
        )

    def findings(self, case: Case, day: dt.date, rules_on: dt.date | None = None) -> list[Finding]:
        """One finding per rule in force on `rules_on` (default `day`), with its parameters
        then, on the facts as at `day`; in catalogue order."""
        rules_day = rules_on or day
        parameters = self.parameters.on(rules_day)
        facts = derive_facts(case, day, parameters)
        return [
            evaluate_rule(rule, facts, parameters, self.severities[rule.id])
            for rule in self.in_force(rules_day)
        ]

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        suggestion = did_you_mean(rule_id, [rule.id for rule in self.rules])
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        raise KeyError(f"no rule {rule_id!r}{hint}")

    def rule_public(self, rule_id: str) -> RulePublic:
        return self._public(self.rule(rule_id))

    def rules_public(self) -> list[RulePublic]:
        return [self._public(rule) for rule in self.rules]

    def describe(self, on: dt.date) -> RulesetPublic:
        return RulesetPublic(
            version=self.version,
            content_hash=self.content_hash,
            on=on,
            rules_in_force=[rule.id for rule in self.in_force(on)],
            parameters=self.parameters.on(on),
        )

    def _public(self, rule: Rule) -> RulePublic:
        return RulePublic(
            id=rule.id,
            title=rule.title,
            severity=self.severities[rule.id],
            description=rule.description,
            effective_from=rule.effective_from,
            effective_to=rule.effective_to,
            time_based=rule.time_based,
            applies_when=rule.applies_when_data,
            requires=rule.requires_data,
            citation=rule.citation,
            source=rule.source_file,
        )
