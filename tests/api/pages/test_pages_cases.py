"""Finding and loading a case: the organisation's stored assessments, and case uploads."""

import json
import uuid
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from models.api_keys import Scope
from models.tables import AssessmentRecord, CaseBody
from tests.api.pages.conftest import sign_in
from tests.api.pages.pages import INSUFFICIENT, NOT_READY, error_summary, family_verdict, load


def _count(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        records = session.exec(select(func.count()).select_from(AssessmentRecord)).one()
        bodies = session.exec(select(func.count()).select_from(CaseBody)).one()
    return records, bodies


def test_the_list_shows_the_organisations_assessments_newest_first_and_searches(
    client: TestClient,
    chair: str,
    make_key: Callable[..., str],
    example_case: dict[str, Any],
) -> None:
    ours = {"Authorization": make_key(Scope.ASSESS, organisation="north")}
    theirs = {"Authorization": make_key(Scope.ASSESS, organisation="south")}
    for ref in ("FAM-A-1", "FAM-B-2", "FAM-A-3"):
        client.post("/v1/assessments", json={**example_case, "case_ref": ref}, headers=ours)
    client.post("/v1/assessments", json={**example_case, "case_ref": "FAM-SOUTH"}, headers=theirs)

    page = client.get("/cases").text
    assert "FAM-SOUTH" not in page
    assert page.index("FAM-A-3") < page.index("FAM-B-2") < page.index("FAM-A-1")
    found = client.get("/cases", params={"search": "fam-a"}).text
    assert "FAM-A-1" in found
    assert "FAM-A-3" in found
    assert "FAM-B-2" not in found
    # Wildcards are searched for literally.
    assert "No stored case has a reference containing" in client.get("/cases?search=%25").text


def test_the_list_is_paginated(
    client: TestClient, chair: str, make_key: Callable[..., str], example_case: dict[str, Any]
) -> None:
    ours = {"Authorization": make_key(Scope.ASSESS, organisation="north")}
    for number in range(21):
        client.post(
            "/v1/assessments", json={**example_case, "case_ref": f"P-{number:02}"}, headers=ours
        )
    first = client.get("/cases").text
    assert "Showing page 1 of 2 (21 assessments)" in first
    assert "P-20" in first
    assert "P-00" not in first
    second = client.get("/cases?page=2").text
    assert "P-00" in second
    assert "P-20" not in second
    assert 'rel="prev"' in second
    beyond = client.get("/cases?page=9", follow_redirects=False)
    assert beyond.headers["location"] == "/cases?search=&page=2"


def test_loading_a_case_stores_and_shows_its_assessment(
    client: TestClient, chair: str, db_engine: Engine
) -> None:
    assessment_id = load(client, chair, NOT_READY.read_bytes())
    page = client.get(f"/assessments/{assessment_id}").text
    assert family_verdict(page) == "not-ready"
    assert "Keep the plan until change has been sustained for 3 months" in page  # a next step
    assert "29 April 2024" in page  # the earliest date the time-based rule can be met
    with Session(db_engine) as session:
        row = session.get(AssessmentRecord, uuid.UUID(assessment_id))
        assert row is not None
        assert row.organisation == "north"
        assert row.as_of.isoformat() == json.loads(NOT_READY.read_text())["decision_date"]
    assert "case-ref" not in page
    # Listed among the organisation's cases.
    assert f"/assessments/{assessment_id}" in client.get("/cases").text


def test_the_chosen_decision_date_is_used_and_later_records_shown_first(
    client: TestClient, chair: str
) -> None:
    assessment_id = load(client, chair, INSUFFICIENT.read_bytes(), as_of="2024-03-01")
    page = client.get(f"/assessments/{assessment_id}").text
    assert "1 March 2024" in page
    problems = page.index('id="data-quality"')
    assert problems < page.index('id="blocking"') < page.index('id="insufficient"')
    assert "lies after the as-of date" in page


def test_a_file_that_does_not_validate_is_named_field_by_field_in_plain_words(
    client: TestClient, chair: str, db_engine: Engine
) -> None:
    case = json.loads(INSUFFICIENT.read_text())
    case["adults"][1]["role"] = "Mr Smith"
    case["adults"][1]["police_check"] = {"done": "yes please", "date": "2023-08-03"}
    del case["conference_type"]
    case["nickname"] = "Jo Bloggs"
    before = _count(db_engine)
    response = client.post(
        "/cases/new",
        data={"csrf_token": chair},
        files={"case_file": ("case.json", json.dumps(case).encode(), "application/json")},
    )
    assert response.status_code == 400
    problems = error_summary(response.text)
    assert "The conference type: is missing" in problems
    assert any(
        p.startswith("Adult A2&#39;s role in the family: must be one of: mother") for p in problems
    )
    assert "When police checks were done on adult A2: must be true or false" not in problems
    assert any("police checks were done on adult A2" in p for p in problems)
    assert "The case: has an unknown field (not part of the schema)" in problems
    for value in ("Mr Smith", "yes please", "Jo Bloggs", "nickname", "Traceback", "adults["):
        assert value not in response.text
    assert _count(db_engine) == before


def test_a_file_that_is_not_json_or_absent_is_refused(client: TestClient, chair: str) -> None:
    not_json = client.post(
        "/cases/new",
        data={"csrf_token": chair},
        files={"case_file": ("case.json", b"\x89PNG not a case", "application/json")},
    )
    assert not_json.status_code == 400
    assert error_summary(not_json.text) == ["The file is not a case file: it is not JSON"]
    absent = client.post("/cases/new", data={"csrf_token": chair})
    assert error_summary(absent.text) == ["Choose a case file to load"]
    bad_date = client.post(
        "/cases/new",
        data={"csrf_token": chair, "as_of": "31/02/2024"},
        files={"case_file": ("case.json", INSUFFICIENT.read_bytes(), "application/json")},
    )
    assert error_summary(bad_date.text) == ["The decision date must be a real date, like 9 5 2024"]


def test_an_upload_larger_than_a_case_body_may_be_is_refused(
    limited_app: Callable[..., FastAPI], chair_key: Callable[..., str], db_engine: Engine
) -> None:
    with TestClient(limited_app(max_case_bytes=2_000)) as small:
        csrf = sign_in(small, chair_key())
        before = _count(db_engine)
        response = small.post(
            "/cases/new",
            data={"csrf_token": csrf},
            files={"case_file": ("case.json", b" " * 40_000, "application/json")},
        )
        assert response.status_code == 413
        assert "too large" in response.text
        assert _count(db_engine) == before


def test_an_upload_without_the_csrf_token_is_refused(
    client: TestClient, chair: str, db_engine: Engine
) -> None:
    before = _count(db_engine)
    response = client.post(
        "/cases/new",
        files={"case_file": ("case.json", INSUFFICIENT.read_bytes(), "application/json")},
    )
    assert response.status_code == 403
    assert _count(db_engine) == before


def test_another_organisations_assessment_is_not_found(
    client: TestClient, chair: str, make_key: Callable[..., str], example_case: dict[str, Any]
) -> None:
    theirs = {"Authorization": make_key(Scope.ASSESS, organisation="south")}
    record = client.post("/v1/assessments", json=example_case, headers=theirs).json()
    for path in (f"/assessments/{record['id']}", f"/assessments/{record['id']}/complete"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert example_case["case_ref"] not in response.text
    assert client.get("/assessments/not-an-id").status_code == 404


def test_a_mistyped_query_is_read_sensibly(client: TestClient, chair: str) -> None:
    for query in ("page=abc", "page=0", "page=999999999", "search=" + "x" * 500):
        response = client.get(f"/cases?{query}")
        assert response.status_code == 200, query
        assert response.headers["content-type"].startswith("text/html")
