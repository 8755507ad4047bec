"""The import from extract to cases: decisions, per-child outcomes, risks, workers,
conferences; messy files; unusable rows reported without values; refs stable by key."""

import json
from pathlib import Path
from typing import Any

import pytest

from engine.ssd.importer import ImportRequest, run_import
from engine.ssd.problems import ImportInputError
from engine.ssd.pseudonym import Pseudonymiser
from engine.ssd.report import ImportReport
from tests.engine.ssd.extract import BASE, KEY, Table, day_first, write_extract, write_table

REFS = Pseudonymiser(KEY)


def _import(folder: Path, key: bytes = KEY) -> tuple[list[dict[str, Any]], ImportReport]:
    out = folder.parent / f"{folder.name}-cases.jsonl"
    report = run_import(ImportRequest(folder, out, key, out.with_suffix(".problems.csv")))
    return [json.loads(line) for line in out.read_text().splitlines()], report


def _child(case: dict[str, Any], person: str) -> dict[str, Any]:
    ref = REFS.ref("person", person)
    return next(child for child in case["children"] if child["child_ref"] == ref)


def test_one_case_per_family_per_decision_with_each_childs_outcome(tmp_path: Path) -> None:
    cases, report = _import(write_extract(tmp_path / "ssd"))
    assert [case["decision_date"] for case in cases] == ["2021-11-22", "2022-05-23"]
    family = REFS.ref("family", "family:F1")
    assert [case["case_ref"] for case in cases] == [f"{family}-20211122", f"{family}-20220523"]
    first, second = cases

    older = _child(first, "P1")
    assert older["outcome"] == {"kind": "step_down_to_cin"}
    assert older["cp_plans"] == [
        {
            "plan_ref": REFS.ref("plan", "CP1"),
            "start_date": "2021-03-15",
            "end_date": "2021-11-22",
            "category": "NEG",
            "transfer_in": False,
        },
        {"plan_ref": REFS.ref("plan", "CP3"), "start_date": "2023-01-16", "category": "NEG"},
    ]
    younger = _child(first, "P2")
    assert younger["outcome"] == {"kind": "continue_plan"}
    assert younger["cp_plans"] == [
        {
            "plan_ref": REFS.ref("plan", "CP2"),
            "start_date": "2021-03-15",
            "category": "EMO",
            "transfer_in": True,
        }
    ]
    assert first["proposed_outcome"] == {"kind": "step_down_to_cin"}
    assert "adults" not in first

    # the younger child's plan ended at a review without an outcome, held on its end date
    assert _child(second, "P2")["outcome"] == {"kind": "close"}
    assert "outcome" not in _child(second, "P1")
    assert second["proposed_outcome"] == {"kind": "close"}
    assert report.decisions == 2
    assert report.cases_written == 2
    assert report.families == 1
    assert report.children == 2


def test_risks_come_from_plan_categories_and_assessment_factors(tmp_path: Path) -> None:
    first = _import(write_extract(tmp_path / "ssd"))[0][0]
    both = sorted([REFS.ref("person", "P1"), REFS.ref("person", "P2")])
    risks = {risk["kind"]: risk for risk in first["risks"]}
    assert risks["domestic_abuse"] == {
        "risk_ref": "R-domestic_abuse",
        "kind": "domestic_abuse",
        "original": True,
        "identified_date": "2021-02-20",
        "children": both,
    }
    assert risks["parental_drug_misuse"]["original"] is False  # first assessed mid-plan
    assert risks["parental_drug_misuse"]["identified_date"] == "2021-09-14"
    assert set(risks) == {
        "domestic_abuse",
        "parental_mental_health",
        "parental_drug_misuse",
        "neglect",
        "emotional_harm",
    }
    assert all("status" not in risk for risk in first["risks"])


def test_workers_by_role_and_conferences_once_per_family(tmp_path: Path) -> None:
    first = _import(write_extract(tmp_path / "ssd"))[0][0]
    assert first["allocations"] == [
        {
            "role": "social_worker",
            "worker_ref": REFS.ref("worker", "W1"),
            "start_date": "2021-02-15",
            "end_date": "2021-07-31",
        },
        {
            "role": "team_manager",
            "worker_ref": REFS.ref("worker", "W3"),
            "start_date": "2021-02-15",
        },
        {
            "role": "social_worker",
            "worker_ref": REFS.ref("worker", "W2"),
            "start_date": "2021-08-01",
        },
    ]
    assert [(c["kind"], c["date"]) for c in first["conferences"]] == [
        ("icpc", "2021-03-15"),
        ("rcpc", "2021-06-14"),
        ("rcpc", "2021-11-22"),
    ]


