"""The report in a real browser (Debian's chromium, driven by Playwright): at 1280 px no
table scrolls sideways, and printed on A4 no table is wider than the page.

The screenshots are kept in `test-artifacts/` (git-ignored) for a person to look at.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app
from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS

REPO = Path(__file__).resolve().parents[3]
COHORT = REPO / "examples" / "cohort.jsonl"
ARTIFACTS = REPO / "test-artifacts"
A4_PRINTABLE_PX = 703  # 210 mm less the stylesheet's 12 mm margins, at 96 px per inch


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI installs Debian's chromium (.ci/run)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "out"
    result = CliRunner().invoke(
        app, ["audit", str(COHORT), "--out", str(out), "--workers", "1"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return out / "report.html"


OVERFLOWING_TABLES = """() => [...document.querySelectorAll('.table-wrap')]
    .map((wrap, index) => ({
        index,
        caption: wrap.querySelector('caption')?.textContent ?? '',
        scrollWidth: wrap.scrollWidth,
        clientWidth: wrap.clientWidth,
    }))"""


def test_no_table_scrolls_sideways_at_1280_px(browser: Any, report: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(report.as_uri())
    tables = page.evaluate(OVERFLOWING_TABLES)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-1280.png"), full_page=True)
    page.close()
    assert len(tables) >= 10
    too_wide = [t for t in tables if t["scrollWidth"] > t["clientWidth"]]
    assert too_wide == [], too_wide
    assert page_width_fits(browser, report, 1280)


def page_width_fits(browser: Any, report: Path, width: int) -> bool:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(report.as_uri())
    fits = bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
    page.close()
    return fits


def test_printed_on_a4_no_table_is_wider_than_the_page(browser: Any, report: Path) -> None:
    page = browser.new_page(viewport={"width": A4_PRINTABLE_PX, "height": 1000})
    page.goto(report.as_uri())
    page.emulate_media(media="print")
    tables = page.evaluate(OVERFLOWING_TABLES)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-a4-print.png"), full_page=True)
    pdf = ARTIFACTS / "report-a4.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    page.close()
    too_wide = [t for t in tables if t["scrollWidth"] > t["clientWidth"]]
    assert too_wide == [], too_wide
    assert pdf.stat().st_size > 10_000
