"""Batch re-audits over HTTP: upload JSON Lines, follow the job, fetch the report.

A job belongs to the organisation of the API key that submitted it; other organisations'
keys get 404. The router's lifespan
runs this process's `AuditRunner` (see `api.persistence.audit_jobs`).
"""

import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, FastAPI, Path, Query, Request, Response, Security
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from api.http.audit_uploads import check_quota, insert_job, receive_upload
from api.http.auth import authorised
from api.http.deps import DbEngineDep, SettingsDep
from api.http.idempotency import REPLAYED_HEADER, IdempotencyDep
from api.http.params import IsoDate
from api.http.problems import ProblemError, problem_responses
from api.persistence.audit_jobs import AuditRunner, find_job, job_dir, output_dir, rules_on_path
from api.persistence.keys import Client
from models.api_audits import (
    AuditArtifact,
    AuditCountsPublic,
    AuditJobPublic,
    AuditProgressPublic,
    AuditStatus,
)
from models.api_keys import Scope
from models.audit_tables import AuditJob
from models.tables import as_utc

JSON_LINES_TYPES = frozenset(
    {"application/x-ndjson", "application/jsonl", "application/json-lines", "application/ndjson"}
)
MEDIA_TYPES = {
    AuditArtifact.REPORT: "text/html; charset=utf-8",
    AuditArtifact.SUMMARY: "application/json",
    AuditArtifact.FINDINGS: "text/csv; charset=utf-8",
    AuditArtifact.ASSESSMENTS: "application/x-ndjson",
    AuditArtifact.REJECTED: "application/x-ndjson",
}


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    runner = AuditRunner(app.state.db_engine, app.state.settings)
    app.state.audit_runner = runner
    runner.start()
    try:
        yield
    finally:
        runner.stop()


router = APIRouter(prefix="/v1", tags=["audits"], lifespan=lifespan)

AuditClient = Annotated[Client, Security(authorised, scopes=[Scope.AUDIT])]
AuditId = Annotated[uuid.UUID, Path(description="The audit job's id.")]

_LOCATION = {"Location": {"description": "The job's URL.", "schema": {"type": "string"}}}


def public(job: AuditJob) -> AuditJobPublic:
    status = AuditStatus(job.status)
    fraction = min(job.bytes_done / job.input_bytes, 1.0) if job.input_bytes else 1.0
    if status is AuditStatus.SUCCEEDED:
        fraction = 1.0
    links = (
        {artifact.value: f"/v1/audits/{job.id}/{artifact.value}" for artifact in AuditArtifact}
        if status is AuditStatus.SUCCEEDED
        else {}
    )
    return AuditJobPublic(
        id=job.id,
        status=status,
        created_at=as_utc(job.created_at),
        started_at=job.started_at and as_utc(job.started_at),
        finished_at=job.finished_at and as_utc(job.finished_at),
        attempts=job.attempts,
        progress=AuditProgressPublic(
            bytes_done=job.bytes_done, total_bytes=job.input_bytes, fraction=round(fraction, 4)
        ),
        counts=AuditCountsPublic(
            read=job.records_read,
            assessed=job.assessed,
            rejected=job.rejected,
            verdicts=job.verdicts,
        ),
        ruleset_version=job.ruleset_version,
        ruleset_hash=job.ruleset_hash,
        error=job.error,
        links=links,
    )


def _own_job(db_engine: DbEngineDep, audit_id: uuid.UUID, client: Client) -> AuditJob:
    job = find_job(db_engine, audit_id, client.organisation)
    if job is None:
        raise ProblemError(404, "No audit with this id.")
    return job