def test_optional_tables_missing_leave_their_inputs_not_recorded(tmp_path: Path) -> None:
    required = {
        name: BASE[name] for name in ("ssd_person", "ssd_family", "ssd_cp_plans", "ssd_cp_reviews")
    }
    cases, report = _import(write_extract(tmp_path / "ssd", required))
    assert len(cases) == 2
    assert all("allocations" not in case for case in cases)
    assert all(
        "transfer_in" not in plan for c in cases for ch in c["children"] for plan in ch["cp_plans"]
    )
    assert {risk["kind"] for risk in cases[0]["risks"]} == {"neglect", "emotional_harm"}
    assert "ssd_involvements.csv" in report.optional_files_missing
    assert "allocations" not in report.to_json()["inputs_supplied"]["cases"]


def test_day_first_dates_bom_and_windows_line_endings_give_the_same_cases(tmp_path: Path) -> None:
    plain, _ = _import(write_extract(tmp_path / "plain"))
    messy = write_extract(tmp_path / "messy")
    write_table(
        messy,
        "ssd_cp_reviews",
        day_first(BASE["ssd_cp_reviews"], "cppr_cp_review_date"),
        bom=True,
        crlf=True,
    )
    involvements = day_first(
        BASE["ssd_involvements"], "invo_involvement_start_date", "invo_involvement_end_date"
    )
    write_table(messy, "ssd_involvements", involvements, crlf=True)
    cases, report = _import(messy)
    assert cases == plain
    assert report.files["ssd_cp_reviews.csv"]["date_formats"] == {
        "cppr_cp_review_date": "DD/MM/YYYY"
    }


def test_an_ambiguous_date_column_stops_the_import_naming_file_and_column(tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "ssd")
    rows = [dict(row, cppr_cp_review_date="05/06/2021") for row in BASE["ssd_cp_reviews"]]
    write_table(folder, "ssd_cp_reviews", rows)
    out = tmp_path / "cases.jsonl"
    with pytest.raises(ImportInputError) as raised:
        run_import(ImportRequest(folder, out, KEY))
    assert str(raised.value).startswith("ssd_cp_reviews.csv, column cppr_cp_review_date: ambiguous")
    assert not out.exists()


def test_a_missing_required_file_is_named(tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "ssd")
    (folder / "ssd_cp_reviews.csv").unlink()
    with pytest.raises(ImportInputError, match=r"the extract lacks ssd_cp_reviews\.csv$"):
        run_import(ImportRequest(folder, tmp_path / "cases.jsonl", KEY))


def _with(rows: Table, *extra: dict[str, str]) -> Table:
    return [*rows, *extra]


def test_unusable_rows_are_reported_by_place_and_reason_never_value(tmp_path: Path) -> None:
    tables = dict(BASE)
    tables["ssd_cp_plans"] = _with(
        BASE["ssd_cp_plans"],
        {
            "cppl_cp_plan_id": "CP9",
            "cppl_person_id": "P2",
            "cppl_cp_plan_start_date": "2021-02-30",
            "cppl_cp_plan_latest_category": "Neglect",
        },
        {
            "cppl_cp_plan_id": "CP8",
            "cppl_person_id": "P2",
            "cppl_cp_plan_start_date": "2021-04-01",
            "cppl_cp_plan_latest_category": "Wandering",
        },
    )
    tables["ssd_cp_reviews"] = _with(
        BASE["ssd_cp_reviews"],
        {
            "cppr_cp_review_id": "R9",
            "cppr_cp_plan_id": "CPX",
            "cppr_cp_review_date": "2021-06-14",
            "cppr_cp_review_outcome": "Y",
        },
        BASE["ssd_cp_reviews"][0],
    )
    tables["ssd_involvements"] = _with(
        BASE["ssd_involvements"],
        {
            "invo_professional_id": "W7",
            "invo_professional_role_id": "Team Manager",
            "invo_involvement_start_date": "2021-02-15",
            "invo_involvement_end_date": "",
            "invo_person_id": "Ghost77",
        },
    )
    tables["ssd_assessment_factors"] = _with(
        BASE["ssd_assessment_factors"],
        {"cinf_assessment_id": "A1", "cinf_assessment_factors_json": "drugs and drink"},
    )
    folder = write_extract(tmp_path / "ssd", tables)
    cases, report = _import(folder)
    assert len(cases) == 2  # the good rows are all used
    assert [p.as_json() for p in report.problems.first] == [
        {
            "file": "ssd_cp_plans.csv",
            "line": 5,
            "column": "cppl_cp_plan_start_date",
            "why": "is not a date (YYYY-MM-DD)",
        },
        {
            "file": "ssd_cp_plans.csv",
            "line": 6,
            "column": "cppl_cp_plan_latest_category",
            "why": "is not a category of abuse",
        },
        {
            "file": "ssd_cp_plans.csv",
            "line": 6,
            "column": "cppl_cp_plan_latest_category",
            "why": "has no category of abuse the plan can use",
        },
        {
            "file": "ssd_cp_reviews.csv",
            "line": 7,
            "column": "cppr_cp_plan_id",
            "why": "refers to a CP plan not in ssd_cp_plans",
        },
        {
            "file": "ssd_involvements.csv",
            "line": 7,
            "column": "invo_person_id",
            "why": "refers to a person not in ssd_person",
        },
        {
            "file": "ssd_assessment_factors.csv",
            "line": 5,
            "column": "cinf_assessment_factors_json",
            "why": "is not a list of assessment factor codes",
        },
    ]
    assert report.duplicate_rows == {"ssd_cp_reviews.csv": 1}
    written = json.dumps(report.to_json()) + (folder.parent / "ssd-cases.problems.csv").read_text()
    for value in ("2021-02-30", "Wandering", "CPX", "Ghost77", "drugs and drink", "CP9", "W7"):
        assert value not in written


