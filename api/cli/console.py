"""Rich consoles and the common ways the CLI reports input and rule errors."""

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from api.cli.exit_codes import ExitCode
from api.settings import Settings, SettingsError
from engine import RuleLoadError, RuleSet, load_ruleset
from models.case import Case, parse_case
from models.validation import describe_validation_error

RulesOption = Annotated[
    Path | None,
    typer.Option("--rules", help="A local overlay of rules and parameters (else DEPLAN_RULES)."),
]
out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def load_settings() -> Settings:
    """The `DEPLAN_*` settings, read once per command; exit SETTINGS_INVALID naming a bad one."""
    try:
        return Settings.from_env()
    except SettingsError as error:
        err.print(f"error: {error}", markup=False)
        raise typer.Exit(ExitCode.SETTINGS_INVALID) from error


def overlay_or_setting(overlay: Path | None) -> Path | None:
    """The `--rules` overlay given, else `DEPLAN_RULES`."""
    return overlay if overlay is not None else load_settings().rules


def load_rules_or_exit(overlay: Path | None) -> RuleSet:
    """The rules with `overlay` (else `DEPLAN_RULES`) over them; exit RULES_INVALID listing
    the problems when they do not load."""
    try:
        return load_ruleset(overlay_or_setting(overlay))
    except RuleLoadError as error:
        report_rule_problems(error)
        raise typer.Exit(ExitCode.RULES_INVALID) from None


def report_rule_problems(error: RuleLoadError) -> None:
    err.print(f"[bold red]The rules could not be loaded ({len(error.problems)} problem(s)):[/]")
    for problem in error.problems:
        err.print(f"  {problem}", markup=False)


def read_case_or_exit(path: Path) -> tuple[Case, str]:
    """The case in `path` and the text it was read from; on failure every problem is named by
    field path, never by value."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        err.print(f"{path}: cannot be read ({error.__class__.__name__})", markup=False)
        raise typer.Exit(ExitCode.INVALID_INPUT) from None
    try:
        return parse_case(text), text
    except ValidationError as error:
        problems = describe_validation_error(error)
        err.print(f"[bold red]{path} is not a valid case ({len(problems)} problem(s)):[/]")
        for problem in problems:
            err.print(f"  {problem.path}: {problem.message}", markup=False)
        raise typer.Exit(ExitCode.INVALID_INPUT) from None
