"""Tenancy: a key sees only its own organisation's assessments, cases and audit jobs (another
organisation's answer 404, as if absent); an admin key manages its own organisation's keys."""

import json
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from models.api_keys import Scope

NDJSON = {"Content-Type": "application/x-ndjson"}


def test_another_organisations_records_are_404(
    client: TestClient, make_key: Callable[..., str], example_case: dict[str, Any]
) -> None:
    ours = {"Authorization": make_key(Scope.ASSESS, Scope.READ, organisation="north")}
    colleague = {"Authorization": make_key(Scope.READ, organisation="north")}
    theirs = {"Authorization": make_key(Scope.ASSESS, Scope.READ, organisation="south")}
    record = client.post("/v1/assessments", json=example_case, headers=ours).json()
    client.post("/v1/assessments", json=example_case, headers=theirs)
    url = f"/v1/assessments/{record['id']}"
    history = f"/v1/cases/{example_case['case_ref']}/assessments"

    assert client.get(url, headers=colleague).json() == record
    assert client.get(f"{url}/case", headers=colleague).status_code == 200
    for path in (url, f"{url}/case"):
        response = client.get(path, headers=theirs)
        assert response.status_code == 404, path
        assert record["id"] not in response.text
    # The same case reference in two organisations: two separate histories.
    ours_history = client.get(history, headers=ours).json()
    theirs_history = client.get(history, headers=theirs).json()
    assert ours_history["total"] == theirs_history["total"] == 1
    assert ours_history["items"][0]["id"] == record["id"]
    assert theirs_history["items"][0]["id"] != record["id"]


def test_another_organisations_audit_is_404(
    client: TestClient, make_key: Callable[..., str], example_case: dict[str, Any]
) -> None:
    ours = {"Authorization": make_key(Scope.AUDIT, organisation="north"), **NDJSON}
    colleague = {"Authorization": make_key(Scope.AUDIT, organisation="north")}
    theirs = {"Authorization": make_key(Scope.AUDIT, organisation="south")}
    created = client.post("/v1/audits", content=json.dumps(example_case) + "\n", headers=ours)
    location = created.headers["Location"]
    assert client.get(location, headers=colleague).status_code == 200
    assert client.get(location, headers=theirs).status_code == 404
    assert client.get(f"{location}/summary.json", headers=theirs).status_code == 404


def test_an_admin_manages_keys_in_its_own_organisation_only(
    client: TestClient, make_key: Callable[..., str]
) -> None:
    admin = {"Authorization": make_key(Scope.ADMIN, name="north-admin", organisation="north")}
    make_key(Scope.READ, name="south-reader", organisation="south")

    created = client.post(
        "/v1/keys", json={"name": "north-reader", "scopes": ["read"]}, headers=admin
    )
    assert created.status_code == 201
    new = created.json()
    assert new["organisation"] == "north"
    assert new["key"].startswith("deplan_")
    new_auth = {"Authorization": f"Bearer {new['key']}"}
    assert client.get("/v1/rules", headers=new_auth).status_code == 200

    listed = client.get("/v1/keys", headers=admin).json()
    assert {key["name"] for key in listed} == {"north-admin", "north-reader"}
    assert all("key" not in key for key in listed)
    south_id = next(
        key["id"]
        for key in client.get(
            "/v1/keys",
            headers={"Authorization": make_key(Scope.ADMIN, organisation="south")},
        ).json()
        if key["name"] == "south-reader"
    )
    assert client.delete(f"/v1/keys/{south_id}", headers=admin).status_code == 404

    revoked = client.delete(f"/v1/keys/{new['id']}", headers=admin)
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"]
    # Revoked through this worker: refused at once, not after the cache lifetime.
    assert client.get("/v1/rules", headers=new_auth).status_code == 401


def test_keys_need_the_admin_scope(client: TestClient, make_key: Callable[..., str]) -> None:
    reader = {"Authorization": make_key(Scope.READ, Scope.ASSESS, Scope.AUDIT)}
    assert client.get("/v1/keys", headers=reader).status_code == 403
    body = {"name": "x", "scopes": ["admin"]}
    assert client.post("/v1/keys", json=body, headers=reader).status_code == 403
