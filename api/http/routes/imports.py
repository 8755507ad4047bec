"""Imports over HTTP: a case system's SSD extract in, cases out, queued as a re-audit.

`POST /v1/imports/ssd` takes the extract's CSV files (multipart, or a zip), imports them as
`deplan import ssd` does, deletes the uploaded files (they hold names and dates of birth)
and queues the imported cases as an audit job, which is then followed at `/v1/audits/{id}`.
"""

import json
import shutil
import uuid

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from api.http.audit_uploads import check_quota, insert_job
from api.http.deps import DbEngineDep, SettingsDep
from api.http.problems import problem_responses
from api.http.routes.audits import AuditClient, public
from api.http.ssd_upload import MAX_UPLOAD_BYTES, key_path, receive_extract, unprocessable
from api.persistence.audit_jobs import AuditRunner, input_path, job_dir
from engine.ssd.importer import ImportRequest, run_import
from engine.ssd.problems import ImportInputError
from engine.ssd.pseudonym import load_key
from engine.ssd.tables import columns_help
from models.api_audits import AuditStatus
from models.api_imports import SsdImportPublic
from models.audit_tables import AuditJob

router = APIRouter(prefix="/v1", tags=["imports"])

REPORT_FILE = "import-report.json"


@router.post(
    "/imports/ssd",
    status_code=202,
    summary="Import a Standard Safeguarding Dataset extract and re-audit its cases",
    description="The body is the extract's CSV files, named as the SSD names its tables, as "
    f"`multipart/form-data` or one `application/zip` (at most {MAX_UPLOAD_BYTES} bytes). "
    "Each family's de-planning decisions become cases, pseudonymised with the service's key, "
    "and are queued as an audit job (follow it at `Location`). Rows that cannot be used are "
    "in the report by file, line, column and reason. Tables and columns read:\n\n" + columns_help(),
    response_description="The queued audit and the import report.",
    responses={
        202: {"headers": {"Location": {"schema": {"type": "string"}}}},
        **problem_responses(401, 403, 413, 415, 422, 429),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "files": {
                                "type": "array",
                                "items": {"type": "string", "format": "binary"},
                                "description": "The CSV files, named as the SSD names them.",
                            }
                        },
                        "required": ["files"],
                    }
                },
                "application/zip": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
async def import_ssd(
    request: Request,
    response: Response,
    client: AuditClient,
    db_engine: DbEngineDep,
    settings: SettingsDep,
) -> SsdImportPublic:
    limit = settings.limits.max_audit_jobs_per_key
    await run_in_threadpool(check_quota, db_engine, client, None, limit)
    job_id = uuid.uuid4()
    folder = job_dir(settings, job_id) / "extract"
    cases = input_path(settings, job_id)
    try:
        try:
            await receive_extract(request, folder, settings.limits.body_timeout_seconds)
            key = load_key(key_path(settings))
            report = await run_in_threadpool(
                run_import, ImportRequest(folder, cases, key, folder.parent / "import-problems.csv")
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)  # the extract itself is never kept
        if report.cases_written == 0:
            raise unprocessable(
                "The extract holds no de-planning decision to audit: " + report.line() + "."
            )
    except ImportInputError as error:
        shutil.rmtree(job_dir(settings, job_id), ignore_errors=True)
        raise unprocessable(str(error)) from None
    except BaseException:
        shutil.rmtree(job_dir(settings, job_id), ignore_errors=True)
        raise
    report_json = report.to_json()
    (job_dir(settings, job_id) / REPORT_FILE).write_text(json.dumps(report_json), encoding="utf-8")
    queued = AuditJob(
        id=job_id,
        client_key_id=client.key_id,
        client_name=client.name,
        organisation=client.organisation,
        status=AuditStatus.QUEUED.value,
        input_bytes=cases.stat().st_size,
    )
    job, _replayed = await run_in_threadpool(insert_job, db_engine, queued, client, None, "")
    request.state.audit_id = str(job_id)
    runner: AuditRunner | None = getattr(request.app.state, "audit_runner", None)
    if runner is not None:
        runner.wake()
    response.headers["Location"] = f"/v1/audits/{job_id}"
    return SsdImportPublic(audit=public(job), report=report_json)
