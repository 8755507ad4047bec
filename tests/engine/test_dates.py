import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.dates import add_months, plain_date, whole_months_between

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2024, 1, 31), 3, D(2024, 4, 30)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 11, 15), 3, D(2025, 2, 15)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
    ],
)
def test_add_months_clamps_to_month_end(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2024, 1, 31), D(2024, 4, 30), 3),
        (D(2024, 1, 31), D(2024, 4, 29), 2),
        (D(2024, 2, 29), D(2024, 5, 29), 3),
        (D(2024, 1, 29), D(2024, 3, 14), 1),
        (D(2024, 3, 14), D(2024, 3, 14), 0),
        (D(2024, 3, 14), D(2024, 1, 29), -1),
    ],
)
def test_whole_months_between(start: dt.date, end: dt.date, expected: int) -> None:
    assert whole_months_between(start, end) == expected


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 1, 1)), st.integers(0, 240))
def test_whole_months_inverts_add_months(start: dt.date, months: int) -> None:
    assert whole_months_between(start, add_months(start, months)) == months


def test_plain_date() -> None:
    assert plain_date(D(2024, 5, 2)) == "2 May 2024"
