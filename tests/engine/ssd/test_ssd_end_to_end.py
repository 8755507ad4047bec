"""`deplan import ssd examples/ssd/ && deplan audit`: the re-audit's repeat-plan figures match
figures computed here, independently, from the CSV files; no name or date of birth from
`ssd_person` appears in any output or log."""

import csv
import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app

EXTRACT = Path(__file__).resolve().parents[3] / "examples" / "ssd"
runner = CliRunner()


def _rows(name: str) -> list[dict[str, str]]:
    with (EXTRACT / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _day(text: str) -> dt.date | None:
    """The example's files are ISO or day-first, whole columns at a time."""
    if not text:
        return None
    if "/" in text:
        day, month, year = text.split("/")
        return dt.date(int(year), int(month), int(day))
    return dt.date.fromisoformat(text[:10])


def _months(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class Expected:
    decisions: int
    with_previous_plan: int
    """Decisions where a child of the family had a CP plan before the current one."""
    previous_within_two_years: int
    """Decisions where a child being decided came back within 2 years of a previous plan."""
    children_previous_within_two_years: int
    returned: int
    bands: Counter[str]
    within_two_years: int
    days_to_return: list[int]


def expected_from_csv() -> Expected:
    people = {row["pers_person_id"] for row in _rows("ssd_person")}
    family_of = {r["fami_person_id"]: r["fami_family_id"] for r in _rows("ssd_family")}
    plans = [r for r in _rows("ssd_cp_plans") if r["cppl_person_id"] in people]
    by_family: dict[str, list[dict[str, Any]]] = {}
    for plan in plans:
        person = plan["cppl_person_id"]
        by_family.setdefault(family_of.get(person, "solo " + person), []).append(
            {
                "id": plan["cppl_cp_plan_id"],
                "person": person,
                "start": _day(plan["cppl_cp_plan_start_date"]),
                "end": _day(plan["cppl_cp_plan_end_date"]),
            }
        )
    reviews: dict[str, list[tuple[dt.date, str]]] = {}
    for review in _rows("ssd_cp_reviews"):
        date = _day(review["cppr_cp_review_date"])
        assert date is not None
        reviews.setdefault(review["cppr_cp_plan_id"], []).append(
            (date, review["cppr_cp_review_outcome"])
        )
    expected = Expected(0, 0, 0, 0, 0, Counter(), 0, [])
    for family_plans in by_family.values():
        decisions: dict[dt.date, set[str]] = {}
        for plan in family_plans:
            held = reviews.get(plan["id"], [])
            ending = [d for d, outcome in held if outcome == "N"] or [
                d for d, outcome in held if outcome == "" and d == plan["end"]
            ]
            if ending:
                decisions.setdefault(min(ending), set()).add(plan["person"])
        for decision, ended in decisions.items():
            expected.decisions += 1
            previous = False
            returned_soon = 0
            for person in {p["person"] for p in family_plans}:
                started = sorted(
                    (p for p in family_plans if p["person"] == person and p["start"] <= decision),
                    key=lambda p: p["start"],
                )
                if len(started) < 2:
                    continue
                previous = True
                last, current = started[-2], started[-1]
                continues = person not in ended and (
                    current["end"] is None or current["end"] > decision
                )
                if continues or last["end"] is None or last["end"] > decision:
                    continue  # a child whose plan continues is not being decided
                returned_soon += _months(last["end"], current["start"]) < 24
            expected.with_previous_plan += previous
            expected.previous_within_two_years += returned_soon > 0
            expected.children_previous_within_two_years += returned_soon
            later = [p["start"] for p in family_plans if p["start"] > decision]
            if later:
                back = min(later)
                expected.returned += 1
                expected.days_to_return.append((back - decision).days)
                band = next(
                    (
                        label
                        for years, label in ((1, "<1y"), (2, "1-2y"), (5, "2-5y"))
                        if back < _years_later(decision, years)
                    ),
                    "5y+",
                )
                expected.bands[band] += 1
                expected.within_two_years += band in ("<1y", "1-2y")
    return expected


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("e2e")
    key = folder / "ssd.key"
    made = runner.invoke(app, ["import", "new-key", str(key)])
    assert made.exit_code == 0, made.output
    cases = folder / "cases.jsonl"
    result = runner.invoke(
        app, ["import", "ssd", str(EXTRACT), "--out", str(cases), "--key-file", str(key)]
    )
    assert result.exit_code == 0, result.output
    audit = runner.invoke(
        app, ["audit", str(cases), "--out", str(folder / "audit"), "--workers", "1"]
    )
    assert audit.exit_code == 0, audit.output
    return {
        "folder": folder,
        "logs": result.output + audit.output,
        "summary": json.loads((folder / "audit" / "summary.json").read_text()),
        "report": json.loads((folder / "cases.import-report.json").read_text()),
    }


def test_the_re_audits_repeat_plan_figures_match_the_csv_files(imported: dict[str, Any]) -> None:
    expected = expected_from_csv()
    summary = imported["summary"]
    assert imported["report"]["cases_written"] == expected.decisions
    assert summary["counts"]["assessed"] == expected.decisions
    assert summary["counts"]["rejected"] == 0
    rules = {rule["rule_id"]: rule for rule in summary["rules"]}

    def applied(rule_id: str) -> int:
        rule = rules[rule_id]
        return int(rule["met"] + rule["not_met"] + rule["insufficient_information"])

    assessments = [
        json.loads(line)
        for line in (imported["folder"] / "audit" / "assessments.jsonl").read_text().splitlines()
    ]
    repeat_children = sum(
        len(finding["children"])
        for line in assessments
        for finding in line["assessment"]["findings"]
        if finding["rule_id"] == "repeat-plan-analysis" and finding["outcome"] != "not_applicable"
    )
    assert applied("previous-deplanning-reviewed") == expected.with_previous_plan
    assert applied("repeat-plan-analysis") == expected.previous_within_two_years
    assert repeat_children == expected.children_previous_within_two_years
    returns = summary["returns"]
    assert returns["families_with_later_plan"] == expected.returned
    assert returns["within_2_years"] == expected.within_two_years
    assert returns["bands"] == {
        band: expected.bands[band] for band in ("<1y", "1-2y", "2-5y", "5y+")
    }
    days = [line["context"]["days_to_return"] for line in assessments]
    assert sorted(d for d in days if d is not None) == sorted(expected.days_to_return)
    # the example is made to have all of these, so the figures are not vacuous
    assert expected.with_previous_plan > 5
    assert 0 < expected.previous_within_two_years < expected.with_previous_plan
    assert expected.children_previous_within_two_years > expected.previous_within_two_years
    assert len([band for band, n in expected.bands.items() if n]) >= 2


def test_no_name_date_of_birth_or_identifier_leaves_ssd_person(imported: dict[str, Any]) -> None:
    private = set()
    for row in _rows("ssd_person"):
        private |= {
            row["pers_forename"],
            row["pers_surname"],
            row["pers_common_child_id"],
            row["pers_upn"],
        }
        born = dt.date.fromisoformat(row["pers_dob"])
        private |= {row["pers_dob"], born.strftime("%d/%m/%Y"), born.isoformat()}
    written = imported["logs"] + "".join(
        path.read_text(encoding="utf-8")
        for path in imported["folder"].rglob("*")
        if path.is_file() and path.suffix != ".key"
    )
    assert not {value for value in private if value in written}
    ids = {row["pers_person_id"] for row in _rows("ssd_person")}
    assert not {value for value in ids if f'"{value}"' in written}
