"""Database engine and sessions: SQLite (WAL) embedded by default, PostgreSQL in production.

Every wait is bounded (`Limits.database_timeout_seconds`): connecting, each statement,
waiting for a pooled connection and SQLite's busy wait. The pool holds as many connections
as the worker has threads (plus a few for the audit runner and health checks), so a thread
never waits for a connection another request holds while waiting for a thread.
"""

import os
import threading
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import create_engine

from api.settings import Limits, Settings

_SQLITE_WRITE_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()
EXTRA_CONNECTIONS = 4
"""Beyond one per thread: the audit runner, its heartbeat, `/readyz`."""


def make_engine(settings: Settings) -> Engine:
    """An engine for the configured database; for SQLite, creates its directory and sets WAL."""
    url = settings.url
    limits = settings.limits
    pool: dict[str, Any] = {
        "pool_size": limits.threads,
        "max_overflow": EXTRA_CONNECTIONS,
        "pool_timeout": limits.database_timeout_seconds,
    }
    if settings.embedded:
        if url.database and url.database != ":memory:":
            _owner_only_database_file(Path(url.database))
        db_engine = create_engine(
            url,
            connect_args={
                "check_same_thread": False,
                "timeout": limits.database_timeout_seconds,
            },
            **pool,
        )
        event.listen(db_engine, "connect", _sqlite_pragmas(limits))
        return db_engine
    return create_engine(
        url, pool_pre_ping=True, connect_args=postgresql_connect_args(url, limits), **pool
    )


def write_lock(bind: Engine | Connection) -> AbstractContextManager[object]:
    """Held around a commit that writes. SQLite takes one writer at a time, and a waiting
    writer polls with sleeps of up to 100 ms (its busy handler), so under load some wait
    for seconds while others get in; queueing this process's writers on a lock hands the
    database over as soon as a commit ends. PostgreSQL needs none."""
    url = bind.engine.url
    if url.get_backend_name() != "sqlite":
        return nullcontext()
    with _LOCKS_GUARD:
        return _SQLITE_WRITE_LOCKS.setdefault(str(url.database), threading.Lock())


def _owner_only_database_file(path: Path) -> None:
    """Create the SQLite file (and its folder) readable by this user only; SQLite gives its
    `-wal` and `-shm` files the same permissions."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))


def postgresql_connect_args(url: URL, limits: Limits) -> dict[str, Any]:
    """libpq timeouts: connecting, each statement, a transaction left idle, and TCP
    keepalives and `tcp_user_timeout`, so a database that stops answering mid-query (a
    blackholed host) fails the request instead of hanging it. `options` already in the URL
    (e.g. a search_path) are kept."""
    timeout_ms = int(limits.database_timeout_seconds * 1000)
    options = " ".join(
        part
        for part in (
            str(url.query.get("options", "")),
            f"-c statement_timeout={timeout_ms}",
            f"-c lock_timeout={timeout_ms}",
            f"-c idle_in_transaction_session_timeout={2 * timeout_ms}",
        )
        if part
    )
    return {
        "connect_timeout": max(1, round(limits.database_timeout_seconds)),
        "tcp_user_timeout": timeout_ms,
        "options": options,
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 3,
    }


def _sqlite_pragmas(limits: Limits) -> Any:
    busy_ms = int(limits.database_timeout_seconds * 1000)

    def on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit is on disk before it is acknowledged, also across power loss.
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        finally:
            cursor.close()

    return on_connect


def ping(db_engine: Engine) -> None:
    """Raise if the database does not answer."""
    with db_engine.connect() as connection:
        connection.execute(text("SELECT 1"))
