"""The audit's output folder, safe to re-run and never half-written.

A folder that holds anything is refused unless forced, and then only the outputs of an
earlier audit are removed (never other files). Streamed outputs are written under
`.partial` names and renamed when the audit has completed; the small files are written the
same way, `summary.json` last, so its presence means the audit completed, and an interrupted
audit leaves only `.partial` files.

Worker processes write each chunk's lines to chunk files of their own (`spill`, also
`.partial`), which the parent appends to the streamed outputs in input order with an
in-kernel copy (`StreamedOutputs.append`): the lines never pass through the parent's memory
or a pipe.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

ASSESSMENTS = "assessments.jsonl"
FINDINGS = "findings.csv"
REJECTED = "rejected.jsonl"
SUMMARY = "summary.json"
REPORT = "report.html"
CHANGES = "changes.jsonl"
COMPARE = "compare.json"
ALL_OUTPUTS = (ASSESSMENTS, FINDINGS, REJECTED, CHANGES, COMPARE, REPORT, SUMMARY)
PARTIAL_SUFFIX = ".partial"
_CHUNK_FILE = re.compile(r"(.+)\.[0-9]+" + re.escape(PARTIAL_SUFFIX))
_COPY_BYTES = 1 << 30

ChunkPart = bytes | Path
"""A chunk's lines of one output: the bytes, or the chunk file a worker wrote them to."""


class OutputFolderError(Exception):
    """The output folder cannot be used (not empty without force, or not a folder)."""


def partial(path: Path) -> Path:
    return path.with_name(path.name + PARTIAL_SUFFIX)


def prepare_out(out: Path, force: bool) -> None:
    """Refuse a folder that holds anything unless forced; when forced, remove an earlier
    audit's outputs so that none of them can be mistaken for this one's."""
    if out.exists() and not out.is_dir():
        raise OutputFolderError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not force:
            raise OutputFolderError(
                f"{out}: folder is not empty; choose another --out, or use --force to replace "
                "the outputs of an earlier audit there"
            )
        for name in ALL_OUTPUTS:
            (out / name).unlink(missing_ok=True)
            partial(out / name).unlink(missing_ok=True)
        _remove_chunk_files(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputFolderError(f"{out}: cannot be created ({error.strerror})") from None


def chunk_file(out: Path, name: str, index: int) -> Path:
    return partial(out / f"{name}.{index}")


def spill(out: Path, index: int, parts: Mapping[str, bytes]) -> dict[str, Path]:
    """Write chunk `index`'s lines of each output to its chunk file (in a worker process)."""
    files: dict[str, Path] = {}
    for name, data in parts.items():
        path = chunk_file(out, name, index)
        path.write_bytes(data)
        files[name] = path
    return files


def _remove_chunk_files(out: Path) -> None:
    for path in out.iterdir():
        match = _CHUNK_FILE.fullmatch(path.name)
        if match and match.group(1) in ALL_OUTPUTS:
            path.unlink(missing_ok=True)


class StreamedOutputs:
    """Files written as the audit goes, under `.partial` names until `publish`. Unbuffered:
    each write is a chunk's lines, and chunk files are appended by the kernel in between."""

    def __init__(self, out: Path, names: Sequence[str]) -> None:
        self.out = out
        self._handles: dict[str, BinaryIO] = {}
        for name in names:
            self._handles[name] = partial(out / name).open("wb", buffering=0)

    def append(self, name: str, part: ChunkPart) -> None:
        """Append a chunk's lines; a chunk file is removed once copied."""
        target = self._handles[name]
        if isinstance(part, bytes):
            target.write(part)
            return
        with part.open("rb") as source:
            _copy_to_end(source, target)
        part.unlink()

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()

    def discard(self) -> None:
        """The audit did not complete: remove what it wrote."""
        self.close()
        for name in self._handles:
            partial(self.out / name).unlink(missing_ok=True)
        _remove_chunk_files(self.out)

    def publish(self) -> None:
        """The audit completed: give the files their real names."""
        self.close()
        for name in self._handles:
            partial(self.out / name).replace(self.out / name)

    def publish_with(
        self, summary: dict[str, Any], compare: dict[str, Any] | None, report: str
    ) -> None:
        """The audit completed: publish the streamed files, then the comparison, the report
        and, last, the summary (its presence means the audit completed)."""
        self.publish()
        if compare is not None:
            write_atomically(self.out / COMPARE, json.dumps(compare, indent=2) + "\n")
        write_atomically(self.out / REPORT, report)
        write_atomically(self.out / SUMMARY, json.dumps(summary, indent=2) + "\n")


def _copy_to_end(source: BinaryIO, target: BinaryIO) -> None:
    start = target.tell()
    try:
        while os.copy_file_range(source.fileno(), target.fileno(), _COPY_BYTES):
            pass
    except (AttributeError, OSError):
        # No in-kernel copy here (not Linux, or not between these files): copy it through
        # this process, over whatever part the kernel copied.
        target.truncate(start)
        target.seek(start)
        source.seek(0)
        shutil.copyfileobj(source, target)


def write_atomically(path: Path, text: str) -> None:
    temporary = partial(path)
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
