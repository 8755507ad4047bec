"""Evaluations: the same as an assessment, nothing stored ("what if" while preparing)."""

from fastapi import APIRouter, Request, Response, Security

from api.http.auth import authorised
from api.http.evaluate import CASE_REQUEST_BODY, AsOf, CaseFromBody, evaluate
from api.http.problems import problem_responses
from api.http.responses import json_model
from models.api_keys import Scope
from models.assessment import Assessment

router = APIRouter(prefix="/v1", tags=["assessments"])


@router.post(
    "/evaluations",
    summary="Evaluate a case without keeping a record",
    response_model=Assessment,
    responses=problem_responses(401, 403, 408, 413, 415, 422),
    openapi_extra=CASE_REQUEST_BODY,
    dependencies=[Security(authorised, scopes=[Scope.ASSESS])],
)
async def create_evaluation(
    received: CaseFromBody, request: Request, as_of: AsOf = None
) -> Response:
    request.state.case_ref = received.case.case_ref
    return json_model(await evaluate(request.app.state.ruleset, received, as_of))
