"""HTML to PDF with WeasyPrint: a real PDF with its pages, the app's stylesheet read from the
package, nothing fetched from anywhere else, and a clear error when WeasyPrint is missing."""

import sys
from pathlib import Path

import pytest

from engine.chronology import chronology
from engine.dates import plain_date
from models.case import parse_case
from web.chronology import layout
from web.pdf import PdfError, PdfUnavailableError, _weasyprint, html_to_pdf
from web.render import environment

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SMALL = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Record</title>
<link rel="stylesheet" href="/static/deplan.css"></head>
<body><main><h1>Conference record</h1><p>Case FAM-1: not ready.</p></main></body></html>"""


def test_a_small_page_is_a_one_page_pdf() -> None:
    pdf = html_to_pdf(SMALL)
    assert pdf.content.startswith(b"%PDF-")
    assert pdf.content.rstrip().endswith(b"%%EOF")
    assert pdf.pages == 1


def test_a_long_page_runs_onto_more_a4_pages() -> None:
    paragraphs = "".join(f"<p>Finding {n}: a sentence of reasons.</p>" for n in range(200))
    pdf = html_to_pdf(SMALL.replace("<p>Case FAM-1: not ready.</p>", paragraphs))
    assert pdf.pages > 3


def test_the_chronology_prints(tmp_path: Path) -> None:
    case = parse_case((EXAMPLES / "not-ready-step-down.json").read_bytes())
    laid_out = layout(chronology(case, case.decision_date), plain_date)
    body = environment().from_string(
        '{% from "macros/chronology.html" import chronology %}{{ chronology(c) }}'
    )
    html = SMALL.replace("<p>Case FAM-1: not ready.</p>", body.render(c=laid_out))
    pdf = html_to_pdf(html)
    assert pdf.pages >= 1
    (tmp_path / "chronology.pdf").write_bytes(pdf.content)


@pytest.mark.parametrize(
    "resource",
    [
        '<img alt="" src="http://example.invalid/pixel.png">',
        '<link rel="stylesheet" href="https://cdn.example.invalid/style.css">',
        '<link rel="stylesheet" href="/static/missing.css">',
        '<img alt="" src="file:///etc/hostname">',
    ],
)
def test_a_page_naming_anything_else_is_refused(resource: str) -> None:
    with pytest.raises(PdfError, match="outside the app"):
        html_to_pdf(SMALL.replace("</main>", f"{resource}</main>"))


def test_data_uris_are_allowed() -> None:
    pixel = "data:image/gif;base64,R0lGODlhAQABAAAAACwAAAAAAQABAAACAkQBADs="
    assert html_to_pdf(SMALL.replace("</main>", f'<img alt="" src="{pixel}"></main>')).pages == 1


def test_without_weasyprint_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _weasyprint.cache_clear()
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    try:
        with pytest.raises(PdfUnavailableError, match="Pango") as raised:
            html_to_pdf(SMALL)
        assert "print the record page from the browser" in str(raised.value)
    finally:
        _weasyprint.cache_clear()


def test_the_apps_stylesheet_is_read_from_the_package() -> None:
    paragraphs = "".join(f"<p>Finding {n}: a sentence of reasons.</p>" for n in range(200))
    styled = SMALL.replace("<p>Case FAM-1: not ready.</p>", paragraphs)
    unstyled = styled.replace('<link rel="stylesheet" href="/static/deplan.css">', "")
    # Printed, deplan.css sets 9.5 pt text: fewer pages than the default 12 pt.
    assert html_to_pdf(styled).pages < html_to_pdf(unstyled).pages
