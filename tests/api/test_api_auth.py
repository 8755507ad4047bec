"""Every route but the health checks needs a key: 401 without one, 403 without the scope."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, text
from sqlmodel import Session

from api.persistence.keys import revoke_key
from models.api_keys import Scope

PUBLIC = {"/healthz", "/readyz"}
SOME_ID = "00000000-0000-4000-8000-000000000000"


def _operations(app: FastAPI) -> list[tuple[str, str, list[dict[str, Any]] | None]]:
    operations = []
    for path, item in app.openapi()["paths"].items():
        for method, operation in item.items():
            operations.append((method.upper(), path, operation.get("security")))
    return operations


def _url(path: str) -> str:
    return (
        path.replace("{assessment_id}", SOME_ID)
        .replace("{case_ref}", "FAM-1")
        .replace("{rule_id}", "x")
    )


def test_every_route_but_health_declares_the_key(app: FastAPI) -> None:
    for _method, path, security in _operations(app):
        if path in PUBLIC:
            assert security is None, path
        else:
            assert security, path
            assert "ApiKey" in security[0], path


def test_every_protected_route_answers_401_without_a_key(
    app: FastAPI, client: TestClient, example_case: dict[str, Any]
) -> None:
    checked = 0
    for method, path, security in _operations(app):
        if not security:
            continue
        body = example_case if method == "POST" else None
        for headers in ({}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer"}):
            response = client.request(method, _url(path), json=body, headers=headers)
            assert response.status_code == 401, (method, path, headers)
            assert response.headers["content-type"] == "application/problem+json"
            assert response.headers["www-authenticate"].startswith("Bearer")
            assert response.json()["status"] == 401
        checked += 1
    assert checked >= 8


@pytest.mark.parametrize(
    "presented",
    [
        "deplan_0123456789abcdef_" + "A" * 43,
        "not-a-deplan-key",
        "deplan_zz_zz",
    ],
)
def test_unknown_or_malformed_keys_are_401(client: TestClient, presented: str) -> None:
    response = client.get("/v1/rules", headers={"Authorization": f"Bearer {presented}"})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_a_tampered_secret_is_401(client: TestClient, make_key: Callable[..., str]) -> None:
    header = make_key(Scope.READ)
    tampered = header[:-1] + ("A" if header[-1] != "A" else "B")
    assert client.get("/v1/rules", headers={"Authorization": header}).status_code == 200
    assert client.get("/v1/rules", headers={"Authorization": tampered}).status_code == 401


def test_a_revoked_key_stops_working_within_the_key_cache_lifetime(
    app: FastAPI, client: TestClient, make_key: Callable[..., str], db_engine: Engine
) -> None:
    """Revoked elsewhere (the CLI, another worker): trusted from the cache for at most
    `key_cache_seconds`, then refused."""
    now = [1000.0]
    cache = app.state.key_cache
    cache.clock = lambda: now[0]
    lifetime = app.state.settings.limits.key_cache_seconds
    header = make_key(Scope.READ, name="soon-gone")
    assert client.get("/v1/rules", headers={"Authorization": header}).status_code == 200
    with Session(db_engine) as session:
        revoke_key(session, "soon-gone")
    now[0] += lifetime - 0.1
    assert client.get("/v1/rules", headers={"Authorization": header}).status_code == 200
    now[0] += 0.1
    assert client.get("/v1/rules", headers={"Authorization": header}).status_code == 401


def test_a_cached_key_is_checked_without_the_database(
    app: FastAPI, client: TestClient, make_key: Callable[..., str], example_case: dict[str, Any]
) -> None:
    """And so `POST /v1/evaluations`, which stores nothing, touches no database at all."""
    header = make_key(Scope.READ, Scope.ASSESS)
    assert client.get("/v1/rules", headers={"Authorization": header}).status_code == 200
    checkouts = []

    def count(*_args: object) -> None:
        checkouts.append(1)

    event.listen(app.state.db_engine, "checkout", count)
    try:
        assert client.get("/v1/rules", headers={"Authorization": header}).status_code == 200
        evaluated = client.post(
            "/v1/evaluations", json=example_case, headers={"Authorization": header}
        )
        assert evaluated.status_code == 200
        tampered = header[:-1] + ("A" if header[-1] != "A" else "B")
        assert client.get("/v1/rules", headers={"Authorization": tampered}).status_code == 401
    finally:
        event.remove(app.state.db_engine, "checkout", count)
    assert checkouts == []


@pytest.mark.parametrize(
    ("scopes", "method", "path", "expected"),
    [
        ((Scope.READ,), "POST", "/v1/assessments", 403),
        ((Scope.READ,), "POST", "/v1/evaluations", 403),
        ((Scope.AUDIT, Scope.ADMIN), "POST", "/v1/assessments", 403),
        ((Scope.ASSESS,), "GET", f"/v1/assessments/{SOME_ID}", 403),
        ((Scope.ASSESS,), "GET", f"/v1/assessments/{SOME_ID}/case", 403),
        ((Scope.ASSESS,), "GET", "/v1/cases/FAM-1/assessments", 403),
        ((Scope.ASSESS,), "POST", "/v1/assessments", 201),
        ((Scope.READ,), "GET", "/v1/cases/FAM-1/assessments", 200),
        ((Scope.AUDIT,), "GET", "/v1/rules", 200),
        ((Scope.ADMIN,), "GET", "/v1/ruleset", 200),
        ((Scope.ASSESS,), "GET", "/v1/schema/case", 200),
    ],
)
def test_scopes(
    client: TestClient,
    make_key: Callable[..., str],
    example_case: dict[str, Any],
    scopes: tuple[Scope, ...],
    method: str,
    path: str,
    expected: int,
) -> None:
    headers = {"Authorization": make_key(*scopes)}
    body = example_case if method == "POST" else None
    response = client.request(method, path, json=body, headers=headers)
    assert response.status_code == expected
    if expected == 403:
        assert response.headers["content-type"] == "application/problem+json"
        assert 'error="insufficient_scope"' in response.headers["www-authenticate"]


def test_only_a_hash_of_the_key_is_stored(make_key: Callable[..., str], db_engine: Engine) -> None:
    key = make_key(Scope.READ, name="hash-only").removeprefix("Bearer ")
    secret = key[len("deplan_0123456789abcdef_") :]
    assert len(secret) == 43
    with db_engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM api_keys")).all()
    stored = " ".join(str(value) for row in rows for value in row)
    assert key not in stored
    assert secret[8:] not in stored
