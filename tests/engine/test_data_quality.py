"""Data quality: every date after the as-of date is named, in field order, by its path."""

import datetime as dt
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from pydantic import BaseModel

from engine.data_quality import _dates_after, data_quality
from models.case import Case
from tests.strategies import GENERATED_CASES, cases_with_as_of

RECORDED_LATER = "recorded_after_as_of"


def every_date(value: object, path: str = "") -> Iterator[tuple[str, dt.date]]:
    """Each date in a case's data, with its path, walking every field."""
    if isinstance(value, dt.date):
        yield path, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from every_date(item, f"{path}.{name}" if path else name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from every_date(item, f"{path}[{index}]")


@settings(GENERATED_CASES, max_examples=150)
@given(cases_with_as_of())
def test_every_date_after_the_as_of_date_is_named(drawn: tuple[Case, dt.date]) -> None:
    case, as_of = drawn
    named = [p.path for p in data_quality(case, as_of) if p.code == RECORDED_LATER]
    later = [
        path
        for path, day in every_date(case.model_dump())
        if day > as_of and path != "decision_date"
    ]
    assert named == later


def test_a_field_the_check_cannot_walk_is_refused() -> None:
    class Dated(BaseModel):
        by_name: dict[str, dt.date]

    with pytest.raises(TypeError, match="may hold a date"):
        _dates_after(Dated)
