"""A loaded, checked rule set: immutable, shared safely across threads and processes."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from engine.data_quality import data_quality
from engine.digest import case_digest
from engine.errors import did_you_mean
from engine.evaluation import children_findings
from engine.facts import derive_facts, plan_ends_by_decision
from engine.findings import (
    count_outcomes,
    display_order,
    earliest_ready_date,
    family_findings,
    verdict_of,
)
from engine.parameters import Parameters
from engine.rules import Rule
from engine.templates import plain
from engine.version import ENGINE_VERSION
from models.assessment import Assessment, ChildAssessment, Finding, RulesetInfo, Severity
from models.case import Case, Child
from models.codes import AdministrativeReason, OutcomeKind
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

    def assess(
        self, case: Case, as_of: dt.date | None = None, *, source: str | bytes | None = None
    ) -> Assessment:
        """Judge each child's proposed outcome against the rules in force on the as-of date
        (default: the decision date), with the facts recorded by then; the family verdict is
        the worst of the children whose plans are proposed to end. `source`: the JSON the
        case was parsed from, if any (see `engine.digest`)."""
        day = as_of or case.decision_date
        return self.assess_with_rules_on(case, facts_as_of=day, rules_on=day, source=source)

    def assess_with_rules_on(
        self,
        case: Case,
        facts_as_of: dt.date,
        rules_on: dt.date,
        *,
        source: str | bytes | None = None,
    ) -> Assessment:
        """The facts recorded by `facts_as_of`, judged by the rules and parameters in force on
        `rules_on` (a re-audit's "today's rules on yesterday's facts"; `assess` uses one day
        for both)."""
        by_child = self.findings_by_child(case, facts_as_of, rules_on)
        time_based = {rule.id for rule in self.rules if rule.time_based}
        deciding = [c.child_ref for c in case.children if _ends_by_decision(case, c)] or [
            c.child_ref for c in case.children
        ]
        family = family_findings([by_child[ref] for ref in deciding])
        verdict, reason = verdict_of(family, rules_on)
        family_of = {finding.rule_id: finding for finding in family}
        children = [
            _child_assessment(
                case, child, by_child[child.child_ref], family_of, rules_on, time_based
            )
            for child in case.children
        ]
        if len(children) > 1:
            reason += (
                " "
                + "; ".join(
                    f"{c.child_ref} ({OUTCOME_WORDS[OutcomeKind(c.proposed_outcome)]}): "
                    f"{plain(c.verdict.value)}"
                    for c in children
                )
                + "."
            )
        else:
            reason = _administrative_note(
                case.outcome_of(case.children[0]).administrative_reason, reason
            )
        return Assessment(
            case_ref=case.case_ref,
            as_of=facts_as_of,
            verdict=verdict,
            verdict_reason=reason,
            data_quality=data_quality(case, facts_as_of),
            findings=display_order(family),
            counts=count_outcomes(family),
            earliest_ready_date=earliest_ready_date(family, time_based),
            children=children,
            ruleset=RulesetInfo(version=self.version, content_hash=self.content_hash),
            engine_version=ENGINE_VERSION,
            case_digest=case_digest(case, source),
        )

    def findings_by_child(
        self, case: Case, day: dt.date, rules_on: dt.date | None = None
    ) -> dict[str, list[Finding]]:
        """Each child's findings on the facts as at `day`: one per rule in force on `rules_on`
        (default `day`), with its parameters then, in catalogue order."""
        rules_day = rules_on or day
        parameters = self.parameters.on(rules_day)
        rules = self.in_force(rules_day)
        children = derive_facts(case, day, parameters)
        return children_findings(rules, children, parameters, self.severities)

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
            local_policy=rule.local_policy,
            effective_from=rule.effective_from,
            effective_to=rule.effective_to,
            time_based=rule.time_based,
            applies_when=rule.applies_when_data,
            requires=rule.requires_data,
            citation=rule.citation,
            source=rule.source_file,
        )


OUTCOME_WORDS = {
    OutcomeKind.CONTINUE_PLAN: "plan continues",
    OutcomeKind.STEP_DOWN_TO_CIN: "step down to a CIN plan",
    OutcomeKind.CLOSE: "close",
    OutcomeKind.ADMINISTRATIVE_END: "administrative end",
}


def _ends_by_decision(case: Case, child: Child) -> bool:
    return plan_ends_by_decision(case.outcome_of(child).kind)


def _administrative_note(reason: AdministrativeReason | None, verdict_reason: str) -> str:
    if reason is None:
        return verdict_reason
    return (
        f"The plan ends administratively ({plain(reason.value)}), which is not a readiness "
        f"decision: the readiness rules do not apply. {verdict_reason}"
    )


def _child_assessment(
    case: Case,
    child: Child,
    findings: list[Finding],
    family_of: Mapping[str, Finding],
    day: dt.date,
    time_based: set[str],
) -> ChildAssessment:
    outcome = case.outcome_of(child)
    verdict, reason = verdict_of(findings, day)
    if outcome.kind is OutcomeKind.CONTINUE_PLAN:
        reason = f"The plan is proposed to continue; were it to end now: {reason}"
    return ChildAssessment(
        child_ref=child.child_ref,
        proposed_outcome=outcome.kind.value,
        decides_family_verdict=plan_ends_by_decision(outcome.kind),
        verdict=verdict,
        verdict_reason=_administrative_note(outcome.administrative_reason, reason),
        counts=count_outcomes(findings),
        earliest_ready_date=earliest_ready_date(findings, time_based),
        findings=display_order([f for f in findings if not _same(f, family_of[f.rule_id])]),
    )


def _same(finding: Finding, family: Finding) -> bool:
    """Whether a child's finding says what the family's finding of the rule says."""
    return finding is family or (
        finding.outcome is family.outcome
        and finding.reason == family.reason
        and finding.next_step == family.next_step
        and finding.records == family.records
        and finding.missing == family.missing
        and finding.earliest_met_date == family.earliest_met_date
    )
