"""Assessments over HTTP: stored, fetched, listed; evaluations stored nowhere."""

import datetime as dt
import hashlib
import json
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from api.settings import Settings
from models.tables import AssessmentRecord, CaseBody


def test_post_assessment_stores_it_and_get_returns_the_same(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any]
) -> None:
    created = client.post("/v1/assessments", json=example_case, headers=auth)

    assert created.status_code == 201
    record = created.json()
    assert created.headers["location"] == f"/v1/assessments/{record['id']}"
    assert record["client"] == "case-system"
    assert record["case_stored"] is True
    assessment = record["assessment"]
    assert assessment["case_ref"] == example_case["case_ref"]
    assert assessment["as_of"] == example_case["decision_date"]
    assert assessment["verdict"] in {"ready", "not_ready", "insufficient_information"}
    assert assessment["findings"]
    assert assessment["case_digest"].startswith("sha256:")
    assert assessment["ruleset"]["version"]
    assert assessment["engine_version"]

    fetched = client.get(created.headers["location"], headers=auth)
    assert fetched.status_code == 200
    assert fetched.json() == record
    # The answer is made from what was inserted, not read back: the same bytes as a read.
    assert fetched.content == created.content


def test_as_of_is_used_when_given(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any]
) -> None:
    later = (
        dt.date.fromisoformat(example_case["decision_date"]) + dt.timedelta(days=90)
    ).isoformat()
    response = client.post(f"/v1/assessments?as_of={later}", json=example_case, headers=auth)
    assert response.status_code == 201
    assert response.json()["assessment"]["as_of"] == later


def test_evaluation_gives_the_same_result_and_stores_nothing(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any], db_engine: Engine
) -> None:
    evaluated = client.post("/v1/evaluations", json=example_case, headers=auth)
    assert evaluated.status_code == 200
    assert _count(db_engine) == 0

    stored = client.post("/v1/assessments", json=example_case, headers=auth).json()
    assert evaluated.json() == stored["assessment"]
    assert _count(db_engine) == 1


def test_case_history_is_newest_first_and_paginated(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any]
) -> None:
    decision = dt.date.fromisoformat(example_case["decision_date"])
    as_ofs = [(decision + dt.timedelta(days=30 * n)).isoformat() for n in range(3)]
    ids = []
    for as_of in as_ofs:
        response = client.post(f"/v1/assessments?as_of={as_of}", json=example_case, headers=auth)
        ids.append(response.json()["id"])
    other = {**example_case, "case_ref": "OTHER-1"}
    assert client.post("/v1/assessments", json=other, headers=auth).status_code == 201

    url = f"/v1/cases/{example_case['case_ref']}/assessments"
    first = client.get(url, params={"limit": 2}, headers=auth).json()
    second = client.get(url, params={"limit": 2, "offset": 2}, headers=auth).json()

    assert first["total"] == second["total"] == 3
    assert [item["id"] for item in first["items"] + second["items"]] == ids[::-1]
    assert [item["as_of"] for item in first["items"]] == as_ofs[:0:-1]
    assert first["items"][0]["verdict"]
    assert first["items"][0]["ruleset"]["content_hash"]


def test_unknown_case_has_an_empty_history(client: TestClient, auth: dict[str, str]) -> None:
    response = client.get("/v1/cases/NOBODY-1/assessments", headers=auth)
    assert response.status_code == 200
    assert response.json() == {"items": [], "total": 0, "limit": 20, "offset": 0}


def test_unknown_assessment_is_a_404_problem(client: TestClient, auth: dict[str, str]) -> None:
    response = client.get("/v1/assessments/00000000-0000-4000-8000-000000000000", headers=auth)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_the_kept_case_reproduces_the_assessment(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any]
) -> None:
    body = json.dumps(example_case, indent=1).encode()
    sent = {**auth, "Content-Type": "application/json"}
    record = client.post("/v1/assessments", content=body, headers=sent).json()
    assert record["assessment"]["case_digest"] == "sha256:" + hashlib.sha256(body).hexdigest()

    kept = client.get(f"/v1/assessments/{record['id']}/case", headers=auth)
    assert kept.status_code == 200
    again = client.post(
        "/v1/evaluations",
        params={"as_of": record["assessment"]["as_of"]},
        content=kept.content,
        headers=sent,
    )
    assert again.json()["case_digest"] == "sha256:" + hashlib.sha256(kept.content).hexdigest()
    # The digest names the bytes sent (here reformatted); everything judged is the same.
    assert {**again.json(), "case_digest": None} == {**record["assessment"], "case_digest": None}


def test_with_cases_not_kept_only_the_digest_is_stored(
    make_settings: Any, db_engine: Engine, auth: dict[str, str], example_case: dict[str, Any]
) -> None:
    from api.http.app import create_app

    settings: Settings = make_settings(store_cases=False)
    with TestClient(create_app(settings)) as client:
        record = client.post("/v1/assessments", json=example_case, headers=auth).json()
        assert record["case_stored"] is False
        assert record["assessment"]["case_digest"].startswith("sha256:")
        response = client.get(f"/v1/assessments/{record['id']}/case", headers=auth)
        assert response.status_code == 404
    with Session(db_engine) as session:
        assert session.exec(select(func.count()).select_from(AssessmentRecord)).one() == 1
        assert session.exec(select(func.count()).select_from(CaseBody)).one() == 0


def _count(db_engine: Engine) -> int:
    with Session(db_engine) as session:
        return session.exec(select(func.count()).select_from(AssessmentRecord)).one()
