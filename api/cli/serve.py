"""`deplan serve`: the HTTP API under uvicorn."""

import os
import socket
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
    os.umask(0o077)  # the database, uploads and audit outputs: owner-only
    open_database(settings).dispose()
    os.environ["DEPLAN_LOG_LEVEL"] = log_level  # worker processes configure logging from it
    typer.echo(
        f"deplan API on http://{host}:{port} (docs at /docs), "
        f"database {settings.redacted_database_url}",
        err=True,
    )
    configure_logging(log_level)
    listener = listening_socket(host, port)
    uvicorn.run(
        "api.http.app:serve_app",
        factory=True,
        fd=listener.fileno(),
        workers=workers,
        log_config=None,
        log_level=log_level,
        access_log=False,
        server_header=False,
    )


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port with TCP_NODELAY, which accepted connections inherit.

    uvicorn binds its own socket for several workers without IPPROTO_TCP, so asyncio leaves
    Nagle's algorithm on and each keep-alive response waits for a delayed ACK (about 40 ms).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        raise typer.BadParameter(f"cannot listen on {host}:{port}: {error.strerror}") from None
    listener.set_inheritable(True)
    return listener
