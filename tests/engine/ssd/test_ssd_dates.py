"""Date formats are decided per file and column from all the values, never per value."""

import datetime as dt

import pytest

from engine.ssd.dates import DateFormat, detect_formats, parse_date
from engine.ssd.problems import ImportInputError


def _formats(values: list[str]) -> dict[str, DateFormat]:
    rows: list[dict[str, str | None]] = [{"d": value} for value in values]
    return detect_formats("ssd_cp_plans.csv", ("d",), rows)


def test_iso_dates_with_or_without_a_time() -> None:
    assert _formats(["2024-03-04", "2024-03-14 00:00:00", "2024-03-14T09:30"]) == {
        "d": DateFormat.ISO
    }
    assert parse_date("2024-03-04 00:00:00.000", DateFormat.ISO) == dt.date(2024, 3, 4)


def test_a_day_over_12_makes_the_whole_column_day_first() -> None:
    formats = _formats(["04/03/2024", "14/03/2024", "1/2/2023"])
    assert formats == {"d": DateFormat.DAY_FIRST}
    assert parse_date("04/03/2024", formats["d"]) == dt.date(2024, 3, 4)
    assert parse_date("1/2/2023", formats["d"]) == dt.date(2023, 2, 1)


def test_blank_columns_need_no_format() -> None:
    assert detect_formats("f.csv", ("d",), [{"d": None}, {}]) == {}


@pytest.mark.parametrize(
    ("values", "why"),
    [
        (["04/03/2024", "05/06/2024"], "ambiguous dates"),
        (["03/14/2024", "01/02/2024"], "month-first"),
        (["2024-03-14", "14/03/2024"], "mixes ISO"),
    ],
)
def test_ambiguous_columns_are_refused_naming_file_and_column(values: list[str], why: str) -> None:
    with pytest.raises(ImportInputError) as raised:
        _formats(values)
    message = str(raised.value)
    assert message.startswith("ssd_cp_plans.csv, column d: ")
    assert why in message
    assert not any(value in message for value in values)


@pytest.mark.parametrize("value", ["31/02/2024", "2024-13-01", "yesterday", "14.03.2024"])
def test_values_that_are_not_real_dates_parse_to_none(value: str) -> None:
    assert parse_date(value, DateFormat.DAY_FIRST) is None
    assert parse_date(value, DateFormat.ISO) is None
