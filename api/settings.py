"""Service settings, read once from `DEPLAN_*` environment variables."""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

DATABASE_FILE = "deplan.sqlite3"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class SettingsError(ValueError):
    """A `DEPLAN_*` variable holds a value the service cannot use."""


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    """SQLAlchemy URL; the embedded SQLite file in `data_dir` unless `DEPLAN_DATABASE_URL`."""
    data_dir: Path
    store_cases: bool
    """Keep each assessed case next to its record, so the assessment can be reproduced."""
    rules_overlay: Path | None

    @property
    def url(self) -> "URL":
        from sqlalchemy.engine import make_url

        return make_url(self.database_url)

    @property
    def embedded(self) -> bool:
        """Whether the database is SQLite: the service owns it and may migrate it itself."""
        return self.url.get_backend_name() == "sqlite"

    @property
    def redacted_database_url(self) -> str:
        return self.url.render_as_string(hide_password=True)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        data_dir = Path(env.get("DEPLAN_DATA_DIR") or "data")
        raw_url = env.get("DEPLAN_DATABASE_URL") or ""
        database_url = (
            normalise_database_url(raw_url)
            if raw_url
            else f"sqlite:///{(data_dir / DATABASE_FILE).as_posix()}"
        )
        overlay = env.get("DEPLAN_RULES") or None
        return cls(
            database_url=database_url,
            data_dir=data_dir,
            store_cases=_flag(env, "DEPLAN_STORE_CASES", default=True),
            rules_overlay=Path(overlay) if overlay else None,
        )


def normalise_database_url(raw: str) -> str:
    """Accept the usual `postgresql://` / `postgres://` spellings; psycopg 3 is the driver."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(raw)
    except ArgumentError as error:
        raise SettingsError("DEPLAN_DATABASE_URL is not a database URL") from error
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise SettingsError("DEPLAN_DATABASE_URL must be a sqlite:// or postgresql:// URL")
    return url.render_as_string(hide_password=False)


def _flag(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(f"{name} must be true or false")
