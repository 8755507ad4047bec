"""Record the decision: per child de-plan or continue, and the findings the chair overrules,
each with a justification. A correction is recorded as the next revision; the assessment is
never changed. Only the chair's organisation sees an assessment (404 otherwise)."""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.pages.decision_form import (
    OverrideItem,
    Submitted,
    filled,
    override_items,
    read_decision,
)
from api.pages.render import FieldProblem, page, redirect
from api.pages.result import assessment_id_of, load_result, not_found
from api.pages.session import ChairDep, ChairForm, check_csrf, read_form
from api.pages.views import OUTCOME_WORDS
from api.persistence.chair_sessions import SignedIn
from api.persistence.decisions import DecisionConflictError, current_decision, record_decision
from api.persistence.store import get_assessment
from engine.audit.labels import VERDICT_LABELS
from engine.plain_words import code_words
from models.api_assessments import AssessmentRecordPublic, AssessmentSummary
from models.codes import PlanDecision
from models.decisions import DecisionEntry, DecisionView

router = APIRouter()
DECISION_FORM_LIMIT = 1024 * 1024
"""Room for a full justification on every rule of the catalogue even when every character
is percent-encoded UTF-8 (2,000 x 9 bytes each): more than the pages' usual 64 KiB, so that
a long decision is never refused and lost."""


async def posted_decision(request: Request, chair: ChairDep) -> ChairForm:
    form = await read_form(request, limit=DECISION_FORM_LIMIT)
    check_csrf(form, chair.csrf_token)
    return ChairForm(chair, form)


@dataclass(frozen=True, slots=True)
class Words:
    verdict: Mapping[str, str]
    outcome: Mapping[str, str]
    proposed: Mapping[str, str]


WORDS = Words(
    verdict=VERDICT_LABELS,
    outcome={outcome.value: words for outcome, words in OUTCOME_WORDS.items()},
    proposed={kind.value: code_words(kind.value) for kind in PlanDecision},
)


@dataclass(frozen=True, slots=True)
class Found:
    record: AssessmentRecordPublic
    decision: DecisionView | None
    reasons: Mapping[str, str]
    """The reasons of the family's findings against de-planning, in plain words (as the result
    page words them); a rule only a child fails keeps the engine's words."""
    newer: AssessmentSummary | None
    """The case's latest assessment, when it is not this one (e.g. made after completing)."""


def load(db_engine: Engine, assessment_id: uuid.UUID, organisation: str) -> Found:
    """The organisation's assessment and its decision in force; PageError 404 otherwise."""
    with Session(db_engine) as session:
        record = get_assessment(session, assessment_id, organisation)
        if record is None:
            raise not_found()
        decision = current_decision(session, assessment_id)
    result = load_result(db_engine, assessment_id, organisation)
    views = result.blocking + result.insufficient + result.advisories
    latest = result.history[0] if result.history else None
    return Found(
        record,
        decision,
        {view.rule_id: view.reason for view in views},
        latest if latest is not None and latest.id != assessment_id else None,
    )


@router.get("/assessments/{assessment_id}/decision")
async def decision_page(request: Request, assessment_id: str, chair: ChairDep) -> Response:
    found = await run_in_threadpool(
        load, request.app.state.db_engine, assessment_id_of(assessment_id), chair.organisation
    )
    assessment = found.record.assessment
    decided = (
        {c.child_ref: c.decision.value for c in found.decision.children} if found.decision else {}
    )
    return _form(
        request,
        chair,
        found,
        items=filled(override_items(assessment), found.decision),
        decided=decided,
        revision=found.decision.revision if found.decision else 0,
    )


@router.post("/assessments/{assessment_id}/decision")
async def record(
    request: Request, assessment_id: str, posted: Annotated[ChairForm, Depends(posted_decision)]
) -> Response:
    chair = posted.chair
    db_engine: Engine = request.app.state.db_engine
    found_id = assessment_id_of(assessment_id)
    found = await run_in_threadpool(load, db_engine, found_id, chair.organisation)
    form: Submitted = {
        name: [v for v in posted.form.getlist(name) if isinstance(v, str)] for name in posted.form
    }
    entry, errors, items = read_decision(found.record.assessment, form)
    decided = {
        c.child_ref: (form.get(f"decision/{c.child_ref}") or [""])[0]
        for c in found.record.assessment.children
    }
    if entry is None:
        return _form(
            request,
            chair,
            found,
            items=items,
            decided=decided,
            revision=_revision(form),
            errors=errors,
            status=400,
        )
    try:
        await run_in_threadpool(
            _store, db_engine, found_id, found, entry, chair.key_id, chair.key_name
        )
    except DecisionConflictError:
        latest = await run_in_threadpool(load, db_engine, found_id, chair.organisation)
        assert latest.decision is not None
        problem = FieldProblem(
            "current-decision",
            f"Another decision was recorded on this assessment (by the key "
            f"{latest.decision.key_name}) since you opened the form. Check it below; "
            "recording yours now replaces it.",
        )
        return _form(
            request,
            chair,
            latest,
            items=items,
            decided=decided,
            revision=latest.decision.revision,
            errors=[problem],
            status=409,
        )
    return redirect(f"/assessments/{found_id}/record?recorded=1")


def _store(
    db_engine: Engine,
    assessment_id: uuid.UUID,
    found: Found,
    entry: DecisionEntry,
    key_id: str,
    key_name: str,
) -> None:
    with Session(db_engine) as session:
        record_decision(
            session, assessment_id, found.record.assessment, entry, key_id=key_id, key_name=key_name
        )


def _revision(form: Submitted) -> int:
    raw = (form.get("revision") or [""])[0]
    return int(raw) if raw.isdigit() and len(raw) <= 9 else 0


def _form(
    request: Request,
    chair: SignedIn,
    found: Found,
    *,
    items: Sequence[OverrideItem],
    decided: dict[str, str],
    revision: int,
    errors: Sequence[FieldProblem] = (),
    status: int = 200,
) -> HTMLResponse:
    return page(
        request,
        "chair/decision.html",
        chair=chair,
        status=status,
        errors=errors,
        record=found.record,
        decision=found.decision,
        items=items,
        decided=decided,
        revision=revision,
        words=WORDS,
        reasons=found.reasons,
        newer=found.newer,
    )
