"""Retention and erasure: the case body goes, the assessment record and its verdict stay,
with a tombstone saying when, why and by whom; audit files expire the same way."""

import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import Session, select
from typer.testing import CliRunner

from api.cli import app as cli
from api.persistence.retention import PURGED_BY, purge
from api.settings import Settings
from models.api_keys import Scope
from models.audit_tables import AuditJob
from models.tables import AssessmentRecord, CaseBody, IdempotencyRecord


def _count(db_engine: Engine, table: Any) -> int:
    with Session(db_engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


def test_an_erasure_request_removes_the_body_and_keeps_the_record(
    client: TestClient,
    make_key: Callable[..., str],
    example_case: dict[str, Any],
    db_engine: Engine,
) -> None:
    reader = {"Authorization": make_key(Scope.ASSESS, Scope.READ)}
    admin = {"Authorization": make_key(Scope.ADMIN, name="dpo-system")}
    outsider = {"Authorization": make_key(Scope.ADMIN, organisation="elsewhere")}
    records = [
        client.post("/v1/assessments", json=example_case, headers=reader).json() for _ in range(2)
    ]
    url = f"/v1/cases/{example_case['case_ref']}/stored-cases"

    assert client.delete(f"{url}?reason=request", headers=reader).status_code == 403
    assert client.delete(f"{url}?reason=request", headers=outsider).status_code == 404
    assert client.delete(f"{url}?reason=whim", headers=admin).status_code == 422
    erased = client.delete(f"{url}?reason=request", headers=admin)
    assert erased.status_code == 200
    result = erased.json()
    assert sorted(result["erased"]) == sorted(record["id"] for record in records)
    assert result["erasure"]["reason"] == "request"
    assert result["erasure"]["erased_by"] == "dpo-system"
    assert _count(db_engine, CaseBody) == 0
    assert _count(db_engine, AssessmentRecord) == 2

    for record in records:
        assert client.get(f"/v1/assessments/{record['id']}/case", headers=reader).status_code == 404
        now = client.get(f"/v1/assessments/{record['id']}", headers=reader).json()
        assert now["assessment"] == record["assessment"]  # verdict and findings kept
        assert now["case_stored"] is False
        assert now["case_erased"]["reason"] == "request"
        assert now["case_erased"]["erased_by"] == "dpo-system"
    assert client.delete(f"{url}?reason=request", headers=admin).status_code == 404


def test_purge_removes_old_bodies_audit_files_and_keys(
    client: TestClient,
    make_key: Callable[..., str],
    example_case: dict[str, Any],
    db_engine: Engine,
    settings: Settings,
    tmp_path: Path,
) -> None:
    reader = {"Authorization": make_key(Scope.ASSESS, Scope.READ, Scope.AUDIT)}
    old = client.post(
        "/v1/assessments", json=example_case, headers={**reader, "Idempotency-Key": "a"}
    ).json()
    job = client.post(
        "/v1/audits",
        content=json.dumps(example_case) + "\n",
        headers={**reader, "Content-Type": "application/x-ndjson"},
    ).json()
    deadline = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60)
    while client.get(f"/v1/audits/{job['id']}", headers=reader).json()["status"] != "succeeded":
        assert dt.datetime.now(dt.UTC) < deadline
        time.sleep(0.1)

    assert purge(db_engine, settings, dt.timedelta(days=1)).case_bodies == 0
    result = purge(db_engine, settings, dt.timedelta(microseconds=1))
    assert (result.case_bodies, result.audit_jobs, result.idempotency_keys) == (1, 1, 1)

    record = client.get(f"/v1/assessments/{old['id']}", headers=reader).json()
    assert record["case_erased"]["reason"] == "retention"
    assert record["case_erased"]["erased_by"] == PURGED_BY
    assert record["assessment"] == old["assessment"]
    assert _count(db_engine, IdempotencyRecord) == 0
    assert not (tmp_path / "data" / "audits" / job["id"].replace("-", "")).exists()
    expired = client.get(f"/v1/audits/{job['id']}/summary.json", headers=reader)
    assert expired.status_code == 410
    with Session(db_engine) as session:
        assert session.exec(select(AuditJob)).one().expired_at is not None


@pytest.mark.parametrize("bad", ["90", "d", "0d", "-1d", "3y"])
def test_purge_cli_wants_a_duration(bad: str) -> None:
    result = CliRunner().invoke(cli, ["purge", "--older-than", bad])
    assert result.exit_code != 0
    assert "30m, 36h, 90d or 12w" in result.output


def test_purge_cli(
    client: TestClient,
    auth: dict[str, str],
    example_case: dict[str, Any],
    settings: Settings,
    db_engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client.post("/v1/assessments", json=example_case, headers=auth)
    monkeypatch.setenv("DEPLAN_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("DEPLAN_DATA_DIR", str(settings.data_dir))
    kept = CliRunner().invoke(cli, ["purge", "--older-than", "90d"])
    assert kept.exit_code == 0, kept.output
    assert "purged 0 case bodies" in kept.output
    assert _count(db_engine, CaseBody) == 1


def test_the_migration_moves_kept_cases_out_of_the_record(settings: Settings) -> None:
    from sqlalchemy import text

    from api.persistence import migrate
    from api.persistence.db import make_engine

    db_engine = make_engine(settings)
    try:
        migrate.upgrade(db_engine, "0005")
        with db_engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO api_keys (id, name, secret_hash, scopes, created_at) "
                    "VALUES ('k1', 'old', 'x', 'read', CURRENT_TIMESTAMP)"
                )
            )
            for row_id, data in (("a" * 32, '{"case_ref": "FAM-1"}'), ("b" * 32, None)):
                connection.execute(
                    text(
                        "INSERT INTO assessments (id, created_at, client_key_id, client_name, "
                        "case_ref, as_of, verdict, verdict_reason, findings, counts, "
                        "ruleset_version, ruleset_hash, engine_version, case_digest, case_data) "
                        "VALUES (:id, CURRENT_TIMESTAMP, 'k1', 'old', 'FAM-1', '2024-01-01', "
                        "'ready', 'r', '[]', '{}', 'v', 'h', 'e', 'd', :data)"
                    ),
                    {"id": row_id, "data": data},
                )
        migrate.upgrade(db_engine)
        with Session(db_engine) as session:
            [body] = session.exec(select(CaseBody)).all()
            assert body.case_data == {"case_ref": "FAM-1"}
            assert session.exec(select(func.count()).select_from(AssessmentRecord)).one() == 2
    finally:
        db_engine.dispose()
