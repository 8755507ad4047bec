"""`deplan audit` end to end, with the real engine, on the committed cohorts.

The figures in summary.json are recomputed here independently: from assessments.jsonl,
findings.csv and the input cases themselves, never from the aggregator's own code.
"""

import csv
import itertools
import json
import re
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from api.cli import app
from engine import load_ruleset
from engine.audit.context import AuditContext
from engine.audit.report_config import load_report_config
from engine.audit.traits import trait
from models.assessment import Verdict
from models.case import Case

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
COHORT = EXAMPLES / "cohort.jsonl"
WITH_ERRORS = EXAMPLES / "cohort-with-errors.jsonl"
VERDICTS = tuple(verdict.value for verdict in Verdict)


def run(*args: str) -> Any:
    return CliRunner().invoke(app, ["audit", *args], catch_exceptions=False)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def cohort_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("audit") / "out"
    result = run(str(COHORT), "--out", str(out), "--workers", "2")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def errors_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("audit-errors") / "out"
    result = run(str(WITH_ERRORS), "--out", str(out), "--workers", "1")
    assert result.exit_code == 0, result.output
    return out, result.output


def later_start(case: dict[str, Any]) -> str | None:
    """The start of the family's next CP plan, straight from the input case."""
    starts = [
        plan["start_date"]
        for child in case["children"]
        for plan in child["cp_plans"]
        if plan["start_date"] > case["decision_date"]
    ]
    return min(starts) if starts else None


def test_outputs_are_written_and_the_final_line_summarises(cohort_out: Path) -> None:
    for name in ("assessments.jsonl", "findings.csv", "rejected.jsonl", "summary.json"):
        assert (cohort_out / name).is_file()
    assert (cohort_out / "report.html").stat().st_size > 10_000
    summary = json.loads((cohort_out / "summary.json").read_text())
    assert summary["counts"]["records_read"] == 400
    assert summary["counts"]["assessed"] == 400
    assert summary["reconciled"] is True


def test_final_summary_line(tmp_path: Path) -> None:
    result = run(str(WITH_ERRORS), "--out", str(tmp_path / "o"), "--workers", "1")
    assert re.search(
        r"audited 128 records: 120 assessed \(ready \d+, not ready \d+, insufficient \d+, "
        r"out of scope \d+\), "
        r"8 rejected -> .*o/",
        result.stdout,
    )
    assert "audit finished" in result.stderr  # plain log lines when stderr is not a terminal


def test_summary_counts_match_the_per_case_results(cohort_out: Path) -> None:
    summary = json.loads((cohort_out / "summary.json").read_text())
    assessments = read_jsonl(cohort_out / "assessments.jsonl")
    assert len(assessments) == 400
    verdicts = Counter(a["assessment"]["verdict"] for a in assessments)
    assert summary["verdicts"] == {v: verdicts[v] for v in VERDICTS}
    # The cohort has both good and poor practice.
    assert verdicts["ready"] > 0
    assert verdicts["not_ready"] > 0

    outcomes: Counter[tuple[str, str]] = Counter()
    for a in assessments:
        for finding in a["assessment"]["findings"]:
            outcomes[finding["rule_id"], finding["outcome"]] += 1
    rules = {r["rule_id"]: r for r in summary["rules"]}
    assert set(rules) == {rule_id for rule_id, _ in outcomes}
    for rule_id, rule in rules.items():
        for outcome in ("met", "not_met", "insufficient_information", "not_applicable"):
            assert rule[outcome] == outcomes[rule_id, outcome], (rule_id, outcome)


