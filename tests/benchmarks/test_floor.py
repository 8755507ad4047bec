"""The HTTP floor answers deplan's answer for the cases it was given, after the same strict
validation, so deplan's endpoints are compared with an endpoint returning the same bytes."""

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from benchmarks.corpus import case_texts
from benchmarks.floor_app import create_app
from engine import load_ruleset
from models.case import parse_case

CASES = 5


@pytest.fixture
def floor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[TestClient, list[str]]:
    texts = case_texts(CASES + 1)
    bodies = tmp_path / "bodies.jsonl"
    bodies.write_text("\n".join(texts[:CASES]) + "\n", encoding="utf-8")
    monkeypatch.setenv("BENCH_BODIES", str(bodies))
    return TestClient(create_app()), texts


def _post(client: TestClient, path: str, body: str) -> tuple[int, bytes]:
    response = client.post(path, content=body, headers={"Content-Type": "application/json"})
    return response.status_code, response.content


def test_the_floor_answers_the_engines_assessment_bytes(
    floor: tuple[TestClient, list[str]],
) -> None:
    client, texts = floor
    ruleset = load_ruleset()
    for text in texts[:CASES]:
        status, answer = _post(client, "/v1/evaluations", text)
        assert status == 200
        assert answer == ruleset.assess(parse_case(text), source=text).model_dump_json().encode()
        assert _post(client, "/v1/engine", text) == (200, answer)


def test_the_floor_validates_the_case_and_knows_only_its_cases(
    floor: tuple[TestClient, list[str]],
) -> None:
    client, texts = floor
    assert _post(client, "/v1/evaluations", texts[CASES])[0] == 404
    case = json.loads(texts[0])
    case["decision_date"] = 0  # strict: a number is not a date
    assert _post(client, "/v1/evaluations", json.dumps(case))[0] == 422
    assert _post(client, "/v1/engine", json.dumps(case))[0] == 422
