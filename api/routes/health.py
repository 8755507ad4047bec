"""Liveness (`/healthz`) and readiness (`/readyz`): no key needed, nothing personal."""

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from api import migrate
from api.db import ping
from api.deps import EngineDep, RuleSetDep
from api.problems import ProblemError, problem_responses

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready"]
    database: Literal["ok"]
    schema_revision: list[str]
    ruleset_version: str
    ruleset_hash: str


@router.get("/healthz", summary="The process is up", responses=problem_responses())
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    summary="The database answers, is at the expected schema, and the rules are loaded",
    responses=problem_responses(503),
)
def readyz(engine: EngineDep, ruleset: RuleSetDep) -> Readiness:
    try:
        ping(engine)
        state = migrate.schema_state(engine)
    except SQLAlchemyError as error:
        raise ProblemError(503, "The database does not answer.") from error
    if not state.at_head:
        raise ProblemError(503, "The database schema is not at the expected revision.")
    return Readiness(
        status="ready",
        database="ok",
        schema_revision=list(state.current),
        ruleset_version=ruleset.version,
        ruleset_hash=ruleset.content_hash,
    )
