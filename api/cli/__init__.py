"""The `deplan` command. `run` is the console script; the Typer app (`api.cli.commands`) is
built only for the commands that need it: a plain `deplan check` runs without it
(`api.cli.plain_check`), so that checking one case starts quickly."""

import os
import sys
from typing import TYPE_CHECKING

from api.cli.exit_codes import ExitCode

if TYPE_CHECKING:
    from api.cli.commands import app as app


def __getattr__(name: str) -> object:
    """`api.cli.app`, the Typer app, imported on first use."""
    if name == "app":
        from api.cli.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run() -> None:
    """The console script: usage errors exit 64 so that exit code 2 keeps meaning
    "insufficient information", and an unexpected error exits 70, never with a verdict's
    code. Its message names the error's type only: it may quote case data."""
    try:
        code = _run_command(sys.argv[1:])
    except Exception as error:
        sys.stderr.write(f"deplan: internal error ({type(error).__name__}); this is a bug.\n")
        raise SystemExit(ExitCode.INTERNAL_ERROR) from None
    raise SystemExit(code)


def _run_command(arguments: list[str]) -> int:
    from api.cli.plain_check import parse_plain_check, run_plain_check

    request = parse_plain_check(arguments, os.environ, os.name)
    if request is not None:
        return run_plain_check(request)
    from api.cli.commands import run_app

    return run_app()
