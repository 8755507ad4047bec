"""Opening the service database from the command line, with readable failures.

SQLAlchemy and Alembic are imported when a command needs them, so that commands which do
not touch the database (`deplan check`) start quickly.
"""

from typing import TYPE_CHECKING

import typer

from api.cli.console import load_settings as load_settings
from api.cli.exit_codes import ExitCode

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from api.settings import Settings


def open_database(settings: "Settings") -> "Engine":
    """The database, at the migrations' head. The embedded SQLite database is created or
    upgraded here; any other database must have been upgraded with `deplan db upgrade`."""
    from sqlalchemy.exc import OperationalError

    from api.persistence import migrate
    from api.persistence.db import make_engine

    db_engine = make_engine(settings)
    try:
        state = migrate.schema_state(db_engine)
        if not state.at_head and settings.embedded:
            migrate.upgrade(db_engine)
            typer.echo(f"Embedded database ready: {settings.redacted_database_url}", err=True)
        migrate.require_head(db_engine, upgrade_embedded=False)
    except migrate.DatabaseNotReadyError as error:
        db_engine.dispose()
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(ExitCode.STORE_ERROR) from error
    except OperationalError as error:
        db_engine.dispose()
        typer.echo(
            f"error: cannot reach the database {settings.redacted_database_url}: "
            f"{type(error.orig).__name__}",
            err=True,
        )
        raise typer.Exit(ExitCode.STORE_ERROR) from error
    return db_engine
