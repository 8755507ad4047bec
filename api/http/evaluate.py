"""One evaluation, shared by `POST /v1/assessments` (stored) and `POST /v1/evaluations`.

The case is read from the body by `case_body`, a dependency that runs after the API key
check (so 401/403 come before anything about the body) and validates the JSON strictly:
JSON types as the case schema says, no coercion (`"yes"` is not a boolean, `0` not a date).
"""

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api.http.bodies import read_body
from api.http.openapi_examples import EXAMPLE_CASE
from api.http.params import IsoDate
from api.http.problems import ProblemError, ValidationProblemError, body_field_errors
from engine import RuleSet
from models.assessment import Assessment
from models.case import Case, parse_case

JSON_TYPES = ("application/json",)
INLINE_CASE_BYTES = 32 * 1024
"""Cases up to this size are assessed on the event loop: real cases are 3-8 KB and take
about 1-2 ms, and a 47 KB one about 5 ms. A larger case (up to 150 ms for one at the model's
list limits) goes to a worker thread, so the loop keeps serving the requests behind it. A
thread costs a hop (about 0.1 ms) and, under load, the GIL's hand-over between threads."""
IDEMPOTENCY_HEADER = "idempotency-key"
CASE_REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The family's case, as the case system exports it "
        "(`GET /v1/schema/case`). Strict JSON: no type coercion, no unknown fields.",
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Case"},
                "examples": {
                    "step_down": {
                        "summary": "A step-down to a Child in Need plan (synthetic)",
                        "value": EXAMPLE_CASE,
                    }
                },
            }
        },
    }
}
AsOf = Annotated[
    IsoDate | None,
    Query(
        description="Assess as at this date, using only what was recorded by then; "
        "defaults to the case's decision date."
    ),
]


@dataclass(frozen=True, slots=True)
class ReceivedCase:
    """A case and the body it was read from (its digest names those bytes, `engine.digest`)."""

    case: Case
    body: bytes


async def case_body(request: Request) -> ReceivedCase:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in JSON_TYPES:
        raise ProblemError(415, "Send the case as `Content-Type: application/json`.")
    limits = request.app.state.settings.limits
    raw = await read_body(
        request,
        what="The case body",
        limit=limits.max_case_bytes,
        timeout=limits.body_timeout_seconds,
    )
    if IDEMPOTENCY_HEADER in request.headers:
        request.state.body_digest = hashlib.sha256(raw).hexdigest()
    try:
        return ReceivedCase(parse_case(raw), raw)
    except ValidationError as error:
        raise ValidationProblemError(body_field_errors(error)) from None


CaseFromBody = Annotated[ReceivedCase, Depends(case_body)]


async def evaluate(ruleset: RuleSet, received: ReceivedCase, as_of: dt.date | None) -> Assessment:
    if len(received.body) <= INLINE_CASE_BYTES:
        return ruleset.assess(received.case, as_of, source=received.body)
    return await run_in_threadpool(ruleset.assess, received.case, as_of, source=received.body)
