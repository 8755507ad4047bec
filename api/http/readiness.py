"""The checks behind `/readyz`, each named so a failure says which: the database answers
(within its timeout), its schema is current, it can take a write (not read-only, not
locked beyond the busy timeout), and the data folder has free space above the threshold.
"""

import shutil
from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from api.persistence import migrate
from api.settings import Settings


class NotReadyError(Exception):
    def __init__(self, check: str, detail: str) -> None:
        super().__init__(detail)
        self.check = check
        self.detail = detail


@dataclass(frozen=True, slots=True)
class ReadyState:
    schema_revision: list[str]
    free_bytes: int


def check_ready(db_engine: Engine, settings: Settings) -> ReadyState:
    """Raise NotReadyError naming the first check that fails."""
    try:
        state = migrate.schema_state(db_engine)
    except SQLAlchemyError:
        raise NotReadyError("database", "the database does not answer") from None
    if not state.at_head:
        raise NotReadyError("schema", "the database schema is not at the expected revision")
    try:
        _write_probe(db_engine)
    except SQLAlchemyError as error:
        reason = " ".join(str(getattr(error, "orig", error)).lower().split())
        if "readonly" in reason or "read-only" in reason:
            raise NotReadyError("write", "the database is read-only") from None
        if "disk" in reason and "full" in reason:
            raise NotReadyError("write", "the database's disk is full") from None
        raise NotReadyError("write", "the database cannot take a write") from None
    free = _free_bytes(settings)
    if free < settings.limits.min_free_disk_bytes:
        raise NotReadyError(
            "disk",
            f"the data folder has {free} bytes free, below the threshold of "
            f"{settings.limits.min_free_disk_bytes}",
        )
    return ReadyState(schema_revision=list(state.current), free_bytes=free)


def _write_probe(db_engine: Engine) -> None:
    """A write that changes nothing, rolled back: fails on a read-only database, a full
    disk (where the engine must write to take it) or a lock held past the timeout."""
    with db_engine.connect() as connection, connection.begin() as transaction:
        connection.execute(text("UPDATE alembic_version SET version_num = version_num"))
        transaction.rollback()


def _free_bytes(settings: Settings) -> int:
    folder = settings.data_dir
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return shutil.disk_usage(folder).free
