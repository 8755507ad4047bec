"""Reading YAML with line numbers: libyaml when present, the same results as pure Python."""

from pathlib import Path

import pytest
import yaml

from engine import base_rules_dir, yaml_parse
from engine.yaml_source import parse_yaml

RULE_FILES = sorted(base_rules_dir().rglob("*.yaml"))


def _with(loader: type, text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    with monkeypatch.context() as patch:
        patch.setattr(yaml_parse, "YamlLoader", loader)
        document, problems = parse_yaml(text, "f.yaml")
    return (document.data, document.lines) if document else None, problems


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
def test_libyaml_is_used_when_present() -> None:
    assert yaml_parse.YamlLoader is yaml.CSafeLoader  # type: ignore[attr-defined]


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("path", RULE_FILES, ids=lambda path: path.name)
def test_libyaml_and_pure_python_agree_on_values_and_lines(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8")
    assert _with(yaml.CSafeLoader, text, monkeypatch) == _with(yaml.SafeLoader, text, monkeypatch)


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("id: x\nrequires: [unclosed\n", 3, "(syntax)"),
        ("a: 1\nb:\n  c: 2\n c: 3\n", 4, "(syntax)"),
        ("a: 1\nb:\n  - c: 2\n    c: 3\n", 4, "b.0.c"),
        ("a:\n  b: !!int twelve\n", 2, "a.b"),
    ],
    ids=["unclosed", "indentation", "duplicate key", "bad value"],
)
def test_problems_name_the_line(text: str, line: int, field: str) -> None:
    _document, [problem] = parse_yaml(text, "f.yaml")
    assert (problem.file, problem.line, problem.field) == ("f.yaml", line, field)


def test_lines_of_keys_and_items() -> None:
    document, problems = parse_yaml("a: 1\nb:\n  - c: 2\n    d: 2024-01-01\n", "f.yaml")
    assert problems == []
    assert document is not None
    assert document.data == {"a": 1, "b": [{"c": 2, "d": yaml.safe_load("2024-01-01")}]}
    assert document.line(("b", 0, "d")) == 4
    assert document.line(("b", 0, "unknown")) == 3
