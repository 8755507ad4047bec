"""The drawing helpers behind tests/strategies.py: dates around a decision date, codes, and a
drawer that draws each part of a case in the tidy or the messy style."""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from hypothesis import strategies as st

Data = dict[str, Any]

# The base catalogue takes effect on 2010-01-01; decision dates start a little before so the
# engine is also exercised on dates when no rule is in force yet. Every date drawn lies within
# a few years of these, well inside the model's 1900-2100.
EARLIEST_DECISION = dt.date(2009, 7, 1)
LATEST_DECISION = dt.date(2026, 12, 31)

T = TypeVar("T")


def decision_dates() -> st.SearchStrategy[dt.date]:
    return st.dates(EARLIEST_DECISION, LATEST_DECISION)


def days_from(anchor: dt.date, low: int, high: int) -> st.SearchStrategy[dt.date]:
    return st.integers(low, high).map(lambda days: anchor + dt.timedelta(days=days))


# Days from the decision date: mostly before it (a plan's history), sometimes on it or
# shortly after it, and around the three-month mark.
NEAR_OFFSETS = st.one_of(
    st.integers(-1500, 0),
    st.integers(-200, 200),
    st.integers(-2, 2),
    st.sampled_from([-92, -89]),
)


def dates_near(anchor: dt.date) -> st.SearchStrategy[dt.date]:
    return NEAR_OFFSETS.map(lambda days: anchor + dt.timedelta(days=days))


def dates_after(anchor: dt.date, max_days: int = 900) -> st.SearchStrategy[dt.date]:
    return days_from(anchor, 1, max_days)


@cache
def code(enum: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in enum])


@cache
def code_lists(enum: Any, max_size: int | None = None) -> st.SearchStrategy[list[str]]:
    return st.lists(code(enum), unique=True, max_size=max_size or len(enum))


def iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def put(data: Data, key: str, value: Any) -> None:
    """Set an optional field, leaving it absent (not recorded) for None."""
    if value is not None:
        data[key] = value


@dataclass(frozen=True)
class Drawer:
    """Draws the parts of one case in its style, around its decision date."""

    draw: st.DrawFn
    anchor: dt.date
    tidy: bool

    def slip(self) -> bool:
        """In a tidy case, an occasional lapse in recording or in practice."""
        return self.draw(st.integers(0, 24)) == 0

    def flag(self) -> bool:
        return not self.slip() if self.tidy else self.draw(st.booleans())

    def maybe(self, strategy: st.SearchStrategy[T]) -> T | None:
        """A value, or None (not recorded): rarely in a tidy case, often in a messy one."""
        if self.slip() if self.tidy else self.draw(st.booleans()):
            return None
        return self.draw(strategy)

    def days(self, low: int, high: int) -> dt.date:
        return self.anchor + dt.timedelta(days=self.draw(st.integers(low, high)))

    def near(self) -> dt.date:
        return self.anchor + dt.timedelta(days=self.draw(NEAR_OFFSETS))

    def maybe_flag(self) -> bool | None:
        if self.tidy:
            return None if self.slip() else not self.slip()
        return self.maybe(st.booleans())

    def date(self, earliest: int = 1500, latest: int = 0) -> dt.date:
        """Tidy: between `earliest` and `latest` days before the decision; messy: anywhere."""
        return self.days(-earliest, -latest) if self.tidy else self.near()

    def action(self, earliest: int = 600, latest: int = 0) -> Data | None:
        if self.tidy:
            if self.slip():
                return self.draw(st.sampled_from([None, {"done": False}]))
            return {"done": True, "date": self.date(earliest, latest).isoformat()}
        choice = self.draw(st.integers(0, 2))
        if choice == 0:
            return None
        if choice == 1:
            return {"done": False}
        return {"done": True, "date": self.near().isoformat()}

    def count(self, low: int, high: int) -> int | None:
        """How many records a list holds, or None for a list not recorded."""
        if self.tidy:
            return None if self.slip() else self.draw(st.integers(max(low, 1), high))
        return None if self.draw(st.booleans()) else self.draw(st.integers(low, high))

    def refs(self, known: list[str]) -> list[str] | None:
        """Some of the `known` refs (a reference that resolves), or None (not recorded)."""
        if not known:
            return None if self.tidy else self.maybe(st.just([]))
        return self.maybe(st.lists(st.sampled_from(known), unique=True))
