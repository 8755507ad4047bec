"""`deplan import ssd` and `deplan import new-key` as a user runs them."""

from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from api.cli.exit_codes import ExitCode
from engine.ssd.tables import TABLES
from tests.engine.ssd.extract import BASE, write_extract, write_table

runner = CliRunner()


def test_help_lists_every_column_read_per_table() -> None:
    result = runner.invoke(app, ["import", "ssd", "--help"], env={"COLUMNS": "2000"})
    assert result.exit_code == 0
    for table in TABLES:
        assert table.file_name in result.output
        for column in table.columns:
            assert column.name in result.output


def test_import_writes_cases_report_and_problems_and_logs_progress(tmp_path: Path) -> None:
    key = tmp_path / "ssd.key"
    assert runner.invoke(app, ["import", "new-key", str(key)]).exit_code == 0
    again = runner.invoke(app, ["import", "new-key", str(key)])
    assert again.exit_code == ExitCode.INVALID_INPUT
    assert "never overwritten" in again.output
    folder = write_extract(tmp_path / "ssd")
    out = tmp_path / "out" / "cases.jsonl"
    result = runner.invoke(
        app, ["import", "ssd", str(folder), "--out", str(out), "--key-file", str(key)]
    )
    assert result.exit_code == 0, result.output
    assert "1 families, 2 de-planning decisions, 2 cases written, 0 not valid" in result.output
    assert "event='import finished'" in result.output
    assert len(out.read_text().splitlines()) == 2
    assert (tmp_path / "out" / "cases.import-report.json").is_file()
    assert (tmp_path / "out" / "cases.problems.csv").read_bytes() == b"file,line,column,why\r\n"
    assert key.read_text().strip() not in result.output


def test_unusable_extracts_and_keys_exit_3_naming_what_is_wrong(tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "ssd")
    out = str(tmp_path / "cases.jsonl")
    no_key = runner.invoke(
        app, ["import", "ssd", str(folder), "--out", out], env={"DEPLAN_SSD_KEY_FILE": ""}
    )
    assert no_key.exit_code == ExitCode.INVALID_INPUT
    assert "give --key-file" in no_key.output
    key = tmp_path / "ssd.key"
    key.write_text("0123456789abcdef0123\n")
    rows = [dict(row, cppr_cp_review_date="05/06/2021") for row in BASE["ssd_cp_reviews"]]
    write_table(folder, "ssd_cp_reviews", rows)
    ambiguous = runner.invoke(
        app, ["import", "ssd", str(folder), "--out", out, "--key-file", str(key)]
    )
    assert ambiguous.exit_code == ExitCode.INVALID_INPUT
    assert "ssd_cp_reviews.csv, column cppr_cp_review_date: ambiguous dates" in ambiguous.output
    assert not Path(out).exists()
    assert not (tmp_path / "cases.problems.csv").exists()
