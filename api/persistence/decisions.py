"""The chairs' decisions, append-only: record one (a correction is the next revision), read
the one in force and its history, and count the overrides for the re-audit. The
justifications are erased with the case body (`retention`); the overrides stay.

Callers check first that the assessment belongs to the chair's organisation
(`store.get_assessment`); nothing here logs or returns a justification anywhere but to them.
"""

import uuid
from collections.abc import Sequence

from sqlalchemy import and_, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from engine.audit.overrides import ChairOverrides, RuleOverrides
from models.assessment import Assessment, Outcome, Verdict
from models.chair_decisions import (
    ChairChildDecision,
    ChairDecision,
    ChairJustification,
    ChairOverride,
)
from models.decisions import (
    ChildDecision,
    ChildDecisionView,
    DecisionEntry,
    DecisionView,
    OverrideView,
    child_findings,
)
from models.tables import AssessmentRecord, as_utc


class DecisionConflictError(Exception):
    """Another decision was recorded on the assessment since the form was opened."""


def record_decision(
    session: Session,
    assessment_id: uuid.UUID,
    assessment: Assessment,
    entry: DecisionEntry,
    *,
    key_id: str,
    key_name: str,
) -> DecisionView:
    """Store the decision as the next revision, with the engine's outcomes at the time.
    `entry` must have passed the form's checks (every child decided, each override on one
    of the child's findings that may be overruled)."""
    if _latest_revision(session, assessment_id) != entry.revision:
        raise DecisionConflictError
    row = ChairDecision(
        assessment_id=assessment_id,
        revision=entry.revision + 1,
        key_id=key_id,
        key_name=key_name,
        family_verdict=assessment.verdict.value,
    )
    session.add(row)
    session.flush()  # the parent row first: the children's foreign keys refer to it
    for child in assessment.children:
        session.add(
            ChairChildDecision(
                decision_id=row.id,
                child_ref=child.child_ref,
                engine_verdict=child.verdict.value,
                decision=entry.children[child.child_ref].value,
            )
        )
    for override in entry.overrides:
        findings = child_findings(assessment, override.child_ref)
        db_engine = next(f.outcome for f in findings if f.rule_id == override.rule_id)
        ref, rule_id = override.child_ref, override.rule_id
        session.add(
            ChairOverride(
                decision_id=row.id,
                child_ref=ref,
                rule_id=rule_id,
                engine_outcome=db_engine.value,
                chair_position=override.position.value,
            )
        )
        session.add(
            ChairJustification(
                decision_id=row.id,
                child_ref=ref,
                rule_id=rule_id,
                justification=override.justification,
            )
        )
    try:
        session.commit()
    except IntegrityError as error:  # the same revision, recorded by another request
        session.rollback()
        raise DecisionConflictError from error
    return _view(session, row)


def current_decision(session: Session, assessment_id: uuid.UUID) -> DecisionView | None:
    """The decision in force: the latest revision."""
    row = session.exec(
        select(ChairDecision)
        .where(col(ChairDecision.assessment_id) == assessment_id)
        .order_by(col(ChairDecision.revision).desc())
        .limit(1)
    ).first()
    return _view(session, row) if row is not None else None


def decision_history(session: Session, assessment_id: uuid.UUID) -> list[DecisionView]:
    """Every revision, newest first."""
    rows = session.exec(
        select(ChairDecision)
        .where(col(ChairDecision.assessment_id) == assessment_id)
        .order_by(col(ChairDecision.revision).desc())
    ).all()
    return [_view(session, row) for row in rows]


def override_counts(session: Session, organisation: str) -> ChairOverrides:
    """Per rule, the overrides in the decisions in force on the organisation's assessments;
    and the children those decisions de-plan although the engine did not find them ready."""
    latest = (
        select(
            col(ChairDecision.assessment_id).label("assessment_id"),
            func.max(ChairDecision.revision).label("revision"),
        )
        .group_by(col(ChairDecision.assessment_id))
        .subquery()
    )
    in_force = (
        select(col(ChairDecision.id))
        .join(
            latest,
            and_(
                col(ChairDecision.assessment_id) == latest.c.assessment_id,
                col(ChairDecision.revision) == latest.c.revision,
            ),
        )
        .join(AssessmentRecord, col(AssessmentRecord.id) == col(ChairDecision.assessment_id))
        .where(col(AssessmentRecord.organisation) == organisation)
    )
    decisions = session.exec(select(func.count()).select_from(in_force.subquery())).one()
    rows = session.exec(
        select(
            col(ChairOverride.rule_id),
            func.count(func.distinct(col(ChairOverride.decision_id))),
            func.count(),
        )
        .where(col(ChairOverride.decision_id).in_(in_force))
        .group_by(col(ChairOverride.rule_id))
    ).all()
    against = session.exec(
        select(func.count())
        .select_from(ChairChildDecision)
        .where(
            col(ChairChildDecision.decision_id).in_(in_force),
            col(ChairChildDecision.decision) == ChildDecision.DEPLAN.value,
            col(ChairChildDecision.engine_verdict) != Verdict.READY.value,
        )
    ).one()
    return ChairOverrides(
        organisation=organisation,
        decisions=decisions,
        by_rule=tuple(RuleOverrides(rule_id, n, children) for rule_id, n, children in rows),
        deplanned_not_ready=against,
    )


def _latest_revision(session: Session, assessment_id: uuid.UUID) -> int:
    latest = session.exec(
        select(func.max(ChairDecision.revision)).where(
            col(ChairDecision.assessment_id) == assessment_id
        )
    ).one()
    return int(latest or 0)


def _view(session: Session, row: ChairDecision) -> DecisionView:
    children: Sequence[ChairChildDecision] = session.exec(
        select(ChairChildDecision)
        .where(col(ChairChildDecision.decision_id) == row.id)
        .order_by(col(ChairChildDecision.child_ref))
    ).all()
    overrides: Sequence[tuple[ChairOverride, str | None]] = session.exec(
        select(ChairOverride, ChairJustification.justification)
        .outerjoin(
            ChairJustification,
            and_(
                col(ChairJustification.decision_id) == col(ChairOverride.decision_id),
                col(ChairJustification.child_ref) == col(ChairOverride.child_ref),
                col(ChairJustification.rule_id) == col(ChairOverride.rule_id),
            ),
        )
        .where(col(ChairOverride.decision_id) == row.id)
        .order_by(col(ChairOverride.child_ref), col(ChairOverride.rule_id))
    ).all()
    return DecisionView(
        id=row.id,
        revision=row.revision,
        created_at=as_utc(row.created_at),
        key_id=row.key_id,
        key_name=row.key_name,
        family_verdict=Verdict(row.family_verdict),
        children=[
            ChildDecisionView(
                child_ref=c.child_ref,
                engine_verdict=Verdict(c.engine_verdict),
                decision=ChildDecision(c.decision),
            )
            for c in children
        ],
        overrides=[
            OverrideView(
                child_ref=o.child_ref,
                rule_id=o.rule_id,
                engine_outcome=Outcome(o.engine_outcome),
                chair_position=Outcome(o.chair_position),
                justification=justification,
            )
            for o, justification in overrides
        ],
    )
