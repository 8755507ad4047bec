"""RFC 9457 problem details (`application/problem+json`) for every 4xx and 5xx response.

Validation problems list each field path and message, never the submitted value: a case is
special-category data and must not come back in an error body (or reach a log).
"""

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from models.validation import FieldError, field_path

PROBLEM_JSON = "application/problem+json"
VALIDATION_TYPE = "https://deplan.invalid/problems/validation-error"
VALIDATION_DETAIL = "See `errors` for each field that does not validate."
DATABASE_RETRY_AFTER_SECONDS = 5
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


class Problem(BaseModel):
    """An error, as RFC 9457 problem details."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(default="about:blank", description="URI identifying the problem type.")
    title: str = Field(description="Short summary of the problem type.")
    status: int = Field(ge=400, le=599, description="The HTTP status code.")
    detail: str | None = Field(default=None, description="What went wrong in this occurrence.")
    instance: str | None = Field(
        default=None, description="This occurrence: the request id, as a URN."
    )


class ValidationProblem(Problem):
    """A request that does not validate: one entry per field, with no submitted values."""

    errors: list[FieldError] = Field(description="Each invalid field's path and what is wrong.")


class ProblemError(Exception):
    """Raise from a route to answer with a problem."""

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or HTTPStatus(status).phrase)
        self.status = status
        self.detail = detail
        self.headers = headers


class ValidationProblemError(Exception):
    """Raise with the field errors of a body the route validated itself."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        super().__init__(f"{len(errors)} field error(s)")
        self.errors = list(errors)


def problem_response(
    request: Request,
    status: int,
    detail: str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    errors: Sequence[FieldError] | None = None,
) -> JSONResponse:
    request_id = getattr(request.state, "request_id", None)
    instance = f"urn:uuid:{request_id}" if request_id else None
    body: Problem
    if errors is not None:
        body = ValidationProblem(
            type=VALIDATION_TYPE,
            title="The request does not validate",
            status=status,
            detail=detail,
            instance=instance,
            errors=list(errors),
        )
    else:
        body = Problem(
            title=HTTPStatus(status).phrase, status=status, detail=detail, instance=instance
        )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=status,
        headers=headers,
        media_type=PROBLEM_JSON,
    )


def describe_detail(location: Sequence[int | str], kind: Any, message: str) -> tuple[str, str]:
    """The path and message of one error. An unknown field is reported at the object that
    holds it: its name was chosen by the sender and may itself be personal data."""
    if kind == "extra_forbidden":
        return field_path(location[:-1]), "has an unknown field (not part of the schema)"
    return field_path(location), message.removeprefix("Value error, ")


def body_field_errors(error: ValidationError) -> list[FieldError]:
    """A body's validation errors: paths and messages, no values, no unknown names."""
    described = []
    for detail in error.errors(include_url=False, include_input=False):
        path, message = describe_detail(detail["loc"], detail["type"], detail["msg"])
        described.append(FieldError(path=path, message=message))
    return described


def request_field_errors(errors: Sequence[Any]) -> list[FieldError]:
    """FastAPI's request errors as paths and messages (the `input` and `ctx` are dropped).

    The path is relative to the part of the request it is in: the body's fields as in the
    case schema (`adults[0].role`), parameters as `query.as_of` or `path.assessment_id`.
    """
    described = []
    for error in errors:
        location = list(error.get("loc", ()))
        kind = error.get("type")
        if kind == "json_invalid":
            described.append(FieldError(path="(body)", message="the body is not valid JSON"))
            continue
        if location and location[0] == "body":
            location = location[1:]
        path, message = describe_detail(location, kind, str(error.get("msg", "invalid")))
        described.append(FieldError(path=path, message=message))
    return described


async def _on_problem(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ProblemError)
    return problem_response(request, error.status, error.detail, headers=error.headers)


async def _on_validation_problem(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ValidationProblemError)
    return problem_response(request, 422, VALIDATION_DETAIL, errors=error.errors)


async def _on_database_unavailable(request: Request, _error: Exception) -> JSONResponse:
    return problem_response(
        request,
        503,
        "The database is not available; try again shortly.",
        headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
    )


async def _on_http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    detail = error.detail if error.detail != HTTPStatus(error.status_code).phrase else None
    headers = error.headers
    if error.status_code == 405:
        headers = {**(headers or {}), "Allow": _allowed_methods(request)}
    return problem_response(request, error.status_code, detail, headers=headers)


def _allowed_methods(request: Request) -> str:
    """Every method the path has, across all its routes (Starlette names only the first's)."""
    return ", ".join(
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
        )
    )


async def _on_validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return problem_response(
        request,
        422,
        VALIDATION_DETAIL,
        errors=request_field_errors(error.errors()),
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(ValidationProblemError, _on_validation_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    # A lost connection or a database that is down: the service is unavailable, not broken.
    # A statement or the wait for a pooled connection that timed out: the same.
    app.add_exception_handler(OperationalError, _on_database_unavailable)
    app.add_exception_handler(PoolTimeoutError, _on_database_unavailable)


_DESCRIPTIONS = {
    401: "No API key, or an unknown or revoked one.",
    403: "The API key lacks the scope this operation needs.",
    404: "Not found.",
    408: "The body did not arrive in time.",
    410: "Gone: removed at the end of its retention period.",
    413: "The body is larger than the limit the detail names.",
    429: "Too many: see the detail and `Retry-After`.",
    415: "The body is not `application/json`.",
    422: "The request does not validate: each field's path and message, no values.",
    500: "Unexpected error.",
    503: "Too many requests in progress, or the database is not available (for /readyz: "
    "the check that failed); see `Retry-After`.",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations for a route's error responses (500 and 503 are always declared;
    429 too wherever a key is checked, for throttled failed authentication)."""
    declared: dict[int | str, dict[str, Any]] = {}
    throttled = {429} if 401 in statuses else set()
    for status in sorted({*statuses, *throttled, 500, 503}):
        declared[status] = {
            "model": ValidationProblem if status == 422 else Problem,
            "description": _DESCRIPTIONS.get(status, HTTPStatus(status).phrase),
        }
    return declared


def errors_as_problem_json(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare every 4xx/5xx response body as `application/problem+json` in the OpenAPI."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            for status, response in operation.get("responses", {}).items():
                if not (status.startswith(("4", "5")) and "content" in response):
                    continue
                content = response["content"]
                if "application/json" in content:
                    content[PROBLEM_JSON] = content.pop("application/json")
    return schema
