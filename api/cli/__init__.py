"""The `deplan` command. `script` is the console script; the Typer app (`api.cli.commands`) is
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
    """The command on `sys.argv`, ending in SystemExit with its exit code: usage errors exit
    64 so that exit code 2 keeps meaning "insufficient information", and an unexpected error
    exits 70, never with a verdict's code. Its message names the error's type only: it may
    quote case data."""
    _run(end_plain_check_at_once=False)


def script() -> None:
    """The installed `deplan` command: `run`, except that a plain check ends the process as
    soon as its output is flushed (`end_at_once`)."""
    _run(end_plain_check_at_once=True)


def _run(*, end_plain_check_at_once: bool) -> None:
    from api.cli.plain_check import end_at_once, parse_plain_check, run_plain_check

    try:
        request = parse_plain_check(sys.argv[1:], os.environ, os.name)
        if request is None:
            from api.cli.commands import run_app

            code = run_app()
        else:
            code = run_plain_check(request)
            if end_plain_check_at_once:
                end_at_once(code)
    except Exception as error:
        sys.stderr.write(f"deplan: internal error ({type(error).__name__}); this is a bug.\n")
        raise SystemExit(ExitCode.INTERNAL_ERROR) from None
    raise SystemExit(code)
