"""Find a case: the organisation's stored assessments, newest first, searchable by case
reference, a page at a time."""

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.pages.render import page, redirect
from api.pages.session import ChairDep
from api.persistence.store import organisation_assessments
from models.tables import AssessmentRecord, as_utc

router = APIRouter()
PAGE_SIZE = 20
MAX_SEARCH = 64
MAX_PAGE = 100_000


@dataclass(frozen=True, slots=True)
class CasesPage:
    rows: list[AssessmentRecord]
    total: int
    page: int
    pages: int


@router.get("/cases")
async def cases(
    request: Request,
    chair: ChairDep,
    search: Annotated[str, Query(max_length=1000)] = "",
    page_text: Annotated[str, Query(alias="page", max_length=10)] = "1",
) -> Response:
    # A page's query is typed by people: what does not fit is read as the nearest sense.
    search = search.strip()[:MAX_SEARCH]
    page_number = min(int(page_text), MAX_PAGE) if page_text.isdigit() and int(page_text) else 1
    found = await run_in_threadpool(
        _find, request.app.state.engine, chair.organisation, search, page_number
    )
    if found.total and page_number > found.pages:
        return redirect(f"/cases?{urlencode({'search': search, 'page': found.pages})}")
    return page(
        request,
        "chair/cases.html",
        chair=chair,
        search=search,
        found=found,
        as_utc=as_utc,
    )


def _find(engine: Engine, organisation: str, search: str, page_number: int) -> CasesPage:
    with Session(engine) as session:
        rows, total = organisation_assessments(
            session,
            organisation,
            search=search,
            limit=PAGE_SIZE,
            offset=(page_number - 1) * PAGE_SIZE,
        )
    return CasesPage(rows, total, page_number, max(1, -(-total // PAGE_SIZE)))
