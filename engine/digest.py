"""A digest of a case as it was received, so a stored assessment can be matched to the exact
input: SHA-256 of the bytes the case was read from (a request body, a file, a JSON line).

Hashing those bytes costs a few microseconds; re-serialising the parsed case to hash it cost
about as much as parsing it. A case made in Python, with no bytes it was read from, is
digested as its compact JSON (`Case.model_dump_json()`), which is what a client sending it
compactly would send. Two sendings of one case that differ in spacing or key order have
different digests: the digest names the input, not the case's meaning.
"""

import hashlib

from models.case import Case


def case_digest(case: Case, source: str | bytes | None = None) -> str:
    """`source`: the JSON text `case` was parsed from, when there was one."""
    data = case.model_dump_json() if source is None else source
    return "sha256:" + hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()
