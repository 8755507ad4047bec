"""Signing in and out of the chair's pages: the session cookie, its expiry, CSRF, scope."""

import datetime as dt
import hashlib
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from api.persistence.chair_sessions import delete_ended_sessions, find_session
from api.settings import Sessions
from models.api_keys import Scope
from models.chair_tables import ChairSession
from tests.api.pages.conftest import csrf_of, sign_in


def test_pages_need_a_session_and_send_you_back_after_signing_in(
    client: TestClient, chair_key: Callable[..., str]
) -> None:
    response = client.get("/cases?search=FAM", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=%2Fcases%3Fsearch%3DFAM"
    page = client.get("/sign-in?next=/cases%3Fsearch%3DFAM")
    assert 'value="/cases?search=FAM"' in page.text
    form = client.post(
        "/sign-in",
        data={"csrf_token": csrf_of(page.text), "key": chair_key(), "next": "/cases?search=FAM"},
        follow_redirects=False,
    )
    assert form.status_code == 303
    assert form.headers["location"] == "/cases?search=FAM"
    assert client.get("/cases").status_code == 200


def test_the_session_cookie_is_httponly_strict_and_secure_over_https(
    client: TestClient, chair_key: Callable[..., str], db_engine: Engine
) -> None:
    key = chair_key()
    page = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={"csrf_token": csrf_of(page.text), "key": key},
        headers={"X-Forwarded-Proto": "https"},
        follow_redirects=False,
    )
    cookie = next(
        value
        for name, value in response.headers.multi_items()
        if name == "set-cookie" and value.startswith("deplan_session=")
    )
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "samesite=strict", "secure", "path=/"} <= flags
    token = cookie.split(";")[0].split("=", 1)[1]
    # Only the token's hash is stored.
    with Session(db_engine) as session:
        row = session.exec(select(ChairSession)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (row.token_hash, row.csrf_token)


def test_over_plain_http_the_cookie_is_not_marked_secure(
    client: TestClient, chair_key: Callable[..., str]
) -> None:
    page = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={"csrf_token": csrf_of(page.text), "key": chair_key()},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert "httponly" in cookie.lower()
    assert "secure" not in cookie.lower()


@pytest.mark.parametrize(
    ("key", "status", "message"),
    [
        ("", 400, "Enter your key"),
        ("deplan_0123456789abcdef_" + "x" * 43, 401, "This key is not valid"),
    ],
)
def test_a_bad_key_is_named_in_an_error_summary(
    client: TestClient, key: str, status: int, message: str
) -> None:
    page = client.get("/sign-in")
    response = client.post("/sign-in", data={"csrf_token": csrf_of(page.text), "key": key})
    assert response.status_code == status
    assert "There is a problem" in response.text
    assert f'<a href="#key">{message}' in response.text
    assert "deplan_session" not in response.headers.get("set-cookie", "")


def test_a_key_without_the_chair_scope_cannot_sign_in(
    client: TestClient, make_key: Callable[..., str]
) -> None:
    reader = make_key(Scope.READ, Scope.ASSESS, Scope.ADMIN).removeprefix("Bearer ")
    page = client.get("/sign-in")
    response = client.post("/sign-in", data={"csrf_token": csrf_of(page.text), "key": reader})
    assert response.status_code == 403
    assert "chair scope" in response.text
    assert client.get("/cases", follow_redirects=False).status_code == 303


def test_signing_in_needs_the_forms_csrf_token(
    client: TestClient, chair_key: Callable[..., str]
) -> None:
    client.get("/sign-in")
    response = client.post("/sign-in", data={"csrf_token": "forged", "key": chair_key()})
    assert response.status_code == 403
    assert client.get("/cases", follow_redirects=False).status_code == 303


def test_signing_out_ends_the_session_at_once(client: TestClient, chair: str) -> None:
    token = client.cookies["deplan_session"]
    response = client.post("/sign-out", data={"csrf_token": chair}, follow_redirects=False)
    assert response.status_code == 303
    assert "You have signed out" in client.get(response.headers["location"]).text
    # The old cookie, sent again, no longer works.
    client.cookies.set("deplan_session", token)
    assert client.get("/cases", follow_redirects=False).status_code == 303


@pytest.mark.usefixtures("chair")
def test_a_post_without_the_sessions_csrf_token_is_refused(client: TestClient) -> None:
    for data in ({}, {"csrf_token": "not-the-token"}):
        response = client.post("/sign-out", data=data)
        assert response.status_code == 403
        assert "could not be accepted" in response.text
    assert client.get("/cases").status_code == 200  # still signed in


@pytest.mark.usefixtures("chair")
def test_sessions_end_when_idle_too_long_or_too_old(client: TestClient, db_engine: Engine) -> None:
    token = client.cookies["deplan_session"]
    limits = Sessions(idle_minutes=30, max_hours=8)
    start = dt.datetime.now(dt.UTC)
    with Session(db_engine) as session:
        assert find_session(session, token, limits, now=start) is not None
        # Seen every 20 minutes: still signed in at 7h40, not at 8 hours.
        moment = start
        while moment < start + dt.timedelta(hours=7, minutes=40):
            moment += dt.timedelta(minutes=20)
            assert find_session(session, token, limits, now=moment) is not None
        assert find_session(session, token, limits, now=start + dt.timedelta(hours=8)) is None
    with Session(db_engine) as session:
        seen = session.exec(select(ChairSession)).one().last_seen_at
        idle_from = seen if seen.tzinfo else seen.replace(tzinfo=dt.UTC)
        assert (
            find_session(session, token, limits, now=idle_from + dt.timedelta(minutes=31)) is None
        )


def test_ended_sessions_are_deleted_and_live_ones_kept(
    client: TestClient, chair_key: Callable[..., str], db_engine: Engine
) -> None:
    for _ in range(4):
        client.cookies.clear()
        sign_in(client, chair_key())
    limits = Sessions(idle_minutes=30, max_hours=8)
    now = dt.datetime.now(dt.UTC)
    with Session(db_engine) as session:
        live, signed_out, idle, old = session.exec(select(ChairSession)).all()
        signed_out.revoked_at = now
        idle.last_seen_at = now - dt.timedelta(minutes=31)
        old.created_at = now - dt.timedelta(hours=8, seconds=1)
        session.add_all([signed_out, idle, old])
        session.commit()
        kept = live.token_hash
    assert delete_ended_sessions(db_engine, limits, now) == 3
    with Session(db_engine) as session:
        assert [row.token_hash for row in session.exec(select(ChairSession))] == [kept]
    assert delete_ended_sessions(db_engine, limits, now) == 0


def test_a_revoked_key_ends_its_sessions(
    client: TestClient, chair_key: Callable[..., str], db_engine: Engine
) -> None:
    from api.persistence.keys import revoke_key

    key = chair_key()
    sign_in(client, key)
    with Session(db_engine) as session:
        revoke_key(session, key.split("_")[1])
    assert client.get("/cases", follow_redirects=False).status_code == 303


@pytest.mark.usefixtures("chair")
def test_an_expired_session_sends_the_chair_to_sign_in(
    client: TestClient, db_engine: Engine
) -> None:
    with Session(db_engine) as session:
        row = session.exec(select(ChairSession)).one()
        row.created_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=9)
        session.add(row)
        session.commit()
    response = client.get("/cases", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in")


@pytest.mark.usefixtures("chair")
def test_pages_allow_only_our_stylesheet_and_forms_and_no_script(client: TestClient) -> None:
    response = client.get("/cases")
    policy = response.headers["content-security-policy"]
    assert "script-src" not in policy
    assert "default-src 'none'" in policy
    assert "form-action 'self'" in policy
    assert response.headers["cache-control"] == "no-store"
    css = client.get("/static/deplan.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert client.get("/static/..%2Fapp.py").status_code == 404


def test_session_lifetimes_come_from_the_environment() -> None:
    from api.settings import Settings, SettingsError

    settings = Settings.from_env(
        {"DEPLAN_SESSION_IDLE_MINUTES": "15", "DEPLAN_SESSION_MAX_HOURS": "2.5"}
    )
    assert settings.sessions == Sessions(idle_minutes=15, max_hours=2.5)
    assert Settings.from_env({}).sessions == Sessions(idle_minutes=120, max_hours=8)
    with pytest.raises(SettingsError, match="DEPLAN_SESSION_MAX_HOURS"):
        Settings.from_env({"DEPLAN_SESSION_MAX_HOURS": "0"})


def test_signing_in_again_ends_the_earlier_session(
    client: TestClient, chair_key: Callable[..., str], db_engine: Engine
) -> None:
    key = chair_key()
    sign_in(client, key)
    assert client.get("/sign-in").url.path == "/cases"  # signed in already: sent on
    client.cookies.set("deplan_signin", "t", path="/sign-in")
    response = client.post("/sign-in", data={"csrf_token": "t", "key": key}, follow_redirects=False)
    assert response.status_code == 303
    with Session(db_engine) as session:
        rows = session.exec(select(ChairSession)).all()
    assert len(rows) == 2
    assert [row.revoked_at is not None for row in rows].count(True) == 1
