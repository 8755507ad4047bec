"""Audit jobs submitted over HTTP, run in the background and persisted in `audit_jobs`.

Each API process runs one `AuditRunner` thread. It claims a job (a queued one, or a running
one whose runner stopped sending heartbeats) with a conditional update, so two processes
never run the same job, then runs `engine.audit.runner.run_audit` on the uploaded file
with its outputs in the job's folder under the data directory, and with the counts of the
chairs' overrides recorded for the job's organisation (taken when the job starts).

A restart mid-job never loses it: on a clean shutdown the job goes back to the queue; after
a crash its heartbeat goes stale and the next runner resumes it (the audit is re-run from
the start: outputs are deterministic). A job interrupted `MAX_ATTEMPTS` times, or whose
input has gone, is marked failed with the reason.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import Engine, and_, or_, update
from sqlmodel import Session, col, select

from api.persistence.decisions import override_counts
from api.settings import Settings
from engine import RuleLoadError
from engine.audit.inputs import InputError
from engine.audit.report_config import ReportConfigError
from engine.audit.runner import (
    AuditError,
    AuditProgress,
    AuditRequest,
    default_workers,
    run_audit,
)
from models.api_audits import AuditStatus
from models.audit_tables import AuditJob
from models.tables import utcnow

log = structlog.get_logger("deplan.audit")

MAX_ATTEMPTS = 5
POLL_SECONDS = 2.0
PROGRESS_EVERY_SECONDS = 1.0


def find_job(db_engine: Engine, job_id: uuid.UUID, organisation: str) -> AuditJob | None:
    """The organisation's audit job with this id; None for another organisation's."""
    with Session(db_engine) as session:
        job = session.get(AuditJob, job_id)
    return job if job is not None and job.organisation == organisation else None


def job_dir(settings: Settings, job_id: uuid.UUID) -> Path:
    return settings.data_dir / "audits" / job_id.hex


def input_path(settings: Settings, job_id: uuid.UUID) -> Path:
    return job_dir(settings, job_id) / "input.jsonl"


def output_dir(settings: Settings, job_id: uuid.UUID) -> Path:
    return job_dir(settings, job_id) / "out"


def rules_on_path(settings: Settings, job_id: uuid.UUID) -> Path:
    """The job's `rules_on` day, kept beside its input (a file, not a column, so that the
    choice needs no migration and is there again when a restarted runner resumes the job)."""
    return job_dir(settings, job_id) / "rules-on.txt"


def read_rules_on(settings: Settings, job_id: uuid.UUID) -> dt.date | None:
    path = rules_on_path(settings, job_id)
    return dt.date.fromisoformat(path.read_text().strip()) if path.is_file() else None


UPLOAD_NAME = "upload.jsonl"
"""What the outputs call an uploaded input: never the path it is kept at on the server."""


class _LostJobError(Exception):
    """Another runner took the job over (this one was presumed dead)."""


class AuditRunner:
    def __init__(
        self,
        db_engine: Engine,
        settings: Settings,
        *,
        workers: int | None = None,
        stale_after: dt.timedelta | None = None,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.db_engine = db_engine
        self.settings = settings
        self.workers = workers or settings.audit_workers or default_workers()
        self.stale_after = stale_after or dt.timedelta(seconds=settings.limits.audit_stale_seconds)
        self.poll_seconds = poll_seconds
        self.runner_id = uuid.uuid4().hex
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="deplan-audit-runner", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 60.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wake(self) -> None:
        """A job was queued: look now rather than at the next poll."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                job_id = self.claim()
                if job_id is not None:
                    self.run(job_id)
                    continue
            except Exception as error:  # keep the runner alive; the job records the failure
                log.error("audit_runner_error", error_type=type(error).__name__)
            self._wake.wait(self.poll_seconds)
            self._wake.clear()

    # -- claiming ---------------------------------------------------------------------------

    def claim(self) -> uuid.UUID | None:
        """Take the oldest queued job, or a running one whose runner has gone quiet.

        On PostgreSQL the candidates are locked with `FOR UPDATE SKIP LOCKED`, so runners in
        several `deplan serve` processes each take a different job without waiting on each
        other; the update is also conditional on the status and attempts read, so a job is
        claimed once even where row locks do not exist (SQLite, one writer at a time)."""
        now = utcnow()
        stale = now - self.stale_after
        with Session(self.db_engine) as session, session.begin():
            candidates = session.exec(
                select(AuditJob)
                .where(
                    or_(
                        col(AuditJob.status) == AuditStatus.QUEUED.value,
                        and_(
                            col(AuditJob.status) == AuditStatus.RUNNING.value,
                            col(AuditJob.heartbeat_at) < stale,
                        ),
                    )
                )
                .order_by(col(AuditJob.created_at))
                .limit(10)
                .with_for_update(skip_locked=True)
            ).all()
            connection = session.connection()
            for job in candidates:
                resumed = job.status == AuditStatus.RUNNING.value
                unchanged = (
                    col(AuditJob.id) == job.id,
                    col(AuditJob.status) == job.status,
                    col(AuditJob.attempts) == job.attempts,
                )
                if resumed and job.attempts >= MAX_ATTEMPTS:
                    reason = f"interrupted {job.attempts} times; not resumed again"
                    connection.execute(
                        update(AuditJob)
                        .where(*unchanged)
                        .values(status=AuditStatus.FAILED.value, error=reason, finished_at=now)
                    )
                    log.warning("audit_failed", audit_id=str(job.id), reason=reason)
                    continue
                claimed = connection.execute(
                    update(AuditJob)
                    .where(*unchanged)
                    .values(
                        status=AuditStatus.RUNNING.value,
                        attempts=job.attempts + 1,
                        runner_id=self.runner_id,
                        heartbeat_at=now,
                        started_at=now,
                        finished_at=None,
                        bytes_done=0,
                    )
                ).rowcount
                if claimed == 1:
                    log.info(
                        "audit_claimed",
                        audit_id=str(job.id),
                        attempt=job.attempts + 1,
                        resumed=resumed,
                    )
                    return job.id
        return None

    def _execute(self, statement: Any) -> int:
        """Run an UPDATE in its own transaction; the number of rows it changed."""
        with self.db_engine.begin() as connection:
            return int(connection.execute(statement).rowcount)

    # -- running ----------------------------------------------------------------------------

    def _update(self, job_id: uuid.UUID, **values: Any) -> None:
        """Update our job; raise _LostJobError if another runner has taken it over."""
        changed = self._execute(
            update(AuditJob)
            .where(col(AuditJob.id) == job_id, col(AuditJob.runner_id) == self.runner_id)
            .values(**values)
        )
        if changed != 1:
            raise _LostJobError

    def run(self, job_id: uuid.UUID) -> None:
        source = input_path(self.settings, job_id)
        if not source.is_file():
            self._finish(job_id, AuditStatus.FAILED, error="the uploaded input is missing")
            return
        out = output_dir(self.settings, job_id)
        shutil.rmtree(out, ignore_errors=True)
        lost = threading.Event()
        last = [0.0]

        def on_progress(state: AuditProgress) -> None:
            now = time.monotonic()
            if now - last[0] < PROGRESS_EVERY_SECONDS:
                return
            last[0] = now
            try:
                self._update(
                    job_id,
                    heartbeat_at=utcnow(),
                    bytes_done=state.bytes_done,
                    records_read=state.read,
                    assessed=state.assessed,
                    rejected=state.rejected,
                )
            except _LostJobError:
                lost.set()

        with Session(self.db_engine) as session:
            job = session.get(AuditJob, job_id)
            overrides = override_counts(session, job.organisation) if job is not None else None
        heartbeat = _Heartbeat(self, job_id, lost, self.stale_after.total_seconds() / 4)
        heartbeat.start()
        try:
            result = run_audit(
                AuditRequest(
                    inputs=[source],
                    input_names=[UPLOAD_NAME],
                    out=out,
                    rules=self.settings.rules,
                    rules_on=read_rules_on(self.settings, job_id),
                    chair_overrides=overrides,
                    workers=self.workers,
                    start_method="spawn",  # this process has other threads: never fork
                ),
                on_progress=on_progress,
                should_stop=lambda: self._stop.is_set() or lost.is_set(),
            )
        except (InputError, RuleLoadError, ReportConfigError, AuditError) as error:
            heartbeat.stop()
            if lost.is_set():
                log.warning("audit_taken_over", audit_id=str(job_id))
            elif self._stop.is_set():
                self._requeue(job_id)
            else:
                self._finish(job_id, AuditStatus.FAILED, error=str(error))
            return
        except Exception as error:
            heartbeat.stop()
            log.error("audit_error", audit_id=str(job_id), error_type=type(error).__name__)
            self._finish(
                job_id, AuditStatus.FAILED, error=f"internal error ({type(error).__name__})"
            )
            return
        heartbeat.stop()
        summary = result.summary
        self._finish(
            job_id,
            AuditStatus.SUCCEEDED,
            bytes_done=source.stat().st_size,
            records_read=result.read,
            assessed=result.assessed,
            rejected=result.rejected,
            verdicts=summary["verdicts"],
            ruleset_version=summary["ruleset"]["version"],
            ruleset_hash=summary["ruleset"]["content_hash"],
        )
        log.info(
            "audit_succeeded",
            audit_id=str(job_id),
            read=result.read,
            assessed=result.assessed,
            rejected=result.rejected,
        )

    def _finish(self, job_id: uuid.UUID, status: AuditStatus, **values: Any) -> None:
        try:
            self._update(
                job_id, status=status.value, finished_at=utcnow(), heartbeat_at=utcnow(), **values
            )
        except _LostJobError:
            log.warning("audit_taken_over", audit_id=str(job_id))
            return
        if status is AuditStatus.FAILED:
            log.warning("audit_failed", audit_id=str(job_id), reason=values.get("error"))

    def _requeue(self, job_id: uuid.UUID) -> None:
        """Shutting down: put the job back, to be resumed by the next runner."""
        try:
            self._update(job_id, status=AuditStatus.QUEUED.value, runner_id=None)
            log.info("audit_requeued", audit_id=str(job_id))
        except _LostJobError:
            pass


class _Heartbeat(threading.Thread):
    """Keeps the job's heartbeat fresh while no progress is reported (e.g. workers starting)."""

    def __init__(
        self, runner: AuditRunner, job_id: uuid.UUID, lost: threading.Event, every: float
    ) -> None:
        super().__init__(name="deplan-audit-heartbeat", daemon=True)
        self.runner = runner
        self.job_id = job_id
        self.lost = lost
        self.every = max(every, 0.5)
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.every):
            try:
                self.runner._update(self.job_id, heartbeat_at=utcnow())
            except _LostJobError:
                self.lost.set()
                return
            except Exception as error:
                log.warning("audit_heartbeat_error", error_type=type(error).__name__)

    def stop(self) -> None:
        self._done.set()
        self.join()
