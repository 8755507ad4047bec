"""The result page: a stored assessment of the chair's organisation, in plain words."""

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.pages.decision_panel import decision_panel
from api.pages.render import page
from api.pages.session import ChairDep, PageError
from api.pages.views import ResultView, result_view
from api.persistence.attestations import attestations_behind
from api.persistence.store import case_history, get_assessment, get_stored_case
from engine.chronology import chronology
from engine.dates import plain_date
from web.chronology import layout

router = APIRouter()
HISTORY_SHOWN = 50


def assessment_id_of(raw: str) -> uuid.UUID:
    """The id in a page's path; anything else is a page that does not exist."""
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise not_found() from None


def not_found() -> PageError:
    return PageError(
        404,
        "Page not found",
        "There is no assessment here, or it belongs to another organisation.",
    )


def load_result(db_engine: Engine, assessment_id: uuid.UUID, organisation: str) -> ResultView:
    """The result page's view, with the case's chronology when the case was kept;
    PageError 404 when the assessment is not the organisation's."""
    with Session(db_engine) as session:
        record = get_assessment(session, assessment_id, organisation)
        if record is None:
            raise not_found()
        case = get_stored_case(session, assessment_id, organisation)
        history = case_history(
            session, organisation, record.assessment.case_ref, limit=HISTORY_SHOWN, offset=0
        )
        attested = attestations_behind(session, assessment_id, organisation)
    data = case.model_dump(mode="json", exclude_none=True) if case is not None else {}
    timeline = (
        layout(chronology(case, record.assessment.as_of), plain_date) if case is not None else None
    )
    return result_view(record, data, attested, history.items, timeline)


@router.get("/assessments/{assessment_id}")
async def result(
    request: Request, assessment_id: str, chair: ChairDep, completed: bool = False
) -> HTMLResponse:
    found = assessment_id_of(assessment_id)
    view = await run_in_threadpool(
        load_result, request.app.state.db_engine, found, chair.organisation
    )
    request.state.assessment_id = str(found)
    return page(
        request,
        "chair/assessment.html",
        chair=chair,
        result=view,
        completed=completed,
        **await run_in_threadpool(decision_panel, request.app.state.db_engine, found),
    )
