"""Streaming reader of the audit's inputs: JSON Lines files and folders of case files.

An input is a `.jsonl`/`.ndjson` file (one case per line), a `.json` file (one case), or a
folder searched recursively for both. Records come out one at a time with the file and line
they came from; nothing is parsed here (parsing and validation run in the worker processes).
Blank lines are not records: they are counted and skipped. A line longer than
`MAX_RECORD_BYTES` is not buffered: it becomes a record that carries its read error.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
MAX_RECORD_BYTES = 4 * 1024 * 1024
_SKIP_CHUNK = 1024 * 1024


class InputError(Exception):
    """An input path that cannot be used at all (missing, unreadable, unsupported)."""


@dataclass(frozen=True, slots=True)
class Source:
    path: Path
    label: str
    """The path as reported in outputs (as given, or relative to the folder given)."""
    json_lines: bool
    size: int


@dataclass(frozen=True, slots=True)
class RawRecord:
    file: str
    line: int | None
    """1-based line for JSON Lines; None for a whole-file `.json` case."""
    data: bytes
    read_error: str | None = None
    size: int = 0
    """Bytes of input this record accounts for (for progress)."""


def _is_case_file(path: Path) -> bool:
    return path.suffix.lower() in JSON_LINES_SUFFIXES + JSON_SUFFIXES


def resolve_inputs(paths: Sequence[Path], names: Sequence[str] | None = None) -> list[Source]:
    """Check and expand the inputs, in a stable order; raise InputError for unusable paths.
    `names`: what to call each input in outputs and errors (default: the path as given)."""
    if not paths:
        raise InputError("no input given")
    if names is not None and len(names) != len(paths):
        raise ValueError("one name per input")
    sources: list[Source] = []
    seen: set[Path] = set()
    for index, given in enumerate(paths):
        name = str(given) if names is None else names[index]
        if not given.exists():
            raise InputError(f"{name}: no such file or folder")
        if given.is_dir():
            files = sorted(p for p in given.rglob("*") if p.is_file() and _is_case_file(p))
            if not files:
                raise InputError(f"{name}: folder holds no .json or .jsonl files")
            candidates = [(p, str(Path(name) / p.relative_to(given))) for p in files]
        elif _is_case_file(given):
            candidates = [(given, name)]
        else:
            raise InputError(f"{name}: not a .jsonl, .ndjson or .json file")
        for path, label in candidates:
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            try:
                size = path.stat().st_size
                with path.open("rb"):
                    pass
            except OSError as error:
                raise InputError(f"{label}: cannot be read ({error.strerror})") from None
            sources.append(
                Source(
                    path=path,
                    label=label,
                    json_lines=path.suffix.lower() in JSON_LINES_SUFFIXES,
                    size=size,
                )
            )
    return sources


class Reader:
    """Iterate the records of the sources, counting blank lines as they are skipped."""

    def __init__(self, sources: Sequence[Source]) -> None:
        self.sources = list(sources)
        self.blank_lines = 0
        self.bytes_read = 0

    @property
    def total_bytes(self) -> int:
        return sum(source.size for source in self.sources)

    def __iter__(self) -> Iterator[RawRecord]:
        for source in self.sources:
            if source.json_lines:
                yield from self._json_lines(source)
            else:
                yield self._whole_file(source)

    def _whole_file(self, source: Source) -> RawRecord:
        with source.path.open("rb") as handle:
            data = handle.read(MAX_RECORD_BYTES + 1)
            if len(data) > MAX_RECORD_BYTES:
                self.bytes_read += source.size
                return RawRecord(source.label, None, b"", _too_large(), size=source.size)
        self.bytes_read += len(data)
        return RawRecord(source.label, None, data, size=len(data))

    def _json_lines(self, source: Source) -> Iterator[RawRecord]:
        with source.path.open("rb") as handle:
            number = 0
            while True:
                data = handle.readline(MAX_RECORD_BYTES + 1)
                if not data:
                    return
                number += 1
                size = len(data)
                if len(data) > MAX_RECORD_BYTES and not data.endswith(b"\n"):
                    size += _skip_rest_of_line(handle)
                    self.bytes_read += size
                    yield RawRecord(source.label, number, b"", _too_large(), size=size)
                    continue
                self.bytes_read += size
                if not data.strip():
                    self.blank_lines += 1
                    continue
                yield RawRecord(source.label, number, data, size=size)


def _too_large() -> str:
    return f"record larger than {MAX_RECORD_BYTES // (1024 * 1024)} MiB"


def _skip_rest_of_line(handle: BinaryIO) -> int:
    skipped = 0
    while True:
        part = handle.readline(_SKIP_CHUNK)
        skipped += len(part)
        if not part or part.endswith(b"\n"):
            return skipped
