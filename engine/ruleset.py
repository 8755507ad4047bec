"""A loaded, checked rule set: immutable, shared safely across threads and processes."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from engine.data_quality import data_quality
from engine.digest import case_digest
from engine.errors import did_you_mean
from engine.evaluation import children_findings
from engine.facts import derive_facts, plan_ends_by_decision
from engine.findings import Judgement, display_order, family_findings, judge
from engine.parameters import Parameters
from engine.rules import Rule
from engine.templates import plain
from engine.version import ENGINE_VERSION
from models.assessment import Assessment, ChildAssessment, Finding, RuleSetInfo, Severity
from models.case import Case, Child, ChildOutcome, ProposedOutcome
from models.codes import AdministrativeReason, PlanDecision
from models.ruleset import RulePublic, RuleSetPublic


@dataclass(frozen=True, slots=True)
class RuleSet:
    version: str
    content_hash: str
    rules: tuple[Rule, ...]
    parameters: Parameters
    severities: Mapping[str, Severity]
    """Severity of each rule after the overlay's overrides."""
    time_based: frozenset[str] = field(init=False, repr=False, compare=False)
    info: RuleSetInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _set = object.__setattr__  # frozen
        _set(self, "time_based", frozenset(rule.id for rule in self.rules if rule.time_based))
        _set(
            self, "info", RuleSetInfo.trusted(version=self.version, content_hash=self.content_hash)
        )

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
        outcomes = [_proposed(case, child) for child in case.children]
        findings = [by_child[child.child_ref] for child in case.children]
        judged = [judge(of_child, rules_on, self.time_based) for of_child in findings]
        deciding = [
            index for index, outcome in enumerate(outcomes) if plan_ends_by_decision(outcome.kind)
        ] or list(range(len(findings)))
        family = family_findings([findings[index] for index in deciding])
        # One child's findings are the family's, and so is what they come to.
        family_judged = (
            judged[deciding[0]] if len(deciding) == 1 else judge(family, rules_on, self.time_based)
        )
        reason = family_judged.reason
        children = [
            _child_assessment(child, outcome, of_child, judgement, family)
            for child, outcome, of_child, judgement in zip(
                case.children, outcomes, findings, judged, strict=True
            )
        ]
        if len(children) > 1:
            reason += (
                " "
                + "; ".join(
                    f"{c.child_ref} ({OUTCOME_WORDS[outcome.kind]}): {plain(c.verdict.value)}"
                    for c, outcome in zip(children, outcomes, strict=True)
                )
                + "."
            )
        else:
            reason = _administrative_note(outcomes[0].administrative_reason, reason)
        return Assessment.trusted(
            case_ref=case.case_ref,
            as_of=facts_as_of,
            verdict=family_judged.verdict,
            verdict_reason=reason,
            data_quality=data_quality(case, facts_as_of),
            findings=display_order(family),
            counts=family_judged.counts,
            earliest_ready_date=family_judged.earliest_ready_date,
            children=children,
            ruleset=self.info,
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

    def describe(self, on: dt.date) -> RuleSetPublic:
        return RuleSetPublic(
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
    PlanDecision.CONTINUE_PLAN: "plan continues",
    PlanDecision.STEP_DOWN_TO_CIN: "step down to a CIN plan",
    PlanDecision.CLOSE: "close",
    PlanDecision.ADMINISTRATIVE_END: "administrative end",
}


def _proposed(case: Case, child: Child) -> ChildOutcome | ProposedOutcome:
    """What is proposed for `child` (`Case.outcome_of`, without making a `ChildOutcome`)."""
    return case.proposed_outcome if child.outcome is None else child.outcome


def _administrative_note(reason: AdministrativeReason | None, verdict_reason: str) -> str:
    if reason is None:
        return verdict_reason
    return (
        f"The plan ends administratively ({plain(reason.value)}), which is not a readiness "
        f"decision: the readiness rules do not apply. {verdict_reason}"
    )


def _child_assessment(
    child: Child,
    outcome: ChildOutcome | ProposedOutcome,
    findings: list[Finding],
    judged: Judgement,
    family: list[Finding],
) -> ChildAssessment:
    """`judged`: what the child's `findings` come to. `findings` and `family` hold one finding
    per rule, in the same order."""
    reason = judged.reason
    if outcome.kind is PlanDecision.CONTINUE_PLAN:
        reason = f"The plan is proposed to continue; were it to end now: {reason}"
    return ChildAssessment.trusted(
        child_ref=child.child_ref,
        proposed_outcome=outcome.kind.value,
        decides_family_verdict=plan_ends_by_decision(outcome.kind),
        verdict=judged.verdict,
        verdict_reason=_administrative_note(outcome.administrative_reason, reason),
        counts=judged.counts,
        earliest_ready_date=judged.earliest_ready_date,
        findings=display_order(_differing(findings, family)),
    )


def _differing(findings: list[Finding], family: list[Finding]) -> list[Finding]:
    """The child's findings that say something other than the family's finding of the same
    rule (one per rule in both lists, in the same order)."""
    differing = []
    for finding, of_family in zip(findings, family, strict=True):
        if finding is of_family or (
            finding.outcome is of_family.outcome
            and finding.reason == of_family.reason
            and finding.next_step == of_family.next_step
            and finding.records == of_family.records
            and finding.missing == of_family.missing
            and finding.earliest_met_date == of_family.earliest_met_date
        ):
            continue
        differing.append(finding)
    return differing
