"""Assessments: submitted, stored and fetched again. There is no update or delete."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, Security
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.http.auth import AdminClient, authorised
from api.http.deps import DbEngineDep
from api.http.evaluate import CASE_REQUEST_BODY, AsOf, CaseFromBody, evaluate
from api.http.idempotency import REPLAYED_HEADER, IdempotencyDep
from api.http.keep import earlier_record, keep_assessment
from api.http.problems import ProblemError, problem_responses
from api.http.responses import json_model
from api.persistence.keys import Client
from api.persistence.retention import erase_case
from api.persistence.store import case_history, get_assessment, get_stored_case
from models.api_assessments import (
    AssessmentPage,
    AssessmentRecordPublic,
    CaseErasureResult,
    ErasureReason,
)
from models.api_keys import Scope
from models.case import Case

router = APIRouter(prefix="/v1", tags=["assessments"])

AssessClient = Annotated[Client, Security(authorised, scopes=[Scope.ASSESS])]
ReadClient = Annotated[Client, Security(authorised, scopes=[Scope.READ])]
AssessmentId = Annotated[uuid.UUID, Path(description="The assessment's id.")]
CaseRef = Annotated[
    str,
    Path(
        description="The case's pseudonymous reference.",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$",
    ),
]

_LOCATION = {
    "Location": {"description": "The stored assessment's URL.", "schema": {"type": "string"}}
}


@router.post(
    "/assessments",
    status_code=201,
    summary="Assess a case and keep the record",
    response_description="The assessment, as stored.",
    response_model=AssessmentRecordPublic,
    responses={201: {"headers": _LOCATION}, **problem_responses(401, 403, 408, 409, 413, 415, 422)},
    openapi_extra=CASE_REQUEST_BODY,
)
async def create_assessment(
    client: AssessClient,
    received: CaseFromBody,
    request: Request,
    idempotency: IdempotencyDep,
    as_of: AsOf = None,
) -> Response:
    # No docstring: FastAPI would put it in the OpenAPI document. The case is assessed on
    # the event loop (`evaluate`); the database work, one transaction, in a worker thread.
    state = request.app.state
    request.state.case_ref = received.case.case_ref
    fingerprint = idempotency.fingerprint(request.state.body_digest) if idempotency else ""
    if idempotency is not None:
        earlier = await run_in_threadpool(
            earlier_record, state.db_engine, client, idempotency, fingerprint
        )
        if earlier is not None:
            return _created(request, earlier, replayed=True)
    assessment = await evaluate(state.ruleset, received, as_of)
    record, replayed = await run_in_threadpool(
        keep_assessment,
        state.db_engine,
        assessment,
        received.case,
        client,
        state.settings.store_cases,
        idempotency,
        fingerprint,
    )
    return _created(request, record, replayed=replayed)


def _created(request: Request, record: AssessmentRecordPublic, *, replayed: bool) -> Response:
    request.state.assessment_id = str(record.id)
    headers = {"Location": f"/v1/assessments/{record.id}"}
    if replayed:
        headers[REPLAYED_HEADER] = "true"
    return json_model(record, status_code=201, headers=headers)


@router.get(
    "/assessments/{assessment_id}",
    summary="A stored assessment",
    response_model=AssessmentRecordPublic,
    responses=problem_responses(401, 403, 404, 422),
)
def read_assessment(
    assessment_id: AssessmentId, client: ReadClient, db_engine: DbEngineDep, request: Request
) -> Response:
    with Session(db_engine) as session:
        record = get_assessment(session, assessment_id, client.organisation)
    if record is None:
        raise ProblemError(404, "No assessment with this id.")
    request.state.case_ref = record.assessment.case_ref
    return json_model(record)


@router.get(
    "/assessments/{assessment_id}/case",
    summary="The case as it was assessed, when cases are kept",
    response_model=Case,
    responses=problem_responses(401, 403, 404, 422),
)
def read_assessed_case(
    assessment_id: AssessmentId, client: ReadClient, db_engine: DbEngineDep
) -> Response:
    with Session(db_engine) as session:
        case = get_stored_case(session, assessment_id, client.organisation)
    if case is None:
        raise ProblemError(404, "No assessment with this id, or its case was not kept.")
    return json_model(case)


@router.get(
    "/cases/{case_ref}/assessments",
    summary="A case's assessments, newest first",
    response_model=AssessmentPage,
    responses=problem_responses(401, 403, 422),
)
def list_case_assessments(
    case_ref: CaseRef,
    client: ReadClient,
    db_engine: DbEngineDep,
    request: Request,
    limit: Annotated[int, Query(ge=1, le=100, description="Page size.")] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Entries to skip.")] = 0,
) -> Response:
    request.state.case_ref = case_ref
    with Session(db_engine) as session:
        page = case_history(session, client.organisation, case_ref, limit=limit, offset=offset)
    return json_model(page)


@router.delete(
    "/cases/{case_ref}/stored-cases",
    summary="Erase the case bodies kept for a case (an erasure request)",
    description="Removes every kept copy of the case in the key's organisation. The "
    "assessment records stay, each with a tombstone: when, why and by which key.",
    response_model=CaseErasureResult,
    responses=problem_responses(401, 403, 404, 422),
)
def erase_stored_cases(
    case_ref: CaseRef,
    client: AdminClient,
    db_engine: DbEngineDep,
    request: Request,
    reason: Annotated[ErasureReason, Query(description="Why the case is erased.")],
) -> Response:
    request.state.case_ref = case_ref
    with Session(db_engine) as session:
        result = erase_case(session, client.organisation, case_ref, reason, client.name)
    if result is None:
        raise ProblemError(404, "No case body is kept for this case reference.")
    return json_model(result)
