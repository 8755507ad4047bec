"""API keys, managed over HTTP by an `admin` key within its own organisation: another
organisation's keys are never listed, and answer 404."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import ValidationError
from sqlmodel import Session

from api.http.auth import AdminClient
from api.http.bodies import read_body
from api.http.deps import DbEngineDep
from api.http.key_cache import KeyCache
from api.http.problems import (
    ProblemError,
    ValidationProblemError,
    body_field_errors,
    problem_responses,
)
from api.http.responses import json_model
from api.persistence.keys import ApiKeyError, create_key, list_keys, revoke_key
from models.api_keys import ApiKeyCreate, ApiKeyCreated, ApiKeyPublic

router = APIRouter(prefix="/v1", tags=["keys"])

MAX_BODY_BYTES = 4096


async def key_body(request: Request) -> ApiKeyCreate:
    """The new key's name and scopes: a small body, read with the same bounds as a case."""
    raw = await read_body(
        request,
        what="The body",
        limit=MAX_BODY_BYTES,
        timeout=request.app.state.settings.limits.body_timeout_seconds,
    )
    try:
        return ApiKeyCreate.model_validate_json(raw)
    except ValidationError as error:
        raise ValidationProblemError(body_field_errors(error)) from None


KEY_REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiKeyCreate"}}},
    }
}


@router.get(
    "/keys",
    summary="The organisation's API keys (never their secrets)",
    response_model=list[ApiKeyPublic],
    responses=problem_responses(401, 403),
)
def list_organisation_keys(client: AdminClient, db_engine: DbEngineDep) -> list[ApiKeyPublic]:
    with Session(db_engine) as session:
        return list_keys(session, client.organisation)


@router.post(
    "/keys",
    status_code=201,
    summary="Create a key in the organisation; the key is in the answer, once",
    response_model=ApiKeyCreated,
    responses=problem_responses(401, 403, 408, 409, 413, 422),
    openapi_extra=KEY_REQUEST_BODY,
)
def create_organisation_key(
    client: AdminClient, wanted: Annotated[ApiKeyCreate, Depends(key_body)], db_engine: DbEngineDep
) -> Response:
    try:
        with Session(db_engine) as session:
            public, key = create_key(session, wanted.name, wanted.scopes, client.organisation)
    except ApiKeyError as error:
        raise ProblemError(409, str(error)) from None
    return json_model(
        ApiKeyCreated(**public.model_dump(), key=key),
        status_code=201,
        headers={"Location": f"/v1/keys/{public.id}"},
    )


@router.delete(
    "/keys/{key_id}",
    summary="Revoke a key of the organisation: it stops working at once in this worker, "
    "and within `DEPLAN_KEY_CACHE_SECONDS` in every other",
    response_model=ApiKeyPublic,
    responses=problem_responses(401, 403, 404, 422),
)
def revoke_organisation_key(
    key_id: Annotated[str, Path(pattern=r"^[0-9a-f]{16}$", description="The key's id.")],
    client: AdminClient,
    db_engine: DbEngineDep,
    request: Request,
) -> ApiKeyPublic:
    try:
        with Session(db_engine) as session:
            public = revoke_key(session, key_id, client.organisation)
    except ApiKeyError:
        raise ProblemError(404, "No key with this id.") from None
    cache: KeyCache = request.app.state.key_cache
    cache.forget(public.id)
    return public
