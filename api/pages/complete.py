"""Complete what is missing: for the findings of insufficient information, a short form
for exactly the fields they lack; the chair's answers are applied to a copy of the case,
the copy is assessed (same decision date) and stored, and each answer is kept as the
chair's attestation beside the case system's data."""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from api.pages.load import client_of, field_problems
from api.pages.render import FieldProblem, page, redirect
from api.pages.result import assessment_id_of, not_found
from api.pages.session import ChairDep, PageError, PostedForm
from api.persistence.attestations import add_completed_assessment
from api.persistence.chair_sessions import SignedIn
from api.persistence.db import write_lock
from api.persistence.store import get_assessment, get_stored_case
from engine import RuleSet
from engine.questions import (
    NONE_OF_THESE,
    NOT_KNOWN,
    Question,
    completed,
    questions_for,
    read_answers,
)
from models.assessment import Assessment, Finding, Outcome
from models.case import Case

router = APIRouter()
RuleQuery = Query(default=None, max_length=100, description="One finding's rule id.")


@dataclass(frozen=True, slots=True)
class Completion:
    """What the form asks, and for which findings."""

    assessment: Assessment
    case: dict[str, Any]
    findings: list[Finding]
    questions: list[Question]
    unanswerable: list[str]


def load_completion(
    engine: Engine, assessment_id: uuid.UUID, organisation: str, rule: str | None
) -> Completion:
    with Session(engine) as session:
        record = get_assessment(session, assessment_id, organisation)
        if record is None:
            raise not_found()
        case = get_stored_case(session, assessment_id, organisation)
    if case is None:
        raise PageError(
            409,
            "The case was not kept",
            "Missing information can be added only to a case that was kept with its "
            "assessment. Ask for it in the case system, or load the case file again.",
        )
    findings = [
        finding
        for finding in record.assessment.findings
        if finding.outcome is Outcome.INSUFFICIENT_INFORMATION
        and (rule is None or finding.rule_id == rule)
    ]
    if rule is not None and not findings:
        raise PageError(404, "Page not found", "This finding has no missing information to answer.")
    data = case.model_dump(mode="json", exclude_none=True)
    questions, unanswerable = questions_for(findings, data)
    return Completion(record.assessment, data, findings, questions, unanswerable)


@router.get("/assessments/{assessment_id}/complete")
async def completion_form(
    request: Request, assessment_id: str, chair: ChairDep, rule: str | None = RuleQuery
) -> HTMLResponse:
    found = assessment_id_of(assessment_id)
    completion = await run_in_threadpool(
        load_completion, request.app.state.engine, found, chair.organisation, rule
    )
    return _form(request, chair, found, rule, completion)


@router.post("/assessments/{assessment_id}/complete")
async def complete(
    request: Request, assessment_id: str, posted: PostedForm, rule: str | None = RuleQuery
) -> Response:
    found = assessment_id_of(assessment_id)
    chair = posted.chair
    completion = await run_in_threadpool(
        load_completion, request.app.state.engine, found, chair.organisation, rule
    )
    answers = _multi(posted.form)
    values, problems = read_answers(
        completion.questions, answers, latest=completion.assessment.as_of
    )
    errors = [
        FieldProblem(
            f"q{p.index}-date" if p.date_part else f"q{p.index}",
            _labelled(completion, p.index, p.message),
        )
        for p in problems
    ]
    if not errors and not values:
        errors = [FieldProblem("q0", "Answer at least one question, or go back to the result")]
    if not errors:
        try:
            case = completed(completion.case, values)
        except ValidationError as error:
            errors = _placed(error, completion)
        else:
            new_id = await run_in_threadpool(
                _assess_and_store,
                request.app.state.engine,
                request.app.state.ruleset,
                completion,
                case,
                values,
                found,
                chair,
                request.app.state.settings.store_cases,
            )
            return redirect(f"/assessments/{new_id}?completed=true")
    return _form(request, chair, found, rule, completion, errors=errors, answers=answers)


def _assess_and_store(
    engine: Engine,
    ruleset: RuleSet,
    completion: Completion,
    case: Case,
    values: Mapping[str, Any],
    based_on: uuid.UUID,
    chair: SignedIn,
    keep_case: bool,
) -> uuid.UUID:
    assessment = ruleset.assess(case, completion.assessment.as_of)
    with Session(engine) as session:
        row = add_completed_assessment(
            session,
            based_on=based_on,
            assessment=assessment,
            case=case,
            values=values,
            client=client_of(chair),
            keep_case=keep_case,
        )
        with write_lock(session.get_bind()):
            session.commit()
        return row.id


def _placed(error: ValidationError, completion: Completion) -> list[FieldProblem]:
    """The case model's objections to the answers, each at the question it concerns (a
    group's field the chair left unanswered is put at the group's first question)."""
    placed = []
    locations = [question.location for question in completion.questions]
    for problem, detail in zip(
        field_problems(error, completion.case),
        error.errors(include_url=False, include_input=False),
        strict=False,
    ):
        location = tuple(detail["loc"])
        index = next(
            (
                i
                for i, at in enumerate(locations)
                if at[: len(location)] == location or location[: len(at)] == at
            ),
            None,
        )
        if index is None:
            index = next((i for i, at in enumerate(locations) if at[:-1] == location[:-1]), 0)
        placed.append(FieldProblem(f"q{index}", problem.message))
    return placed


def _labelled(completion: Completion, index: int, message: str) -> str:
    return f"{completion.questions[index].label}: {message[:1].lower()}{message[1:]}"


def _multi(form: FormData) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            values.setdefault(key, []).append(value)
    return values


def _form(
    request: Request,
    chair: SignedIn,
    assessment_id: uuid.UUID,
    rule: str | None,
    completion: Completion,
    *,
    errors: Sequence[FieldProblem] = (),
    answers: Mapping[str, list[str]] | None = None,
) -> HTMLResponse:
    query = f"?{urlencode({'rule': rule})}" if rule else ""
    action = f"/assessments/{assessment_id}/complete{query}"
    return page(
        request,
        "chair/complete.html",
        chair=chair,
        status=400 if errors else 200,
        errors=errors,
        assessment_id=assessment_id,
        action=action,
        completion=completion,
        answers=answers or {},
        not_known=NOT_KNOWN,
        none_of_these=NONE_OF_THESE,
    )
