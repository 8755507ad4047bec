"""Every input is bounded: case bodies and audit uploads get a 413 naming the limit, checked
as the bytes arrive; a 422 never repeats a submitted value or an unknown field's name."""

import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from api.settings import Settings
from models.api_keys import Scope
from models.audit_tables import AuditJob
from models.tables import AssessmentRecord

SENTINEL = "Zq7SENTINEL"
NDJSON = {"Content-Type": "application/x-ndjson"}
COHORT = Path(__file__).resolve().parents[2] / "examples" / "cohort.jsonl"


def _stored(db_engine: Engine) -> int:
    with Session(db_engine) as session:
        return session.exec(select(func.count()).select_from(AssessmentRecord)).one()


def _chunks(data: bytes, size: int = 1000) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.mark.parametrize("route", ["/v1/assessments", "/v1/evaluations"])
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_case_body_over_the_limit_is_413_naming_it(
    limited_app: Callable[..., FastAPI],
    make_key: Callable[..., str],
    example_case: dict[str, Any],
    db_engine: Engine,
    route: str,
    chunked: bool,
) -> None:
    raw = json.dumps(example_case).encode()
    app = limited_app(max_case_bytes=len(raw) - 1)
    headers = {"Authorization": make_key(Scope.ASSESS), "Content-Type": "application/json"}
    with TestClient(app) as client:
        body: Any = _chunks(raw) if chunked else raw
        response = client.post(route, content=body, headers=headers)
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"
        assert f"limit of {len(raw) - 1} bytes" in response.json()["detail"]
        assert client.post(route, content=raw[:-1] + b" ", headers=headers).status_code == 413
    assert _stored(db_engine) == 0


def test_the_default_case_limit_stops_a_huge_unknown_field_before_parsing(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any], db_engine: Engine
) -> None:
    huge = {**example_case, "padding": list(range(400_000))}
    response = client.post("/v1/assessments", json=huge, headers=auth)
    assert response.status_code == 413
    assert "limit of 1000000 bytes" in response.json()["detail"]
    assert _stored(db_engine) == 0


def test_a_422_names_neither_unknown_fields_nor_values(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any]
) -> None:
    case = json.loads(json.dumps(example_case))
    case[f"{SENTINEL}_top"] = 1
    case["adults"][0][f"{SENTINEL}_nested"] = "x"
    case["decision_date"] = f"{SENTINEL}-date"
    response = client.post("/v1/evaluations", json=case, headers=auth)
    assert response.status_code == 422
    assert SENTINEL not in response.text
    errors = {(error["path"], error["message"]) for error in response.json()["errors"]}
    assert ("(case)", "has an unknown field (not part of the schema)") in errors
    assert ("adults[0]", "has an unknown field (not part of the schema)") in errors
    assert any(path == "decision_date" for path, _ in errors)


def test_an_audit_upload_over_the_size_or_line_limit_is_413_and_leaves_nothing(
    limited_app: Callable[..., FastAPI],
    make_key: Callable[..., str],
    db_engine: Engine,
    tmp_path: Path,
) -> None:
    lines = COHORT.read_bytes().splitlines(keepends=True)[:20]
    upload = b"".join(lines)
    headers = {"Authorization": make_key(Scope.AUDIT), **NDJSON}
    app = limited_app(max_audit_lines=19, max_audit_bytes=len(upload) + 10)
    with TestClient(app) as client:
        too_many = client.post("/v1/audits", content=_chunks(upload), headers=headers)
        assert too_many.status_code == 413
        assert "limit of 19 lines" in too_many.json()["detail"]
        too_big = client.post("/v1/audits", content=upload + b"\n" * 11, headers=headers)
        assert too_big.status_code == 413
        assert f"limit of {len(upload) + 10} bytes" in too_big.json()["detail"]
    with Session(db_engine) as session:
        assert session.exec(select(func.count()).select_from(AuditJob)).one() == 0
    assert not any((tmp_path / "data" / "audits").iterdir())


def test_a_key_may_have_only_so_many_audits_waiting(
    limited_app: Callable[..., FastAPI], make_key: Callable[..., str]
) -> None:
    upload = b"".join(COHORT.read_bytes().splitlines(keepends=True)[:2])
    headers = {"Authorization": make_key(Scope.AUDIT), **NDJSON}
    other = {"Authorization": make_key(Scope.AUDIT), **NDJSON}
    app = limited_app(max_audit_jobs_per_key=1)
    client = TestClient(app)  # no lifespan: no runner, so the first job stays queued
    assert client.post("/v1/audits", content=upload, headers=headers).status_code == 202
    refused = client.post("/v1/audits", content=upload, headers=headers)
    assert refused.status_code == 429
    assert refused.headers["retry-after"]
    assert "limit" in refused.json()["detail"]
    assert client.post("/v1/audits", content=upload, headers=other).status_code == 202


def test_uploaded_cases_and_the_database_are_readable_by_the_owner_only(
    client: TestClient, make_key: Callable[..., str], tmp_path: Path, settings: Settings
) -> None:
    upload = b"".join(COHORT.read_bytes().splitlines(keepends=True)[:2])
    headers = {"Authorization": make_key(Scope.AUDIT), **NDJSON}
    job_id = client.post("/v1/audits", content=upload, headers=headers).json()["id"]
    folder = tmp_path / "data" / "audits" / job_id.replace("-", "")
    assert stat.S_IMODE(os.stat(folder / "input.jsonl").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    if settings.embedded:
        database = tmp_path / "data" / "deplan.sqlite3"
        assert stat.S_IMODE(os.stat(database).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(database.parent).st_mode) == 0o700
