"""Find a case: the organisation's stored assessments, newest first, searchable by case
reference, a page at a time."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.pages.render import page
from api.pages.session import ChairDep
from api.persistence.store import organisation_assessments
from models.tables import AssessmentRecord, as_utc

router = APIRouter()
PAGE_SIZE = 20


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
    search: Annotated[str, Query(max_length=64)] = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    search = search.strip()
    found = await run_in_threadpool(
        _find, request.app.state.engine, chair.organisation, search, page_number
    )
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
