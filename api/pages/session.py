"""Who is signed in to the chair's pages, and the checks every page and form goes through.

    chair: ChairDep            # a page: the signed-in chair, or a redirect to sign in
    posted: PostedForm         # a form: the chair, and the form once its CSRF token matched

The session cookie carries a random token (only its hash is stored: `chair_sessions`); it is
HttpOnly, SameSite=Strict, and Secure whenever the page is served over HTTPS.
"""

import hmac
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.types import Message

from api.http.bodies import read_body
from api.http.deps import get_engine
from api.http.problems import ProblemError
from api.persistence.chair_sessions import SignedIn, find_session
from api.settings import Settings

SESSION_COOKIE = "deplan_session"
CSRF_FIELD = "csrf_token"
FORM_LIMIT = 64 * 1024
"""Largest form other than a case upload (answers, a decision): far above any real one."""
UPLOAD_OVERHEAD = 16 * 1024
"""Room for the multipart framing and the other fields around an uploaded case file."""
MAX_FORM_FIELDS = 300


class PageError(Exception):
    """Answer a page request with an error page: a title and plain words, never a trace."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.message = message


class SignInRequiredError(Exception):
    """No valid session: the chair is sent to sign in, then back to `next_path`."""

    def __init__(self, next_path: str) -> None:
        super().__init__("sign in required")
        self.next_path = next_path


def is_https(request: Request) -> bool:
    """Served over HTTPS, directly or behind a proxy that says so."""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return (forwarded or request.url.scheme) == "https"


def set_cookie(response: Response, request: Request, name: str, value: str, path: str) -> None:
    response.set_cookie(
        name, value, path=path, httponly=True, samesite="strict", secure=is_https(request)
    )


def forget_cookie(response: Response, request: Request, name: str, path: str) -> None:
    response.delete_cookie(
        name, path=path, httponly=True, samesite="strict", secure=is_https(request)
    )


async def current_chair(request: Request) -> SignedIn | None:
    """The signed-in chair, or None (no cookie, or the session has ended)."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > 100:
        return None
    engine: Engine = await get_engine(request)
    settings: Settings = request.app.state.settings
    signed_in = await run_in_threadpool(_find, engine, token, settings)
    if signed_in is not None:
        request.state.key_id = signed_in.key_id
        request.state.client_name = signed_in.key_name
    return signed_in


def _find(engine: Engine, token: str, settings: Settings) -> SignedIn | None:
    with Session(engine) as session:
        return find_session(session, token, settings.sessions)


async def signed_in_chair(request: Request) -> SignedIn:
    """The signed-in chair; without one, a redirect to the sign-in page."""
    chair = await current_chair(request)
    if chair is None:
        query = request.url.query
        path = request.url.path + (f"?{query}" if query else "")
        raise SignInRequiredError(path if request.method == "GET" else "/cases")
    return chair


ChairDep = Annotated[SignedIn, Depends(signed_in_chair)]


@dataclass(frozen=True, slots=True)
class ChairForm:
    chair: SignedIn
    form: FormData


async def read_form(request: Request, *, limit: int = FORM_LIMIT) -> FormData:
    """The posted form, read with the app's body bounds (size while arriving, timeout, the
    key's reading slots) before anything parses it."""
    limits = request.app.state.settings.limits
    try:
        raw = await read_body(
            request, what="The form", limit=limit, timeout=limits.body_timeout_seconds
        )
    except ProblemError as error:
        if error.status == 413:
            raise PageError(
                413, "What you sent is too large", f"It can be at most {limit:,} bytes."
            ) from None
        raise

    async def replay() -> Message:
        return {"type": "http.request", "body": raw, "more_body": False}

    parsed = Request(request.scope, replay)
    return await parsed.form(max_files=1, max_fields=MAX_FORM_FIELDS, max_part_size=limit)


def check_csrf(form: FormData, expected: str) -> None:
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise PageError(
            403,
            "This form could not be accepted",
            "The form was out of date or did not come from this service. Go back, reload "
            "the page and try again.",
        )


async def posted_form(request: Request, chair: ChairDep) -> AsyncIterator[ChairForm]:
    """A form posted by the signed-in chair, its CSRF token checked. A case upload may be as
    large as a case body (`DEPLAN_MAX_CASE_BYTES`), any other form `FORM_LIMIT`; an
    uploaded file is closed once the request is answered."""
    limit = FORM_LIMIT
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        limit = request.app.state.settings.limits.max_case_bytes + UPLOAD_OVERHEAD
    form = await read_form(request, limit=limit)
    try:
        check_csrf(form, chair.csrf_token)
        yield ChairForm(chair, form)
    finally:
        await form.close()


PostedForm = Annotated[ChairForm, Depends(posted_form)]
