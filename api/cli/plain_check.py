"""A plain `deplan check`, run without building the Typer app.

`deplan check CASE.json [--as-of DATE] [--rules DIR]` (options in any order, as `--name
value` or `--name=value`) is how the command is mostly run; importing Typer and building the
app, with the pydantic adapters it makes for each parameter, took about a sixth of it. Here
those arguments are converted as Typer converts them, the command's own code runs
(api/cli/check_case.py) and the console script gets its exit code. Whatever Typer would
refuse or treat otherwise returns None and goes to the Typer app, which parses it and
reports any error as it always has: `--json`, `--help`, an unknown, repeated or empty
option, a value starting with a dash, more or fewer than one case file, a date not in the
format, a path that exists but cannot be read, a shell-completion request, and Windows
(where Typer expands wildcards in the arguments).

Typer's own handling around a command is kept: Ctrl-C exits 130, and output to a closed
pipe exits 1 without a traceback.

The installed `deplan` command then ends the process at once (`end_at_once`): finalising the
interpreter, which frees every module and object one by one where the operating system
frees the process's memory whole, took about a tenth of a one-case check's CPU time.
Nothing a plain check runs registers an exit handler or starts a thread, and its output is
flushed first.
"""

import datetime as dt
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

COMMAND = "check"
AS_OF_OPTION = "--as-of"
AS_OF_FORMAT = "%Y-%m-%d"
RULES_OPTION = "--rules"
VALUE_OPTIONS = (AS_OF_OPTION, RULES_OPTION)
CLOSED_PIPE_EXIT = 1
"""What Typer exits with when the output's reader has gone."""


@dataclass(frozen=True, slots=True)
class PlainCheck:
    case_file: Path
    as_of: dt.date | None
    rules: Path | None


def parse_plain_check(
    arguments: Sequence[str], environment: Mapping[str, str], os_name: str
) -> PlainCheck | None:
    """The plain check `arguments` ask for, converted as Typer would; None when they are
    not one (see above)."""
    if os_name == "nt" or _completion_requested(environment):
        return None
    if not arguments or arguments[0] != COMMAND:
        return None
    split = _split(arguments[1:])
    if split is None:
        return None
    positional, options = split
    rules = options.get(RULES_OPTION)
    paths = [*positional, rules] if rules is not None else positional
    if len(positional) != 1 or not all(map(_typer_accepts_path, paths)):
        return None
    as_of = options.get(AS_OF_OPTION)
    as_of_date = _typer_date(as_of) if as_of is not None else None
    if as_of is not None and as_of_date is None:
        return None
    return PlainCheck(Path(positional[0]), as_of_date, Path(rules) if rules is not None else None)


def run_plain_check(request: PlainCheck) -> int:
    """Assess and show the case as `deplan check` does; its exit code."""
    from api.cli.check_case import assess_case_file, show_assessment
    from api.cli.exit_codes import FOR_VERDICT, ExitCode

    try:
        assessment = assess_case_file(request.case_file, request.as_of, request.rules)
        show_assessment(assessment)
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        _discard_further_output()
        return CLOSED_PIPE_EXIT
    return FOR_VERDICT[assessment.verdict]


def end_at_once(code: int) -> NoReturn:
    """Flush the output and end the process with `code`, skipping the interpreter's
    finalisation; a closed pipe exits 1, as when `run_plain_check` meets it."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        _discard_further_output()
        code = CLOSED_PIPE_EXIT
    os._exit(code)


def _split(arguments: Sequence[str]) -> tuple[list[str], dict[str, str]] | None:
    """The positional arguments and the value of each option; None when an argument is not
    one of these, or an option is repeated or its value empty or starting with a dash."""
    positional: list[str] = []
    options: dict[str, str] = {}
    remaining = iter(arguments)
    for argument in remaining:
        name, equals, value = argument.partition("=")
        if name in VALUE_OPTIONS:
            value = value if equals else next(remaining, "")
            if name in options or not value or value.startswith("-"):
                return None
            options[name] = value
        elif not argument or argument.startswith("-"):
            return None
        else:
            positional.append(argument)
    return positional, options


def _completion_requested(environment: Mapping[str, str]) -> bool:
    """Whether a `_<PROGRAM>_COMPLETE` variable asks the app for shell completions."""
    return any(
        name.startswith("_") and name.endswith("_COMPLETE") and value
        for name, value in environment.items()
    )


def _typer_accepts_path(path: str) -> bool:
    """Typer refuses a path that exists but cannot be read; one that does not exist it
    passes on (the command then reports it)."""
    try:
        os.stat(path)
    except OSError:
        return True
    return os.access(path, os.R_OK)


def _typer_date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, AS_OF_FORMAT).date()  # noqa: DTZ007 (a date, as Typer reads it)
    except ValueError:
        return None


def _discard_further_output() -> None:
    """Point stdout and stderr at the null device, so that flushing them at exit does not
    fail again on the closed pipe."""
    null = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        os.dup2(null, stream.fileno())
    os.close(null)
