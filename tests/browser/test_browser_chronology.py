"""The chronology in a real browser: no WCAG 2.2 AA violation, and it fits the screen and an
A4 page without scrolling sideways."""

from __future__ import annotations

from playwright.sync_api import Page

from engine.chronology import chronology
from engine.dates import plain_date
from models.case import parse_case
from tests.browser.harness import REPO, assert_accessible, screenshot
from web.chronology import layout
from web.render import environment, stylesheet

A4_PRINTABLE_PX = 703  # 210 mm less the stylesheet's 12 mm margins, at 96 px per inch
PAGE = """{% extends "base.html" %}{% from "macros/chronology.html" import chronology %}
{% block title %}Chronology{% endblock %}
{% block main %}<h1>Chronology</h1>{{ chronology(c) }}{% endblock %}"""


def chronology_page(name: str) -> str:
    case = parse_case((REPO / "examples" / f"{name}.json").read_bytes())
    laid_out = layout(chronology(case, case.decision_date), plain_date)
    return environment().from_string(PAGE).render(c=laid_out, stylesheet=stylesheet())


FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"


def test_the_chronology_is_accessible_and_fits_screen_and_print(page: Page) -> None:
    page.goto("/healthz")  # an origin for the page; the content is set below
    page.set_content(chronology_page("sibling-step-down-and-continue"))
    assert_accessible(page)
    assert page.evaluate(FITS)
    screenshot(page, "chronology-1280")
    page.set_viewport_size({"width": A4_PRINTABLE_PX, "height": 1000})
    page.emulate_media(media="print")
    assert page.evaluate(FITS)
    svg_width = page.evaluate("() => document.querySelector('svg').getBoundingClientRect().width")
    assert svg_width <= A4_PRINTABLE_PX
    screenshot(page, "chronology-a4-print")
