"""The conference record: `/assessments/{id}/record`, a page printable on A4 (print
stylesheet), and `/assessments/{id}/record.pdf`, the same page as a PDF (`web.pdf`). Only
the chair's organisation sees it."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.pages.record_view import RecordView, against_engine, load_record
from api.pages.render import page
from api.pages.result import assessment_id_of
from api.pages.session import ChairDep
from api.persistence.chair_sessions import SignedIn
from engine.plain_words import sentence
from web.pdf import PdfUnavailableError, html_to_pdf

router = APIRouter()


# Plain `def` routes: loading and (for the PDF) rendering block, so they run in the threadpool.
@router.get("/assessments/{assessment_id}/record")
def record_page(
    request: Request, assessment_id: str, chair: ChairDep, recorded: bool = False
) -> HTMLResponse:
    record = _load(request, assessment_id, chair)
    return _page(request, chair, record, recorded=recorded)


@router.get("/assessments/{assessment_id}/record.pdf")
def record_pdf(request: Request, assessment_id: str, chair: ChairDep) -> Response:
    record = _load(request, assessment_id, chair)
    html = bytes(_page(request, chair, record).body).decode()
    try:
        pdf = html_to_pdf(html)
    except PdfUnavailableError as error:
        return _page(request, chair, record, pdf_unavailable=str(error), status=503)
    return Response(
        pdf.content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="conference-record-{record.result.id}.pdf"'
        },
    )


def _load(request: Request, assessment_id: str, chair: SignedIn) -> RecordView:
    found = assessment_id_of(assessment_id)
    request.state.assessment_id = str(found)
    return load_record(request.app.state.db_engine, found, chair.organisation)


def _page(
    request: Request,
    chair: SignedIn,
    record: RecordView,
    *,
    recorded: bool = False,
    pdf_unavailable: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    return page(
        request,
        "chair/record.html",
        chair=chair,
        status=status,
        record=record,
        recorded=recorded,
        pdf_unavailable=pdf_unavailable,
        sentence=sentence,
        against_engine=against_engine,
    )
