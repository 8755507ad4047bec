"""Dates in an SSD extract: ISO (`2024-03-14`, maybe with a time) or day-first
(`14/03/2024`, as a spreadsheet re-save leaves them).

The format is decided once per file and column from all its values, never guessed per value:
a column that mixes the two forms, or whose slashed dates could all be month-first, is
refused, because reading it either way could silently swap day and month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from engine.ssd.problems import ImportInputError

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")


class DateFormat(Enum):
    ISO = "YYYY-MM-DD"
    DAY_FIRST = "DD/MM/YYYY"


@dataclass(slots=True)
class _ColumnEvidence:
    iso: int = 0
    slashed: int = 0
    first_over_12: bool = False
    second_over_12: bool = False


@dataclass(slots=True)
class DateDetector:
    """Collects the shapes of one file's date columns; `formats` decides them."""

    file: str
    columns: tuple[str, ...]
    _evidence: dict[str, _ColumnEvidence] = field(default_factory=dict)

    def see(self, column: str, value: str) -> None:
        evidence = self._evidence.setdefault(column, _ColumnEvidence())
        if _ISO.match(value):
            evidence.iso += 1
            return
        slashed = _SLASHED.match(value)
        if slashed:
            evidence.slashed += 1
            evidence.first_over_12 |= int(slashed.group(1)) > 12
            evidence.second_over_12 |= int(slashed.group(2)) > 12

    def see_row(self, row: dict[str, str | None]) -> None:
        for column in self.columns:
            value = row.get(column)
            if value is not None:
                self.see(column, value)

    def formats(self) -> dict[str, DateFormat]:
        """The format of each date column with values; ImportInputError if one is ambiguous."""
        decided: dict[str, DateFormat] = {}
        for column, evidence in self._evidence.items():
            where = f"{self.file}, column {column}"
            if evidence.iso and evidence.slashed:
                raise ImportInputError(
                    f"{where}: mixes ISO (YYYY-MM-DD) and slashed (DD/MM/YYYY) dates; "
                    "export the column in one format"
                )
            if evidence.iso:
                decided[column] = DateFormat.ISO
            elif evidence.slashed:
                if evidence.second_over_12:
                    raise ImportInputError(
                        f"{where}: dates are month-first (MM/DD/YYYY); export them as "
                        "YYYY-MM-DD or DD/MM/YYYY"
                    )
                if not evidence.first_over_12:
                    raise ImportInputError(
                        f"{where}: ambiguous dates: every slashed date could be day-first or "
                        "month-first; export the column as YYYY-MM-DD"
                    )
                decided[column] = DateFormat.DAY_FIRST
        return decided


def detect_formats(
    file: str, columns: tuple[str, ...], rows: Iterable[dict[str, str | None]]
) -> dict[str, DateFormat]:
    detector = DateDetector(file, columns)
    for row in rows:
        detector.see_row(row)
    return detector.formats()


def parse_date(value: str, form: DateFormat) -> dt.date | None:
    """The date, or None if the value is not a real date in the column's format."""
    match = (_ISO if form is DateFormat.ISO else _SLASHED).match(value)
    if match is None:
        return None
    first, second, third = (int(part) for part in match.groups())
    year, month, day = (first, second, third) if form is DateFormat.ISO else (third, second, first)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
