"""`deplan check` imports what it uses: not the API server, the database or the audit runner;
run plainly (`api.cli.plain_check`), not Typer, nor pydantic-settings when no `DEPLAN_`
variable is set.

Registering a command must not import that command's dependencies; each command imports
them when it runs. Checked by running the command in a fresh interpreter and reading
`sys.modules` at its end (a timing test would be noise; docs/benchmarks.md has the times).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from api.cli.exit_codes import ExitCode

REPO = Path(__file__).resolve().parents[3]
NOT_READY = REPO / "examples" / "not-ready-step-down.json"
NOT_NEEDED_TO_CHECK = (
    "fastapi",
    "starlette",
    "uvicorn",
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "psycopg",
    "structlog",
    "jinja2",
    "rich.traceback",
    "rich.progress",
    "engine.audit",
    "engine.ssd.importer",
    "api.http.app",
    "api.persistence.db",
)
RUN_AND_LIST_MODULES = """
import json, sys
from api.cli import run
modules_file, sys.argv = sys.argv[1], ["deplan", *sys.argv[2:]]
try:
    run()
finally:
    with open(modules_file, "w", encoding="utf-8") as out:
        json.dump(sorted(sys.modules), out)
"""


def _modules_after(tmp_path: Path, *arguments: str) -> tuple[int, set[str]]:
    modules_file = tmp_path / "modules.json"
    completed = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, str(modules_file), *arguments],
        cwd=REPO,
        env={name: value for name, value in os.environ.items() if not name.startswith("DEPLAN_")},
        capture_output=True,
        text=True,
        check=False,
    )
    return completed.returncode, set(json.loads(modules_file.read_text(encoding="utf-8")))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(
        name
        for name in modules
        if any(name == heavy or name.startswith(f"{heavy}.") for heavy in NOT_NEEDED_TO_CHECK)
    )


@pytest.mark.parametrize("output", [[], ["--json"]], ids=["table", "json"])
def test_check_imports_no_server_database_or_audit_modules(
    tmp_path: Path, output: list[str]
) -> None:
    code, modules = _modules_after(tmp_path, "check", str(NOT_READY), *output)
    assert code == ExitCode.NOT_READY
    assert "engine.ruleset" in modules  # it did assess the case
    assert _heavy(modules) == []
    assert "pydantic_settings" not in modules
    assert ("typer" in modules) == (output == ["--json"])  # only the table is plain


def test_check_run_again_reads_the_parsed_rules_without_pyyaml(tmp_path: Path) -> None:
    _modules_after(tmp_path, "check", str(NOT_READY))
    code, modules = _modules_after(tmp_path, "check", str(NOT_READY))
    assert code == ExitCode.NOT_READY
    assert "yaml" not in modules


def test_help_lists_every_command_without_importing_them(tmp_path: Path) -> None:
    code, modules = _modules_after(tmp_path, "--help")
    assert code == 0
    # Typer formats help with Rich, tracebacks module included: only that is allowed here
    assert _heavy(modules) == ["rich.traceback"]


def test_audit_imports_its_runner_when_it_runs(tmp_path: Path) -> None:
    """The guard above is not vacuous: the same listing sees what a command does import."""
    cohort = REPO / "examples" / "cohort-with-errors.jsonl"
    code, modules = _modules_after(
        tmp_path, "audit", str(cohort), "--out", str(tmp_path / "out"), "--workers", "1"
    )
    assert code == 0
    assert "engine.audit.runner" in modules
    assert "structlog" in modules
