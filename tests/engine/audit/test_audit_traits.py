"""The characteristics the re-audit counts families by (`report.yaml`'s `has:` steps): yes,
no or not recorded, each read as at the decision date."""

import datetime as dt
from pathlib import Path

from engine.audit.context import audit_context
from engine.audit.traits import any_of, known_trait, trait
from models.case import Case

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
TRIO = {"domestic abuse": ("domestic_abuse",), "mental health": ("parental_mental_health",)}


def example(name: str) -> Case:
    return Case.model_validate_json((EXAMPLES / name).read_text(encoding="utf-8"))


def test_any_of_is_yes_no_or_not_recorded() -> None:
    assert any_of([False, None, True]) is True
    assert any_of([False, False]) is False
    assert any_of([False, None]) is None
    assert any_of([]) is False


def test_the_closure_example_reads_as_recorded() -> None:
    case = example("parental-request-closure.json")
    context = audit_context(case)
    # The father declined a service during the plan.
    assert trait(context, "non_engagement", TRIO) is True
    # The mother's history was considered; neither parent's care experience is recorded.
    assert trait(context, "parental_history_considered", TRIO) is True
    assert trait(context, "care_experienced_parent", TRIO) is None
    # The father's recorded harm is to adults only, and the mother's is not recorded.
    assert trait(context, "physical_harm_to_children_before", TRIO) is None
    # It returned; no risk of the return is recorded, but its plans are in the same
    # category (emotional abuse) as the plans ended.
    assert trait(context, "returned", TRIO) is True
    assert trait(context, "returned_for_other_risk", TRIO) is False
    assert trait(context, "risk:domestic_abuse", TRIO) is True
    assert trait(context, "no_toxic_trio", TRIO) is False
    assert trait(context, "social_worker_change", TRIO) is True


def test_non_engagement_before_the_plan_or_after_the_decision_does_not_count() -> None:
    case = example("parental-request-closure.json")
    assert case.engagement_events is not None
    outside = [
        event.model_copy(update={"date": day})
        for event in case.engagement_events
        for day in (dt.date(2020, 1, 6), case.decision_date + dt.timedelta(days=1))
    ]
    moved = case.model_copy(update={"engagement_events": outside})
    assert trait(audit_context(moved), "non_engagement", TRIO) is False
    unrecorded = case.model_copy(update={"engagement_events": None})
    assert trait(audit_context(unrecorded), "non_engagement", TRIO) is None


def test_a_return_for_another_kind_of_risk() -> None:
    case = example("parental-request-closure.json")
    assert case.risks is not None
    later = case.risks[0].model_copy(
        update={"risk_ref": "R9", "kind": "neglect", "identified_date": dt.date(2024, 11, 4)}
    )
    other = case.model_copy(update={"risks": [*case.risks, later]})
    assert trait(audit_context(other), "returned_for_other_risk", TRIO) is True
    again = later.model_copy(update={"kind": case.risks[0].kind})
    same = case.model_copy(update={"risks": [*case.risks, again]})
    assert trait(audit_context(same), "returned_for_other_risk", TRIO) is False


def test_known_traits() -> None:
    assert known_trait("risk:neglect")
    assert known_trait("non_engagement")
    assert not known_trait("risk:gin")
    assert not known_trait("anything")


def test_without_the_returns_risks_its_plans_categories_tell() -> None:
    case = example("parental-request-closure.json")

    def returning_in(category: str) -> Case:
        children = [
            child.model_copy(
                update={
                    "cp_plans": [
                        plan
                        if plan.start_date <= case.decision_date
                        else plan.model_copy(update={"category": category})
                        for plan in child.cp_plans
                    ]
                }
            )
            for child in case.children
        ]
        return case.model_copy(update={"children": children})

    assert trait(audit_context(returning_in("NEG")), "returned_for_other_risk", TRIO) is True
    assert trait(audit_context(returning_in("MUL")), "returned_for_other_risk", TRIO) is None
