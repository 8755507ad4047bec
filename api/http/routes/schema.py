"""The JSON Schema a case system builds its export against."""

from typing import Any

from fastapi import APIRouter, Security

from api.http.auth import authorised
from api.http.problems import problem_responses
from models.case import Case

router = APIRouter(prefix="/v1", tags=["schema"])


@router.get(
    "/schema/case",
    summary="JSON Schema of a case",
    responses=problem_responses(401),
    dependencies=[Security(authorised, scopes=[])],
)
def case_schema() -> dict[str, Any]:
    return Case.model_json_schema()
