"""Truthful readiness, security headers and throttled failed authentication."""

import io
import json
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from api.settings import Settings
from models.api_keys import Scope

BAD_KEY = "Bearer deplan_0123456789abcdef_" + "A" * 43


def test_readyz_lists_its_checks(client: TestClient) -> None:
    body = client.get("/readyz").json()
    assert body["checks"] == {"database": "ok", "schema": "ok", "write": "ok", "disk": "ok"}


def test_readyz_says_when_the_database_is_read_only(app: FastAPI, settings: Settings) -> None:
    client = TestClient(app)  # no lifespan: no audit runner holding a connection
    db_engine = app.state.db_engine
    statement = (
        "PRAGMA query_only = ON"
        if settings.embedded
        else "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"
    )

    def read_only(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(statement)
        cursor.close()
        if not settings.embedded:
            dbapi_connection.commit()

    event.listen(db_engine, "connect", read_only)
    db_engine.dispose()
    try:
        response = client.get("/readyz")
    finally:
        event.remove(db_engine, "connect", read_only)
        db_engine.dispose()
    assert response.status_code == 503
    assert response.json()["detail"] == "Not ready (write check): the database is read-only."
    assert response.headers["retry-after"]
    assert client.get("/readyz").status_code == 200


def test_readyz_says_when_the_disk_is_nearly_full(
    limited_app: Callable[..., FastAPI],
) -> None:
    app = limited_app(min_free_disk_bytes=10**18)
    response = TestClient(app).get("/readyz")
    assert response.status_code == 503
    detail = response.json()["detail"]
    assert detail.startswith("Not ready (disk check): the data folder has ")
    assert "below the threshold of 1000000000000000000" in detail
    assert response.headers["retry-after"]


def test_security_headers(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any]
) -> None:
    created = client.post("/v1/assessments", json=example_case, headers=auth)
    responses = [
        created,
        client.get(f"{created.headers['location']}/case", headers=auth),
        client.post("/v1/evaluations", json=example_case, headers=auth),
        client.get("/v1/assessments/00000000-0000-4000-8000-000000000000", headers=auth),
        client.get("/healthz"),
    ]
    for response in responses:
        assert response.headers["cache-control"] == "no-store", response.url
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"


def test_pages_have_a_policy_without_script_or_framing(
    client: TestClient, make_key: Callable[..., str], example_case: dict[str, Any]
) -> None:
    import time

    headers = {"Authorization": make_key(Scope.AUDIT)}
    job = client.post(
        "/v1/audits",
        content=json.dumps(example_case) + "\n",
        headers={**headers, "Content-Type": "application/x-ndjson"},
    ).json()
    deadline = time.monotonic() + 60
    while client.get(f"/v1/audits/{job['id']}", headers=headers).json()["status"] != "succeeded":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    report = client.get(f"/v1/audits/{job['id']}/report.html", headers=headers)
    policy = report.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src" not in policy  # default-src 'none': no script at all
    assert "default-src 'none'" in policy
    assert "<script" not in report.text
    assert "frame-ancestors 'none'" in client.get("/docs").headers["content-security-policy"]


def test_failed_authentication_is_throttled_per_address_and_logged(
    limited_app: Callable[..., FastAPI], make_key: Callable[..., str], json_logs: io.StringIO
) -> None:
    app = limited_app(failed_auth_per_minute=3)
    good = {"Authorization": make_key(Scope.READ)}
    client = TestClient(app)
    statuses = [
        client.get("/v1/rules", headers={"Authorization": BAD_KEY}).status_code for _ in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    throttled = client.get("/v1/rules", headers=good)
    assert throttled.status_code == 429
    assert 1 <= int(throttled.headers["retry-after"]) <= 60
    other_address = TestClient(app, client=("203.0.113.9", 50000))
    assert other_address.get("/v1/rules", headers=good).status_code == 200

    entries = [json.loads(line) for line in json_logs.getvalue().splitlines()]
    failures = [entry for entry in entries if entry["event"] == "auth_failed"]
    assert [entry["failures_total"] for entry in failures] == [1, 2, 3]
    assert failures[-1]["throttled"] is True
    assert "A" * 43 not in json_logs.getvalue()
