"""Reading one SSD CSV file as authorities produce them.

UTF-8 with or without a byte-order mark, Windows or Unix line endings, blank (or `NULL`)
optional cells, header names in any case. Only the table's listed columns are kept from each
row; the others (names, dates of birth, ...) are dropped as the row is read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

from engine.ssd.problems import ImportInputError, ProblemLog
from engine.ssd.tables import Table

Row = dict[str, str | None]
MAX_CELL_CHARS = 64 * 1024
_MAX_CONSECUTIVE_ERRORS = 1000
_BLANK = {"", "null"}

csv.field_size_limit(MAX_CELL_CHARS)


class CsvFile:
    def __init__(self, path: Path, table: Table) -> None:
        self.path = path
        self.table = table
        self.size = path.stat().st_size

    @property
    def label(self) -> str:
        return self.table.file_name

    def rows(
        self,
        problems: ProblemLog | None = None,
        on_bytes: Callable[[int], None] | None = None,
    ) -> Iterator[tuple[int, Row]]:
        """(line, row) for each data row whose cells line up with the header. A row that does
        not is reported to `problems` (when given) and skipped."""
        with self.path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            reader = csv.reader(text)
            try:
                positions = self._positions(next(reader, None))
                line = reader.line_num
                errors = 0
                while True:
                    start = line + 1
                    try:
                        cells = next(reader)
                    except StopIteration:
                        break
                    except csv.Error:
                        line = reader.line_num
                        errors += 1
                        if problems is not None:
                            problems.add(self.label, start, None, "not a well-formed CSV row")
                        if errors > _MAX_CONSECUTIVE_ERRORS:
                            raise ImportInputError(
                                f"{self.label}: over {_MAX_CONSECUTIVE_ERRORS} malformed rows in "
                                f"a row near line {start}; is it a CSV file?"
                            ) from None
                        continue
                    errors = 0
                    line = reader.line_num
                    if on_bytes is not None:
                        on_bytes(raw.tell())
                    if not any(cell.strip() for cell in cells):
                        continue
                    if len(cells) != len(positions.header):
                        if problems is not None:
                            problems.add(
                                self.label,
                                start,
                                None,
                                f"has {len(cells)} cells where the header has "
                                f"{len(positions.header)}",
                            )
                        continue
                    yield start, {name: _value(cells[i]) for name, i in positions.used.items()}
            except UnicodeDecodeError:
                raise ImportInputError(
                    f"{self.label}: not UTF-8 text (after line {reader.line_num}); "
                    "save it as CSV UTF-8"
                ) from None

    def _positions(self, header: list[str] | None) -> _Positions:
        expected = [column.name for column in self.table.columns]
        if header is None:
            raise ImportInputError(
                f"{self.label}: the file is empty; expected a header with the columns "
                + ", ".join(expected)
            )
        names = [name.strip().lower() for name in header]
        missing = [c.name for c in self.table.columns if c.in_header and c.name not in names]
        if missing:
            raise ImportInputError(
                f"{self.label}: the header lacks {', '.join(missing)}; expected the columns "
                + ", ".join(expected)
            )
        used = {name: names.index(name) for name in expected if name in names}
        return _Positions(header=names, used=used)


class _Positions:
    def __init__(self, header: list[str], used: dict[str, int]) -> None:
        self.header = header
        self.used = used


def _value(cell: str) -> str | None:
    value = cell.strip()
    return None if value.lower() in _BLANK else value
