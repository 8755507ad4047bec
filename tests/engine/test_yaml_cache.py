"""Parsed YAML read back from the cache folder is exactly what parsing gives, or not used."""

import math
import re
from pathlib import Path

import pytest

from engine import base_rules_dir, load_ruleset, yaml_cache
from engine.yaml_source import YamlDocument, read_yaml
from models.case import parse_case

RULE_FILES = sorted(base_rules_dir().rglob("*.yaml"))
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "not-ready-step-down.json"


def _exact(document: YamlDocument | None) -> str:
    """The document's values with their types (1 and True, 1 and 1.0 differ), and lines."""
    assert document is not None
    return repr((document.file, document.data, document.lines))


def _read_twice(path: Path, cache: Path) -> tuple[YamlDocument | None, YamlDocument | None]:
    first, problems = read_yaml(path, "f.yaml", cache)
    assert problems == []
    second, problems = read_yaml(path, "f.yaml", cache)
    assert problems == []
    return first, second


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda path: path.name)
def test_every_rule_file_reads_back_exactly(path: Path, tmp_path: Path) -> None:
    parsed, _ = read_yaml(path, "f.yaml")
    first, second = _read_twice(path, tmp_path)
    assert _exact(first) == _exact(parsed) == _exact(second)
    assert len(list(tmp_path.iterdir())) == 1


def test_dates_times_and_numbers_keep_their_types(tmp_path: Path) -> None:
    path = tmp_path / "values.yaml"
    path.write_text(
        "on: 2024-01-31\nat: 2024-01-31 10:00:00.5+01:00\nnaive: 2024-01-31T10:00:00\n"
        "numbers: [1, 1.0, true, .nan, -.inf, 0x1F]\ntext: ['2024-01-31', null, '']\n"
        "binary: !!binary aGk=\n"
    )
    parsed, _ = read_yaml(path, "f.yaml")
    first, second = _read_twice(path, tmp_path / "cache")
    assert first is not None
    assert second is not None
    assert _exact(first) == _exact(parsed)
    assert math.isnan(second.data["numbers"][3])
    assert repr(second.data).replace("nan", "") == repr(first.data).replace("nan", "")
    assert second.data["at"].utcoffset() == first.data["at"].utcoffset()


def test_values_marshal_cannot_keep_are_not_stored(tmp_path: Path) -> None:
    """The loader makes none (its mappings and sequences are dicts and lists, whatever their
    tag); the cache still refuses them rather than keep them inexactly."""
    for value in (object(), {"a": {1, 2}}, [("tuple", "2024-01-01")]):
        yaml_cache.store("a: x\n", value, {}, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_documents_with_problems_are_parsed_every_time(tmp_path: Path) -> None:
    path = tmp_path / "twice.yaml"
    path.write_text("a: 1\na: 2\n")
    cache = tmp_path / "cache"
    for _ in range(2):
        _document, [problem] = read_yaml(path, "f.yaml", cache)
        assert problem.line == 2
    assert not cache.exists()


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty"])
def test_a_damaged_entry_is_parsed_again(tmp_path: Path, damage: str) -> None:
    path = RULE_FILES[0]
    cache = tmp_path / "cache"
    parsed, _ = read_yaml(path, "f.yaml")
    read_yaml(path, "f.yaml", cache)
    [entry] = cache.iterdir()
    stored = entry.read_bytes()
    entry.write_bytes(
        {
            "truncated": stored[:-7],
            "flipped": stored[:-1] + bytes([stored[-1] ^ 1]),
            "empty": b"",
        }[damage]
    )
    assert yaml_cache.cached(path.read_text(encoding="utf-8"), cache) is None
    again, problems = read_yaml(path, "f.yaml", cache)
    assert (problems, _exact(again)) == ([], _exact(parsed))


def test_an_unwritable_cache_only_means_parsing(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    first, second = _read_twice(RULE_FILES[0], blocked / "cache")
    assert _exact(first) == _exact(second)


def test_the_catalogue_loads_and_assesses_the_same_from_the_cache(tmp_path: Path) -> None:
    plain = load_ruleset()
    case_text = EXAMPLE.read_text(encoding="utf-8")
    expected = plain.assess(parse_case(case_text), None, source=case_text).model_dump_json()
    for _ in range(2):  # parsed and stored, then read back
        cached = load_ruleset(parse_cache=tmp_path)
        assert _without_addresses(cached.rules) == _without_addresses(plain.rules)
        assessed = cached.assess(parse_case(case_text), None, source=case_text)
        assert assessed.model_dump_json() == expected


def _without_addresses(value: object) -> str:
    return re.sub(r" at 0x[0-9a-f]+", "", repr(value))
