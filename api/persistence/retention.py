"""Retention and erasure of case data, keeping the record honest.

The assessment record (verdict, findings, digest, rule-set hash, who, when) is append-only
and stays. What can go is the case body kept beside it (`case_bodies`), by an erasure
request for one case or by `deplan purge` for everything older than the retention period,
and with it the values a chair supplied for that assessment (`attestations`) and the
justifications of the chairs' overrides on it (`chair_justifications`); either leaves a
tombstone (`erasures`: when, why, by whom), shown with the record. Audit
jobs expire the same way: their uploaded input and outputs are deleted and the job row
says when. Idempotency keys older than the period go too.
"""

import datetime as dt
import shutil
import uuid
from dataclasses import dataclass

from sqlalchemy import Engine, delete
from sqlmodel import Session, col, select

from api.persistence.audit_jobs import job_dir
from api.persistence.chair_sessions import delete_ended_sessions
from api.settings import Settings
from models.api_assessments import CaseErasurePublic, CaseErasureResult, ErasureReason
from models.api_audits import AuditStatus
from models.audit_tables import AuditJob
from models.chair_decisions import ChairDecision, ChairJustification
from models.chair_tables import Attestation
from models.tables import AssessmentRecord, CaseBody, Erasure, IdempotencyRecord, utcnow

PURGED_BY = "deplan purge"
BATCH = 500


def erase_case(
    session: Session, organisation: str, case_ref: str, reason: ErasureReason, by: str
) -> CaseErasureResult | None:
    """Remove every kept body of the organisation's case; None if none is kept."""
    ids = session.exec(
        select(CaseBody.assessment_id)
        .join(AssessmentRecord, col(AssessmentRecord.id) == col(CaseBody.assessment_id))
        .where(
            col(AssessmentRecord.organisation) == organisation,
            col(AssessmentRecord.case_ref) == case_ref,
        )
    ).all()
    if not ids:
        return None
    now = utcnow()
    _erase(session, list(ids), reason, by, now)
    session.commit()
    return CaseErasureResult(
        case_ref=case_ref,
        erased=sorted(ids),
        erasure=CaseErasurePublic(erased_at=now, reason=reason, erased_by=by),
    )


def _erase(
    session: Session, ids: list[uuid.UUID], reason: ErasureReason, by: str, now: dt.datetime
) -> None:
    session.exec(delete(CaseBody).where(col(CaseBody.assessment_id).in_(ids)))
    session.exec(delete(Attestation).where(col(Attestation.assessment_id).in_(ids)))
    decisions = select(ChairDecision.id).where(col(ChairDecision.assessment_id).in_(ids))
    session.exec(
        delete(ChairJustification).where(col(ChairJustification.decision_id).in_(decisions))
    )
    already = set(
        session.exec(select(Erasure.assessment_id).where(col(Erasure.assessment_id).in_(ids)))
    )
    for assessment_id in ids:
        if assessment_id not in already:
            session.add(
                Erasure(
                    assessment_id=assessment_id, erased_at=now, reason=reason.value, erased_by=by
                )
            )


@dataclass(frozen=True, slots=True)
class PurgeResult:
    case_bodies: int
    audit_jobs: int
    idempotency_keys: int
    chair_sessions: int


def purge(db_engine: Engine, settings: Settings, older_than: dt.timedelta) -> PurgeResult:
    """Remove case bodies, audit job files and idempotency keys older than `older_than`, and
    the chair's sessions that have ended, in batches (each its own transaction, so a purge of millions holds no long lock)."""
    now = utcnow()
    cutoff = now - older_than
    bodies = 0
    while True:
        with Session(db_engine) as session:
            ids = list(
                session.exec(
                    select(CaseBody.assessment_id)
                    .where(col(CaseBody.created_at) < cutoff)
                    .limit(BATCH)
                )
            )
            if not ids:
                break
            _erase(session, ids, ErasureReason.RETENTION, PURGED_BY, now)
            session.commit()
            bodies += len(ids)
    jobs = _expire_audit_jobs(db_engine, settings, cutoff, now)
    with Session(db_engine) as session:
        keys = session.exec(
            delete(IdempotencyRecord).where(col(IdempotencyRecord.created_at) < cutoff)
        ).rowcount
        session.commit()
    return PurgeResult(
        case_bodies=bodies,
        audit_jobs=jobs,
        idempotency_keys=int(keys or 0),
        chair_sessions=delete_ended_sessions(db_engine, settings.sessions, now),
    )


def _expire_audit_jobs(
    db_engine: Engine, settings: Settings, cutoff: dt.datetime, now: dt.datetime
) -> int:
    finished = (AuditStatus.SUCCEEDED.value, AuditStatus.FAILED.value)
    with Session(db_engine) as session:
        jobs = session.exec(
            select(AuditJob).where(
                col(AuditJob.status).in_(finished),
                col(AuditJob.finished_at) < cutoff,
                col(AuditJob.expired_at).is_(None),
            )
        ).all()
        for job in jobs:
            shutil.rmtree(job_dir(settings, job.id), ignore_errors=True)
            job.expired_at = now
            session.add(job)
        session.commit()
    return len(jobs)
