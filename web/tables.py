"""Tables as data for `templates/macros/tables.html`: text already formatted, numbers
marked so they align right, small groups flagged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from web.charts import BarChart
from web.render import percent, thousands

SMALL_GROUP = 5
"""Groups of fewer families than this are flagged: a rate on them says little."""
SMALL_GROUP_NOTE = f"fewer than {SMALL_GROUP} families: read its figures with care"


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    numeric: bool = True


@dataclass(frozen=True, slots=True)
class Row:
    header: str
    cells: Sequence[Cell]
    detail: str | None = None
    """Secondary text after the header (e.g. a rule's id or a code)."""
    flag: str | None = None
    """Why the row is to be read with care (a small group), or None."""


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    head: Sequence[str]
    rows: Sequence[Row] = field(default_factory=list)


def count(value: int) -> Cell:
    return Cell(thousands(value))


def of(part: int, whole: int, whom: str = "") -> Cell:
    """A count with its denominator: `3 of 1,204`, or `3 of 1,204 families judged`."""
    return Cell(f"{thousands(part)} of {thousands(whole)}{' ' + whom if whom else ''}")


def rate(value: float | None) -> Cell:
    return Cell(percent(value))


def share(part: int, whole: int) -> Cell:
    return Cell(percent(part / whole if whole else None))


def text(value: str) -> Cell:
    return Cell(value, numeric=False)


def small_group_flag(families: int) -> str | None:
    return SMALL_GROUP_NOTE if families < SMALL_GROUP else None


@dataclass(frozen=True, slots=True)
class Statement:
    """A sentence led by its figure in bold."""

    lead: str
    text: str


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart and the table with the same numbers."""

    chart: BarChart
    table: Table
