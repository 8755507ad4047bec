"""JSON responses serialised once, straight from the model (FastAPI would validate the
returned model again and encode it twice); the route still declares `response_model`, so
the OpenAPI document is unchanged. An assessment is written as bytes by its own writer
(`Assessment.json_bytes`: the same JSON, in a quarter of the time)."""

from collections.abc import Mapping

from fastapi import Response
from pydantic import BaseModel

from models.assessment import Assessment

NO_STORE = {"Cache-Control": "no-store"}
"""On every response that carries case data or what was derived from it."""


def json_model(
    model: BaseModel, *, status_code: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        content=model.json_bytes() if isinstance(model, Assessment) else model.model_dump_json(),
        status_code=status_code,
        headers={**NO_STORE, **(headers or {})},
        media_type="application/json",
    )
