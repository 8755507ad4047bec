"""The `deplan` command: one Typer app, each group of commands in its own module."""

import typer

from api.cli import db as db_commands
from api.cli import keys as keys_commands
from api.cli import schema
from api.cli import serve as serve_commands

app = typer.Typer(
    name="deplan",
    help="Check whether a child protection case is ready to be de-planned.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
schema.register(app)
serve_commands.register(app)
db_commands.register(app)
keys_commands.register(app)


@app.callback()
def main() -> None:
    """deplan: rules from a repeat child protection plan audit, applied to one case or many."""
