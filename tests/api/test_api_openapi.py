"""The OpenAPI document: every error declared as problem+json; examples that validate."""

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.http.openapi_examples import EXAMPLE_CASE
from models.case import Case


def test_every_error_response_is_declared_as_problem_json(app: FastAPI) -> None:
    schema = app.openapi()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses: dict[str, Any] = operation["responses"]
            assert "500" in responses, (method, path)
            if operation.get("security"):
                assert "401" in responses, (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in responses, (method, path)
            for status, response in responses.items():
                if status[0] in "45":
                    assert list(response["content"]) == ["application/problem+json"], (
                        method,
                        path,
                        status,
                    )
    assert "HTTPValidationError" not in schema["components"]["schemas"]


def test_openapi_and_docs_are_served_without_a_key(client: TestClient) -> None:
    assert client.get("/openapi.json").json()["info"]["title"] == "deplan"
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()


def test_the_documented_example_is_a_valid_case() -> None:
    Case.model_validate(EXAMPLE_CASE)


def test_case_schema_endpoint_is_the_case_models(client: TestClient, auth: dict[str, str]) -> None:
    response = client.get("/v1/schema/case", headers=auth)
    assert response.status_code == 200
    assert response.json() == Case.model_json_schema()
