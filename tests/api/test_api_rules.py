"""The rule catalogue over HTTP, as the engine describes it."""

import datetime as dt

from fastapi.testclient import TestClient

from engine import load_ruleset


def test_rules_and_one_rule(client: TestClient, auth: dict[str, str]) -> None:
    ruleset = load_ruleset()
    listed = client.get("/v1/rules", headers=auth)
    assert listed.status_code == 200
    rules = listed.json()
    assert [rule["id"] for rule in rules] == [rule.id for rule in ruleset.rules_public()]

    first = rules[0]
    one = client.get(f"/v1/rules/{first['id']}", headers=auth)
    assert one.status_code == 200
    assert one.json() == first


def test_unknown_rule_is_404_with_a_suggestion(client: TestClient, auth: dict[str, str]) -> None:
    rule_id = client.get("/v1/rules", headers=auth).json()[0]["id"]
    response = client.get(f"/v1/rules/{rule_id}x", headers=auth)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert rule_id in response.json()["detail"]


def test_ruleset_on_a_date(client: TestClient, auth: dict[str, str]) -> None:
    ruleset = load_ruleset()
    on = dt.date(2024, 3, 14)
    response = client.get("/v1/ruleset", params={"on": on.isoformat()}, headers=auth)
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == ruleset.version
    assert body["content_hash"] == ruleset.content_hash
    assert body == ruleset.describe(on).model_dump(mode="json")

    today = client.get("/v1/ruleset", headers=auth).json()
    assert today["on"] == dt.datetime.now(dt.UTC).date().isoformat()
