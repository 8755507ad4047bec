"""Errors are problem details; a malformed case is named by field paths, never by values."""

import io
import json
from typing import Any

from fastapi.testclient import TestClient

SENTINEL = "Zq7SENTINEL"


def _malformed(case: dict[str, Any]) -> dict[str, Any]:
    bad: dict[str, Any] = json.loads(json.dumps(case))
    bad["adults"][0]["role"] = f"{SENTINEL}-role"
    bad["adults"][1]["police_check"] = {"done": True, "date": f"{SENTINEL}-date"}
    bad["risks"][0]["kind"] = f"{SENTINEL}-kind"
    bad["notes"] = f"{SENTINEL} free text about the family"
    del bad["proposed_outcome"]
    return bad


def test_malformed_case_is_422_naming_paths_without_values(
    client: TestClient,
    auth: dict[str, str],
    example_case: dict[str, Any],
    json_logs: io.StringIO,
) -> None:
    for route in ("/v1/assessments", "/v1/evaluations"):
        response = client.post(route, json=_malformed(example_case), headers=auth)

        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert SENTINEL not in response.text
        problem = response.json()
        assert problem["status"] == 422
        assert problem["title"]
        assert problem["type"].startswith("https://")
        paths = {error["path"] for error in problem["errors"]}
        assert {
            "adults[0].role",
            "adults[1].police_check.date",
            "risks[0].kind",
            "(case)",  # the unknown field `notes`, reported where it is, not by its name
            "proposed_outcome",
        } <= paths
        assert all(error["message"] for error in problem["errors"])
    logged = json_logs.getvalue()
    assert logged
    assert SENTINEL not in logged
    for line in logged.splitlines():
        json.loads(line)


def test_semantic_case_errors_are_422_too(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any]
) -> None:
    case = json.loads(json.dumps(example_case))
    case["interventions"][0]["addresses_risks"] = [f"{SENTINEL}R9"]
    response = client.post("/v1/assessments", json=case, headers=auth)
    assert response.status_code == 422
    assert SENTINEL not in response.text
    assert "interventions[0].addresses_risks" in response.json()["errors"][0]["message"]


def test_body_that_is_not_json(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post(
        "/v1/assessments",
        content=f'{{"case_ref": "{SENTINEL}", ',
        headers={**auth, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["path"] == "(case)"
    assert error["message"].startswith("Invalid JSON")
    assert SENTINEL not in response.text


def test_json_is_read_strictly(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any]
) -> None:
    case = json.loads(json.dumps(example_case))
    case["decision_date"] = 0
    case["adults"][0]["regularly_in_home"] = "yes"
    response = client.post("/v1/evaluations", json=case, headers=auth)
    assert response.status_code == 422
    paths = {error["path"] for error in response.json()["errors"]}
    assert paths == {"decision_date", "adults[0].regularly_in_home"}


def test_a_body_that_is_not_declared_json_is_415(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any]
) -> None:
    response = client.post(
        "/v1/assessments",
        content=json.dumps(example_case),
        headers={**auth, "Content-Type": "text/plain"},
    )
    assert response.status_code == 415
    assert response.headers["content-type"] == "application/problem+json"


def test_the_key_is_checked_before_the_body_is_read(client: TestClient) -> None:
    response = client.post(
        "/v1/assessments", content="{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 401


def test_bad_parameters_are_named(
    client: TestClient, auth: dict[str, str], example_case: dict[str, Any]
) -> None:
    response = client.post(
        "/v1/assessments", params={"as_of": f"{SENTINEL}"}, json=example_case, headers=auth
    )
    assert response.status_code == 422
    assert [error["path"] for error in response.json()["errors"]] == ["query.as_of"]
    assert SENTINEL not in response.text

    response = client.get("/v1/assessments/not-a-uuid", headers=auth)
    assert response.status_code == 422
    assert [error["path"] for error in response.json()["errors"]] == ["path.assessment_id"]


def test_unknown_path_and_method_are_problems(client: TestClient, auth: dict[str, str]) -> None:
    missing = client.get("/v1/nowhere", headers=auth)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"

    wrong = client.delete("/v1/assessments", headers=auth)
    assert wrong.status_code == 405
    assert wrong.headers["content-type"] == "application/problem+json"
    assert "POST" in wrong.headers["allow"]
