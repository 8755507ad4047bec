"""The chair's attestations: values a chair supplied for fields the case system left
unrecorded, stored beside the case system's data (never written into it), each with who
and when, and the assessment made with them."""

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from api.persistence.keys import Client
from api.persistence.store import add_assessment
from models.assessment import Assessment
from models.case import Case
from models.chair_tables import Attestation
from models.tables import ApiKey, AssessmentRecord, as_utc

MAX_CHAIN = 100
"""Completions of completions followed back at most this far."""


@dataclass(frozen=True, slots=True)
class AttestationView:
    path: str
    value: Any
    attested_by: str
    """The key's id."""
    key_name: str
    attested_at: dt.datetime
    assessment_id: uuid.UUID
    """The assessment first made with it."""


def add_completed_assessment(
    session: Session,
    *,
    based_on: uuid.UUID,
    assessment: Assessment,
    case: Case,
    values: Mapping[str, Any],
    client: Client,
    keep_case: bool,
) -> AssessmentRecord:
    """The assessment of the completed case, and an attestation per value the chair gave;
    the caller commits them together."""
    row = add_assessment(session, assessment, case, client, keep_case=keep_case)
    session.flush()  # the attestations refer to it
    for path, value in values.items():
        session.add(
            Attestation(
                assessment_id=row.id,
                based_on_id=based_on,
                organisation=client.organisation,
                case_ref=assessment.case_ref,
                attested_by=client.key_id,
                attested_at=row.created_at,
                path=path,
                value=value,
            )
        )
    return row


def attestations_behind(
    session: Session, assessment_id: uuid.UUID, organisation: str
) -> list[AttestationView]:
    """Every attestation the assessment rests on: those made with it, and those of the
    assessments it completed in turn, newest first."""
    found: list[AttestationView] = []
    current: uuid.UUID | None = assessment_id
    for _ in range(MAX_CHAIN):
        if current is None:
            break
        rows = session.exec(
            select(Attestation, ApiKey.name)
            .join(ApiKey, col(ApiKey.id) == col(Attestation.attested_by))
            .where(
                col(Attestation.assessment_id) == current,
                col(Attestation.organisation) == organisation,
            )
            .order_by(col(Attestation.path))
        ).all()
        found += [
            AttestationView(
                path=row.path,
                value=row.value,
                attested_by=row.attested_by,
                key_name=name,
                attested_at=as_utc(row.attested_at),
                assessment_id=row.assessment_id,
            )
            for row, name in rows
        ]
        current = rows[0][0].based_on_id if rows else None
    return found
