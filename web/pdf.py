"""HTML to PDF, for the conference record: WeasyPrint, reading the page's print stylesheet
(`@page` A4, margins, page breaks) and drawing its inline SVG.

Why WeasyPrint rather than printing with headless Chromium: it installs from PyPI with the
rest of the project (`uv sync`) and needs from the system only Pango, which a fresh Debian
machine of ours already has (libpango-1.0-0, libpangoft2-1.0-0, fontconfig, DejaVu fonts);
Chromium is a browser of several hundred MB that a server would have to get from apt and run
as a subprocess for every PDF. WeasyPrint runs no script and, here, fetches nothing: the only
URLs a page may name are data: URIs and the app's own stylesheets (`/static/<name>.css`, read
from this package), anything else stops the rendering with `PdfError`.

When WeasyPrint or Pango is missing, `html_to_pdf` raises `PdfUnavailableError` with what to
install; the printable HTML page works without it (the browser's own Print, A4 stylesheet).
WeasyPrint is imported on first use (it takes about a second), not when the app starts.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from importlib import resources
from types import ModuleType
from typing import Any

BASE_URL = "https://deplan.invalid/"
"""The base that relative URLs are resolved against: a host that cannot exist."""
_STYLESHEET = re.compile(r"^https://deplan\.invalid/static/([a-z0-9-]{1,40}\.css)$")
INSTALL_HINT = (
    "PDF download needs WeasyPrint (installed with deplan) and the Pango library "
    "(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0); "
    "print the record page from the browser instead"
)


class PdfError(RuntimeError):
    """The page could not be made into a PDF (it names something from outside the app)."""


class PdfUnavailableError(PdfError):
    """WeasyPrint or the system library it needs is not installed."""


@dataclass(frozen=True, slots=True)
class Pdf:
    content: bytes
    pages: int


def html_to_pdf(html: str) -> Pdf:
    """The page as a PDF. Blocking and CPU-bound (about 0.1-1 s for a record): call it from a
    worker thread (a plain `def` route), not from the event loop."""
    weasyprint = _weasyprint()
    fetcher = _fetcher_class(weasyprint)(fail_on_errors=True)
    try:
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
        content = document.write_pdf()
    except weasyprint.urls.FatalURLFetchingError as error:
        raise PdfError(f"the page names something from outside the app: {error}") from None
    return Pdf(content=bytes(content), pages=len(document.pages))


@functools.cache
def _weasyprint() -> ModuleType:
    try:
        import weasyprint  # a second to import, and only the PDF route needs it
    except (ImportError, OSError) as error:
        # OSError: WeasyPrint is there but cannot load Pango.
        raise PdfUnavailableError(f"{INSTALL_HINT} ({type(error).__name__})") from None
    # Its warnings (CSS it does not support, e.g. :focus-visible) are about our stylesheet,
    # not the case, and not worth a log line per PDF.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    module: ModuleType = weasyprint
    return module


@functools.cache
def _fetcher_class(weasyprint: ModuleType) -> Any:
    urls = weasyprint.urls

    class OwnFilesOnly(urls.URLFetcher):  # type: ignore[misc, name-defined]
        """data: URIs and the package's stylesheets; nothing from any host."""

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            match = _STYLESHEET.fullmatch(url)
            if match is None:
                raise ValueError("only data: URIs and the app's own stylesheets may be loaded")
            css = resources.files("web").joinpath("static", match.group(1))
            if not css.is_file():
                raise ValueError(f"no stylesheet {match.group(1)}")
            return urls.URLFetcherResponse(url, css.read_bytes(), {"Content-Type": "text/css"})

    return OwnFilesOnly
