"""`deplan check`: assess one case and show the verdict and findings (api/cli/check_case.py)."""

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from api.cli.check_case import assess_case_file, show_assessment
from api.cli.exit_codes import FOR_VERDICT
from api.cli.options import RulesOption
from api.cli.plain_check import AS_OF_FORMAT, AS_OF_OPTION


def register(app: typer.Typer) -> None:
    app.command("check")(check)


def check(
    case_file: Annotated[Path, typer.Argument(metavar="CASE.json", help="The case to assess.")],
    as_of: Annotated[
        dt.datetime | None,
        typer.Option(
            AS_OF_OPTION,
            formats=[AS_OF_FORMAT],
            help="Assess as at this date (default: the decision date).",
        ),
    ] = None,
    rules: RulesOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the Assessment as JSON.")] = False,
) -> None:
    """Assess a case. Exit code: 0 ready, 1 not ready, 2 insufficient information, 3 bad case,
    4 bad rules, 5 outside the scope of the rules."""
    assessment = assess_case_file(case_file, as_of.date() if as_of else None, rules)
    if as_json:
        typer.echo(assessment.model_dump_json(indent=2))
    else:
        show_assessment(assessment)
    raise typer.Exit(FOR_VERDICT[assessment.verdict])
