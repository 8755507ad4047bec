"""Rendering the chair's pages: every template extends `chair/layout.html` and gets the
signed-in chair (or None) and the session's CSRF token for its forms."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.pages.session import CSRF_FIELD, PageError, SignInRequiredError, current_chair
from api.persistence.chair_sessions import SignedIn
from engine.audit.labels import VERDICT_LABELS
from web.render import environment


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One entry of an error summary: the form field it links to (its id) and what is wrong,
    in plain words. Never the submitted value."""

    field_id: str
    message: str


def page(
    request: Request,
    template: str,
    *,
    chair: SignedIn | None,
    status: int = 200,
    errors: Sequence[FieldProblem] = (),
    csrf_token: str | None = None,
    **context: Any,
) -> HTMLResponse:
    html = (
        environment()
        .get_template(template)
        .render(
            chair=chair,
            csrf_field=CSRF_FIELD,
            csrf_token=csrf_token
            if csrf_token is not None
            else (chair.csrf_token if chair else ""),
            errors=list(errors),
            path=request.url.path,
            verdict_words=VERDICT_LABELS,
            **context,
        )
    )
    return HTMLResponse(html, status_code=status)


def redirect(location: str) -> RedirectResponse:
    """After a form: 303, so that reloading the next page does not post again."""
    return RedirectResponse(location, status_code=303)


def error_page(request: Request, error: PageError, chair: SignedIn | None) -> HTMLResponse:
    return page(
        request,
        "chair/error.html",
        chair=chair,
        status=error.status,
        title=error.title,
        message=error.message,
    )


def sign_in_location(next_path: str) -> str:
    return "/sign-in" + (f"?{urlencode({'next': next_path})}" if next_path != "/cases" else "")


def safe_next(raw: str | None, default: str = "/cases") -> str:
    """Only a path on this site: never another host (`//evil`, `https://...`)."""
    if not raw or not raw.startswith("/") or raw.startswith("//") or "\\" in raw:
        return default
    return raw


def install_page_handlers(app: FastAPI) -> None:
    """Page errors become pages, and a missing session a redirect to sign in."""

    async def on_page_error(request: Request, error: Exception) -> HTMLResponse:
        assert isinstance(error, PageError)
        return error_page(request, error, await current_chair(request))

    async def on_sign_in(_request: Request, error: Exception) -> RedirectResponse:
        assert isinstance(error, SignInRequiredError)
        return redirect(sign_in_location(error.next_path))

    app.add_exception_handler(PageError, on_page_error)
    app.add_exception_handler(SignInRequiredError, on_sign_in)
