"""`deplan check` and `deplan schema` as a user runs them."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app, run
from api.cli.exit_codes import ExitCode
from engine import RuleSet
from models.assessment import Assessment

REPO = Path(__file__).resolve().parents[3]
NOT_READY = REPO / "examples" / "not-ready-step-down.json"
runner = CliRunner()


def test_not_ready_case_prints_verdict_reasons_and_next_steps() -> None:
    result = runner.invoke(app, ["check", str(NOT_READY)], env={"COLUMNS": "600"})
    assert result.exit_code == ExitCode.NOT_READY
    assert "NOT READY" in result.output
    assert "as of 14 March 2024" in result.output
    assert "sustained change from: 29 January 2024" in result.output
    assert "interventions: I1 in progress, I2 completed" in result.output
    assert "probation consulted: no" in result.output
    assert (
        "Next: Keep the plan until change has been sustained for 3 months on every risk; the "
        "earliest date is 29 April 2024." in result.output
    )
    first_met = result.output.index("original-risk-addressed")
    assert result.output.index("sustained-change") < first_met
    assert result.output.index("probation-mappa-check") < first_met


def test_sibling_case_shows_each_childs_verdict() -> None:
    sibling = REPO / "examples" / "sibling-step-down-and-continue.json"
    result = runner.invoke(app, ["check", str(sibling)], env={"COLUMNS": "200"})
    assert result.exit_code == ExitCode.READY
    assert "C1 (step down to a CIN plan): ready; C2 (plan continues): not ready" in result.output
    assert "Each child" in result.output


def test_risk_outside_the_home_exits_out_of_scope(tmp_path: Path) -> None:
    case = json.loads((REPO / "examples" / "ready-step-down.json").read_text())
    case["conference_type"] = "risk_outside_home"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == ExitCode.OUT_OF_SCOPE
    assert "OUTSIDE THE SCOPE OF THESE RULES" in result.output


def test_a_date_out_of_range_is_a_bad_case_naming_the_field(tmp_path: Path) -> None:
    case = json.loads(NOT_READY.read_text())
    case["risks"][0]["sustained_change_since"] = "9999-11-01"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "risks[0].sustained_change_since: a date must lie between 1900-01-01 and 2100-12-31" in (
        result.output
    )


def test_an_internal_error_never_exits_with_a_verdicts_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("case content that must not be printed")

    monkeypatch.setattr(RuleSet, "assess", broken)
    monkeypatch.setattr(sys, "argv", ["deplan", "check", str(NOT_READY)])
    with pytest.raises(SystemExit) as exit_info:
        run()
    assert exit_info.value.code == ExitCode.INTERNAL_ERROR
    captured = capsys.readouterr()
    assert "internal error (RuntimeError)" in captured.err
    assert "case content" not in captured.err + captured.out


def test_json_output_is_the_assessment() -> None:
    result = runner.invoke(app, ["check", str(NOT_READY), "--json"])
    assert result.exit_code == ExitCode.NOT_READY
    assessment = Assessment.model_validate_json(result.stdout)
    assert assessment.verdict.value == "not_ready"
    assert assessment.earliest_ready_date is not None
    assert {
        f.rule_id
        for f in assessment.findings
        if f.outcome.value == "not_met" and f.severity.value == "blocking"
    } == {
        "sustained-change",
        "risk-interventions-complete",
        "probation-mappa-check",
    }


def test_as_of_moves_the_decision_date() -> None:
    result = runner.invoke(app, ["check", str(NOT_READY), "--json", "--as-of", "2024-05-01"])
    findings = {f.rule_id: f for f in Assessment.model_validate_json(result.stdout).findings}
    assert findings["sustained-change"].outcome.value == "met"


def test_malformed_case_names_every_field_path_without_values(tmp_path: Path) -> None:
    case = json.loads(NOT_READY.read_text())
    case["adults"][1]["police_check"] = {"done": True}
    case["adults"][0]["nickname"] = "SECRET-NAME"
    case["risks"][0]["kind"] = "SECRET-KIND"
    del case["decision_date"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "adults[1].police_check: a done action needs its date" in result.output
    assert "adults[0].nickname: unknown field" in result.output
    assert "risks[0].kind" in result.output
    assert "decision_date: Field required" in result.output
    assert "SECRET" not in result.output


def test_not_json_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text("{not json")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "not a valid case" in result.output
    assert (
        runner.invoke(app, ["check", str(tmp_path / "absent.json")]).exit_code
        == ExitCode.INVALID_INPUT
    )


def test_broken_overlay_exits_with_rules_invalid(tmp_path: Path) -> None:
    (tmp_path / "overrides.yaml").write_text("severity:\n  sustained-chnge: advisory\n")
    result = runner.invoke(app, ["check", str(NOT_READY), "--rules", str(tmp_path)])
    assert result.exit_code == ExitCode.RULES_INVALID
    assert "overrides.yaml:2" in result.output
    assert "did you mean 'sustained-change'" in result.output


def test_schema_is_the_case_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "deplan case"
    assert schema["additionalProperties"] is False


def test_console_script_maps_usage_errors_away_from_the_verdict_codes() -> None:
    command = [sys.executable, "-c", "from api.cli import run; run()", "check"]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    assert completed.returncode == ExitCode.USAGE
    assert "Missing argument" in completed.stderr


def test_case_files_are_read_strictly_like_the_api(tmp_path: Path) -> None:
    case = json.loads(NOT_READY.read_text())
    case["adults"][0]["regularly_in_home"] = "yes"
    case["decision_date"] = 0
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "adults[0].regularly_in_home" in result.output
    assert "decision_date" in result.output
