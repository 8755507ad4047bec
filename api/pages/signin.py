"""Signing in to the chair's pages with a `chair` key, and signing out.

The sign-in form has no session yet, so its CSRF token is a double-submit cookie
(`deplan_signin`, this path only). Failed sign-ins count against the client address like
failed API authentications (`api.http.throttle`).
"""

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.http.key_cache import KeyCache
from api.http.throttle import FailedAuthThrottle
from api.pages.render import FieldProblem, page, redirect, safe_next
from api.pages.session import (
    CSRF_FIELD,
    SESSION_COOKIE,
    PageError,
    PostedForm,
    current_chair,
    forget_cookie,
    read_form,
    set_cookie,
)
from api.persistence.chair_sessions import end_session, open_session, token_hash
from api.persistence.keys import Client
from models.api_keys import Scope

router = APIRouter()
SIGN_IN_COOKIE = "deplan_signin"
SIGN_IN_PATH = "/sign-in"
MAX_KEY_LENGTH = 200


@router.get("/")
async def home() -> Response:
    return redirect("/cases")


@router.get(SIGN_IN_PATH)
async def sign_in_page(
    request: Request,
    next_path: Annotated[str | None, Query(alias="next", max_length=500)] = None,
    signed_out: Annotated[bool, Query(alias="signed-out")] = False,
) -> Response:
    if await current_chair(request) is not None:
        return redirect(safe_next(next_path))
    return _sign_in_form(request, next_path, signed_out=signed_out)


@router.post(SIGN_IN_PATH)
async def sign_in(request: Request) -> Response:
    form = await read_form(request)
    await form.close()
    expected = request.cookies.get(SIGN_IN_COOKIE, "")
    sent = form.get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise PageError(
            403,
            "This form could not be accepted",
            "The sign-in form was out of date. Go back, reload the page and try again.",
        )
    next_path = form.get("next")
    next_str = next_path if isinstance(next_path, str) else None
    key = form.get("key")
    key = key.strip() if isinstance(key, str) else ""
    if not key:
        return _sign_in_form(request, next_str, problem="Enter your key", status=400)
    throttle: FailedAuthThrottle = request.app.state.auth_throttle
    address = request.client.host if request.client else "unknown"
    if throttle.retry_after(address) is not None:
        return _sign_in_form(
            request, next_str, problem="Too many attempts: wait a minute and try again", status=429
        )
    cache: KeyCache = request.app.state.key_cache
    client = await cache.authenticate(request.app.state.engine, key[:MAX_KEY_LENGTH])
    if client is None:
        throttle.failed(address)
        return _sign_in_form(
            request,
            next_str,
            problem="This key is not valid: check that it was copied whole, or ask for a new one",
            status=401,
        )
    if Scope.CHAIR not in client.scopes:
        return _sign_in_form(
            request,
            next_str,
            problem="This key cannot sign in here: the chair's pages need a key with the "
            "chair scope",
            status=403,
        )
    earlier = request.cookies.get(SESSION_COOKIE)
    if earlier:  # signing in again ends the session this browser had
        await run_in_threadpool(_end, request.app.state.engine, token_hash(earlier[:100]))
    token = await run_in_threadpool(_open, request.app.state.engine, client)
    response = redirect(safe_next(next_str))
    set_cookie(response, request, SESSION_COOKIE, token, "/")
    forget_cookie(response, request, SIGN_IN_COOKIE, SIGN_IN_PATH)
    return response


@router.post("/sign-out")
async def sign_out(request: Request, posted: PostedForm) -> Response:
    await run_in_threadpool(_end, request.app.state.engine, posted.chair.token_hash)
    response = redirect(f"{SIGN_IN_PATH}?signed-out=true")
    forget_cookie(response, request, SESSION_COOKIE, "/")
    return response


def _sign_in_form(
    request: Request,
    next_path: str | None,
    *,
    signed_out: bool = False,
    problem: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    token = request.cookies.get(SIGN_IN_COOKIE) or secrets.token_urlsafe(32)
    response = page(
        request,
        "chair/sign_in.html",
        chair=None,
        status=status,
        errors=[FieldProblem("key", problem)] if problem else [],
        csrf_token=token,
        next_path=safe_next(next_path),
        signed_out=signed_out,
    )
    set_cookie(response, request, SIGN_IN_COOKIE, token, SIGN_IN_PATH)
    return response


def _open(engine: Engine, client: Client) -> str:
    with Session(engine) as session:
        return open_session(session, client)


def _end(engine: Engine, token_hash: str) -> None:
    with Session(engine) as session:
        end_session(session, token_hash)
