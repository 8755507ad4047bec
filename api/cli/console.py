"""Rich consoles and the common ways the CLI reports input and rule errors.

Typer-free, so that a plain `deplan check` (api/cli/plain_check.py) runs without it: an
error exits by raising SystemExit with its code, which Typer lets through as it does its
own `Exit`.
"""

import os
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from rich.console import Console

from api.cli.exit_codes import ExitCode
from engine import RuleLoadError, RuleSet, load_ruleset
from models.case import Case, parse_case
from models.validation import describe_validation_error

if TYPE_CHECKING:
    from api.settings import Settings

SETTINGS_PREFIX = "DEPLAN_"
"""`api.settings.PREFIX`, read here without importing pydantic-settings (a test holds them
equal)."""
out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def load_settings() -> "Settings":
    """The `DEPLAN_*` settings, read once per command; exit SETTINGS_INVALID naming a bad one."""
    from api.settings import Settings, SettingsError

    try:
        return Settings.from_env()
    except SettingsError as error:
        err.print(f"error: {error}", markup=False)
        raise SystemExit(ExitCode.SETTINGS_INVALID) from error


def overlay_or_setting(overlay: Path | None) -> Path | None:
    """The `--rules` overlay given, else `DEPLAN_RULES`. With no `DEPLAN_` variable set the
    settings are their defaults, which name no overlay and cannot be invalid, so they are not
    read (importing pydantic-settings takes a tenth of a one-case `deplan check`)."""
    if overlay is not None or not any(name.startswith(SETTINGS_PREFIX) for name in os.environ):
        return overlay
    return load_settings().rules


def load_rules_or_exit(overlay: Path | None) -> RuleSet:
    """The rules with `overlay` (else `DEPLAN_RULES`) over them; exit RULES_INVALID listing
    the problems when they do not load."""
    try:
        return load_ruleset(overlay_or_setting(overlay), parse_cache=parse_cache_folder())
    except RuleLoadError as error:
        report_rule_problems(error)
        raise SystemExit(ExitCode.RULES_INVALID) from None


def parse_cache_folder() -> Path | None:
    """Where the commands keep the rule files they parsed (engine/yaml_cache.py): deplan's
    folder in the user's cache (`$XDG_CACHE_HOME` when absolute, else `~/.cache`); None
    without a home."""
    root = os.environ.get("XDG_CACHE_HOME", "")
    try:
        cache = Path(root) if os.path.isabs(root) else Path.home() / ".cache"
        return cache / "deplan" / "parsed-yaml"
    except RuntimeError:  # no home directory to be found
        return None


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
        raise SystemExit(ExitCode.INVALID_INPUT) from None
    try:
        return parse_case(text), text
    except ValidationError as error:
        problems = describe_validation_error(error)
        err.print(f"[bold red]{path} is not a valid case ({len(problems)} problem(s)):[/]")
        for problem in problems:
            err.print(f"  {problem.path}: {problem.message}", markup=False)
        raise SystemExit(ExitCode.INVALID_INPUT) from None
