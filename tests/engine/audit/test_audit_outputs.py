"""The audit's outputs are safe to re-run, and `--rules-on` judges old facts by later rules."""

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app
from engine.audit.outputs import ALL_OUTPUTS, PARTIAL_SUFFIX
from engine.audit.pool import InlineExecutor
from engine.audit.runner import AuditError, AuditProgress, AuditRequest, run_audit

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
COHORT = EXAMPLES / "cohort.jsonl"
STEP_DOWN = EXAMPLES / "not-ready-step-down.json"


def run(*args: str) -> Any:
    return CliRunner().invoke(app, ["audit", *args], catch_exceptions=False)


def test_a_folder_that_is_not_empty_is_refused_and_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "summary.json").write_text("{}")
    result = run(str(STEP_DOWN), "--out", str(out))
    assert result.exit_code == 64
    assert "not empty" in result.stderr
    assert "--force" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "summary.json"]
    assert (out / "summary.json").read_text() == "{}"


def test_a_file_as_the_output_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("x")
    result = run(str(STEP_DOWN), "--out", str(out), "--force")
    assert result.exit_code == 64
    assert "not a folder" in result.stderr
    below_a_file = run(str(STEP_DOWN), "--out", str(out / "sub"))
    assert below_a_file.exit_code == 64
    assert "cannot be created" in below_a_file.stderr


def test_force_replaces_an_earlier_audit_and_keeps_other_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(str(COHORT), "--out", str(out), "--workers", "1").exit_code == 0
    (out / "notes.txt").write_text("mine")
    (out / "changes.jsonl").write_text("stale\n")  # an output this run does not write
    result = run(str(STEP_DOWN), "--out", str(out), "--force", "--workers", "1")
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["counts"]["records_read"] == 1
    assert len((out / "assessments.jsonl").read_text().splitlines()) == 1
    assert not (out / "changes.jsonl").exists()
    assert (out / "notes.txt").read_text() == "mine"
    assert not [p for p in out.iterdir() if p.name.endswith(PARTIAL_SUFFIX)]


def test_while_running_only_partial_files_exist(tmp_path: Path) -> None:
    out = tmp_path / "out"
    seen: list[set[str]] = []

    def look(_: AuditProgress) -> None:
        seen.append({p.name for p in out.iterdir()})

    run_audit(AuditRequest([COHORT], out, workers=1, chunk_records=50), on_progress=look)
    assert len(seen) == 8
    for names in seen:
        assert names
        assert all(name.endswith(PARTIAL_SUFFIX) for name in names), names
    assert {p.name for p in out.iterdir()} == set(ALL_OUTPUTS) - {"changes.jsonl", "compare.json"}


def test_an_interrupted_audit_leaves_nothing_that_looks_complete(tmp_path: Path) -> None:
    out = tmp_path / "out"
    calls = [0]

    def stop_after_two_chunks() -> bool:
        calls[0] += 1
        return calls[0] > 2

    with pytest.raises(AuditError, match="stopped"):
        run_audit(
            AuditRequest([COHORT], out, workers=1, chunk_records=50),
            should_stop=stop_after_two_chunks,
        )
    assert list(out.iterdir()) == []


def findings_of(out: Path) -> dict[str, str]:
    [line] = (out / "assessments.jsonl").read_text().splitlines()
    assessment = json.loads(line)["assessment"]
    assert assessment["as_of"] == "2024-03-14"  # facts as at the decision, in both runs
    return {f["rule_id"]: f["outcome"] for f in assessment["findings"]}


def test_rules_on_judges_the_decision_day_facts_by_the_rules_in_force_then(
    tmp_path: Path,
) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "parameters.yaml").write_text(
        "sustained_change_months:\n  values:\n    2025-01-01: 1\n", encoding="utf-8"
    )
    # A safety statement asking for no more than the parameter, so the parameter decides.
    case = json.loads(STEP_DOWN.read_text(encoding="utf-8"))
    case["safety_statement"]["sustain_months_agreed"] = 1
    step_down = tmp_path / "case.json"
    step_down.write_text(json.dumps(case), encoding="utf-8")
    then, now = tmp_path / "then", tmp_path / "now"
    assert run(str(step_down), "--rules", str(overlay), "--out", str(then)).exit_code == 0
    result = run(
        str(step_down), "--rules", str(overlay), "--rules-on", "2025-06-01", "--out", str(now)
    )
    assert result.exit_code == 0, result.output
    assert findings_of(then)["sustained-change"] == "not_met"  # 3 months asked in 2024
    assert findings_of(now)["sustained-change"] == "met"  # 1 month asked from 2025

    assert json.loads((then / "summary.json").read_text())["rules_on"] is None
    assert json.loads((now / "summary.json").read_text())["rules_on"] == "2025-06-01"
    assert (
        "rules and thresholds in force on each case’s decision date"
        in (then / "report.html").read_text()
    )
    assert "rules and thresholds in force on 1 June 2025" in (now / "report.html").read_text()


def test_rules_on_takes_only_an_iso_date(tmp_path: Path) -> None:
    result = run(str(STEP_DOWN), "--rules-on", "01/06/2025", "--out", str(tmp_path / "o"))
    assert result.exit_code != 0
    assert "--rules-on" in result.output
    assert not (tmp_path / "o").exists()


def test_a_report_that_fails_to_render_publishes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> str:
        raise RuntimeError("template error")

    monkeypatch.setattr("engine.audit.runner.render_report", broken)
    out = tmp_path / "out"
    with pytest.raises(RuntimeError):
        run_audit(AuditRequest([STEP_DOWN], out, workers=1))
    assert list(out.iterdir()) == []


def test_the_inline_executor_runs_the_call_it_is_given() -> None:
    executor = InlineExecutor()
    assert executor.submit(divmod, 7, 2).result() == (3, 1)
    with pytest.raises(ZeroDivisionError):
        executor.submit(divmod, 1, 0).result()