@router.post(
    "/audits",
    status_code=202,
    summary="Start a batch re-audit of historic cases",
    description="The body is JSON Lines, one case per line (`Content-Type: "
    "application/x-ndjson`). Each case is assessed on the facts as at its own decision date, "
    "by the rules in force then or, with `rules_on`, by the rules and thresholds in force on "
    "that day. Answers at once with the job; follow it at its `Location`.",
    response_description="The job, queued.",
    responses={
        202: {"headers": _LOCATION},
        **problem_responses(401, 403, 408, 409, 413, 415, 422, 429),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
        }
    },
)
async def create_audit(
    request: Request,
    response: Response,
    client: AuditClient,
    db_engine: DbEngineDep,
    settings: SettingsDep,
    idempotency: IdempotencyDep,
    rules_on: Annotated[
        IsoDate | None,
        Query(
            description="Judge every case by the rules and thresholds in force on this day "
            "(the facts stay as at each case's decision date); default: each decision date."
        ),
    ] = None,
) -> AuditJobPublic:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in JSON_LINES_TYPES:
        raise ProblemError(415, "Send the cases as JSON Lines: Content-Type application/x-ndjson.")
    limits = settings.limits
    await run_in_threadpool(
        check_quota, db_engine, client, idempotency, limits.max_audit_jobs_per_key
    )
    upload = await receive_upload(request, settings)
    if rules_on is not None:
        rules_on_path(settings, upload.job_id).write_text(rules_on.isoformat())
    fingerprint = idempotency.fingerprint(upload.sha256) if idempotency else ""
    job = AuditJob(
        id=upload.job_id,
        client_key_id=client.key_id,
        client_name=client.name,
        organisation=client.organisation,
        status=AuditStatus.QUEUED.value,
        input_bytes=upload.size,
    )
    try:
        job, replayed = await run_in_threadpool(
            insert_job, db_engine, job, client, idempotency, fingerprint
        )
    except BaseException:
        shutil.rmtree(job_dir(settings, upload.job_id), ignore_errors=True)
        raise
    if replayed:
        shutil.rmtree(job_dir(settings, upload.job_id), ignore_errors=True)
        response.headers[REPLAYED_HEADER] = "true"
    job_id = job.id
    request.state.audit_id = str(job_id)
    runner: AuditRunner | None = getattr(request.app.state, "audit_runner", None)
    if runner is not None:
        runner.wake()
    response.headers["Location"] = f"/v1/audits/{job_id}"
    return public(job)


@router.get(
    "/audits/{audit_id}",
    summary="An audit job: status, progress and counts",
    responses=problem_responses(401, 403, 404, 422),
)
def read_audit(audit_id: AuditId, client: AuditClient, db_engine: DbEngineDep) -> AuditJobPublic:
    return public(_own_job(db_engine, audit_id, client))


@router.get(
    "/audits/{audit_id}/{artifact}",
    summary="An output of a completed audit",
    description="`report.html` (self-contained), `summary.json`, `findings.csv` (one row per "
    "case and rule), `assessments.jsonl`, `rejected.jsonl` (records that could not be read "
    "or validated: file, line and field errors).",
    responses={
        200: {
            "content": {media: {} for media in MEDIA_TYPES.values()},
            "description": "The file.",
        },
        **problem_responses(401, 403, 404, 409, 410, 422),
    },
    response_class=FileResponse,
)
def read_audit_output(
    audit_id: AuditId,
    artifact: Annotated[AuditArtifact, Path(description="Which output.")],
    client: AuditClient,
    db_engine: DbEngineDep,
    settings: SettingsDep,
) -> FileResponse:
    job = _own_job(db_engine, audit_id, client)
    if job.expired_at is not None:
        raise ProblemError(410, "This audit's files were removed at the end of its retention.")
    if job.status != AuditStatus.SUCCEEDED.value:
        raise ProblemError(409, f"The audit has not completed (status: {job.status}).")
    path = output_dir(settings, audit_id) / artifact.value
    if not path.is_file():
        raise ProblemError(404, "This output is no longer in the data directory.")
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[artifact],
        filename=artifact.value,
        content_disposition_type="inline",
    )
