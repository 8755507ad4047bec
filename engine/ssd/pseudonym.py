"""Pseudonymous refs by a keyed hash (HMAC-SHA256) with a key the authority keeps.

The same id gets the same ref in every import with the same key, so a family keeps its ref
across re-audits; without the key a ref cannot be traced back to the case system's id. The
key is read from a file and never printed, logged or written.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from engine.ssd.problems import ImportInputError

MIN_KEY_BYTES = 16
MAX_KEY_BYTES = 4096
_PREFIXES = {"family": "F", "person": "C", "plan": "P", "worker": "W", "conference": "K"}


def load_key(path: Path) -> bytes:
    try:
        key = path.read_bytes()[: MAX_KEY_BYTES + 1].strip()
    except OSError as error:
        raise ImportInputError(f"key file {path}: cannot be read ({error.strerror})") from None
    if len(key) < MIN_KEY_BYTES or len(key) > MAX_KEY_BYTES:
        raise ImportInputError(
            f"key file {path}: a key is {MIN_KEY_BYTES} to {MAX_KEY_BYTES} bytes; "
            "make one with `deplan import new-key FILE`"
        )
    return key


def write_new_key(path: Path) -> None:
    """A new random key, readable by its owner only; never overwrites an existing file."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")


class Pseudonymiser:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def __repr__(self) -> str:
        return "Pseudonymiser(<key withheld>)"

    def ref(self, kind: str, source_id: str) -> str:
        """`F-` plus 16 hex digits (64 bits) for a family, `C-` a child, and so on."""
        digest = hmac.new(self._key, f"{kind}\x00{source_id}".encode(), hashlib.sha256)
        return f"{_PREFIXES[kind]}-{digest.hexdigest()[:16]}"
