"""The audit's output folder, safe to re-run and never half-written.

A folder that holds anything is refused unless forced, and then only the outputs of an
earlier audit are removed (never other files). Streamed outputs are written under
`.partial` names and renamed when the audit has completed; the small files are written the
same way, `summary.json` last, so its presence means the audit completed, and an interrupted
audit leaves only `.partial` files.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

ASSESSMENTS = "assessments.jsonl"
FINDINGS = "findings.csv"
REJECTED = "rejected.jsonl"
SUMMARY = "summary.json"
REPORT = "report.html"
CHANGES = "changes.jsonl"
COMPARE = "compare.json"
ALL_OUTPUTS = (ASSESSMENTS, FINDINGS, REJECTED, CHANGES, COMPARE, REPORT, SUMMARY)
PARTIAL_SUFFIX = ".partial"


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
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputFolderError(f"{out}: cannot be created ({error.strerror})") from None


class StreamedOutputs:
    """Files written as the audit goes, under `.partial` names until `publish`."""

    def __init__(self, out: Path, names: Sequence[str]) -> None:
        self.out = out
        self._handles: dict[str, TextIO] = {}
        for name in names:
            self._handles[name] = partial(out / name).open("w", encoding="utf-8", newline="")

    def stream(self, name: str) -> TextIO:
        return self._handles[name]

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()

    def discard(self) -> None:
        """The audit did not complete: remove what it wrote."""
        self.close()
        for name in self._handles:
            partial(self.out / name).unlink(missing_ok=True)

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


def write_atomically(path: Path, text: str) -> None:
    temporary = partial(path)
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
