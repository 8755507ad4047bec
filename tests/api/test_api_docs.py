"""The interactive docs are served whole by the app: their pages name no other host, and
their policy allows scripts from the app only (the browser side is tests/browser/test_docs.py)."""

import re

import pytest
from fastapi.testclient import TestClient

OTHER_HOST = re.compile(r"(?:https?:)?//(?!127\.0\.0\.1|testserver)[\w.-]+")


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_load_nothing_from_another_host(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "http" not in policy
    assert OTHER_HOST.findall(page.text) == []
    for asset in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        assert asset.startswith("/docs/assets/"), asset
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert "content-security-policy" not in served.headers


def test_only_the_known_docs_assets_are_served(client: TestClient) -> None:
    assert (
        client.get("/docs/assets/swagger-ui-bundle.js")
        .headers["cache-control"]
        .startswith("public")
    )
    for name in ["core.py", "..%2F..%2Fdocs.py", "favicon.png", ""]:
        answer = client.get(f"/docs/assets/{name}")
        assert answer.status_code == 404, name
        assert answer.headers["content-type"] == "application/problem+json"


def test_the_docs_are_not_in_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert not [path for path in paths if path.startswith(("/docs", "/redoc"))]
