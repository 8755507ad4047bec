"""Liveness (`/healthz`) and readiness (`/readyz`): no key needed, nothing personal."""

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.http.deps import DbEngineDep, RuleSetDep, SettingsDep
from api.http.problems import ProblemError, problem_responses
from api.http.readiness import NotReadyError, check_ready

router = APIRouter(tags=["health"])
RETRY_AFTER_SECONDS = 10


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready"]
    database: Literal["ok"]
    checks: dict[str, Literal["ok"]] = Field(
        description="Each check that passed: database, schema, write, disk."
    )
    schema_revision: list[str]
    ruleset_version: str
    ruleset_hash: str


@router.get("/healthz", summary="The process is up", responses=problem_responses())
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    summary="Ready to take writes: the database answers in time, is at the expected schema "
    "and takes a write, the disk has space, the rules are loaded",
    description="A 503 names the check that failed (database, schema, write or disk) and "
    "carries `Retry-After`.",
    responses=problem_responses(503),
)
def readyz(db_engine: DbEngineDep, ruleset: RuleSetDep, settings: SettingsDep) -> Readiness:
    try:
        state = check_ready(db_engine, settings)
    except NotReadyError as error:
        raise ProblemError(
            503,
            f"Not ready ({error.check} check): {error.detail}.",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        ) from None
    return Readiness(
        status="ready",
        database="ok",
        checks={"database": "ok", "schema": "ok", "write": "ok", "disk": "ok"},
        schema_revision=state.schema_revision,
        ruleset_version=ruleset.version,
        ruleset_hash=ruleset.content_hash,
    )
