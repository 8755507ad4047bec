"""API and storage fixtures: a real database per test (a SQLite file always; PostgreSQL too
when DEPLAN_TEST_DATABASE_URL is set, each test in a schema of its own, dropped after)."""

import io
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import structlog
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from api.http.app import create_app
from api.logging import configure_logging
from api.persistence import migrate
from api.persistence.db import make_engine
from api.persistence.keys import create_key
from api.settings import Limits, Settings
from models.api_keys import Scope
from tests.api.databases import PG_ENV, pg_schema, postgresql_base_url

REPO = Path(__file__).resolve().parents[2]
BACKENDS = ["sqlite", "postgresql"] if postgresql_base_url() else ["sqlite"]


@pytest.fixture(autouse=True)
def _no_ambient_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests pass settings explicitly; nothing from the developer's environment leaks in."""
    for name in ("DEPLAN_DATABASE_URL", "DEPLAN_DATA_DIR", "DEPLAN_STORE_CASES", "DEPLAN_RULES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a fresh SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'data' / 'deplan.sqlite3').as_posix()}"
        return
    base = postgresql_base_url()
    assert base is not None
    with pg_schema(base) as url:
        yield url


@pytest.fixture
def make_settings(database_url: str, tmp_path: Path) -> Callable[..., Settings]:
    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "database_url": database_url,
            "data_dir": tmp_path / "data",
            "store_cases": True,
            "rules": None,
        }
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture
def db_engine(settings: Settings) -> Iterator[Engine]:
    """The test database, migrated to head."""
    db_engine = make_engine(settings)
    migrate.upgrade(db_engine)
    yield db_engine
    db_engine.dispose()


@pytest.fixture
def app(
    settings: Settings,
    db_engine: Engine,  # noqa: ARG001 - for the migrated database it makes
) -> Iterator[FastAPI]:
    application = create_app(settings)
    yield application
    application.state.db_engine.dispose()  # also when no test client ran its lifespan


@pytest.fixture
def limited_app(
    make_settings: Callable[..., Settings],
    db_engine: Engine,  # noqa: ARG001 - for the migrated database it makes
) -> Iterator[Callable[..., FastAPI]]:
    """`limited_app(max_case_bytes=...)`: the app with some `Limits` changed."""
    made: list[FastAPI] = []

    def make(**limits: Any) -> FastAPI:
        application = create_app(make_settings(limits=Limits(**limits)))
        made.append(application)
        return application

    yield make
    for application in made:
        application.state.db_engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def make_key(db_engine: Engine) -> Callable[..., str]:
    """`make_key(Scope.READ, name=..., organisation=...)` -> an Authorization header value."""
    counter = iter(range(1_000_000))

    def make(*scopes: Scope, name: str | None = None, organisation: str = "default") -> str:
        with Session(db_engine) as session:
            _public, key = create_key(
                session, name or f"test-{next(counter)}", scopes, organisation
            )
        return f"Bearer {key}"

    return make


@pytest.fixture
def auth(make_key: Callable[..., str]) -> dict[str, str]:
    """Headers with a key that may assess and read."""
    return {"Authorization": make_key(Scope.ASSESS, Scope.READ, name="case-system")}


EXAMPLE = REPO / "examples" / "not-ready-step-down.json"


@pytest.fixture
def example_case() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text())
    return data


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    """The service's log output, as the service writes it (JSON lines)."""
    configure_logging("debug")
    stream = io.StringIO()
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    yield stream
    logging.getLogger().handlers.clear()
    structlog.reset_defaults()


def pytest_report_header() -> str:
    where = ", ".join(BACKENDS)
    hint = "" if len(BACKENDS) > 1 else f" (set {PG_ENV} for PostgreSQL too)"
    return f"deplan API and storage tests run against: {where}{hint}"
