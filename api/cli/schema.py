"""`deplan schema`: the JSON Schema a case system builds its export against."""

import json

import typer

from models.case import Case


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)


def schema() -> None:
    """Print the JSON Schema of a case."""
    typer.echo(json.dumps(Case.model_json_schema(), indent=2))