def test_the_same_family_keeps_its_ref_across_imports(tmp_path: Path) -> None:
    first, _ = _import(write_extract(tmp_path / "first"))
    tables = dict(BASE)
    tables["ssd_person"] = [*BASE["ssd_person"], {"pers_person_id": "P4"}]
    tables["ssd_family"] = [{"fami_family_id": "F2", "fami_person_id": "P4"}, *BASE["ssd_family"]]
    tables["ssd_cp_plans"] = [
        {
            "cppl_cp_plan_id": "CP4",
            "cppl_person_id": "P4",
            "cppl_cp_plan_start_date": "2022-01-10",
            "cppl_cp_plan_end_date": "2022-07-11",
            "cppl_cp_plan_latest_category": "PHY",
        },
        *reversed(BASE["ssd_cp_plans"]),
    ]
    tables["ssd_cp_reviews"] = [
        *BASE["ssd_cp_reviews"],
        {
            "cppr_cp_review_id": "R8",
            "cppr_cp_plan_id": "CP4",
            "cppr_cp_review_date": "2022-07-11",
            "cppr_cp_review_outcome": "N",
        },
    ]
    second, _ = _import(write_extract(tmp_path / "second", tables))
    refs = {case["case_ref"] for case in second}
    assert {case["case_ref"] for case in first} < refs
    assert [case for case in second if case["case_ref"] in {c["case_ref"] for c in first}] == first
    other_key, _ = _import(write_extract(tmp_path / "third"), key=b"another-key-0123456789")
    assert not {case["case_ref"] for case in other_key} & refs


def test_a_transfer_or_death_soon_after_is_an_administrative_end(tmp_path: Path) -> None:
    tables = dict(BASE)
    del tables["ssd_cin_plans"]
    tables["ssd_cin_episodes"] = [
        {"cine_person_id": "P1", "cine_close_reason": "RC5", "cine_close_date": "2021-12-20"}
    ]
    first = _import(write_extract(tmp_path / "ssd", tables))[0][0]
    assert _child(first, "P1")["outcome"] == {
        "kind": "administrative_end",
        "administrative_reason": "transferred_to_another_authority",
    }
    assert first["proposed_outcome"] == _child(first, "P1")["outcome"]


def test_a_child_the_family_table_misses_is_a_family_of_one(tmp_path: Path) -> None:
    tables = dict(BASE)
    tables["ssd_family"] = [row for row in BASE["ssd_family"] if row["fami_person_id"] != "P2"]
    cases, report = _import(write_extract(tmp_path / "ssd", tables))
    assert report.families == 2
    solo = REFS.ref("family", "person:P2")
    assert [c["case_ref"] for c in cases if c["case_ref"].startswith(solo)] == [f"{solo}-20220523"]


def test_a_plan_whose_recorded_end_precedes_its_ending_review_is_still_that_decision(
    tmp_path: Path,
) -> None:
    tables = dict(BASE)
    tables["ssd_cp_plans"] = [
        dict(row, cppl_cp_plan_end_date="2021-11-19") if row["cppl_cp_plan_id"] == "CP1" else row
        for row in BASE["ssd_cp_plans"]
    ]
    first = _import(write_extract(tmp_path / "ssd", tables))[0][0]
    assert first["decision_date"] == "2021-11-22"
    assert _child(first, "P1")["outcome"] == {"kind": "step_down_to_cin"}
    assert _child(first, "P1")["cp_plans"][0]["end_date"] == "2021-11-19"


def test_a_risk_recorded_only_for_someone_off_plan_names_no_child(tmp_path: Path) -> None:
    tables = dict(BASE)
    tables["ssd_cin_assessments"] = _with(
        BASE["ssd_cin_assessments"],
        {
            "cina_assessment_id": "A4",
            "cina_person_id": "P3",
            "cina_assessment_auth_date": "2021-02-20",
        },
    )
    tables["ssd_assessment_factors"] = _with(
        BASE["ssd_assessment_factors"],
        {"cinf_assessment_id": "A4", "cinf_assessment_factors_json": '["1B"]'},
    )
    first = _import(write_extract(tmp_path / "ssd", tables))[0][0]
    alcohol = next(r for r in first["risks"] if r["kind"] == "parental_alcohol_misuse")
    assert "children" not in alcohol
