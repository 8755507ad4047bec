"""The conference record: `/assessments/{id}/record`, a page printable on A4 (print
stylesheet), and `/assessments/{id}/record.pdf`. Only the chair's organisation sees it."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.pages.record_view import family_decision, load_record
from api.pages.render import page
from api.pages.result import assessment_id_of
from api.pages.session import ChairDep
from engine.plain_words import sentence

router = APIRouter()


@router.get("/assessments/{assessment_id}/record")
async def record_page(
    request: Request, assessment_id: str, chair: ChairDep, recorded: bool = False
) -> HTMLResponse:
    found = assessment_id_of(assessment_id)
    record = await run_in_threadpool(
        load_record, request.app.state.engine, found, chair.organisation
    )
    request.state.assessment_id = str(found)
    titles = {
        f.rule_id: f.title
        for group in (record.result.blocking, record.result.insufficient, record.result.advisories)
        for f in group
    } | {f.rule_id: f.title for child in record.result.children for f in child.differing}
    return page(
        request,
        "chair/record.html",
        chair=chair,
        record=record,
        recorded=recorded,
        titles=titles,
        family_decision=family_decision,
        sentence=sentence,
    )
