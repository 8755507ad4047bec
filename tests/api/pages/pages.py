"""Helpers for the chair's pages' tests: load a case file, read a page's parts."""

import re
from pathlib import Path

from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parents[3]
INSUFFICIENT = REPO / "examples" / "insufficient-information.json"
NOT_READY = REPO / "examples" / "not-ready-step-down.json"


def load(client: TestClient, csrf: str, content: bytes, as_of: str = "") -> str:
    """Upload a case file; the new assessment's id."""
    response = client.post(
        "/cases/new",
        data={"csrf_token": csrf, "as_of": as_of},
        files={"case_file": ("case.json", content, "application/json")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    location: str = response.headers["location"]
    return location.removeprefix("/assessments/")


def family_verdict(html: str) -> str:
    match = re.search(r'id="verdict">Family: <strong class="app-tag app-tag--([a-z-]+)"', html)
    assert match is not None, "no family verdict on the page"
    return match.group(1)


def error_summary(html: str) -> list[str]:
    return re.findall(r'<li><a href="#[^"]+">([^<]*)</a></li>', html)
