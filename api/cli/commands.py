"""The `deplan` command as one Typer app, each group of commands in its own module."""

import typer

from api.cli import audit as audit_commands
from api.cli import check as check_commands
from api.cli import db as db_commands
from api.cli import import_ssd as import_commands
from api.cli import keys as keys_commands
from api.cli import purge as purge_commands
from api.cli import rules as rules_commands
from api.cli import schema
from api.cli import serve as serve_commands
from api.cli.exit_codes import ExitCode

app = typer.Typer(
    name="deplan",
    help="Check whether a child protection case is ready to be de-planned.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
check_commands.register(app)
rules_commands.register(app)
schema.register(app)
serve_commands.register(app)
db_commands.register(app)
keys_commands.register(app)
audit_commands.register(app)
import_commands.register(app)
purge_commands.register(app)


@app.callback()
def main() -> None:
    """deplan: rules from a repeat child protection plan audit, applied to one case or many."""


def run_app() -> int:
    """The app on `sys.argv`, returning its exit code: usage errors 64, Ctrl-C 130."""
    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        return ExitCode.INTERRUPTED
    except typer.TyperException as error:
        show = getattr(error, "show", None)
        if show is not None:
            show()
        return ExitCode.USAGE
    return code if isinstance(code, int) else ExitCode.READY
