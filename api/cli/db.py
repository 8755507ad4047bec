"""`deplan db`: apply and inspect schema migrations."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli._database import load_settings
from api.cli.exit_codes import ExitCode

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from api.settings import Settings

db_app = typer.Typer(help="The service database: schema migrations.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "heads",
) -> None:
    """Apply migrations up to the latest (or the given) revision."""
    from api.persistence import migrate

    settings = load_settings()
    with _reachable(settings) as db_engine:
        before = migrate.schema_state(db_engine)
        migrate.upgrade(db_engine, revision)
        after = migrate.schema_state(db_engine)
    was = ", ".join(before.current) or "empty"
    now = ", ".join(after.current) or "empty"
    typer.echo(f"{settings.redacted_database_url}: {was} -> {now}")


@db_app.command("current")
def current() -> None:
    """Show the database's revision and the latest; exit 7 (STORE_ERROR) when they differ."""
    from api.persistence import migrate

    settings = load_settings()
    with _reachable(settings) as db_engine:
        state = migrate.schema_state(db_engine)
    typer.echo(f"database: {settings.redacted_database_url}")
    typer.echo(f"current:  {', '.join(state.current) or 'empty'}")
    typer.echo(f"head:     {', '.join(state.head)}")
    if not state.at_head:
        typer.echo("not at head: run `deplan db upgrade`", err=True)
        raise typer.Exit(ExitCode.STORE_ERROR)


@contextmanager
def _reachable(settings: "Settings") -> Iterator["Engine"]:
    """The database's engine, disposed after; exit STORE_ERROR if it cannot be reached."""
    from sqlalchemy.exc import OperationalError

    from api.persistence.db import make_engine

    db_engine = make_engine(settings)
    try:
        yield db_engine
    except OperationalError as error:
        typer.echo(f"error: cannot reach the database: {type(error.orig).__name__}", err=True)
        raise typer.Exit(ExitCode.STORE_ERROR) from error
    finally:
        db_engine.dispose()


@db_app.command("revision", hidden=True)
def revision(
    message: Annotated[str, typer.Option("--message", "-m", help="What the migration does.")],
    rev_id: Annotated[str | None, typer.Option(help="Revision id, e.g. 0002.")] = None,
    autogenerate: Annotated[
        bool, typer.Option(help="Diff the models against the database.")
    ] = True,
) -> None:
    """(Developers) write a new migration into api/persistence/migrations/versions; the database it
    compares against must be at head (`deplan db upgrade`)."""
    from api.persistence import migrate
    from api.persistence.db import make_engine

    settings = load_settings()
    db_engine = make_engine(settings)
    try:
        migrate.revision(db_engine, message, autogenerate=autogenerate, rev_id=rev_id)
    finally:
        db_engine.dispose()
