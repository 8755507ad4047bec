"""The case digest names the input: the bytes a case was read from, else its compact JSON."""

import hashlib
from pathlib import Path

from engine import load_ruleset
from engine.digest import case_digest
from models.case import parse_case

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ready-step-down.json"


def test_a_case_read_from_json_is_digested_as_those_bytes() -> None:
    raw = EXAMPLE.read_bytes()
    case = parse_case(raw)
    expected = "sha256:" + hashlib.sha256(raw).hexdigest()
    assert case_digest(case, raw) == case_digest(case, raw.decode()) == expected
    assert load_ruleset(overlay="").assess(case, source=raw).case_digest == expected


def test_a_case_made_in_python_is_digested_as_its_compact_json() -> None:
    case = parse_case(EXAMPLE.read_bytes())
    compact = case.model_dump_json().encode()
    assert case_digest(case) == "sha256:" + hashlib.sha256(compact).hexdigest()
    assert case_digest(case) == case_digest(parse_case(compact), compact)
