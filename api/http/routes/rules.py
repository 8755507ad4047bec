"""The rule catalogue and the parameters in force: reference data, any valid key."""

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, Security

from api.http.auth import authorised
from api.http.deps import RuleSetDep
from api.http.params import IsoDate
from api.http.problems import ProblemError, problem_responses
from models.ruleset import RulePublic, RuleSetPublic

router = APIRouter(prefix="/v1", tags=["rules"], dependencies=[Security(authorised, scopes=[])])


@router.get("/rules", summary="Every rule in the catalogue", responses=problem_responses(401))
def list_rules(ruleset: RuleSetDep) -> list[RulePublic]:
    return ruleset.rules_public()


@router.get("/rules/{rule_id}", summary="One rule", responses=problem_responses(401, 404, 422))
def read_rule(
    rule_id: Annotated[str, Path(max_length=100, description="The rule's id.")],
    ruleset: RuleSetDep,
) -> RulePublic:
    try:
        return ruleset.rule_public(rule_id)
    except KeyError as error:
        raise ProblemError(404, str(error.args[0]) if error.args else None) from error


@router.get(
    "/ruleset",
    summary="The rule set: version, content hash, rules and parameters in force on a date",
    responses=problem_responses(401, 422),
)
def read_ruleset(
    ruleset: RuleSetDep,
    on: Annotated[
        IsoDate | None, Query(description="The date to describe; defaults to today (UTC).")
    ] = None,
) -> RuleSetPublic:
    return ruleset.describe(on or dt.datetime.now(dt.UTC).date())
