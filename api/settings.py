"""Service settings, read once from `DEPLAN_*` environment variables."""

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

DATABASE_FILE = "deplan.sqlite3"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_N = TypeVar("_N", int, float)


class SettingsError(ValueError):
    """A `DEPLAN_*` variable holds a value the service cannot use."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one worker process takes on: sizes, counts and times.

    Each has a `DEPLAN_*` variable (the field name in capitals), documented in
    docs/security.md.
    """

    max_case_bytes: int = 1_000_000
    """Largest case body `POST /v1/assessments` and `/v1/evaluations` accept (413 above)."""
    body_timeout_seconds: float = 10.0
    """Longest a client may take to send a case body (408 after), and the longest pause
    between two parts of an audit upload."""
    max_in_flight: int = 32
    """Requests one worker handles at once; above it, 503 with Retry-After."""
    max_bodies_per_key: int = 8
    """Request bodies one API key may be sending at once (429 above), so that one key's
    stalled uploads cannot hold every admission slot."""
    threads: int = 16
    """Worker threads for blocking work (rules, database); the connection pool has as many."""
    database_timeout_seconds: float = 5.0
    """Connecting to PostgreSQL, one statement, waiting for a pooled connection, SQLite's
    busy wait; an idle transaction is ended after twice this."""
    max_audit_bytes: int = 512 * 1024 * 1024
    """Largest audit upload (413 above)."""
    max_audit_lines: int = 100_000
    """Most lines (cases) in one audit upload (413 above)."""
    max_audit_jobs_per_key: int = 2
    """Audits one key may have queued or running at once (429 above)."""
    min_free_disk_bytes: int = 100 * 1024 * 1024
    """`/readyz` fails (503) when the data folder has less free space than this."""
    failed_auth_per_minute: int = 20
    """Failed authentications one client address may make in a minute; then 429."""
    audit_stale_seconds: float = 60.0
    """An audit job whose server has sent no heartbeat for this long is resumed by another."""
    key_cache_seconds: float = 5.0
    """How long a verified API key is trusted without reading it again: a revoked key stops
    working within this many seconds in every worker (at once in the one that revoked it)."""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "Limits":
        defaults = cls()
        return cls(
            max_case_bytes=_number(env, "DEPLAN_MAX_CASE_BYTES", defaults.max_case_bytes, int),
            body_timeout_seconds=_number(
                env, "DEPLAN_BODY_TIMEOUT_SECONDS", defaults.body_timeout_seconds, float
            ),
            max_in_flight=_number(env, "DEPLAN_MAX_IN_FLIGHT", defaults.max_in_flight, int),
            max_bodies_per_key=_number(
                env, "DEPLAN_MAX_BODIES_PER_KEY", defaults.max_bodies_per_key, int
            ),
            threads=_number(env, "DEPLAN_THREADS", defaults.threads, int),
            database_timeout_seconds=_number(
                env, "DEPLAN_DATABASE_TIMEOUT_SECONDS", defaults.database_timeout_seconds, float
            ),
            max_audit_bytes=_number(env, "DEPLAN_MAX_AUDIT_BYTES", defaults.max_audit_bytes, int),
            max_audit_lines=_number(env, "DEPLAN_MAX_AUDIT_LINES", defaults.max_audit_lines, int),
            max_audit_jobs_per_key=_number(
                env, "DEPLAN_MAX_AUDIT_JOBS_PER_KEY", defaults.max_audit_jobs_per_key, int
            ),
            min_free_disk_bytes=_number(
                env, "DEPLAN_MIN_FREE_DISK_BYTES", defaults.min_free_disk_bytes, int
            ),
            failed_auth_per_minute=_number(
                env, "DEPLAN_FAILED_AUTH_PER_MINUTE", defaults.failed_auth_per_minute, int
            ),
            audit_stale_seconds=_number(
                env, "DEPLAN_AUDIT_STALE_SECONDS", defaults.audit_stale_seconds, float
            ),
            key_cache_seconds=_number(
                env, "DEPLAN_KEY_CACHE_SECONDS", defaults.key_cache_seconds, float
            ),
        )


@dataclass(frozen=True, slots=True)
class Sessions:
    """The chair's signed-in sessions: ended after `idle_minutes` without a request, and
    `max_hours` after signing in, whichever comes first."""

    idle_minutes: float = 120.0
    max_hours: float = 8.0

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "Sessions":
        defaults = cls()
        return cls(
            idle_minutes=_number(env, "DEPLAN_SESSION_IDLE_MINUTES", defaults.idle_minutes, float),
            max_hours=_number(env, "DEPLAN_SESSION_MAX_HOURS", defaults.max_hours, float),
        )


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    """SQLAlchemy URL; the embedded SQLite file in `data_dir` unless `DEPLAN_DATABASE_URL`."""
    data_dir: Path
    store_cases: bool
    """Keep each assessed case next to its record, so the assessment can be reproduced."""
    rules_overlay: Path | None
    limits: "Limits" = field(default_factory=lambda: Limits())
    sessions: Sessions = field(default_factory=lambda: Sessions())

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
            limits=Limits.from_env(env),
            sessions=Sessions.from_env(env),
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


def _number(env: Mapping[str, str], name: str, default: _N, kind: Callable[[str], _N]) -> _N:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a positive number") from None
    if value <= 0:
        raise SettingsError(f"{name} must be a positive number")
    return value
