"""JSON responses serialised once, straight from the model (FastAPI would validate the
returned model again and encode it twice); the route still declares `response_model`, so
the OpenAPI document is unchanged."""

from collections.abc import Mapping

from fastapi import Response
from pydantic import BaseModel

NO_STORE = {"Cache-Control": "no-store"}
"""On every response that carries case data or what was derived from it."""


def json_model(
    model: BaseModel, *, status_code: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        content=model.model_dump_json(),
        status_code=status_code,
        headers={**NO_STORE, **(headers or {})},
        media_type="application/json",
    )
