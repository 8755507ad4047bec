"""The chronology's time axis: dates to x, year (or quarter) ticks, and breaks where a long
stretch of time has nothing on the timeline."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

GAP_DAYS = 365
GAP_MARGIN = dt.timedelta(days=60)
BREAK = 24
"""Width of a long empty stretch of time, drawn with a break on the axis."""


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True, slots=True)
class Break:
    """A long empty stretch of time drawn narrow, from `x` for `BREAK` units."""

    x: float
    tooltip: str
    width: int = BREAK


class Scale:
    """Dates to x, linear except that a long stretch with nothing on the timeline (no span
    running, no event) is drawn narrow, with a break on the axis: an old plan stays in view
    without squeezing the current episode."""

    def __init__(
        self, covered: Sequence[tuple[dt.date, dt.date]], as_of: dt.date, left: int, right: int
    ) -> None:
        start = min((a for a, _ in covered), default=as_of)
        days = max((as_of - start).days, 30)
        pad = dt.timedelta(days=max(days // 50, 1))
        self.start, self.end = start - pad, as_of + pad
        self.gaps = _gaps(covered)
        width = right - left - BREAK * len(self.gaps)
        linear = (self.end - self.start).days - sum((b - a).days for a, b in self.gaps)
        self.points = [(self.start, float(left))]
        for a, b in self.gaps:
            self.points.append((a, self._linear(a, width / linear)))
            self.points.append((b, self.points[-1][1] + BREAK))
        self.points.append((self.end, float(right)))

    def _linear(self, day: dt.date, per_day: float) -> float:
        last_day, last_x = self.points[-1]
        return last_x + per_day * (day - last_day).days

    def x(self, day: dt.date) -> float:
        for (a, xa), (b, xb) in itertools.pairwise(self.points):
            if day <= b or b == self.end:
                return round(xa + (xb - xa) * (day - a).days / max((b - a).days, 1), 1)
        raise AssertionError("unreachable: the last segment takes every later day")

    def in_gap(self, day: dt.date) -> bool:
        return any(a < day < b for a, b in self.gaps)

    @property
    def days(self) -> int:
        return (self.end - self.start).days - sum((b - a).days for a, b in self.gaps)


def _gaps(covered: Sequence[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Stretches of more than `GAP_DAYS` with nothing on the timeline, less a margin each side."""
    gaps = []
    reach: dt.date | None = None
    for start, end in sorted(covered):
        if reach is not None and (start - reach).days > GAP_DAYS + 2 * GAP_MARGIN.days:
            gaps.append((reach + GAP_MARGIN, start - GAP_MARGIN))
        reach = end if reach is None else max(reach, end)
    return gaps


def ticks(scale: Scale, as_of: dt.date) -> tuple[Tick, ...]:
    """January of each year; quarters when the timeline is under two years."""
    months = (1, 4, 7, 10) if scale.days < 730 else (1,)
    ticks = []
    for year in range(scale.start.year, as_of.year + 1):
        for month in months:
            day = dt.date(year, month, 1)
            if scale.start <= day <= as_of and not scale.in_gap(day):
                text = str(year) if month == 1 else day.strftime("%b")
                ticks.append(Tick(scale.x(day), text))
    return tuple(ticks)
