"""Parsed YAML documents kept on disk, so that a command run again neither imports PyYAML
nor parses the rule catalogue (together about a tenth of a one-case `deplan check`).

The caller names the folder (the engine reads no environment). A document that parsed
without a problem is stored under the SHA-256 of its text, of this format's name and of the
installed PyYAML's identity (its `__init__.py`'s size and modification time), in marshal
format behind the SHA-256 of that payload; it is used only when that digest matches, so a
stale, truncated or damaged entry is parsed again, never trusted. Dates and datetimes are
kept as tagged pairs; a document holding anything else marshal cannot keep exactly (or a
tuple, which the tags use) is not stored. Failing to read or write the folder only means
parsing.
"""

import datetime as dt
import hashlib
import importlib.util
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

FORMAT = b"deplan parsed YAML 1\n"
DIGEST_BYTES = 32
PLAIN_TYPES = (str, bool, int, float, type(None), bytes)
Lines = dict[tuple[str | int, ...], int]


class _NotStorableError(Exception):
    """A value marshal cannot keep exactly."""


def cached(text: str, folder: Path) -> tuple[Any, Lines] | None:
    """The data and lines stored for `text`, or None."""
    try:
        stored = _entry(folder, text).read_bytes()
        digest, payload = stored[:DIGEST_BYTES], stored[DIGEST_BYTES:]
        if hashlib.sha256(payload).digest() != digest:
            return None
        data, lines = marshal.loads(payload)  # noqa: S302 (our own entry, its digest checked)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return _decoded(data), lines


def store(text: str, data: Any, lines: Lines, folder: Path) -> None:
    """Keep `data` and `lines` parsed from `text`, when marshal can keep them exactly."""
    try:
        payload = marshal.dumps((_encoded(data), lines))
    except (_NotStorableError, ValueError):
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as out:
            out.write(hashlib.sha256(payload).digest() + payload)
        os.replace(out.name, _entry(folder, text))
    except OSError:
        return


def _entry(folder: Path, text: str) -> Path:
    key = hashlib.sha256(FORMAT + _pyyaml_identity() + text.encode("utf-8"))
    return folder / f"{key.hexdigest()}.marshal"


def _pyyaml_identity() -> bytes:
    spec = importlib.util.find_spec("yaml")
    if spec is None or spec.origin is None:
        return b"no PyYAML\n"
    status = os.stat(spec.origin)
    return f"{spec.origin}:{status.st_size}:{status.st_mtime_ns}\n".encode()


def _encoded(value: Any) -> Any:
    if type(value) in PLAIN_TYPES:
        return value
    if isinstance(value, dict):
        return {key: _encoded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encoded(item) for item in value]
    if isinstance(value, dt.datetime):
        return ("datetime", value.isoformat())
    if isinstance(value, dt.date):
        return ("date", value.isoformat())
    raise _NotStorableError(type(value).__name__)


def _decoded(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _decoded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decoded(item) for item in value]
    if isinstance(value, tuple):
        kind, iso = value
        return dt.datetime.fromisoformat(iso) if kind == "datetime" else dt.date.fromisoformat(iso)
    return value
