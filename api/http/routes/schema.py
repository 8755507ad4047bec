"""The JSON Schema a case system builds its export against."""

from typing import Annotated, Any

from fastapi import APIRouter, Security

from api.http.auth import authorised
from api.http.problems import problem_responses
from api.persistence.keys import Client
from models.case import Case

router = APIRouter(prefix="/v1", tags=["schema"])


@router.get("/schema/case", summary="JSON Schema of a case", responses=problem_responses(401))
def case_schema(client: Annotated[Client, Security(authorised, scopes=[])]) -> dict[str, Any]:
    return Case.model_json_schema()
