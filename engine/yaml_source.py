"""Read YAML keeping the line of every key and item, and refusing duplicate keys.

Documents are composed into nodes, whose start marks give the lines, by libyaml's
`CSafeLoader` when PyYAML was built with it (the rule catalogue loads in a tenth of the time)
and by `SafeLoader` otherwise. Both mark the same lines and construct the same values; only
the wording of syntax errors differs. PyYAML is imported on the first parse
(engine/yaml_parse.py): with a cache folder (engine/yaml_cache.py), a document parsed
before is read back without it.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine import yaml_cache
from engine.errors import LoadProblem

YamlPath = tuple[str | int, ...]


@dataclass(slots=True)
class YamlDocument:
    file: str
    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)

    def line(self, path: YamlPath) -> int | None:
        """The line of `path`, or of its nearest recorded parent."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


def read_yaml(
    path: Path, display_name: str, cache: Path | None = None
) -> tuple[YamlDocument | None, list[LoadProblem]]:
    """The document in `path`, read back from the `cache` folder when it was parsed before."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [LoadProblem(display_name, None, None, "(file)", f"cannot be read: {error}")]
    if cache is None:
        return parse_yaml(text, display_name)
    stored = yaml_cache.cached(text, cache)
    if stored is not None:
        return YamlDocument(display_name, *stored), []
    document, problems = parse_yaml(text, display_name)
    if document is not None and not problems:
        yaml_cache.store(text, document.data, document.lines, cache)
    return document, problems


def parse_yaml(text: str, display_name: str) -> tuple[YamlDocument | None, list[LoadProblem]]:
    from engine.yaml_parse import parse_document

    return parse_document(text, display_name)
