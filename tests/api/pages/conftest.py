"""The chair's pages: a signed-in test client, and reading CSRF tokens out of pages."""

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from models.api_keys import Scope

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match is not None, "the page has no form with a CSRF token"
    return match.group(1)


def sign_in(client: TestClient, key: str, *, next_path: str = "/cases") -> str:
    """Sign in with `key` (the raw key); returns the session's CSRF token."""
    form = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={"csrf_token": csrf_of(form.text), "key": key, "next": next_path},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get(response.headers["location"]).text)


@pytest.fixture
def chair_key(make_key: Callable[..., str]) -> Callable[..., str]:
    """`chair_key(organisation=...)`: a raw key with the chair scope."""

    def make(organisation: str = "north", *scopes: Scope) -> str:
        return make_key(Scope.CHAIR, *scopes, organisation=organisation).removeprefix("Bearer ")

    return make


@pytest.fixture
def chair(client: TestClient, chair_key: Callable[..., str]) -> str:
    """The client signed in as a chair of `north`; the session's CSRF token."""
    return sign_in(client, chair_key())
