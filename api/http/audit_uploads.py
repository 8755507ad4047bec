"""Receiving an audit upload: the per-key quota of waiting audits, the bounded stream to an
owner-only file, and the job row (with its `Idempotency-Key`, in one transaction)."""

import hashlib
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from fastapi import Request
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from api.http.bodies import reading_slot, stream_body
from api.http.idempotency import Idempotency, commit_or_earlier, earlier_result, remember
from api.http.problems import ProblemError, ValidationProblemError
from api.persistence.audit_jobs import input_path, job_dir
from api.persistence.keys import Client
from api.settings import Settings
from models.api_audits import AuditStatus
from models.audit_tables import AuditJob
from models.tables import IdempotencyRecord
from models.validation import FieldError

QUOTA_RETRY_AFTER_SECONDS = 30


def check_quota(
    db_engine: Engine, client: Client, idempotency: Idempotency | None, limit: int
) -> None:
    """429 when the key has `limit` audits queued or running (a retry of one of them, by its
    `Idempotency-Key`, is let through to get its first result)."""
    with Session(db_engine) as session:
        if idempotency is not None:
            known = session.get(IdempotencyRecord, (client.key_id, idempotency.key))
            if known is not None:
                return
        waiting = session.exec(
            select(func.count())
            .select_from(AuditJob)
            .where(
                col(AuditJob.client_key_id) == client.key_id,
                col(AuditJob.status).in_([AuditStatus.QUEUED.value, AuditStatus.RUNNING.value]),
            )
        ).one()
    if waiting >= limit:
        raise ProblemError(
            429,
            f"This key already has {limit} audits queued or running (the limit); "
            "try again when one has finished.",
            headers={"Retry-After": str(QUOTA_RETRY_AFTER_SECONDS)},
        )


@dataclass(frozen=True, slots=True)
class Upload:
    job_id: uuid.UUID
    size: int
    sha256: str


async def receive_upload(request: Request, settings: Settings) -> Upload:
    """Stream the body into the new job's folder, within the size, line and time limits;
    nothing is left behind if it fails."""
    limits = settings.limits
    job_id = uuid.uuid4()
    target = input_path(settings, job_id)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    size = newlines = 0
    digest = hashlib.sha256()
    try:
        with reading_slot(request).slot(request), _owner_only_file(target) as handle:
            async for chunk in stream_body(
                request,
                what="The upload",
                limit=limits.max_audit_bytes,
                idle_timeout=limits.body_timeout_seconds,
            ):
                size += len(chunk)
                newlines += chunk.count(b"\n")
                if newlines > limits.max_audit_lines:
                    raise ProblemError(
                        413,
                        f"The upload has more than the limit of {limits.max_audit_lines} lines.",
                    )
                digest.update(chunk)
                handle.write(chunk)
        if size == 0:
            raise ValidationProblemError(
                [FieldError(path="(body)", message="the upload is empty: send at least one case")]
            )
    except BaseException:
        shutil.rmtree(job_dir(settings, job_id), ignore_errors=True)
        raise
    return Upload(job_id, size, digest.hexdigest())


def _owner_only_file(path: Path) -> BinaryIO:
    """A new file only this process's user can read (the uploaded cases)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")


def insert_job(
    db_engine: Engine,
    job: AuditJob,
    client: Client,
    idempotency: Idempotency | None,
    fingerprint: str,
) -> tuple[AuditJob, bool]:
    """Store the queued job; with an `Idempotency-Key` seen before, the earlier job instead
    (True: replayed), or 409 if it was for a different upload."""
    with Session(db_engine, expire_on_commit=False) as session:
        if idempotency is not None:
            earlier = earlier_result(session, client, idempotency, fingerprint)
            if earlier is not None:
                return _job(session, earlier), True
            remember(session, client, idempotency, fingerprint, job.id)
        session.add(job)
        earlier = commit_or_earlier(session, client, idempotency, fingerprint)
        if earlier is not None:
            return _job(session, earlier), True
    return job, False


def _job(session: Session, job_id: uuid.UUID) -> AuditJob:
    job = session.get(AuditJob, job_id)
    if job is None:
        raise ProblemError(409, "This Idempotency-Key's audit is no longer kept; use a new key.")
    return job
