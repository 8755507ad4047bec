"""What children's decisions share is derived once, and sharing changes no child's facts.

`FamilyView.once` and `once_per` derive the family's part of a formula once per case, or once
per key (the start of the child's current plan, the risks on it, ...); a later child with the
same key gets the records and facts derived for an earlier one. A key that left out something
the child's facts depend on would give a later sibling an earlier one's facts, so each child's
facts must be the same whichever sibling comes first.
"""

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from hypothesis import given, settings

from engine import load_ruleset
from engine.facts import CaseFacts, derive_facts
from examples.generate_cohort import generate_cases
from models.case import Case
from tests.strategies import GENERATED_CASES, cases_with_as_of

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
PARAMETERS = load_ruleset().parameters


def _families() -> Iterator[Case]:
    for data in generate_cases(80, 2024):
        yield Case.model_validate(data)
    for line in (EXAMPLES / "paper-cohort.jsonl").read_text().splitlines():
        yield Case.model_validate(json.loads(line))


FAMILIES = [case for case in _families() if len(case.children) > 1]


def _by_child(case: Case, as_of: dt.date) -> dict[str, CaseFacts]:
    return {facts.child_ref: facts for facts in derive_facts(case, as_of, PARAMETERS.on(as_of))}


def _assert_no_sibling_leaks(case: Case, as_of: dt.date) -> None:
    """Each child's facts with each sibling first: a child put first derives its own."""
    children = case.children
    rotations = [children[k:] + children[:k] for k in range(len(children))]
    derived = [_by_child(case.model_copy(update={"children": r}), as_of) for r in rotations]
    for first, rotation in zip(rotations, derived, strict=True):
        own = rotation[first[0].child_ref]
        assert all(other[own.child_ref] == own for other in derived), (
            case.case_ref,
            own.child_ref,
            as_of,
        )


def test_the_cohort_has_families_of_several_children() -> None:
    assert len(FAMILIES) >= 20


def test_siblings_facts_do_not_depend_on_who_comes_first() -> None:
    for case in FAMILIES:
        for days in (-300, -30, 0, 400):
            _assert_no_sibling_leaks(case, case.decision_date + dt.timedelta(days=days))


@settings(GENERATED_CASES, max_examples=150)
@given(cases_with_as_of())
def test_generated_siblings_facts_do_not_depend_on_who_comes_first(
    drawn: tuple[Case, dt.date],
) -> None:
    _assert_no_sibling_leaks(*drawn)
