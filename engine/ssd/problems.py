"""Rows the import could not use: where (file, line, column) and why, never the value."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

KEPT_IN_REPORT = 200
"""The report lists this many problems; the problems file has them all."""


class ImportInputError(Exception):
    """The extract cannot be imported at all (a missing file, a wrong header, an ambiguous
    date column). The message names the file and column, never a value."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    file: str
    line: int
    column: str | None
    why: str

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column, "why": self.why}


class ProblemLog:
    """Counts every problem; keeps the first few for the report and writes all to a CSV."""

    def __init__(self, path: Path | None = None) -> None:
        self.counts: Counter[tuple[str, str, str]] = Counter()
        self.first: list[RowProblem] = []
        self._handle: IO[str] | None = None
        self._writer: Any = None
        if path is not None:
            self._handle = path.open("w", encoding="utf-8", newline="")
            self._writer = csv.writer(self._handle)
            self._writer.writerow(["file", "line", "column", "why"])

    def add(self, file: str, line: int, column: str | None, why: str) -> None:
        problem = RowProblem(file, line, column, why)
        self.counts[file, column or "", why] += 1
        if len(self.first) < KEPT_IN_REPORT:
            self.first.append(problem)
        if self._writer is not None:
            self._writer.writerow([file, line, column or "", why])

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def summary(self) -> list[dict[str, Any]]:
        return [
            {"file": file, "column": column or None, "why": why, "rows": rows}
            for (file, column, why), rows in sorted(self.counts.items())
        ]
