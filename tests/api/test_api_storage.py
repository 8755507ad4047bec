"""Storage: migrations match the models, the schema is checked at start-up, records are
append-only in the database itself, and the embedded SQLite database runs in WAL mode."""

import json
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel

import models.tables  # noqa: F401  (the tables on SQLModel.metadata)
from api.http.app import create_app
from api.persistence import migrate
from api.persistence.db import make_engine
from api.persistence.keys import Client
from api.persistence.store import add_assessment, insert_assessment
from api.settings import Settings
from engine import load_ruleset
from models.api_keys import Scope
from models.case import parse_case


def test_migrations_and_models_are_in_step(db_engine: Engine) -> None:
    with db_engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_one_head_and_a_clean_round_trip(db_engine: Engine) -> None:
    assert len(migrate.head_revisions()) == 1
    migrate.downgrade(db_engine, "base")
    assert migrate.schema_state(db_engine).empty
    migrate.upgrade(db_engine)
    assert migrate.schema_state(db_engine).at_head


def test_the_app_refuses_a_database_not_at_head(settings: Settings) -> None:
    db_engine = make_engine(settings)
    try:
        with pytest.raises(migrate.DatabaseNotReadyError, match="deplan db upgrade"):
            create_app(settings)
        assert migrate.schema_state(db_engine).empty, "the app must not migrate by itself"
    finally:
        db_engine.dispose()


def test_records_cannot_be_updated_or_deleted(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any], db_engine: Engine
) -> None:
    record = client.post("/v1/assessments", json=example_case, headers=auth).json()
    for statement in (
        "UPDATE assessments SET verdict = 'ready'",
        "DELETE FROM assessments",
    ):
        with pytest.raises(DBAPIError, match="append-only"), db_engine.begin() as connection:
            connection.execute(text(statement))
    if db_engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), db_engine.begin() as connection:
            connection.execute(text("TRUNCATE assessments CASCADE"))
    fetched = client.get(f"/v1/assessments/{record['id']}", headers=auth)
    assert fetched.json() == record


def test_the_sql_insert_stores_what_the_orm_stores(
    client: TestClient,  # noqa: ARG001 - for the key its `auth` made
    auth: dict[str, str],
    example_case: dict[str, Any],
    db_engine: Engine,
) -> None:
    """`insert_assessment` (the API's path) and `add_assessment` (the pages') write the same
    columns, byte for byte, but the id and time."""
    key_id = auth["Authorization"].split("_")[1]
    author = Client(key_id, "case-system", frozenset({Scope.ASSESS}))
    raw = json.dumps(example_case).encode()
    case = parse_case(raw)
    assessment = load_ruleset().assess(case, source=raw)
    with Session(db_engine) as session:
        orm_id = add_assessment(session, assessment, case, author, keep_case=True).id
        session.commit()
    with db_engine.begin() as connection:
        sql_id = insert_assessment(connection, assessment, case, author, keep_case=True).id
    rows = {}
    with db_engine.connect() as connection:
        for record_id in (orm_id, sql_id):
            where = {"id": record_id.hex if db_engine.dialect.name == "sqlite" else record_id}
            record = (
                connection.execute(text("SELECT * FROM assessments WHERE id = :id"), where)
                .one()
                ._asdict()
            )
            body = connection.execute(
                text("SELECT case_data FROM case_bodies WHERE assessment_id = :id"), where
            ).one()
            rows[record_id] = {
                **{k: v for k, v in record.items() if k not in ("id", "created_at")},
                "case_data": body.case_data,
            }
    assert rows[orm_id] == rows[sql_id]


def test_there_is_no_route_to_change_a_record(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any]
) -> None:
    url = client.post("/v1/assessments", json=example_case, headers=auth).headers["location"]
    for method in ("PUT", "PATCH", "DELETE"):
        response = client.request(method, url, json=example_case, headers=auth)
        assert response.status_code == 405, method
        assert response.headers["allow"] == "GET"


def test_the_default_database_is_an_embedded_sqlite_file_in_wal_mode(tmp_path: Path) -> None:
    settings = Settings.from_env({"DEPLAN_DATA_DIR": str(tmp_path / "data")})
    assert settings.embedded
    db_engine = make_engine(settings)
    try:
        migrate.upgrade(db_engine)
        with db_engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        db_engine.dispose()
    assert (tmp_path / "data" / "deplan.sqlite3").is_file()
