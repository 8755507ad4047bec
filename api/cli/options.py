"""Typer options that more than one command takes."""

from pathlib import Path
from typing import Annotated

import typer

from api.cli.plain_check import RULES_OPTION

RulesOption = Annotated[
    Path | None,
    typer.Option(RULES_OPTION, help="A local overlay of rules and parameters (else DEPLAN_RULES)."),
]