def test_findings_csv_has_one_row_per_case_and_rule(cohort_out: Path) -> None:
    assessments = read_jsonl(cohort_out / "assessments.jsonl")
    expected = {
        (a["case_ref"], f["rule_id"]): (f["outcome"], f["severity"], f["reason"])
        for a in assessments
        for f in a["assessment"]["findings"]
    }
    with (cohort_out / "findings.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(expected)
    assert {
        (r["case_ref"], r["rule_id"]): (r["outcome"], r["severity"], r["reason"]) for r in rows
    } == expected
    assert all(r["file"].endswith("cohort.jsonl") and r["line"].isdigit() for r in rows)


def test_co_occurrence_matches_a_recount_of_every_pair(cohort_out: Path) -> None:
    summary = json.loads((cohort_out / "summary.json").read_text())
    with (cohort_out / "findings.csv").open(newline="", encoding="utf-8") as handle:
        failed: dict[str, set[str]] = {}
        for row in csv.DictReader(handle):
            failed.setdefault(row["case_ref"], set())
            if row["outcome"] == "not_met":
                failed[row["case_ref"]].add(row["rule_id"])
    pairs: Counter[tuple[str, ...]] = Counter()
    for rules in failed.values():
        pairs.update(combinations(sorted(rules), 2))
    reported = {tuple(p["rules"]): p["both_not_met"] for p in summary["co_occurrence"]["pairs"]}
    assert reported == dict(pairs)
    top = summary["co_occurrence"]["top"]
    assert [p["both_not_met"] for p in top] == sorted(pairs.values(), reverse=True)[: len(top)]


def test_nested_counts_match_a_recount_of_the_findings(cohort_out: Path) -> None:
    summary = json.loads((cohort_out / "summary.json").read_text())
    outcomes: dict[str, dict[str, str]] = {}
    with (cohort_out / "findings.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            outcomes.setdefault(row["case_ref"], {})[row["rule_id"]] = row["outcome"]
    contexts = {
        line["case_ref"]: AuditContext.model_validate(line["context"])
        for line in read_jsonl(cohort_out / "assessments.jsonl")
    }
    trio = dict(load_report_config(None, load_ruleset(overlay="")).toxic_trio)

    def step_of(step: dict[str, Any], case_ref: str) -> tuple[bool, bool]:
        if step["kind"] == "rule":
            found = [outcomes[case_ref].get(rule_id) for rule_id in step["rule_ids"]]
            return (
                any(outcome in ("met", "not_met") for outcome in found),
                "not_met" in found,
            )
        value = trait(contexts[case_ref], step["name"], trio)
        return value is not None, value is True

    assert summary["nested"]
    for chain in summary["nested"]:
        families = list(outcomes)
        for index, step in enumerate(chain["steps"]):
            judged = [ref for ref in families if step_of(step, ref)[0]]
            counted = [ref for ref in judged if step_of(step, ref)[1]]
            assert step["judged"] == len(judged)
            assert step["families"] == len(counted)
            assert step["of"] == (len(judged) if index == 0 else len(families))
            families = counted
    first = summary["nested"][0]["steps"]
    assert [s["rule_id"] for s in first[:2]] == ["sustained-change", "risk-interventions-complete"]
    assert first[1]["families"] > 0


def test_toxic_trio_matches_the_risks_in_the_input(cohort_out: Path) -> None:
    trio = json.loads((cohort_out / "summary.json").read_text())["toxic_trio"]
    aspects = {
        "domestic abuse": {"domestic_abuse"},
        "parental mental health": {"parental_mental_health"},
        "drug or alcohol misuse": {"parental_drug_misuse", "parental_alcohol_misuse"},
    }
    shown: Counter[int] = Counter()
    each: Counter[str] = Counter()
    for case in read_jsonl(COHORT):
        kinds = {r["kind"] for r in case["risks"] if r["identified_date"] <= case["decision_date"]}
        present = [aspect for aspect, risks in aspects.items() if kinds & risks]
        each.update(present)
        shown[min(len(present), 2)] += 1
    assert trio["aspects"] == dict(each)
    assert (trio["none"], trio["one"], trio["two_or_more"]) == (shown[0], shown[1], shown[2])
    assert trio["of"] == 400


def test_children_and_worker_cascade_match_the_input_cases(cohort_out: Path) -> None:
    summary = json.loads((cohort_out / "summary.json").read_text())
    cases = read_jsonl(COHORT)
    assert summary["children"] == sum(len(case["children"]) for case in cases)
    cascade = summary["worker_changes"]["cascade"]
    assert [step["role"] for step in cascade] == ["social_worker", "team_manager", "cp_chair"]
    assert cascade[0]["of"] == summary["worker_changes"]["recorded"]
    for before, after in itertools.pairwise(cascade):
        assert after["of"] == before["families"] >= after["families"]
    changes = summary["breakdowns"]["social_worker_changes"]
    changed = sum(row["families"] for row in changes if row["group"] not in ("0", "not recorded"))
    assert cascade[0]["families"] == changed > 0


def test_returns_match_the_later_plans_in_the_input(cohort_out: Path) -> None:
    summary = json.loads((cohort_out / "summary.json").read_text())
    cases = {c["case_ref"]: c for c in read_jsonl(COHORT)}
    assessments = read_jsonl(cohort_out / "assessments.jsonl")
    returned = {ref for ref, case in cases.items() if later_start(case) is not None}
    returns = summary["returns"]
    assert returns["families_with_later_plan"] == len(returned) > 0

    bands: Counter[str] = Counter()
    for ref in returned:
        decision = cases[ref]["decision_date"]
        start = later_start(cases[ref])
        assert start is not None
        years = int(start[:4]) - int(decision[:4]) - (start[5:] < decision[5:])
        bands["<1y" if years < 1 else "1-2y" if years < 2 else "2-5y" if years < 5 else "5y+"] += 1
    assert returns["bands"] == {b: bands[b] for b in ("<1y", "1-2y", "2-5y", "5y+")}

    by_rule = {r["rule_id"]: r for r in returns["by_rule"]}
    for rule_id, entry in by_rule.items():
        for outcome in ("met", "not_met"):
            families = [
                a["case_ref"]
                for a in assessments
                for f in a["assessment"]["findings"]
                if f["rule_id"] == rule_id and f["outcome"] == outcome
            ]
            came_back = sum(ref in returned for ref in families)
            assert entry[outcome]["families"] == len(families)
            assert entry[outcome]["returned"] == came_back
            expected = round(came_back / len(families), 4) if families else None
            assert entry[outcome]["return_rate"] == expected


def test_breakdowns_match_the_input_cases(cohort_out: Path) -> None:
    summary = json.loads((cohort_out / "summary.json").read_text())
    cases = {c["case_ref"]: c for c in read_jsonl(COHORT)}
    verdict_of = {
        a["case_ref"]: a["assessment"]["verdict"]
        for a in read_jsonl(cohort_out / "assessments.jsonl")
    }
    by_category: Counter[tuple[str, str]] = Counter()
    by_risk: Counter[str] = Counter()
    for ref, case in cases.items():
        categories = set()
        for child in case["children"]:
            current = [p for p in child["cp_plans"] if p["start_date"] <= case["decision_date"]]
            if current:
                categories.add(max(current, key=lambda p: p["start_date"])["category"])
        for category in categories:
            by_category[category, verdict_of[ref]] += 1
        for kind in {r["kind"] for r in case["risks"]}:
            by_risk[kind] += 1
    for row in summary["breakdowns"]["category_of_abuse"]:
        for verdict in VERDICTS:
            assert row["verdicts"][verdict] == by_category[row["group"], verdict]
    assert {r["group"]: r["families"] for r in summary["breakdowns"]["risk_present"]} == dict(
        by_risk
    )
    changes = summary["breakdowns"]["social_worker_changes"]
    assert sum(row["families"] for row in changes) == 400


def test_malformed_lines_are_rejected_with_line_numbers_and_counts_reconcile(
    errors_out: tuple[Path, str],
) -> None:
    out, _ = errors_out
    invalid_lines = set()
    lines = WITH_ERRORS.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        try:
            Case.model_validate_json(line)
        except ValidationError:
            invalid_lines.add(number)
    assert len(invalid_lines) == 8

    rejected = read_jsonl(out / "rejected.jsonl")
    assert {r["line"] for r in rejected} == invalid_lines
    for record in rejected:
        assert set(record) == {"file", "line", "stage", "errors"}
        assert record["file"].endswith("cohort-with-errors.jsonl")
        assert record["stage"] == "validate"
        assert record["errors"]
        assert all(set(e) == {"path", "message"} for e in record["errors"])

    assessed_lines = {a["line"] for a in read_jsonl(out / "assessments.jsonl")}
    assert assessed_lines == set(range(1, len(lines) + 1)) - invalid_lines
    counts = json.loads((out / "summary.json").read_text())["counts"]
    assert counts["records_read"] == len(lines) == 128
    assert counts["assessed"] + counts["rejected"] == counts["records_read"]
    assert (counts["assessed"], counts["rejected"]) == (120, 8)


def test_rejected_records_do_not_copy_case_content(errors_out: tuple[Path, str]) -> None:
    out, _ = errors_out
    text = (out / "rejected.jsonl").read_text(encoding="utf-8")
    lines = WITH_ERRORS.read_text(encoding="utf-8").splitlines()
    for record in read_jsonl(out / "rejected.jsonl"):
        refs = re.findall(r"FAM-\d{4}-\d{7}", lines[record["line"] - 1])
        assert refs
        assert not any(ref in text for ref in refs)
    assert "severity_score" in text  # the unknown field is named by its path...
    assert "2021-02-30" not in text  # ...but a submitted value never appears


def test_report_is_self_contained_with_a_table_beside_each_chart(cohort_out: Path) -> None:
    html = (cohort_out / "report.html").read_text(encoding="utf-8")
    lowered = html.lower()
    for external in ("<script", "<link", "@import", "url(", "src=", "href=", "<img", "<iframe"):
        assert external not in lowered, external
    assert "http://" not in lowered
    assert "https://" not in lowered
    figures = re.findall(r'<figure class="figure">(.*?)</figure>', html, re.S)
    assert len(figures) >= 8
    for figure in figures:
        assert figure.lstrip().startswith('<svg class="chart" role="img"')
        assert "<title" in figure
        assert "<desc" in figure
        assert "<table>" in figure
    assert html.count("<svg") == len(figures)
    assert "Families coming back" in html
    assert "By number of changes of social worker" in html


def test_same_outputs_whatever_the_number_of_workers(cohort_out: Path, tmp_path: Path) -> None:
    result = run(str(COHORT), "--out", str(tmp_path), "--workers", "1")
    assert result.exit_code == 0
    for name in ("assessments.jsonl", "findings.csv", "rejected.jsonl"):
        assert (tmp_path / name).read_bytes() == (cohort_out / name).read_bytes(), name


def test_a_folder_of_case_files(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    (folder / "sub").mkdir(parents=True)
    lines = COHORT.read_text(encoding="utf-8").splitlines()[:3]
    (folder / "a.json").write_text(lines[0])
    (folder / "sub" / "b.json").write_text(lines[1])
    (folder / "broken.json").write_text(lines[2][:100])
    result = run(str(folder), "--out", str(tmp_path / "out"), "--workers", "1")
    assert result.exit_code == 0
    rejected = read_jsonl(tmp_path / "out" / "rejected.jsonl")
    assert [(Path(r["file"]).name, r["line"]) for r in rejected] == [("broken.json", None)]
    assert len(read_jsonl(tmp_path / "out" / "assessments.jsonl")) == 2


def test_unusable_input_and_bad_rules_exit_non_zero(tmp_path: Path) -> None:
    missing = run(str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o"))
    assert missing.exit_code == 3
    assert "no such file" in missing.stderr
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "overrides.yaml").write_text("severity:\n  no-such-rule: advisory\n")
    bad_rules = run(str(COHORT), "--rules", str(overlay), "--out", str(tmp_path / "o"))
    assert bad_rules.exit_code == 4
    assert not (tmp_path / "o" / "summary.json").exists()


def test_compare_rules_reports_changed_verdicts_and_findings(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    (old / "overrides.yaml").write_text("severity:\n  sustained-change: advisory\n")
    out = tmp_path / "out"
    result = run(str(WITH_ERRORS), "--compare-rules", str(old), "--out", str(out), "--workers", "1")
    assert result.exit_code == 0
    assert "cases change" in result.stdout
    compare = json.loads((out / "compare.json").read_text())
    changes = read_jsonl(out / "changes.jsonl")
    assert compare["cases"] == 120
    assert compare["cases_changed"] == len(changes) > 0
    flipped = [c for c in changes if c["verdict"]["old"] != c["verdict"]["new"]]
    assert compare["verdict_changes"] == len(flipped) > 0
    # Only sustained-change differs, and only where it is not met or lacks information.
    for change in changes:
        assert [f["rule_id"] for f in change["findings"]] == ["sustained-change"]
        finding = change["findings"][0]
        assert (finding["old_severity"], finding["new_severity"]) == ("advisory", "blocking")
        assert finding["new"] in ("not_met", "insufficient_information")
    # Making a rule blocking can only make verdicts worse.
    assert all(c["verdict"]["old"] != "not_ready" for c in flipped)
    assert all(c["verdict"]["new"] != "ready" for c in flipped)
    assert "Impact of the rule change" in (out / "report.html").read_text(encoding="utf-8")


def test_a_record_with_many_problems_names_a_bounded_number(tmp_path: Path) -> None:
    case = json.loads((EXAMPLES / "ready-step-down.json").read_text(encoding="utf-8"))
    for index in range(60):
        case[f"unknown_{index}"] = index
    source = tmp_path / "broken.jsonl"
    source.write_text(json.dumps(case) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(str(source), "--out", str(out))
    assert result.exit_code == 0, result.output
    [row] = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    assert len(row["errors"]) == 20
    assert row["errors"][-1]["message"] == "and 41 more problems"
