"""`deplan purge`: remove case data older than the retention period (see docs/security.md)."""

import datetime as dt
import re
from typing import Annotated

import typer

from api.cli._database import load_settings, open_database

_DURATION = re.compile(r"^(\d+)([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def register(app: typer.Typer) -> None:
    app.command("purge")(purge)


def parse_duration(text: str) -> dt.timedelta:
    """`90d`, `12w`, `36h`, `30m`."""
    match = _DURATION.fullmatch(text.strip())
    if match is None or int(match.group(1)) == 0:
        raise typer.BadParameter("use a number and a unit: 30m, 36h, 90d or 12w")
    return dt.timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def purge(
    older_than: Annotated[
        str,
        typer.Option("--older-than", help="Remove what is older than this: 30m, 36h, 90d or 12w."),
    ],
) -> None:
    """Erase kept case bodies (each assessment record stays, with a tombstone), audit job
    files and idempotency keys older than DURATION, and the chair's ended sessions. Run it daily (cron, a systemd timer)."""
    from api.persistence.retention import purge as run_purge

    period = parse_duration(older_than)
    settings = load_settings()
    db_engine = open_database(settings)
    try:
        result = run_purge(db_engine, settings, period)
    finally:
        db_engine.dispose()
    typer.echo(
        f"purged {result.case_bodies} case bodies, {result.audit_jobs} audit jobs' files, "
        f"{result.idempotency_keys} idempotency keys older than {older_than}, "
        f"{result.chair_sessions} ended chair sessions"
    )
