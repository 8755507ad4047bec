"""The quality gate, so `uv run pytest` alone is the whole of it: lint, format, types, the
layering (import-linter contracts in pyproject.toml), module sizes and the docstrings of the
public entry points. `.ci/run` adds the coverage floor."""

import inspect
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine import RuleSet, load_ruleset
from engine.audit.runner import run_audit
from engine.evaluation import evaluate_rule
from engine.facts import derive_facts

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MAX_MODULE_LINES = 400
"""No module in engine/, models/ or api/ is longer: one concept a module (about 300 lines)."""
ENTRY_POINTS: list[Callable[..., Any]] = [
    load_ruleset,
    RuleSet.assess,
    derive_facts,
    evaluate_rule,
    run_audit,
]


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],
        ["lint-imports"],
    ],
    ids=["ruff-check", "ruff-format", "mypy", "import-contracts"],
)
def test_quality(command: list[str]) -> None:
    completed = subprocess.run(
        [str(BIN / command[0]), *command[1:]],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-5000:] + completed.stderr[-2000:]


def test_no_module_is_over_400_lines() -> None:
    too_long = {
        str(path.relative_to(REPO)): lines
        for package in ("engine", "models", "api")
        for path in sorted((REPO / package).rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


@pytest.mark.parametrize("entry_point", ENTRY_POINTS, ids=lambda f: f.__qualname__)
def test_public_entry_points_say_what_they_do(entry_point: Callable[..., Any]) -> None:
    doc = inspect.getdoc(entry_point) or ""
    assert len(doc.split()) >= 8, f"{entry_point.__qualname__} needs a docstring"
