"""The layout of a chronology (`engine.chronology.Timeline`): an SVG drawn by
`templates/macros/chronology.html`, and a table with the same entries, one row each.

Entries are numbered in date order; the number is on the chart's bar or marker where there
is room (`web.chronology_chart`) and in the table's first column. Screen readers get the
table (the SVG's description says so). Only geometry and text are computed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from web.chronology_chart import ChronologyChart, chart

if TYPE_CHECKING:  # only for types: `web` imports no engine module when it runs
    from engine.chronology import Entry, Timeline


@dataclass(frozen=True, slots=True)
class ChronologyRow:
    number: int
    date: str
    until: str
    whom: str
    what: str
    details: str


@dataclass(frozen=True, slots=True)
class ChronologyTable:
    caption: str
    rows: tuple[ChronologyRow, ...]
    undated: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Chronology:
    """What `macros/chronology.html`'s `chronology()` draws."""

    caption: str
    chart: ChronologyChart
    table: ChronologyTable


def layout(
    timeline: Timeline, date_text: Callable[[dt.date], str], chart_id: str = "chronology"
) -> Chronology:
    """`timeline`: `engine.chronology.chronology(case, as_of)`; `date_text`: a date in words
    (`engine.dates.plain_date`); `chart_id`: unique on the page (the SVG's ids derive from it).
    """
    caption = f"Chronology of case {timeline.case_ref} as of {date_text(timeline.as_of)}"
    numbered = list(enumerate(timeline.entries, start=1))
    table = ChronologyTable(
        caption=caption,
        rows=tuple(_row(n, entry, date_text) for n, entry in numbered),
        undated=timeline.undated,
    )
    return Chronology(caption, chart(chart_id, caption, timeline, numbered, date_text), table)


def _row(number: int, entry: Entry, date_text: Callable[[dt.date], str]) -> ChronologyRow:
    if not entry.span:
        until = "–"
    elif entry.end_date is None:
        until = "still open"
    else:
        until = date_text(entry.end_date)
    return ChronologyRow(
        number=number,
        date=date_text(entry.date),
        until=until,
        whom=f"Child {entry.child_ref}" if entry.child_ref else "Family",
        what=entry.what,
        details=entry.label,
    )
