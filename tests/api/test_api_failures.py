"""When things go wrong: an unexpected error is a 500 problem logged without its message;
a database that stops answering is a 503."""

import io
import json

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from api.http.app import ROUTERS, create_app
from api.settings import Settings

SENTINEL = "Zq7SENTINEL"
boom = APIRouter()


@boom.get("/boom")
def explode() -> None:
    raise RuntimeError(f"{SENTINEL}: an exception message quoting a case")


@pytest.mark.usefixtures("db_engine")
def test_an_unexpected_error_is_a_500_problem_logged_without_its_message(
    settings: Settings, json_logs: io.StringIO
) -> None:
    app = create_app(settings, routers=[*ROUTERS, boom])
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    app.state.db_engine.dispose()

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert SENTINEL not in response.text
    assert response.json()["instance"] == f"urn:uuid:{response.headers['x-request-id']}"
    entries = [json.loads(line) for line in json_logs.getvalue().splitlines()]
    [error] = [entry for entry in entries if entry["event"] == "unhandled_error"]
    assert error["error_type"] == "RuntimeError"
    assert any("explode" in frame for frame in error["frames"])
    assert SENTINEL not in json_logs.getvalue()


def test_a_database_that_stops_answering_is_a_503(
    app: FastAPI, client: TestClient, auth: dict[str, str]
) -> None:
    working = app.state.db_engine
    app.state.db_engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    try:
        response = client.get("/v1/rules", headers=auth)
    finally:
        app.state.db_engine.dispose()
        app.state.db_engine = working
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
