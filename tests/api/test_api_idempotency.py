"""`Idempotency-Key`: a retried POST gets the first result and makes nothing new; the same
key with a different request is a 409; keys are per API key."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from models.api_keys import Scope
from models.audit_tables import AuditJob
from models.tables import AssessmentRecord

COHORT = Path(__file__).resolve().parents[2] / "examples" / "cohort.jsonl"


def _count(db_engine: Engine, table: Any) -> int:
    with Session(db_engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


def test_a_retried_assessment_returns_the_first_and_stores_one(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any], db_engine: Engine
) -> None:
    headers = {**auth, "Idempotency-Key": "retry-1"}
    first = client.post("/v1/assessments", json=example_case, headers=headers)
    again = client.post("/v1/assessments", json=example_case, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert _count(db_engine, AssessmentRecord) == 1

    # Without the key, or with another, a new assessment.
    assert client.post("/v1/assessments", json=example_case, headers=auth).status_code == 201
    other = {**auth, "Idempotency-Key": "retry-2"}
    assert client.post("/v1/assessments", json=example_case, headers=other).json() != first.json()
    assert _count(db_engine, AssessmentRecord) == 3


def test_the_same_key_with_a_different_request_is_409(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any], db_engine: Engine
) -> None:
    headers = {**auth, "Idempotency-Key": "once"}
    assert client.post("/v1/assessments", json=example_case, headers=headers).status_code == 201
    changed = {**example_case, "decision_date": "2024-03-15"}
    conflict = client.post("/v1/assessments", json=changed, headers=headers)
    assert conflict.status_code == 409
    assert conflict.headers["content-type"] == "application/problem+json"
    later = client.post("/v1/assessments?as_of=2024-06-01", json=example_case, headers=headers)
    assert later.status_code == 409
    assert _count(db_engine, AssessmentRecord) == 1


def test_keys_are_per_api_key(
    client: TestClient, make_key: Callable[..., str], example_case: dict[str, Any]
) -> None:
    one = {"Authorization": make_key(Scope.ASSESS, Scope.READ), "Idempotency-Key": "k"}
    two = {"Authorization": make_key(Scope.ASSESS, Scope.READ), "Idempotency-Key": "k"}
    first = client.post("/v1/assessments", json=example_case, headers=one).json()
    second = client.post("/v1/assessments", json=example_case, headers=two).json()
    assert first["id"] != second["id"]


def test_a_malformed_key_is_422_without_its_value(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any]
) -> None:
    for bad in ("x" * 256, "has space"):
        response = client.post(
            "/v1/assessments", json=example_case, headers={**auth, "Idempotency-Key": bad}
        )
        assert response.status_code == 422
        assert bad not in response.text
        assert response.json()["errors"][0]["path"] == "header.Idempotency-Key"


def test_a_retried_audit_upload_returns_the_first_job(
    client: TestClient, make_key: Callable[..., str], db_engine: Engine, tmp_path: Path
) -> None:
    upload = b"".join(COHORT.read_bytes().splitlines(keepends=True)[:3])
    headers = {
        "Authorization": make_key(Scope.AUDIT),
        "Content-Type": "application/x-ndjson",
        "Idempotency-Key": "audit-1",
    }
    first = client.post("/v1/audits", content=upload, headers=headers)
    again = client.post("/v1/audits", content=upload, headers=headers)
    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["idempotent-replayed"] == "true"
    conflict = client.post("/v1/audits", content=upload + upload, headers=headers)
    assert conflict.status_code == 409
    assert _count(db_engine, AuditJob) == 1
    assert len(list((tmp_path / "data" / "audits").iterdir())) == 1
