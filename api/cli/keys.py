"""`deplan keys`: create, list and revoke API keys (what they use is imported when they run)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli._database import load_settings, open_database
from api.cli.exit_codes import ExitCode

if TYPE_CHECKING:
    from models.api_keys import ApiKeyPublic, Scope

keys_app = typer.Typer(help="API keys for case systems.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def create(
    name: Annotated[str, typer.Option(help="Who uses the key: a system, not a person.")],
    scope: Annotated[
        list[str],
        typer.Option(
            help="assess, read, audit or admin; repeat or separate with commas.",
        ),
    ],
    organisation: Annotated[
        str,
        typer.Option(help="The organisation (local authority or team) whose records it sees."),
    ] = "default",
) -> None:
    """Create a key. It is printed once, on stdout; only its hash is kept."""
    from sqlmodel import Session

    from api.persistence.keys import ApiKeyError, create_key

    scopes = _parse_scopes(scope)
    db_engine = open_database(load_settings())
    try:
        with Session(db_engine) as session:
            public, key = create_key(session, name, scopes, organisation)
    except ApiKeyError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(ExitCode.INVALID_INPUT) from error
    finally:
        db_engine.dispose()
    typer.echo(
        f"Created key {public.id} {public.name!r} in {public.organisation!r} with scopes "
        f"{', '.join(public.scopes)}. It is shown once: store it now.",
        err=True,
    )
    typer.echo(key)


@keys_app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per key.")] = False,
) -> None:
    """List keys (never their secrets)."""
    from sqlmodel import Session

    from api.persistence.keys import list_keys

    db_engine = open_database(load_settings())
    try:
        with Session(db_engine) as session:
            keys = list_keys(session)
    finally:
        db_engine.dispose()
    if as_json:
        for key in keys:
            typer.echo(key.model_dump_json())
        return
    _print_table(keys)


@keys_app.command("revoke")
def revoke(id_or_name: Annotated[str, typer.Argument(help="The key's id or name.")]) -> None:
    """Revoke a key: it stops working at once; its record stays."""
    from sqlmodel import Session

    from api.persistence.keys import ApiKeyError, revoke_key

    db_engine = open_database(load_settings())
    try:
        with Session(db_engine) as session:
            public = revoke_key(session, id_or_name)
    except ApiKeyError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(ExitCode.INVALID_INPUT) from error
    finally:
        db_engine.dispose()
    typer.echo(json.dumps({"id": public.id, "name": public.name, "revoked": True}))


def _parse_scopes(values: list[str]) -> list[Scope]:
    from models.api_keys import Scope

    scopes = []
    for value in values:
        for part in value.split(","):
            name = part.strip().lower()
            if not name:
                continue
            try:
                scopes.append(Scope(name))
            except ValueError as error:
                allowed = ", ".join(scope.value for scope in Scope)
                typer.echo(f"error: unknown scope {name!r}; use {allowed}", err=True)
                raise typer.Exit(ExitCode.USAGE) from error
    return scopes


def _print_table(keys: list[ApiKeyPublic]) -> None:
    table = Table("id", "name", "organisation", "scopes", "created", "revoked")
    for key in keys:
        table.add_row(
            key.id,
            key.name,
            key.organisation,
            ", ".join(key.scopes),
            key.created_at.isoformat(timespec="seconds"),
            key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else "",
        )
    Console().print(table)
