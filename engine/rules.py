"""One rule of the catalogue, read from its YAML file, checked and compiled once."""

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.conditions import CompileContext, Condition, compile_condition
from engine.decision import Decide, decision
from engine.errors import LoadProblem, did_you_mean
from engine.facts import ALL_FACTS, CASE_FACTS
from engine.inputs import ReadInputs, RuleReads, inputs_reader, rule_reads
from engine.parameters import Parameter
from engine.templates import (
    REASON_VALUES,
    DescribeRecord,
    Template,
    parse_template,
    record_describer,
)
from engine.yaml_source import YamlDocument
from models.assessment import Citation, Outcome, Severity

RULE_KEYS = (
    "id",
    "title",
    "severity",
    "description",
    "local_policy",
    "effective_from",
    "effective_to",
    "source",
    "applies_when",
    "requires",
    "shows",
    "reasons",
    "next_step",
)
RULE_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    severity: Severity
    description: str
    local_policy: str | None
    """What in the rule is local policy rather than the paper's words (None: nothing)."""
    effective_from: dt.date
    effective_to: dt.date | None
    applies_when: Condition | None
    requires: Condition
    decide: Decide
    """The outcome, from the truth of `applies_when` and `requires`, and what gathers the
    evidence it rests on."""
    applies_when_data: dict[str, Any] | None
    requires_data: dict[str, Any]
    reasons: Mapping[Outcome, Template]
    next_steps: Mapping[Outcome, Template]
    facts_used: tuple[str, ...]
    reads: RuleReads
    """What the rule reads of a child's facts; `inputs` gives their values."""
    inputs: ReadInputs
    describe_record: Mapping[str, DescribeRecord]
    """By collection, a record's reference in a finding: its ref and the facts the rule reads."""
    possible_outcomes: frozenset[Outcome]
    time_based: bool
    citation: Citation
    source_file: str

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


def build_rule(
    document: YamlDocument, parameters: Mapping[str, Parameter], source_title: str
) -> tuple[Rule | None, list[LoadProblem]]:
    data = document.data
    raw_id = data.get("id") if isinstance(data, dict) else None
    rule_id = raw_id if isinstance(raw_id, str) else None
    context = CompileContext(document, rule_id, parameters)
    if not isinstance(data, dict):
        context.problem((), "a rule file holds one mapping with the keys " + ", ".join(RULE_KEYS))
        return None, context.problems
    _check_keys(data, context)
    if context.problems:
        return None, context.problems
    if rule_id is None or not RULE_ID.match(rule_id):
        context.problem(
            ("id",), "an id is lower-case words joined by hyphens, e.g. sustained-change"
        )
    severity = _severity(data["severity"], context)
    effective_from = _date(data, "effective_from", context)
    effective_to = (
        _date(data, "effective_to", context) if data.get("effective_to") is not None else None
    )
    if effective_from and effective_to and effective_to < effective_from:
        context.problem(("effective_to",), "is before effective_from")
    citation = _citation(data["source"], source_title, context)
    applies_when = None
    if data.get("applies_when") is not None:
        applies_when = compile_condition(data["applies_when"], ("applies_when",), context, {})
    requires = compile_condition(data["requires"], ("requires",), context, {})
    _shows(data.get("shows"), context)
    possible = _possible_outcomes(data, context)
    # After a condition error the possible outcomes are not known: check the texts loosely.
    allowed = possible if not context.problems else set(Outcome)
    reasons = _templates(data, "reasons", possible, allowed, context)
    wanted_steps = possible - {Outcome.MET, Outcome.NOT_APPLICABLE}
    next_steps = _templates(data, "next_step", wanted_steps, allowed, context)
    if effective_from:
        _check_parameters_in_force(effective_from, parameters, context)
    if (
        context.problems
        or requires is None
        or severity is None
        or effective_from is None
        or citation is None
    ):
        return None, context.problems
    assert rule_id is not None
    text_names = [
        name for templates in (reasons, next_steps) for t in templates.values() for name in t.names
    ]
    reads = rule_reads(tuple(context.facts_used), tuple(context.collections_used), text_names)
    return (
        Rule(
            id=rule_id,
            title=str(data["title"]).strip(),
            severity=severity,
            description=" ".join(str(data["description"]).split()),
            local_policy=" ".join(str(data["local_policy"]).split())
            if data.get("local_policy")
            else None,
            effective_from=effective_from,
            effective_to=effective_to,
            applies_when=applies_when,
            requires=requires,
            decide=decision(applies_when, requires),
            applies_when_data=data.get("applies_when"),
            requires_data=data["requires"],
            reasons=reasons,
            next_steps=next_steps,
            facts_used=tuple(context.facts_used),
            reads=reads,
            inputs=inputs_reader(reads),
            describe_record={
                collection: record_describer(collection, ref_fact, shown)
                for collection, (ref_fact, shown) in reads.shown.items()
            },
            possible_outcomes=frozenset(possible),
            time_based=context.time_based,
            citation=citation,
            source_file=document.file,
        ),
        [],
    )


