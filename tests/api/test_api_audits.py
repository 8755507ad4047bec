"""Batch re-audits over HTTP: upload, follow, fetch; jobs survive a restart."""

import datetime as dt
import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from api.persistence.audit_jobs import MAX_ATTEMPTS, AuditRunner, input_path, output_dir
from api.settings import Settings
from models.api_keys import Scope
from models.audit_tables import AuditJob
from models.tables import utcnow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
WITH_ERRORS = EXAMPLES / "cohort-with-errors.jsonl"
NDJSON = {"Content-Type": "application/x-ndjson"}


@pytest.fixture(autouse=True)
def _one_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Jobs run in the runner thread itself: no worker processes to start in most tests."""
    monkeypatch.setenv("DEPLAN_AUDIT_WORKERS", "1")


@pytest.fixture
def audit_auth(make_key: Callable[..., str]) -> dict[str, str]:
    return {"Authorization": make_key(Scope.AUDIT, name="quality-team")}


def wait_for(client: TestClient, url: str, headers: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(url, headers=headers).json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError("the audit did not finish in time")


def test_upload_follow_and_fetch_the_outputs(
    client: TestClient, audit_auth: dict[str, str]
) -> None:
    response = client.post(
        "/v1/audits", content=WITH_ERRORS.read_bytes(), headers={**audit_auth, **NDJSON}
    )
    assert response.status_code == 202
    location = response.headers["Location"]
    assert location == f"/v1/audits/{response.json()['id']}"
    assert response.json()["status"] == "queued"

    job = wait_for(client, location, audit_auth)
    assert job["status"] == "succeeded", job["error"]
    assert job["counts"]["read"] == 128
    assert job["counts"]["assessed"] == 120
    assert job["counts"]["rejected"] == 8
    assert sum(job["counts"]["verdicts"].values()) == 120
    assert job["progress"]["fraction"] == 1.0
    assert job["attempts"] == 1
    assert set(job["links"]) >= {"report.html", "summary.json", "findings.csv"}

    report = client.get(job["links"]["report.html"], headers=audit_auth)
    assert report.status_code == 200
    assert report.headers["content-type"].startswith("text/html")
    assert "<svg" in report.text
    summary = client.get(job["links"]["summary.json"], headers=audit_auth).json()
    assert summary["counts"]["records_read"] == 128
    assert summary["verdicts"] == job["counts"]["verdicts"]
    findings = client.get(job["links"]["findings.csv"], headers=audit_auth)
    assert findings.headers["content-type"].startswith("text/csv")
    assert findings.text.startswith("file,line,case_ref,verdict,rule_id")
    rejected = client.get(f"{location}/rejected.jsonl", headers=audit_auth).text.splitlines()
    assert len(rejected) == 8
    assert all(json.loads(line)["line"] for line in rejected)
    # The upload is named as uploaded, never by where the server keeps it.
    assert {json.loads(line)["file"] for line in rejected} == {"upload.jsonl"}
    assert summary["inputs"] == ["upload.jsonl"]


def test_scope_content_type_and_ownership(
    client: TestClient, audit_auth: dict[str, str], make_key: Callable[..., str]
) -> None:
    body = WITH_ERRORS.read_bytes()[:20_000]
    assert client.post("/v1/audits", content=body, headers=NDJSON).status_code == 401
    reader = {"Authorization": make_key(Scope.READ, Scope.ASSESS)}
    assert client.post("/v1/audits", content=body, headers={**reader, **NDJSON}).status_code == 403
    wrong_type = client.post(
        "/v1/audits", content=body, headers={**audit_auth, "Content-Type": "text/csv"}
    )
    assert wrong_type.status_code == 415
    assert wrong_type.headers["content-type"] == "application/problem+json"
    empty = client.post("/v1/audits", content=b"", headers={**audit_auth, **NDJSON})
    assert empty.status_code == 422

    created = client.post("/v1/audits", content=body, headers={**audit_auth, **NDJSON})
    other = {"Authorization": make_key(Scope.AUDIT, organisation="another-authority")}
    assert client.get(created.headers["Location"], headers=other).status_code == 404
    assert client.get(f"/v1/audits/{uuid.uuid4()}", headers=audit_auth).status_code == 404
    wait_for(client, created.headers["Location"], audit_auth)


def test_outputs_of_an_unfinished_job_are_a_conflict(
    app: FastAPI, audit_auth: dict[str, str]
) -> None:
    client = TestClient(app)  # no lifespan: no runner picks the job up
    created = client.post(
        "/v1/audits", content=WITH_ERRORS.read_bytes(), headers={**audit_auth, **NDJSON}
    )
    assert created.status_code == 202
    response = client.get(f"{created.headers['Location']}/report.html", headers=audit_auth)
    assert response.status_code == 409
    assert "queued" in response.json()["detail"]


def test_rules_on_judges_every_case_by_the_rules_of_that_day(
    client: TestClient, audit_auth: dict[str, str]
) -> None:
    body = b"".join(WITH_ERRORS.read_bytes().splitlines(keepends=True)[:10])
    bad = client.post(
        "/v1/audits?rules_on=01/06/2025", content=body, headers={**audit_auth, **NDJSON}
    )
    assert bad.status_code == 422
    assert "rules_on" in bad.text
    created = client.post(
        "/v1/audits?rules_on=2025-06-01", content=body, headers={**audit_auth, **NDJSON}
    )
    assert created.status_code == 202
    job = wait_for(client, created.headers["Location"], audit_auth)
    assert job["status"] == "succeeded", job["error"]
    summary = client.get(job["links"]["summary.json"], headers=audit_auth).json()
    assert summary["rules_on"] == "2025-06-01"
    report = client.get(job["links"]["report.html"], headers=audit_auth).text
    assert "rules and thresholds in force on 1 June 2025" in report


def queued_job(
    db_engine: Engine, settings: Settings, client_key_id: str, **values: Any
) -> uuid.UUID:
    job_id = uuid.uuid4()
    source = input_path(settings, job_id)
    source.parent.mkdir(parents=True)
    source.write_bytes(WITH_ERRORS.read_bytes())
    with Session(db_engine) as session:
        session.add(
            AuditJob(
                id=job_id,
                client_key_id=client_key_id,
                client_name="quality-team",
                input_bytes=source.stat().st_size,
                **{"status": "queued", **values},
            )
        )
        session.commit()
    return job_id


@pytest.fixture
def key_id(db_engine: Engine, make_key: Callable[..., str]) -> str:
    from api.persistence.keys import authenticate

    header = make_key(Scope.AUDIT, name="restart-team")
    with Session(db_engine) as session:
        client = authenticate(session, header.removeprefix("Bearer "))
    assert client is not None
    return client.key_id


def job(db_engine: Engine, job_id: uuid.UUID) -> AuditJob:
    with Session(db_engine) as session:
        found = session.get(AuditJob, job_id)
        assert found is not None
        return found


def test_a_job_left_running_by_a_dead_process_is_resumed(
    db_engine: Engine, settings: Settings, key_id: str
) -> None:
    long_ago = utcnow() - dt.timedelta(minutes=10)
    job_id = queued_job(
        db_engine,
        settings,
        key_id,
        status="running",
        attempts=1,
        runner_id="dead",
        heartbeat_at=long_ago,
        started_at=long_ago,
        bytes_done=1234,
    )
    fresh_id = queued_job(
        db_engine,
        settings,
        key_id,
        status="running",
        attempts=1,
        runner_id="alive",
        heartbeat_at=utcnow(),
    )
    runner = AuditRunner(db_engine, settings, workers=2)  # the API's way: spawned workers
    assert runner.claim() == job_id  # the live runner's job is left alone
    runner.run(job_id)
    resumed = job(db_engine, job_id)
    assert resumed.status == "succeeded", resumed.error
    assert resumed.attempts == 2
    assert (resumed.records_read, resumed.assessed, resumed.rejected) == (128, 120, 8)
    assert (output_dir(settings, job_id) / "summary.json").is_file()
    assert runner.claim() is None
    assert job(db_engine, fresh_id).status == "running"


def test_jobs_that_cannot_be_resumed_are_failed_with_the_reason(
    db_engine: Engine, settings: Settings, key_id: str
) -> None:
    long_ago = utcnow() - dt.timedelta(minutes=10)
    worn_out = queued_job(
        db_engine,
        settings,
        key_id,
        status="running",
        attempts=MAX_ATTEMPTS,
        runner_id="dead",
        heartbeat_at=long_ago,
    )
    lost_input = queued_job(db_engine, settings, key_id)
    input_path(settings, lost_input).unlink()
    runner = AuditRunner(db_engine, settings, workers=1)
    claimed = runner.claim()
    assert claimed == lost_input
    runner.run(claimed)
    assert job(db_engine, worn_out).status == "failed"
    assert "interrupted" in (job(db_engine, worn_out).error or "")
    assert job(db_engine, lost_input).status == "failed"
    assert job(db_engine, lost_input).error == "the uploaded input is missing"


def test_a_clean_shutdown_puts_the_running_job_back_in_the_queue(
    db_engine: Engine, settings: Settings, key_id: str
) -> None:
    job_id = queued_job(db_engine, settings, key_id)
    runner = AuditRunner(db_engine, settings, workers=1)
    assert runner.claim() == job_id
    runner._stop.set()  # as on shutdown: the audit stops at its next chunk
    runner.run(job_id)
    requeued = job(db_engine, job_id)
    assert requeued.status == "queued"
    assert requeued.runner_id is None
    successor = AuditRunner(db_engine, settings, workers=1)
    assert successor.claim() == job_id
    successor.run(job_id)
    assert job(db_engine, job_id).status == "succeeded"
