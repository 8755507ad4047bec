"""The chronology of a case: what is on it, as of which date, in which words."""

import datetime as dt
from pathlib import Path

from hypothesis import given, settings

from engine.chronology import EntryKind, Lane, Timeline, chronology
from models.case import Case, parse_case
from tests.strategies import cases_with_as_of

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(name: str) -> Case:
    return parse_case((EXAMPLES / f"{name}.json").read_bytes())


def rows(timeline: Timeline) -> list[tuple[str, str | None, str, str, str | None]]:
    return [
        (
            entry.date.isoformat(),
            entry.end_date.isoformat() if entry.end_date else None,
            entry.kind.value,
            entry.label,
            entry.child_ref,
        )
        for entry in timeline.entries
    ]


def test_the_not_ready_example_at_its_decision_date() -> None:
    case = example("not-ready-step-down")
    timeline = chronology(case, case.decision_date)
    assert timeline.case_ref == "FAM-2024-0173"
    assert timeline.children == ("C1", "C2")
    assert timeline.start == dt.date(2020, 2, 10)
    assert timeline.undated == ()
    assert rows(timeline) == [
        ("2020-02-10", "2021-11-22", "cp_plan", "CP plan P-0173-1a: emotional abuse", "C1"),
        ("2023-01-01", None, "worker", "Team manager TM-31", None),
        (
            "2023-05-18",
            None,
            "risk",
            "Risk R1: domestic abuse, about A2 (partner); reducing",
            None,
        ),
        ("2023-05-18", "2023-12-04", "risk", "Risk R2: parental mental health; resolved", None),
        ("2023-05-18", "2023-10-31", "worker", "Social worker SW-114", None),
        ("2023-06-05", None, "cp_plan", "CP plan P-0173-2a: emotional abuse", "C1"),
        ("2023-06-05", None, "cp_plan", "CP plan P-0173-2b: emotional abuse", "C2"),
        ("2023-06-05", None, "worker", "CP chair CH-08", None),
        ("2023-06-05", None, "conference", "Initial child protection conference CF-1", None),
        (
            "2023-06-20",
            "2023-11-30",
            "intervention",
            "Intervention I3: GP for risk R2; completed",
            None,
        ),
        (
            "2023-07-03",
            "2023-12-15",
            "intervention",
            "Intervention I2: domestic abuse victim service for risk R1; completed",
            None,
        ),
        (
            "2023-09-01",
            None,
            "sustained_change",
            "Sustained change on risk R2 (parental mental health) from this date",
            None,
        ),
        ("2023-09-04", None, "conference", "Review child protection conference CF-2", None),
        (
            "2023-09-11",
            None,
            "intervention",
            "Intervention I1: domestic abuse perpetrator service for risk R1; in progress",
            None,
        ),
        ("2023-10-02", None, "engagement", "Missed visit by A2 (partner)", None),
        ("2023-11-01", None, "worker", "Social worker SW-207", None),
        ("2023-11-20", None, "risk_status", "Risk R1 recorded as reducing", None),
        ("2023-12-04", None, "risk_status", "Risk R2 recorded as resolved", None),
        (
            "2024-01-29",
            None,
            "sustained_change",
            "Sustained change on risk R1 (domestic abuse) from this date",
            None,
        ),
        ("2024-01-29", None, "engagement", "Disengaged from intervention by A2 (partner)", None),
        ("2024-03-14", None, "conference", "Review child protection conference CF-3", None),
    ]
    lanes = {entry.lane for entry in timeline.entries if entry.child_ref is None}
    assert lanes == {Lane.FAMILY}
    assert {e.lane for e in timeline.entries if e.kind is EntryKind.CP_PLAN} == {Lane.CHILD}


def test_as_of_an_earlier_date_later_records_and_ends_are_not_yet_known() -> None:
    case = example("not-ready-step-down")
    timeline = chronology(case, dt.date(2023, 10, 15))
    by_ref = {entry.ref: entry for entry in timeline.entries if entry.span}
    # R2 is resolved on 4 December 2023: on 15 October it was active, and still open.
    assert by_ref["R2"].label == "Risk R2: parental mental health; active"
    assert by_ref["R2"].open
    # I2 completed on 15 December 2023: in progress then.
    assert by_ref["I2"].end_date is None
    assert by_ref["I2"].label.endswith("; in progress")
    assert by_ref["SW-114"].end_date is None
    kinds = [entry.kind for entry in timeline.entries]
    assert EntryKind.RISK_STATUS not in kinds
    assert "SW-207" not in by_ref
    assert max(entry.date for entry in timeline.entries) == dt.date(2023, 10, 2)


def test_an_intervention_without_a_start_date_is_listed_as_undated() -> None:
    data = example("not-ready-step-down").model_dump(mode="json")
    data["interventions"].append(
        {
            "intervention_ref": "I9",
            "provider_type": "parenting_programme",
            "addresses_risks": ["R1"],
            "status": "planned",
        }
    )
    case = Case.model_validate(data)
    timeline = chronology(case, case.decision_date)
    assert timeline.undated == ("Intervention I9 (parenting programme): no start date recorded",)
    assert "I9" not in {entry.ref for entry in timeline.entries}


def test_a_cin_plan_and_a_transfer_in_plan_are_named() -> None:
    data = example("not-ready-step-down").model_dump(mode="json")
    data["children"][1]["cp_plans"][0]["transfer_in"] = True
    data["children"][0]["cin_plan"] = {
        "start_date": "2021-11-22",
        "end_date": "2022-03-01",
        "closure_reason": "parental_request",
    }
    case = Case.model_validate(data)
    child_entries = [e for e in chronology(case, case.decision_date).entries if e.child_ref]
    assert [(e.child_ref, e.kind.value, e.label) for e in child_entries] == [
        ("C1", "cp_plan", "CP plan P-0173-1a: emotional abuse"),
        ("C1", "cin_plan", "CIN plan, closed at parental request"),
        ("C1", "cp_plan", "CP plan P-0173-2a: emotional abuse"),
        (
            "C2",
            "cp_plan",
            "CP plan P-0173-2b: emotional abuse, continuing a plan from another authority",
        ),
    ]


@settings(max_examples=60, deadline=None)
@given(cases_with_as_of())
def test_every_entry_lies_within_the_as_of_date_and_in_order(drawn: tuple[Case, dt.date]) -> None:
    case, as_of = drawn
    timeline = chronology(case, as_of)
    dates = [entry.date for entry in timeline.entries]
    assert dates == sorted(dates)
    for entry in timeline.entries:
        assert entry.date <= as_of
        assert entry.end_date is None or entry.date <= entry.end_date <= as_of
        assert entry.end_date is None or entry.span
        assert (entry.lane is Lane.CHILD) == (entry.child_ref is not None)
        assert entry.label
        assert "_" not in entry.label
