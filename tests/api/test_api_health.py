"""Liveness and readiness need no key and say nothing personal."""

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine

from api.persistence import migrate
from engine import load_ruleset


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["x-request-id"]


def test_readyz(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    ruleset = load_ruleset()
    assert body["status"] == "ready"
    assert body["schema_revision"] == list(migrate.head_revisions())
    assert body["ruleset_hash"] == ruleset.content_hash


def test_readyz_is_503_when_the_database_does_not_answer(app: FastAPI, client: TestClient) -> None:
    working = app.state.db_engine
    app.state.db_engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    try:
        response = client.get("/readyz")
    finally:
        app.state.db_engine.dispose()
        app.state.db_engine = working
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"


def test_readyz_is_503_when_the_schema_is_behind(client: TestClient, db_engine: Engine) -> None:
    migrate.downgrade(db_engine, "base")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "schema" in response.json()["detail"]