REQUIRED_KEYS = (
    "id",
    "title",
    "severity",
    "description",
    "effective_from",
    "source",
    "requires",
    "reasons",
)


def _check_keys(data: Mapping[str, Any], context: CompileContext) -> None:
    for key in data:
        if key not in RULE_KEYS:
            context.problem((key,), "unknown key", did_you_mean(key, RULE_KEYS))
    for key in REQUIRED_KEYS:
        if key not in data:
            context.problem((), f"missing required key `{key}`")


def _possible_outcomes(data: Mapping[str, Any], context: CompileContext) -> set[Outcome]:
    """What the rule can give: met or not met; not applicable when it has a condition of
    applicability; insufficient information when a fact it reads may be unknown."""
    possible = {Outcome.MET, Outcome.NOT_MET}
    if "applies_when" in data:
        possible.add(Outcome.NOT_APPLICABLE)
    if context.may_be_unknown:
        possible.add(Outcome.INSUFFICIENT_INFORMATION)
    return possible


def _check_parameters_in_force(
    effective_from: dt.date, parameters: Mapping[str, Parameter], context: CompileContext
) -> None:
    for name in context.parameters_used:
        if parameters[name].on(effective_from) is None:
            context.problem(("effective_from",), f"parameter {name} has no value on this date")


def _shows(value: Any, context: CompileContext) -> None:
    """Extra facts of the records a rule quantifies over, shown with each record it names."""
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        context.problem(("shows",), "takes a list of record facts, e.g. [risk.interventions]")
        return
    for index, name in enumerate(value):
        if name not in ALL_FACTS or name.startswith("case."):
            context.problem(
                ("shows", index), f"unknown record fact {name!r}", did_you_mean(name, ALL_FACTS)
            )
            continue
        context.facts_used[name] = None


def _severity(value: Any, context: CompileContext) -> Severity | None:
    try:
        return Severity(value)
    except ValueError:
        options = [severity.value for severity in Severity]
        context.problem(
            ("severity",), f"must be one of {', '.join(options)}", did_you_mean(str(value), options)
        )
        return None


def _date(data: dict[str, Any], key: str, context: CompileContext) -> dt.date | None:
    value = data[key]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    context.problem((key,), "must be a date in the form YYYY-MM-DD")
    return None


def _citation(value: Any, source_title: str, context: CompileContext) -> Citation | None:
    if not isinstance(value, dict) or set(value) != {"section", "quote"}:
        context.problem(
            ("source",), "needs exactly `section` and `quote` (the sentence of the paper)"
        )
        return None
    section, quote = value["section"], value["quote"]
    if not isinstance(section, str) or not isinstance(quote, str) or not quote.strip():
        context.problem(("source",), "`section` and `quote` are text")
        return None
    return Citation(document=source_title, section=section, quote=" ".join(quote.split()))


def _templates(
    data: dict[str, Any],
    key: str,
    required: set[Outcome],
    allowed: set[Outcome],
    context: CompileContext,
) -> dict[Outcome, Template]:
    raw = data.get(key) or {}
    if not isinstance(raw, dict):
        context.problem((key,), "maps outcomes to text")
        return {}
    names = _template_names(context)
    templates: dict[Outcome, Template] = {}
    for outcome_name, text in raw.items():
        try:
            outcome = Outcome(outcome_name)
        except ValueError:
            outcome = None
        if outcome is None or outcome not in allowed:
            options = sorted(o.value for o in allowed)
            context.problem(
                (key, outcome_name),
                f"this rule can only give {', '.join(options)}",
                did_you_mean(str(outcome_name), options),
            )
            continue
        if not isinstance(text, str) or not text.strip():
            context.problem((key, outcome_name), "must be non-empty text")
            continue
        template, message, suggestion = parse_template(" ".join(text.split()), names)
        if template is None:
            context.problem((key, outcome_name), message or "invalid template", suggestion)
            continue
        templates[outcome] = template
    for outcome in sorted(required - set(templates), key=lambda o: o.value):
        context.problem((key,), f"needs a text for the outcome {outcome.value}")
    return templates


def _template_names(context: CompileContext) -> set[str]:
    numbers = (name for name, parameter in context.parameters.items() if parameter.type == "number")
    return {*CASE_FACTS, *(f"param.{name}" for name in numbers), *REASON_VALUES}
