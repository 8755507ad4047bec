"""`deplan rules list | show | lint | test`."""

from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from api.cli.exit_codes import ExitCode
from engine import load_ruleset

runner = CliRunner()
WIDE = {"COLUMNS": "200"}


def test_list_shows_every_rule() -> None:
    result = runner.invoke(app, ["rules", "list"], env=WIDE)
    assert result.exit_code == 0
    for rule in load_ruleset(overlay="").rules:
        assert rule.id in result.output


def test_show_quotes_the_paper_and_the_condition() -> None:
    result = runner.invoke(app, ["rules", "show", "probation-mappa-check"], env=WIDE)
    assert result.exit_code == 0
    assert "establish if any perpetrator is open to MAPPA" in result.output
    assert "adult.probation_consulted" in result.output


def test_show_unknown_rule_suggests() -> None:
    result = runner.invoke(app, ["rules", "show", "household-check"])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "did you mean 'household-checks'" in result.output


def test_lint_base_and_broken_overlay(tmp_path: Path) -> None:
    assert runner.invoke(app, ["rules", "lint"]).exit_code == 0
    (tmp_path / "catalogue").mkdir()
    (tmp_path / "catalogue" / "x.yaml").write_text(
        "id: local-x\nrequires: {fact: case.outcom, op: eq, value: close}\n"
    )
    result = runner.invoke(app, ["rules", "lint", str(tmp_path)], env=WIDE)
    assert result.exit_code == ExitCode.RULES_INVALID
    assert "x.yaml" in result.output
    assert "missing required key" in result.output


def test_rules_test_passes_and_covers_every_outcome() -> None:
    result = runner.invoke(app, ["rules", "test"], env=WIDE)
    assert "0 failed" in result.output
    assert "0 rule outcome(s) not covered" in result.output
    assert result.exit_code == 0


def test_rules_test_reports_a_failing_test(tmp_path: Path) -> None:
    overlay = tmp_path / "local"
    (overlay / "tests").mkdir(parents=True)
    example = Path(__file__).resolve().parents[3] / "examples" / "not-ready-step-down.json"
    (overlay / "tests" / "wrong.yaml").write_text(
        f"base: {example}\ntests:\n  - name: wrongly expects met\n    expect:\n      sustained-change: met\n"
    )
    result = runner.invoke(app, ["rules", "test", str(overlay)], env=WIDE)
    assert result.exit_code == ExitCode.TESTS_FAILED
    assert "wrongly expects met" in result.output
    assert "expected met, got not_met" in result.output


def test_rules_test_names_the_outcomes_no_test_expects_and_a_file_that_does_not_load(
    tmp_path: Path,
) -> None:
    overlay = tmp_path / "local"
    (overlay / "tests").mkdir(parents=True)
    example = Path(__file__).resolve().parents[3] / "examples" / "not-ready-step-down.json"
    (overlay / "tests" / "right.yaml").write_text(
        f"base: {example}\ntests:\n  - name: change not yet sustained\n    expect:\n"
        "      sustained-change: not_met\n"
    )
    result = runner.invoke(app, ["rules", "test", str(overlay)], env=WIDE)
    assert result.exit_code == ExitCode.TESTS_FAILED
    assert "1 passed, 0 failed" in result.output
    assert "no test expects:\n  sustained-change: insufficient_information, met" in result.output
    (overlay / "tests" / "broken.yaml").write_text(
        "tests:\n  - name: no case\n    verdcit: ready\n"
    )
    result = runner.invoke(app, ["rules", "test", str(overlay)], env=WIDE)
    assert result.exit_code == ExitCode.TESTS_FAILED
    assert "tests[0].verdcit" in result.output
    assert "1 passed, 0 failed" in result.output
    assert "2 problem(s) in the test files" in result.output


def test_rules_test_without_a_tests_folder_fails(tmp_path: Path) -> None:
    result = runner.invoke(app, ["rules", "test", str(tmp_path)], env=WIDE)
    assert result.exit_code == ExitCode.TESTS_FAILED
    assert "no rule tests" in result.output


def test_the_overlay_comes_from_deplan_rules_unless_given(tmp_path: Path) -> None:
    (tmp_path / "overrides.yaml").write_text("severity:\n  key-agencies-contributd: blocking\n")
    result = runner.invoke(app, ["rules", "lint"], env={**WIDE, "DEPLAN_RULES": str(tmp_path)})
    assert result.exit_code == ExitCode.RULES_INVALID
    assert "did you mean 'key-agencies-contributed'" in result.output
    result = runner.invoke(app, ["rules", "lint"], env={**WIDE, "DEPLAN_RULES": ""})
    assert result.exit_code == 0
