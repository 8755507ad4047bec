"""The geometry of a chronology's SVG (`web.chronology` lays out the whole figure;
`templates/macros/chronology.html` draws it).

A row per child and rows for the family's risks, interventions, workers, engagement and
conferences; spans are bars labelled with their number and reference, single days are
markers whose shape says what they are (the legend names each shape), so nothing is told by
colour alone. Spans that would overlap go on rows of their own; a risk's status changes sit
under its bar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from web.chronology_scale import Break, Scale, Tick, ticks

if TYPE_CHECKING:  # only for types: `web` imports no engine module when it runs
    from engine.chronology import Entry, Timeline

WIDTH = 760
"""Drawn at the width of the page: 760 units is about 1.2 px on a 960 px page and 0.9 on A4."""
LABEL_WIDTH = 118
RIGHT = 24
LEGEND_LINE = 17
AXIS = 44
"""Room between the legend and the first row: the decision date and the years."""
ROW = 24
ROW_WITH_MARKERS = 38
"""A risk's row: its bar, and below it the markers of its status changes."""
GROUP_GAP = 8
MARKER_SPACING = 11.0
"""Least distance between two markers' centres on a row."""
CHAR = 7.0
"""Width of one character at the chart's 12-unit font, near enough to decide what fits."""

BAR_STYLES = {
    "cp_plan": ("#d2e2f1", "#0c2d4a"),
    "cin_plan": ("#fff7bf", "#594d00"),
    "risk": ("#f4cdc6", "#942514"),
    "intervention": ("#cce2d8", "#005a30"),
    "worker": ("#eeefef", "#383f43"),
}
"""Fill and outline of each kind of span: light fills, dark outlines, dark text."""
MARKERS = {
    "risk_status": ("square", "#0c2d4a"),
    "sustained_change": ("triangle", "#005a30"),
    "engagement": ("circle", "#942514"),
    "conference": ("diamond", "#0b0c0c"),
}
"""Shape and colour of each kind of single-day entry."""
FAMILY_GROUPS = (
    ("risk", "Risk"),
    ("intervention", "Intervention"),
    ("worker", "Worker"),
    ("engagement", "Engagement"),
    ("conference", "Conferences"),
)


@dataclass(frozen=True, slots=True)
class Bar:
    number: int
    x: float
    y: float
    width: float
    fill: str
    stroke: str
    open: bool
    """Still running at the as-of date: drawn with an arrow at its right end."""
    tooltip: str
    text: str
    text_x: float
    text_anchor: str
    """"start" (inside or after the bar) or "end" (before it)."""
    text_width: float


@dataclass(frozen=True, slots=True)
class Marker:
    number: int
    shape: str
    x: float
    y: float
    colour: str
    tooltip: str
    show_number: bool


@dataclass(frozen=True, slots=True)
class Lane:
    label: str
    y: float
    """Top of the lane's first row."""
    height: float


@dataclass(frozen=True, slots=True)
class LegendItem:
    x: float
    y: float
    """The baseline of its text."""
    name: str
    shape: str
    """"bar" or a marker shape."""
    fill: str
    stroke: str


@dataclass(frozen=True, slots=True)
class ChronologyChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    plot_left: int
    plot_right: int
    as_of_x: float
    as_of_text: str
    ticks: tuple[Tick, ...]
    breaks: tuple[Break, ...]
    legend: tuple[LegendItem, ...]
    top: float
    """Where the first row begins, below the legend and the axis."""
    lanes: tuple[Lane, ...]
    bars: tuple[Bar, ...]
    markers: tuple[Marker, ...]


def chart(
    chart_id: str,
    title: str,
    timeline: Timeline,
    numbered: Sequence[tuple[int, Entry]],
    date_text: Callable[[dt.date], str],
) -> ChronologyChart:
    covered = [
        (entry.date, (entry.end_date or timeline.as_of) if entry.span else entry.date)
        for _, entry in numbered
    ]
    scale = Scale(covered, timeline.as_of, LABEL_WIDTH, WIDTH - RIGHT)
    groups = [
        (f"Child {child}", [(n, e) for n, e in numbered if e.child_ref == child])
        for child in timeline.children
    ]
    for kind, name in FAMILY_GROUPS:
        members = [(n, e) for n, e in numbered if e.child_ref is None and _group(e) == kind]
        if members:
            groups.append((name, members))
    lanes: list[Lane] = []
    bars: list[Bar] = []
    markers: list[Marker] = []
    legend = _legend()
    top = legend[-1].y + 6 + AXIS
    y = top
    for name, members in groups:
        lane_top = y
        for track in _pack(members, scale, timeline.as_of, date_text):
            mixed = len({entry.span for _, entry in track}) == 2
            _draw_track(track, y, mixed, scale, timeline.as_of, date_text, bars, markers)
            y += ROW_WITH_MARKERS if mixed else ROW
        lanes.append(Lane(name, lane_top, y - lane_top))
        y += GROUP_GAP
    return ChronologyChart(
        id=chart_id,
        title=title,
        description=(
            "Timeline of the case's plans, risks, interventions, workers, engagement and "
            "conferences; the table below it lists the same entries, by number."
        ),
        width=WIDTH,
        height=int(y + 4),
        plot_left=LABEL_WIDTH,
        plot_right=WIDTH - RIGHT,
        as_of_x=scale.x(timeline.as_of),
        as_of_text=f"Decision date {date_text(timeline.as_of)}",
        ticks=ticks(scale, timeline.as_of),
        breaks=tuple(
            Break(scale.x(a), f"Nothing recorded from {date_text(a)} to {date_text(b)}")
            for a, b in scale.gaps
        ),
        legend=legend,
        top=top,
        lanes=tuple(lanes),
        bars=tuple(bars),
        markers=tuple(markers),
    )


