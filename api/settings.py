"""Service settings, read once from `DEPLAN_*` environment variables (pydantic-settings).

Every variable the service reads is a field here, named as the variable less its `DEPLAN_`
prefix; nothing else reads the environment. The engine takes what it needs as arguments.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import Field, PositiveFloat, PositiveInt, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

DATABASE_FILE = "deplan.sqlite3"
PREFIX = "DEPLAN_"
M = TypeVar("M", bound=BaseSettings)


class SettingsError(ValueError):
    """A `DEPLAN_*` variable holds a value the service cannot use."""


class Limits(BaseSettings):
    """Bounds on what one worker process takes on: sizes, counts and times.

    Each has a `DEPLAN_*` variable (the field name in capitals), documented in
    docs/security.md.
    """

    model_config = SettingsConfigDict(env_prefix=PREFIX, frozen=True, env_ignore_empty=True)

    max_case_bytes: PositiveInt = 1_000_000
    """Largest case body `POST /v1/assessments` and `/v1/evaluations` accept (413 above)."""
    body_timeout_seconds: PositiveFloat = 10.0
    """Longest a client may take to send a case body (408 after), and the longest pause
    between two parts of an audit upload."""
    max_in_flight: PositiveInt = 32
    """Requests one worker handles at once; above it, 503 with Retry-After."""
    max_bodies_per_key: PositiveInt = 8
    """Request bodies one API key may be sending at once (429 above), so that one key's
    stalled uploads cannot hold every admission slot."""
    threads: PositiveInt = 16
    """Worker threads for blocking work (rules, database); the connection pool has as many."""
    database_timeout_seconds: PositiveFloat = 5.0
    """Connecting to PostgreSQL, one statement, waiting for a pooled connection, SQLite's
    busy wait; an idle transaction is ended after twice this."""
    max_audit_bytes: PositiveInt = 512 * 1024 * 1024
    """Largest audit upload (413 above)."""
    max_audit_lines: PositiveInt = 100_000
    """Most lines (cases) in one audit upload (413 above)."""
    max_audit_jobs_per_key: PositiveInt = 2
    """Audits one key may have queued or running at once (429 above)."""
    min_free_disk_bytes: PositiveInt = 100 * 1024 * 1024
    """`/readyz` fails (503) when the data folder has less free space than this."""
    failed_auth_per_minute: PositiveInt = 20
    """Failed authentications one client address may make in a minute; then 429."""
    audit_stale_seconds: PositiveFloat = 60.0
    """An audit job whose server has sent no heartbeat for this long is resumed by another."""
    key_cache_seconds: PositiveFloat = 5.0
    """How long a verified API key is trusted without reading it again: a revoked key stops
    working within this many seconds in every worker (at once in the one that revoked it)."""


class Sessions(BaseSettings):
    """The chair's signed-in sessions: ended after `idle_minutes` without a request, and
    `max_hours` after signing in, whichever comes first (`DEPLAN_SESSION_IDLE_MINUTES`,
    `DEPLAN_SESSION_MAX_HOURS`)."""

    model_config = SettingsConfigDict(
        env_prefix=PREFIX + "SESSION_", frozen=True, env_ignore_empty=True
    )

    idle_minutes: PositiveFloat = 120.0
    max_hours: PositiveFloat = 8.0


class Settings(BaseSettings):
    """What the service and the `deplan` commands are configured with."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, frozen=True, env_ignore_empty=True)

    data_dir: Path = Path("data")
    database_url: str = ""
    """SQLAlchemy URL; the embedded SQLite file in `data_dir` unless `DEPLAN_DATABASE_URL`."""
    store_cases: bool = True
    """Keep each assessed case next to its record, so the assessment can be reproduced."""
    rules: Path | None = None
    """The local overlay of rules and parameters (`DEPLAN_RULES`); None: the base catalogue."""
    log_level: str = "info"
    audit_workers: PositiveInt | None = None
    """Worker processes one audit job uses; None: one per CPU, as `default_workers` says."""
    ssd_key_file: Path | None = None
    """The pseudonymisation key of SSD imports; None: one made in `data_dir` on first use."""
    limits: Limits = Field(default_factory=Limits)
    sessions: Sessions = Field(default_factory=Sessions)

    @model_validator(mode="before")
    @classmethod
    def _database_url(cls, values: Any) -> Any:
        if not isinstance(values, dict):
            return values
        raw = values.get("database_url") or ""
        data_dir = Path(values.get("data_dir") or "data")
        values["database_url"] = (
            normalise_database_url(raw)
            if raw
            else f"sqlite:///{(data_dir / DATABASE_FILE).as_posix()}"
        )
        return values

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
        """The settings in `env` (default: the process environment); SettingsError names the
        first variable whose value cannot be used."""
        env = os.environ if env is None else env
        return _validated(
            cls,
            {
                **_fields(cls, env),
                "limits": _validated(Limits, _fields(Limits, env)),
                "sessions": _validated(Sessions, _fields(Sessions, env)),
            },
        )


def _validated(model: type[M], values: dict[str, Any]) -> M:
    """`model` from `values`, or SettingsError naming the variable that cannot be used."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise SettingsError(_describe(model, error)) from None


def _fields(model: type[BaseSettings], env: Mapping[str, str]) -> dict[str, str]:
    """The variables of `env` that name a field of `model`, by field name; empty ones are unset."""
    values = {}
    for name in model.model_fields:
        raw = env.get(variable_name(model, name), "").strip()
        if raw and name not in ("limits", "sessions"):
            values[name] = raw
    return values


def variable_name(model: type[BaseSettings], field: str) -> str:
    """The environment variable of a settings field."""
    return str(model.model_config.get("env_prefix", PREFIX)) + field.upper()


def _describe(model: type[BaseSettings], error: ValidationError) -> str:
    first = error.errors()[0]
    variable = variable_name(model, str(first["loc"][0])) if first["loc"] else "a DEPLAN_ variable"
    if first["type"] == "value_error" and isinstance(
        first.get("ctx", {}).get("error"), SettingsError
    ):
        return str(first["ctx"]["error"])
    kind = first["type"]
    if kind.startswith("bool"):
        return f"{variable} must be true or false"
    if kind.startswith(("int", "float", "greater_than")):
        return f"{variable} must be a positive number"
    return f"{variable}: {first['msg']}"


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
