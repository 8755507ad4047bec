"""The decision form: what it asks for an assessment, and reading what the chair submitted.

Per child, de-plan or continue. Per rule that stands against de-planning for some child (not
met, or insufficient information), the chair may overrule it: a position, the children it is
overruled for (when several), and a justification, required. The form is read against the
assessment, never trusted: unknown names are ignored, every problem is named in plain words
(never repeating what was typed), and what was typed is shown again, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from api.pages.render import FieldProblem
from models.assessment import Assessment, Finding, Outcome
from models.chair_decisions import JUSTIFICATION_LENGTH
from models.decisions import (
    OVERRULABLE,
    POSITIONS,
    ChildDecision,
    DecisionEntry,
    DecisionView,
    OverrideEntry,
    overrulable,
)

Submitted = Mapping[str, Sequence[str]]
"""The form as posted: each name with its values."""

POSITION_WORDS = {
    Outcome.MET: "met",
    Outcome.NOT_MET: "not met",
    Outcome.NOT_APPLICABLE: "not applicable",
}


def decision_name(child_ref: str) -> str:
    return f"decision/{child_ref}"


def position_name(rule_id: str) -> str:
    return f"position/{rule_id}"


def children_name(rule_id: str) -> str:
    return f"children/{rule_id}"


def justification_name(rule_id: str) -> str:
    return f"justification/{rule_id}"


@dataclass(frozen=True, slots=True)
class OverrideItem:
    """One rule the chair may overrule, with the children it stands against."""

    rule_id: str
    finding: Finding
    """The family's finding (or the first child's, for a rule that differs by child)."""
    engine_outcomes: dict[str, Outcome]
    """Per child it may be overruled for, the engine's outcome."""
    positions: list[Outcome]
    """The positions offered: any the chair may hold but the engine's own."""
    position: str = ""
    children: list[str] = field(default_factory=list)
    justification: str = ""


def override_items(assessment: Assessment) -> list[OverrideItem]:
    """The rules that some child's findings leave not met or short of information, in the
    order of the family's findings."""
    engine_outcomes: dict[str, dict[str, Outcome]] = {}
    first: dict[str, Finding] = {}
    for child in assessment.children:
        for finding in overrulable(assessment, child.child_ref):
            engine_outcomes.setdefault(finding.rule_id, {})[child.child_ref] = finding.outcome
            first.setdefault(finding.rule_id, finding)
    items = []
    for finding in assessment.findings:
        outcomes = engine_outcomes.get(finding.rule_id)
        if outcomes is None:
            continue
        held = set(outcomes.values())
        items.append(
            OverrideItem(
                rule_id=finding.rule_id,
                finding=finding if finding.outcome in OVERRULABLE else first[finding.rule_id],
                engine_outcomes=outcomes,
                positions=[p for p in POSITIONS if held != {p}],
            )
        )
    return items


def filled(items: Sequence[OverrideItem], decision: DecisionView | None) -> list[OverrideItem]:
    """The items as the decision in force left them (to correct it)."""
    if decision is None:
        return list(items)
    result = []
    for item in items:
        mine = [o for o in decision.overrides if o.rule_id == item.rule_id]
        if not mine:
            result.append(item)
            continue
        result.append(
            OverrideItem(
                rule_id=item.rule_id,
                finding=item.finding,
                engine_outcomes=item.engine_outcomes,
                positions=item.positions,
                position=mine[0].chair_position.value,
                children=[o.child_ref for o in mine if o.child_ref in item.engine_outcomes],
                justification=mine[0].justification or "",
            )
        )
    return result


def read_decision(
    assessment: Assessment, form: Submitted
) -> tuple[DecisionEntry | None, list[FieldProblem], list[OverrideItem]]:
    """The entry when the form is complete, the errors otherwise, and the items as
    submitted (to show the form again)."""
    errors: list[FieldProblem] = []
    children: dict[str, ChildDecision] = {}
    for child in assessment.children:
        value = _one(form, decision_name(child.child_ref))
        if value in {d.value for d in ChildDecision}:
            children[child.child_ref] = ChildDecision(value)
        else:
            errors.append(
                FieldProblem(
                    f"{decision_name(child.child_ref)}/{ChildDecision.DEPLAN.value}",
                    f"Choose de-plan or continue for child {child.child_ref}.",
                )
            )
    overrides: list[OverrideEntry] = []
    items: list[OverrideItem] = []
    for item in override_items(assessment):
        submitted = _submitted(item, form)
        items.append(submitted)
        entries, problems = _overrides(submitted)
        overrides += entries
        errors += problems
    revision = _one(form, "revision")
    if not revision.isdigit() or len(revision) > 9:
        errors.append(FieldProblem("revision", "The form is out of date: open it again."))
    if errors:
        return None, errors, items
    entry = DecisionEntry(children=children, overrides=overrides, revision=int(revision))
    return entry, [], items


def _submitted(item: OverrideItem, form: Submitted) -> OverrideItem:
    chosen = form.get(children_name(item.rule_id), [])
    return OverrideItem(
        rule_id=item.rule_id,
        finding=item.finding,
        engine_outcomes=item.engine_outcomes,
        positions=item.positions,
        position=_one(form, position_name(item.rule_id)),
        children=[ref for ref in item.engine_outcomes if ref in chosen],
        # Browsers count a line break as one character against `maxlength` but send "\r\n".
        justification=_one(form, justification_name(item.rule_id)).replace("\r\n", "\n").strip(),
    )


def _overrides(item: OverrideItem) -> tuple[list[OverrideEntry], list[FieldProblem]]:
    title = f"“{item.finding.title}”"
    if not item.position:
        if item.justification:
            return [], [
                FieldProblem(
                    position_name(item.rule_id),
                    f"Choose your position on {title}, or clear its justification.",
                )
            ]
        return [], []
    if item.position not in {p.value for p in item.positions}:
        return [], [FieldProblem(position_name(item.rule_id), f"Choose a position on {title}.")]
    position = Outcome(item.position)
    # With one child the choice is implied; with several the chair ticks whom it is for.
    children = item.children if len(item.engine_outcomes) > 1 else list(item.engine_outcomes)
    errors = []
    if not children:
        errors.append(
            FieldProblem(
                f"{children_name(item.rule_id)}/{next(iter(item.engine_outcomes))}",
                f"Choose the children you overrule {title} for.",
            )
        )
    same = [ref for ref in children if item.engine_outcomes[ref] is position]
    if same:
        errors.append(
            FieldProblem(
                position_name(item.rule_id),
                f"{title} is already {POSITION_WORDS[position]} for child "
                f"{', '.join(same)}: choose another position, or untick the child.",
            )
        )
    if not item.justification:
        errors.append(
            FieldProblem(
                justification_name(item.rule_id),
                f"Give your justification for overruling {title}.",
            )
        )
    elif len(item.justification) > JUSTIFICATION_LENGTH:
        errors.append(
            FieldProblem(
                justification_name(item.rule_id),
                f"The justification for overruling {title} must be {JUSTIFICATION_LENGTH:,} "
                f"characters or fewer (it has {len(item.justification):,}).",
            )
        )
    if errors:
        return [], errors
    return [
        OverrideEntry(
            child_ref=ref,
            rule_id=item.rule_id,
            position=position,
            justification=item.justification,
        )
        for ref in children
    ], []


def _one(form: Submitted, name: str) -> str:
    values = form.get(name, [])
    return values[0] if values else ""
