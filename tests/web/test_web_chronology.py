"""The chronology drawn: the SVG is well-formed and labelled, and the table has one row per
timeline entry with the same words."""

import datetime as dt
import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import given, settings

from engine.chronology import Timeline, chronology
from engine.dates import plain_date
from models.case import Case, parse_case
from tests.strategies import cases_with_as_of
from web.chronology import Chronology, layout
from web.render import environment

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SVG = "{http://www.w3.org/2000/svg}"
MACRO = '{% from "macros/chronology.html" import chronology %}{{ chronology(c) }}'


def drawn(timeline: Timeline) -> tuple[Chronology, ET.Element]:
    laid_out = layout(timeline, plain_date)
    html = environment().from_string(MACRO).render(c=laid_out)
    return laid_out, ET.fromstring(html)  # the figure is well-formed XML, SVG included


def example_timeline(name: str = "sibling-step-down-and-continue") -> Timeline:
    case = parse_case((EXAMPLES / f"{name}.json").read_bytes())
    return chronology(case, case.decision_date)


def text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_the_svg_is_an_image_with_a_title_and_a_description() -> None:
    timeline = example_timeline()
    laid_out, figure = drawn(timeline)
    svg = figure.find(f"{SVG}svg")
    assert svg is not None
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None
    assert desc is not None
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert text(title) == "Chronology of case FAM-2024-0302 as of 13 June 2024"
    assert svg.get("viewBox") == f"0 0 {laid_out.chart.width} {laid_out.chart.height}"
    svg_text = text(svg)
    for name in ("Child C1", "Child C2", "Risk", "Intervention", "Worker", "Conferences"):
        assert name in svg_text
    assert "Decision date 13 June 2024" in svg_text
    # Every span is labelled in text; every kind has a named shape in the legend.
    assert len(laid_out.chart.bars) == sum(entry.span for entry in timeline.entries)
    assert all(bar.text for bar in laid_out.chart.bars)
    assert {item.name for item in laid_out.chart.legend} >= {"CP plan", "Conference"}


def test_the_table_has_one_row_per_entry_with_its_words() -> None:
    timeline = example_timeline()
    _laid_out, figure = drawn(timeline)
    body = figure.find(".//tbody")
    assert body is not None
    table_rows = [[text(cell) for cell in row] for row in body.findall("tr")]
    assert len(table_rows) == len(timeline.entries)
    for number, (row, entry) in enumerate(zip(table_rows, timeline.entries, strict=True), 1):
        assert row[0] == str(number)
        assert row[1] == plain_date(entry.date)
        assert row[4] == entry.what
        assert row[5] == entry.label
    assert table_rows[0] == [
        "1",
        "8 April 2019",
        "14 September 2020",
        "Child C1",
        "CP plan",
        "CP plan P-0302-1a: neglect",
    ]


def test_a_long_empty_stretch_is_drawn_narrow_with_a_break() -> None:
    laid_out, _figure = drawn(example_timeline())
    chart = laid_out.chart
    assert [gap.tooltip for gap in chart.breaks] == [
        "Nothing recorded from 13 November 2020 to 31 January 2022"
    ]
    xs = [bar.x for bar in chart.bars]
    assert min(xs) >= chart.plot_left
    assert max(bar.x + bar.width for bar in chart.bars) <= chart.as_of_x + 0.1


def test_a_case_with_one_plan_is_drawn() -> None:
    case = Case.model_validate(
        {
            "case_ref": "FAM-1",
            "decision_date": "2024-03-01",
            "conference_type": "risk_inside_home",
            "children": [
                {
                    "child_ref": "C1",
                    "cp_plans": [{"plan_ref": "P1", "start_date": "2024-03-01", "category": "NEG"}],
                }
            ],
            "proposed_outcome": {"kind": "continue_plan"},
        }
    )
    laid_out, figure = drawn(chronology(case, case.decision_date))
    assert len(laid_out.table.rows) == 1
    assert laid_out.table.rows[0].until == "still open"
    assert figure.find(f"{SVG}svg") is not None


@settings(max_examples=40, deadline=None)
@given(cases_with_as_of())
def test_any_case_draws_a_well_formed_chart_inside_its_box(
    drawn_case: tuple[Case, dt.date],
) -> None:
    case, as_of = drawn_case
    timeline = chronology(case, as_of)
    laid_out, figure = drawn(timeline)
    body = figure.find(".//tbody")
    assert body is not None
    assert len(body.findall("tr")) == len(timeline.entries)
    chart = laid_out.chart
    for bar in chart.bars:
        assert chart.plot_left <= bar.x <= bar.x + bar.width <= chart.plot_right
    for marker in chart.markers:
        assert chart.plot_left <= marker.x < chart.width
        assert 0 < marker.y < chart.height
    rows: dict[float, list[float]] = {}
    for marker in chart.markers:
        rows.setdefault(marker.y, []).append(marker.x)
    for xs in rows.values():  # markers on a row do not sit on each other
        assert all(b - a >= 10 or b == chart.width - 6 for a, b in itertools.pairwise(sorted(xs)))
