"""The append-only record of assessments: insert and read, nothing else (the case bodies
kept beside it are erased in `api.persistence.retention`)."""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, insert
from sqlmodel import Session, col, select

from api.persistence.keys import Client
from models.api_assessments import (
    AssessmentPage,
    AssessmentRecordPublic,
    AssessmentSummary,
    CaseErasurePublic,
    ErasureReason,
)
from models.assessment import Assessment, RuleSetInfo, Verdict
from models.case import Case
from models.tables import AssessmentRecord, CaseBody, Erasure, as_utc, utcnow


def _record_values(assessment: Assessment, client: Client) -> dict[str, Any]:
    """The record's columns but its id and time: who asked, and the assessment's parts as
    JSON values."""
    return {
        "client_key_id": client.key_id,
        "client_name": client.name,
        "organisation": client.organisation,
        "case_ref": assessment.case_ref,
        "as_of": assessment.as_of,
        "verdict": assessment.verdict.value,
        "verdict_reason": assessment.verdict_reason,
        "data_quality": [problem.model_dump(mode="json") for problem in assessment.data_quality],
        "findings": assessment.model_dump(mode="json", include={"findings"})["findings"],
        "children": [child.model_dump(mode="json") for child in assessment.children],
        "counts": assessment.counts.model_dump(mode="json"),
        "earliest_ready_date": assessment.earliest_ready_date,
        "ruleset_version": assessment.ruleset.version,
        "ruleset_hash": assessment.ruleset.content_hash,
        "engine_version": assessment.engine_version,
        "case_digest": assessment.case_digest,
    }


def add_assessment(
    session: Session, assessment: Assessment, case: Case, client: Client, *, keep_case: bool
) -> AssessmentRecord:
    """Add the record to the session; the caller commits (with anything that goes with it)."""
    row = AssessmentRecord(**_record_values(assessment, client))
    session.add(row)
    if keep_case:
        session.add(
            CaseBody(
                assessment_id=row.id,
                created_at=row.created_at,
                case_data=case.model_dump(mode="json"),
            )
        )
    return row


def insert_assessment(
    connection: Connection,
    assessment: Assessment,
    case: Case,
    client: Client,
    *,
    keep_case: bool,
) -> AssessmentRecordPublic:
    """Insert the record (and the case, when kept) as `add_assessment` would, with two SQL
    inserts and no ORM objects; the caller commits. Returns the record as `GET` will read it
    back, made from what was inserted (no query)."""
    record_id = uuid.uuid4()
    created_at = utcnow()
    connection.execute(
        insert(AssessmentRecord),
        {"id": record_id, "created_at": created_at, **_record_values(assessment, client)},
    )
    if keep_case:
        connection.execute(
            insert(CaseBody),
            {
                "assessment_id": record_id,
                "created_at": created_at,
                "case_data": case.model_dump(mode="json"),
            },
        )
    return AssessmentRecordPublic(
        id=record_id,
        created_at=created_at,
        client=client.name,
        case_stored=keep_case,
        assessment=assessment,
    )


def _own_record(
    session: Session, assessment_id: uuid.UUID, organisation: str
) -> AssessmentRecord | None:
    """The record, if it belongs to the organisation: another's is as good as absent."""
    row = session.get(AssessmentRecord, assessment_id)
    return row if row is not None and row.organisation == organisation else None


def get_assessment(
    session: Session, assessment_id: uuid.UUID, organisation: str
) -> AssessmentRecordPublic | None:
    row = _own_record(session, assessment_id, organisation)
    return to_public(session, row) if row is not None else None


def get_stored_case(session: Session, assessment_id: uuid.UUID, organisation: str) -> Case | None:
    """The case as it was assessed, if it was kept."""
    row = _own_record(session, assessment_id, organisation)
    body = session.get(CaseBody, assessment_id) if row is not None else None
    return Case.model_validate(body.case_data) if body is not None else None


def case_history(
    session: Session, organisation: str, case_ref: str, *, limit: int, offset: int
) -> AssessmentPage:
    mine = (
        col(AssessmentRecord.organisation) == organisation,
        col(AssessmentRecord.case_ref) == case_ref,
    )
    rows, total = _newest_first(session, mine, limit=limit, offset=offset)
    return AssessmentPage(
        items=[_summary(row) for row in rows], total=total, limit=limit, offset=offset
    )


def organisation_assessments(
    session: Session, organisation: str, *, search: str, limit: int, offset: int
) -> tuple[list[AssessmentRecord], int]:
    """An organisation's stored assessments, newest first, whose case reference contains
    `search` (any case), and how many there are in all."""
    mine = [col(AssessmentRecord.organisation) == organisation]
    if search:
        mine.append(
            func.lower(col(AssessmentRecord.case_ref)).contains(search.lower(), autoescape=True)
        )
    return _newest_first(session, mine, limit=limit, offset=offset)


def _newest_first(
    session: Session, where: Sequence[ColumnElement[bool]], *, limit: int, offset: int
) -> tuple[list[AssessmentRecord], int]:
    """One page of the records matching `where`, newest first, and how many match in all."""
    total = session.exec(select(func.count()).select_from(AssessmentRecord).where(*where)).one()
    rows = session.exec(
        select(AssessmentRecord)
        .where(*where)
        .order_by(col(AssessmentRecord.created_at).desc(), col(AssessmentRecord.id).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total


def to_public(session: Session, row: AssessmentRecord) -> AssessmentRecordPublic:
    assessment = Assessment.model_validate(
        {
            "case_ref": row.case_ref,
            "as_of": row.as_of,
            "verdict": row.verdict,
            "verdict_reason": row.verdict_reason,
            "data_quality": row.data_quality,
            "findings": row.findings,
            "children": row.children,
            "counts": row.counts,
            "earliest_ready_date": row.earliest_ready_date,
            "ruleset": {"version": row.ruleset_version, "content_hash": row.ruleset_hash},
            "engine_version": row.engine_version,
            "case_digest": row.case_digest,
        }
    )
    erasure = session.get(Erasure, row.id)
    return AssessmentRecordPublic(
        id=row.id,
        created_at=as_utc(row.created_at),
        client=row.client_name,
        case_stored=session.get(CaseBody, row.id) is not None,
        case_erased=erasure_public(erasure) if erasure is not None else None,
        assessment=assessment,
    )


def _summary(row: AssessmentRecord) -> AssessmentSummary:
    return AssessmentSummary(
        id=row.id,
        created_at=as_utc(row.created_at),
        client=row.client_name,
        as_of=row.as_of,
        verdict=Verdict(row.verdict),
        ruleset=RuleSetInfo(version=row.ruleset_version, content_hash=row.ruleset_hash),
        engine_version=row.engine_version,
        case_digest=row.case_digest,
    )


def erasure_public(erasure: Erasure) -> CaseErasurePublic:
    return CaseErasurePublic(
        erased_at=as_utc(erasure.erased_at),
        reason=ErasureReason(erasure.reason),
        erased_by=erasure.erased_by,
    )
