"""Reading the decision form against the assessment: every child decided, an override needs a
position and a justification, and each problem is named without repeating what was typed."""

import functools
from pathlib import Path

from api.pages.decision_form import (
    children_name,
    decision_name,
    justification_name,
    override_items,
    position_name,
    read_decision,
)
from engine import load_ruleset
from models.assessment import Assessment, Outcome
from models.case import Case
from models.chair_decisions import JUSTIFICATION_LENGTH
from models.decisions import ChildDecision, OverrideEntry

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
SECRET = "Mother's new partner named as Mr X"  # stands for case content in a justification


@functools.cache
def assessment(name: str = "not-ready-step-down") -> Assessment:
    case = Case.model_validate_json((EXAMPLES / f"{name}.json").read_text())
    return load_ruleset().assess(case)


def form(**fields: str | list[str]) -> dict[str, list[str]]:
    base: dict[str, str | list[str]] = {
        decision_name("C1"): "deplan",
        decision_name("C2"): "continue",
        "revision": "0",
    }
    base.update({k.replace("__", "/").replace("_", "-"): v for k, v in fields.items()})
    return {k: v if isinstance(v, list) else [v] for k, v in base.items()}


def test_the_items_are_the_rules_standing_against_de_planning() -> None:
    items = override_items(assessment())
    family = [
        f.rule_id
        for f in assessment().findings
        if f.outcome in (Outcome.NOT_MET, Outcome.INSUFFICIENT_INFORMATION)
    ]
    assert [item.rule_id for item in items] == family
    mappa = next(item for item in items if item.rule_id == "probation-mappa-check")
    assert mappa.engine_outcomes == {"C1": Outcome.NOT_MET, "C2": Outcome.NOT_MET}
    assert Outcome.NOT_MET not in mappa.positions, "the engine's own outcome is no override"
    assert Outcome.INSUFFICIENT_INFORMATION not in mappa.positions


def test_a_complete_decision_with_an_override() -> None:
    entry, errors, _ = read_decision(
        assessment(),
        form(
            position__probation_mappa_check="met",
            children__probation_mappa_check=["C1"],
            justification__probation_mappa_check=f"  {SECRET}  ",
        ),
    )
    assert errors == []
    assert entry is not None
    assert entry.children == {"C1": ChildDecision.DEPLAN, "C2": ChildDecision.CONTINUE}
    assert entry.overrides == [
        OverrideEntry(
            child_ref="C1",
            rule_id="probation-mappa-check",
            position=Outcome.MET,
            justification=SECRET,
        )
    ]


def test_an_override_without_justification_is_an_error_naming_the_field() -> None:
    entry, errors, items = read_decision(
        assessment(),
        form(position__probation_mappa_check="met", children__probation_mappa_check=["C1", "C2"]),
    )
    assert entry is None
    assert [(e.field_id, e.message) for e in errors] == [
        (
            justification_name("probation-mappa-check"),
            "Give your justification for overruling “Probation consulted and MAPPA status "
            "established for alleged perpetrators of abuse or violence”.",
        )
    ]
    mappa = next(item for item in items if item.rule_id == "probation-mappa-check")
    assert (mappa.position, mappa.children) == ("met", ["C1", "C2"]), "kept to show again"


def test_every_problem_is_named_and_nothing_typed_is_repeated() -> None:
    too_long = "x" * (JUSTIFICATION_LENGTH + 1)
    entry, errors, items = read_decision(
        assessment(),
        {
            decision_name("C1"): ["maybe"],
            "revision": ["0"],
            justification_name("sustained-change"): [SECRET],
            position_name("probation-mappa-check"): ["met"],
            justification_name("probation-mappa-check"): [too_long],
            position_name("risk-interventions-complete"): ["not_met"],
            children_name("risk-interventions-complete"): ["C1"],
            justification_name("risk-interventions-complete"): [SECRET],
        },
    )
    assert entry is None
    fields = [e.field_id for e in errors]
    assert fields == [
        "decision/C1/deplan",
        "decision/C2/deplan",
        position_name("sustained-change"),
        position_name("risk-interventions-complete"),
        "children/probation-mappa-check/C1",
        justification_name("probation-mappa-check"),
    ]
    assert all(SECRET not in e.message and "xxx" not in e.message for e in errors)
    assert errors[3].message.startswith("Choose a position on"), "not met is not offered"
    assert "2,000 characters or fewer (it has 2,001)" in errors[5].message
    kept = {item.rule_id: item.justification for item in items}
    assert kept["sustained-change"] == SECRET


def test_a_stale_or_missing_revision_is_refused() -> None:
    _, errors, _ = read_decision(assessment(), form(revision="x"))
    assert [e.field_id for e in errors] == ["revision"]


def test_an_override_for_one_child_needs_no_tick() -> None:
    siblings = assessment("sibling-step-down-and-continue")
    item = next(i for i in override_items(siblings) if i.rule_id == "chronology-genogram-at-icpc")
    assert item.engine_outcomes == {"C1": Outcome.NOT_MET}, "C2 meets it: only C1's stands"
    entry, errors, _ = read_decision(
        siblings,
        {
            decision_name("C1"): ["deplan"],
            decision_name("C2"): ["continue"],
            "revision": ["3"],
            position_name(item.rule_id): ["not_applicable"],
            justification_name(item.rule_id): ["Reason given at conference."],
        },
    )
    assert errors == []
    assert entry is not None
    assert entry.revision == 3
    assert [(o.child_ref, o.rule_id) for o in entry.overrides] == [("C1", item.rule_id)]


def test_line_breaks_count_once_as_the_browser_counts_them() -> None:
    text = ("a" * 99 + "\r\n") * 20  # 2,000 characters in the browser, 2,020 as sent
    entry, errors, _ = read_decision(
        assessment(),
        form(
            position__probation_mappa_check="met",
            children__probation_mappa_check=["C1"],
            justification__probation_mappa_check=text,
        ),
    )
    assert errors == []
    assert entry is not None
    assert entry.overrides[0].justification == text.replace("\r\n", "\n").strip()
