"""The condition language's three-valued logic and the evidence it reports."""

import datetime as dt
from typing import Any

import pytest
import yaml

from engine.conditions import CompileContext, compile_condition
from engine.evidence import NOT_STARTED, Env
from engine.facts import CaseFacts
from engine.loader import load_ruleset
from engine.values import UNKNOWN
from engine.yaml_source import YamlDocument

AS_OF = dt.date(2024, 3, 14)


def evaluate(
    condition: str, case: dict[str, Any], **collections: list[dict[str, Any]] | None
) -> Any:
    ruleset = load_ruleset(overlay="")
    context = CompileContext(YamlDocument("test.yaml", None), "test", ruleset.parameters.by_name)
    compiled = compile_condition(yaml.safe_load(condition), (), context, {})
    assert compiled is not None, [str(problem) for problem in context.problems]
    facts = CaseFacts(AS_OF, "C1", case, {"risks": [], "adults": [], **collections})
    return compiled.evaluate(Env(facts, ruleset.parameters.on(AS_OF), {}))


@pytest.mark.parametrize(
    ("left", "right", "all_truth", "any_truth"),
    [
        (True, True, True, True),
        (True, False, False, True),
        (True, UNKNOWN, None, True),
        (False, UNKNOWN, False, None),
        (UNKNOWN, UNKNOWN, None, None),
    ],
)
def test_kleene_all_and_any(
    left: Any, right: Any, all_truth: bool | None, any_truth: bool | None
) -> None:
    case = {"case.family_hub_linked": left, "case.universal_support_plan": right}
    parts = (
        "[{fact: case.family_hub_linked, is: true}, {fact: case.universal_support_plan, is: true}]"
    )
    assert evaluate(f"all: {parts}", case).truth is all_truth
    assert evaluate(f"any: {parts}", case).truth is any_truth
    assert evaluate(f"not: {{all: {parts}}}", case).truth is (
        None if all_truth is None else not all_truth
    )


def test_unknown_names_the_missing_field() -> None:
    result = evaluate(
        "{fact: case.family_hub_linked, is: true}", {"case.family_hub_linked": UNKNOWN}
    )
    assert result.truth is None
    assert result.missing == ("proposed_outcome.family_hub_link",)


def adult(ref: str, in_home: Any, police: Any) -> dict[str, Any]:
    return {"adult.ref": ref, "adult.regularly_in_home": in_home, "adult.police_checked": police}


EVERY_ADULT_IN_HOME_CHECKED = """
every: adults
where: {fact: adult.regularly_in_home, is: true}
check: {fact: adult.police_checked, is: true}
"""


def test_every_names_the_failing_records() -> None:
    adults = [adult("A1", True, True), adult("A2", True, False), adult("A3", False, False)]
    result = evaluate(EVERY_ADULT_IN_HOME_CHECKED, {}, adults=adults)
    assert result.truth is False
    assert [bound.record["adult.ref"] for bound in result.records] == ["A2"]


def test_every_is_unknown_when_a_selected_record_lacks_data() -> None:
    adults = [adult("A1", True, True), adult("A2", True, UNKNOWN), adult("A3", UNKNOWN, True)]
    result = evaluate(EVERY_ADULT_IN_HOME_CHECKED, {}, adults=adults)
    assert result.truth is None
    assert result.missing == ("adults[A2].police_check",)


def test_failure_outweighs_unknown() -> None:
    adults = [adult("A1", True, False), adult("A2", True, UNKNOWN)]
    assert evaluate(EVERY_ADULT_IN_HOME_CHECKED, {}, adults=adults).truth is False


def test_unrecorded_collection_is_unknown_not_vacuously_true() -> None:
    condition = "{every: interventions, check: {fact: intervention.completed, is: true}}"
    result = evaluate(condition, {}, interventions=None)
    assert result.truth is None
    assert result.missing == ("interventions",)
    assert evaluate(condition, {}, interventions=[]).truth is True


def test_some_and_none() -> None:
    adults = [adult("A1", False, True), adult("A2", UNKNOWN, True)]
    assert (
        evaluate(
            "{some: adults, where: {fact: adult.regularly_in_home, is: true}}", {}, adults=adults
        ).truth
        is None
    )
    assert (
        evaluate(
            "{none: adults, where: {fact: adult.police_checked, is: true}}", {}, adults=adults
        ).truth
        is False
    )
    assert (
        evaluate(
            "{some: adults, where: {fact: adult.police_checked, is: true}}", {}, adults=adults
        ).truth
        is True
    )


def test_time_based_comparison_gives_the_earliest_date() -> None:
    risks = [
        {
            "risk.ref": "R1",
            "risk.months_sustained": 1,
            "risk.sustained_change_from": dt.date(2024, 1, 31),
        },
        {"risk.ref": "R2", "risk.months_sustained": 0, "risk.sustained_change_from": UNKNOWN},
    ]
    condition = "{every: risks, check: {fact: risk.months_sustained, op: gte, param: sustained_change_months}}"
    result = evaluate(condition, {}, risks=risks)
    assert result.truth is False
    # R2 has not started to change, so no date can be given for the rule.
    assert result.earliest == NOT_STARTED
    assert evaluate(condition, {}, risks=risks[:1]).earliest == dt.date(2024, 4, 30)
