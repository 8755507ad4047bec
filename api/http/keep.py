"""Keeping a submitted assessment (`POST /v1/assessments`): blocking database work, run in
a worker thread, one transaction per request."""

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from api.http.idempotency import (
    Idempotency,
    earlier_after_conflict,
    earlier_result,
    insert_key,
)
from api.http.problems import ProblemError
from api.persistence.db import write_lock
from api.persistence.keys import Client
from api.persistence.store import get_assessment, insert_assessment
from models.api_assessments import AssessmentRecordPublic
from models.assessment import Assessment
from models.case import Case


def earlier_record(
    db_engine: Engine, client: Client, idempotency: Idempotency, fingerprint: str
) -> AssessmentRecordPublic | None:
    """What the first request with this key made, or None if there was none."""
    with Session(db_engine) as session:
        earlier = earlier_result(session, client, idempotency, fingerprint)
        if earlier is None:
            return None
        return _readable(get_assessment(session, earlier, client.organisation))


def keep_assessment(
    db_engine: Engine,
    assessment: Assessment,
    case: Case,
    client: Client,
    keep_case: bool,
    idempotency: Idempotency | None,
    fingerprint: str,
) -> tuple[AssessmentRecordPublic, bool]:
    """Store the assessment, and the idempotency key with it in one transaction; or, if a
    concurrent retry with the same key committed first, what that one made (replayed)."""
    try:
        with write_lock(db_engine), db_engine.begin() as connection:
            record = insert_assessment(connection, assessment, case, client, keep_case=keep_case)
            if idempotency is not None:
                insert_key(connection, client, idempotency, fingerprint, record.id)
    except IntegrityError as error:
        if idempotency is None:
            raise
        with Session(db_engine) as session:
            earlier = earlier_after_conflict(session, client, idempotency, fingerprint, error)
            return _readable(get_assessment(session, earlier, client.organisation)), True
    return record, False


def _readable(record: AssessmentRecordPublic | None) -> AssessmentRecordPublic:
    if record is None:  # cannot happen while records are append-only; say so if it does
        raise ProblemError(409, "This Idempotency-Key's assessment cannot be read.")
    return record