def _group(entry: Entry) -> str:
    """Risk status and sustained change are drawn on their risk's row."""
    kind = str(entry.kind)
    return "risk" if kind in ("risk_status", "sustained_change") else kind


Track = list[tuple[int, "Entry"]]


def _pack(
    members: Sequence[tuple[int, Entry]],
    scale: Scale,
    as_of: dt.date,
    date_text: Callable[[dt.date], str],
) -> list[Track]:
    """Spans on as few rows as do not overlap; a risk's markers on its risk's row; other
    markers on one row of their own."""
    tracks: list[Track] = []
    ends: list[float] = []
    row_of_ref: dict[str, int] = {}
    points: Track = []
    for number, entry in members:
        if not entry.span:
            if entry.ref is not None and entry.ref in row_of_ref:
                tracks[row_of_ref[entry.ref]].append((number, entry))
            else:
                points.append((number, entry))
            continue
        start, end = _extent(_bar(number, entry, 0.0, scale, as_of, date_text))
        index = next((i for i, last in enumerate(ends) if last + 4 < start), len(tracks))
        if index == len(tracks):
            tracks.append([])
            ends.append(end)
        ends[index] = end
        tracks[index].append((number, entry))
        if entry.ref is not None:
            row_of_ref[entry.ref] = index
    if points:
        tracks.append(points)
    return tracks


def _bar(
    number: int,
    entry: Entry,
    y: float,
    scale: Scale,
    as_of: dt.date,
    date_text: Callable[[dt.date], str],
) -> Bar:
    """A span's bar, its text inside when it fits, else after it, else before it."""
    x = scale.x(entry.date)
    width = round(max(scale.x(entry.end_date or as_of) - x, 3.0), 1)
    fill, stroke = BAR_STYLES[str(entry.kind)]
    until = f" to {date_text(entry.end_date)}" if entry.end_date else ", still open"
    text = f"{number} {entry.ref}" if entry.ref else str(number)
    room = len(text) * CHAR + 6
    after = x + width + (10 if entry.end_date is None else 4)
    if room <= width:
        text_x, anchor = x + 4, "start"
    elif after + room <= WIDTH:
        text_x, anchor = after, "start"
    else:
        text_x, anchor = x - 4, "end"
    return Bar(
        number=number,
        x=x,
        y=y + 3,
        width=width,
        fill=fill,
        stroke=stroke,
        open=entry.end_date is None,
        tooltip=f"{number}. {entry.label}: {date_text(entry.date)}{until}",
        text=text,
        text_x=round(text_x, 1),
        text_anchor=anchor,
        text_width=room,
    )


def _extent(bar: Bar) -> tuple[float, float]:
    """The room a bar and its text take along its row."""
    if bar.text_anchor == "end":
        return bar.text_x - bar.text_width, bar.x + bar.width + 8
    return bar.x, max(bar.x + bar.width + 8, bar.text_x + bar.text_width)


def _draw_track(
    track: Track,
    y: float,
    mixed: bool,
    scale: Scale,
    as_of: dt.date,
    date_text: Callable[[dt.date], str],
    bars: list[Bar],
    markers: list[Marker],
) -> None:
    placed: list[tuple[int, Entry, float]] = []
    last_x = -100.0
    for number, entry in sorted(track, key=lambda item: (item[1].date, item[0])):
        if entry.span:
            bars.append(_bar(number, entry, y, scale, as_of, date_text))
            continue
        # Markers of one day (or a few) are set side by side rather than on top of each other.
        last_x = min(max(scale.x(entry.date), last_x + MARKER_SPACING), WIDTH - 6.0)
        placed.append((number, entry, last_x))
    for index, (number, entry, x) in enumerate(placed):
        following = placed[index + 1][2] if index + 1 < len(placed) else WIDTH + 100.0
        shape, colour = MARKERS[str(entry.kind)]
        markers.append(
            Marker(
                number,
                shape,
                x,
                y + (ROW_WITH_MARKERS - 8 if mixed else ROW / 2),
                colour,
                f"{number}. {entry.label}: {date_text(entry.date)}",
                show_number=following - x >= 14 + CHAR * len(str(number)),
            )
        )


LEGEND = (
    ("CP plan", "bar", *BAR_STYLES["cp_plan"]),
    ("CIN plan", "bar", *BAR_STYLES["cin_plan"]),
    ("Risk", "bar", *BAR_STYLES["risk"]),
    ("Intervention", "bar", *BAR_STYLES["intervention"]),
    ("Worker", "bar", *BAR_STYLES["worker"]),
    ("Status change", "square", MARKERS["risk_status"][1], MARKERS["risk_status"][1]),
    ("Sustained change", "triangle", *(MARKERS["sustained_change"][1],) * 2),
    ("Engagement", "circle", *(MARKERS["engagement"][1],) * 2),
    ("Conference", "diamond", *(MARKERS["conference"][1],) * 2),
)


def _legend() -> tuple[LegendItem, ...]:
    """The legend's items, on as many lines as the width needs."""
    items = []
    x, y = 4.0, 15.0
    for name, shape, fill, stroke in LEGEND:
        width = 28 + CHAR * len(name)
        if x + width > WIDTH:
            x, y = 4.0, y + LEGEND_LINE
        items.append(LegendItem(x, y, name, shape, fill, stroke))
        x += width
    return tuple(items)
