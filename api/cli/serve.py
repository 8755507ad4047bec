"""`deplan serve`: the HTTP API under uvicorn."""

import os
from typing import Annotated

import typer

from api.cli._database import load_settings, open_database

LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.", min=1)] = 1,
    log_level: Annotated[str, typer.Option(help=f"One of {', '.join(LOG_LEVELS)}.")] = "info",
) -> None:
    """Serve the HTTP API. The embedded SQLite database is created and upgraded as needed;
    PostgreSQL (DEPLAN_DATABASE_URL) must be upgraded first with `deplan db upgrade`."""
    import uvicorn

    from api.logging import configure_logging

    if log_level not in LOG_LEVELS:
        raise typer.BadParameter(f"use one of {', '.join(LOG_LEVELS)}", param_hint="--log-level")
    settings = load_settings()
    open_database(settings).dispose()
    os.environ["DEPLAN_LOG_LEVEL"] = log_level  # worker processes configure logging from it
    typer.echo(
        f"deplan API on http://{host}:{port} (docs at /docs), "
        f"database {settings.redacted_database_url}",
        err=True,
    )
    configure_logging(log_level)
    uvicorn.run(
        "api.app:serve_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        log_level=log_level,
        access_log=False,
        server_header=False,
    )
