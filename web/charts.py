"""The geometry of the horizontal bar charts; `templates/macros/charts.html` draws them.

A chart is computed here (positions, sizes, the text of each label) and drawn as inline SVG
by the macro, with a title and a description for screen readers. Every chart is shown
beside a table with the same numbers, which is what a screen reader should read.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from web.render import percent, thousands

LABEL_WIDTH = 300
BAR_WIDTH = 400
RIGHT_MARGIN = 60
TOP = 30
LABEL_CHARS = 44
"""Characters per line of a row label (two lines at most, then an ellipsis)."""


@dataclass(frozen=True, slots=True)
class LegendItem:
    x: int
    colour: str
    name: str


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    tooltip: str
    text: str | None
    """The value written on or after the bar, or None."""
    text_x: float
    text_y: float
    text_inside: bool


@dataclass(frozen=True, slots=True)
class BarRow:
    label: str
    label_lines: tuple[str, ...]
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class BarChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    label_x: int
    legend: tuple[LegendItem, ...]
    rows: tuple[BarRow, ...]


def label_lines(label: str) -> tuple[str, ...]:
    lines = textwrap.wrap(label, LABEL_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_CHARS, placeholder="…")]
    return tuple(lines)


def _legend(series: Sequence[tuple[str, str]]) -> tuple[LegendItem, ...]:
    items = []
    x = LABEL_WIDTH
    for name, colour in series:
        items.append(LegendItem(x, colour, name))
        x += 26 + 7 * len(name)
    return tuple(items)


def _chart(
    chart_id: str,
    title: str,
    of_what: str,
    series: Sequence[tuple[str, str]],
    rows: Sequence[BarRow],
    row_h: int,
) -> BarChart:
    return BarChart(
        id=chart_id,
        title=title,
        description=f"Bar chart of {of_what}; the table beside it has the same numbers.",
        width=LABEL_WIDTH + BAR_WIDTH + RIGHT_MARGIN,
        height=TOP + row_h * len(rows) + 8,
        label_x=LABEL_WIDTH - 8,
        legend=_legend(series),
        rows=tuple(rows),
    )


def stacked_bars(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[tuple[str, str]],
) -> BarChart:
    """One bar per row, stacked from the series' counts, on a scale of the longest row."""
    row_h = 34
    scale = max((sum(values) for _, values in rows), default=0) or 1
    chart_rows = []
    for index, (label, values) in enumerate(rows):
        y = TOP + index * row_h
        x = float(LABEL_WIDTH)
        bars = []
        for (name, colour), value in zip(series, values, strict=True):
            width = BAR_WIDTH * value / scale
            if width <= 0:
                continue
            single = len(series) == 1
            inside = not single and width >= 26
            bars.append(
                Bar(
                    x=x,
                    y=y + 5,
                    width=width,
                    height=row_h - 12,
                    colour=colour,
                    tooltip=f"{label} – {name}: {thousands(value)}",
                    text=thousands(value) if single or inside else None,
                    text_x=x + width / 2 if inside else x + width + 4,
                    text_y=y + 5 + (row_h - 12) / 2 + 4,
                    text_inside=inside,
                )
            )
            x += width
        chart_rows.append(BarRow(label, label_lines(label), y + 14, tuple(bars)))
    return _chart(chart_id, title, "counts of families", series, chart_rows, row_h)


def rate_bars(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, Sequence[float | None]]],
    series: Sequence[tuple[str, str]],
) -> BarChart:
    """For each row, one thin bar per series, of a rate from 0 to 1."""
    bar_h = 12
    row_h = max(bar_h * len(series) + 12, 34)
    chart_rows = []
    for index, (label, values) in enumerate(rows):
        y = TOP + index * row_h
        bars = []
        for n, ((name, colour), value) in enumerate(zip(series, values, strict=True)):
            width = 0.0 if value is None else BAR_WIDTH * value
            bars.append(
                Bar(
                    x=float(LABEL_WIDTH),
                    y=y + 4 + n * bar_h,
                    width=width,
                    height=bar_h - 2,
                    colour=colour,
                    tooltip=f"{label} – {name}: {percent(value)}",
                    text=percent(value),
                    text_x=LABEL_WIDTH + width + 4,
                    text_y=y + 4 + n * bar_h + bar_h - 3,
                    text_inside=False,
                )
            )
        chart_rows.append(BarRow(label, label_lines(label), y + 14, tuple(bars)))
    return _chart(chart_id, title, "rates", series, chart_rows, row_h)
