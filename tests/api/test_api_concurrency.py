"""Bounded concurrency: requests above the admission limit are shed with 503 + Retry-After,
a slow body times out, and no request holds a database connection while it waits."""

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from api.settings import Settings
from models.api_keys import Scope


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class StalledBody:
    """A request body that sends its first part, then waits until released."""

    def __init__(self, first: bytes, rest: bytes) -> None:
        self.first, self.rest = first, rest
        self.sent_first = asyncio.Event()
        self.release = asyncio.Event()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.first
        self.sent_first.set()
        await self.release.wait()
        yield self.rest


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


@pytest.mark.anyio
async def test_above_the_in_flight_limit_requests_are_shed_with_retry_after(
    limited_app: Callable[..., FastAPI],
    make_key: Callable[..., str],
    example_case: dict[str, Any],
) -> None:
    app = limited_app(max_in_flight=1)
    auth = {"Authorization": make_key(Scope.ASSESS), "Content-Type": "application/json"}
    raw = json.dumps(example_case).encode()
    body = StalledBody(raw[:100], raw[100:])
    async with _client(app) as http:
        slow = asyncio.create_task(http.post("/v1/evaluations", content=body, headers=auth))
        await body.sent_first.wait()

        shed = await http.get("/v1/rules", headers=auth)
        assert shed.status_code == 503
        assert shed.headers["retry-after"] == "1"
        assert shed.headers["content-type"] == "application/problem+json"
        assert "limit of 1 requests" in shed.json()["detail"]
        assert (await http.get("/healthz")).status_code == 200

        body.release.set()
        assert (await slow).status_code == 200
        assert (await http.get("/v1/rules", headers=auth)).status_code == 200


@pytest.mark.anyio
async def test_a_stalled_body_times_out_without_holding_a_connection(
    limited_app: Callable[..., FastAPI],
    make_key: Callable[..., str],
    example_case: dict[str, Any],
) -> None:
    app = limited_app(body_timeout_seconds=0.3)
    auth = {"Authorization": make_key(Scope.ASSESS), "Content-Type": "application/json"}
    raw = json.dumps(example_case).encode()
    body = StalledBody(raw[:100], raw[100:])
    async with _client(app) as http:
        stalled = asyncio.create_task(http.post("/v1/assessments", content=body, headers=auth))
        await body.sent_first.wait()
        assert app.state.db_engine.pool.checkedout() == 0
        response = await stalled
    assert response.status_code == 408
    assert "0.3 seconds" in response.json()["detail"]


def test_the_pool_has_a_connection_per_thread(limited_app: Callable[..., FastAPI]) -> None:
    app = limited_app(threads=7)
    assert app.state.db_engine.pool.size() == 7


def test_a_pool_that_stays_exhausted_is_503_with_retry_after(
    limited_app: Callable[..., FastAPI], make_key: Callable[..., str]
) -> None:
    app = limited_app(threads=1, database_timeout_seconds=0.2)
    auth = {"Authorization": make_key(Scope.READ)}
    db_engine: Engine = app.state.db_engine
    pool: Any = db_engine.pool  # a QueuePool, whose size the Pool interface does not declare
    held = [db_engine.connect() for _ in range(pool.size() + pool._max_overflow)]
    try:
        response = TestClient(app).get("/v1/cases/FAM-1/assessments", headers=auth)
    finally:
        for connection in held:
            connection.close()
    assert response.status_code == 503
    assert response.headers["retry-after"]


def test_sqlite_commits_are_durable_and_waits_bounded(
    limited_app: Callable[..., FastAPI], settings: Settings
) -> None:
    if not settings.embedded:
        pytest.skip("SQLite settings")
    app = limited_app(database_timeout_seconds=2.5)
    with app.state.db_engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 2500


def test_postgresql_statements_time_out(
    limited_app: Callable[..., FastAPI], settings: Settings
) -> None:
    if settings.embedded:
        pytest.skip("PostgreSQL settings")
    app = limited_app(database_timeout_seconds=0.5)
    with app.state.db_engine.connect() as connection:
        assert connection.execute(text("SHOW statement_timeout")).scalar() == "500ms"
        assert connection.execute(text("SHOW idle_in_transaction_session_timeout")).scalar() == "1s"
        with pytest.raises(OperationalError):
            connection.execute(text("SELECT pg_sleep(3)"))


def test_sqlite_writers_in_a_process_queue_on_one_lock(
    limited_app: Callable[..., FastAPI], settings: Settings, db_engine: Engine
) -> None:
    from contextlib import nullcontext

    from api.persistence.db import write_lock

    app = limited_app()
    if not settings.embedded:
        assert isinstance(write_lock(app.state.db_engine), nullcontext)
        return
    lock = write_lock(app.state.db_engine)
    assert lock is write_lock(db_engine)  # two engines, one file: one lock
    with db_engine.connect() as connection:
        assert write_lock(connection) is lock


@pytest.mark.anyio
async def test_one_keys_stalled_bodies_cannot_take_every_slot(
    limited_app: Callable[..., FastAPI],
    make_key: Callable[..., str],
    example_case: dict[str, Any],
) -> None:
    app = limited_app(max_bodies_per_key=1)
    stalling = {"Authorization": make_key(Scope.ASSESS), "Content-Type": "application/json"}
    other = {"Authorization": make_key(Scope.ASSESS), "Content-Type": "application/json"}
    raw = json.dumps(example_case).encode()
    body = StalledBody(raw[:100], raw[100:])
    async with _client(app) as http:
        slow = asyncio.create_task(http.post("/v1/evaluations", content=body, headers=stalling))
        await body.sent_first.wait()
        refused = await http.post("/v1/evaluations", content=raw, headers=stalling)
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "1"
        assert "1 request bodies arriving" in refused.json()["detail"]
        assert (await http.post("/v1/evaluations", content=raw, headers=other)).status_code == 200
        body.release.set()
        assert (await slow).status_code == 200
        assert (
            await http.post("/v1/evaluations", content=raw, headers=stalling)
        ).status_code == 200
