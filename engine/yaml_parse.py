"""Parse YAML into a YamlDocument (engine/yaml_source.py), with libyaml when present."""

from typing import Any

import yaml

from engine.errors import LoadProblem
from engine.yaml_source import YamlDocument, YamlPath

try:
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as YamlLoader  # type: ignore[assignment]


def parse_document(text: str, display_name: str) -> tuple[YamlDocument | None, list[LoadProblem]]:
    loader = YamlLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        return None, [LoadProblem(display_name, line, None, "(syntax)", f"invalid YAML: {problem}")]
    finally:
        loader.dispose()
    document = YamlDocument(display_name, None)
    problems: list[LoadProblem] = []
    if node is not None:
        document.data = _convert(node, (), document, problems, loader)
    return document, problems


def _convert(
    node: yaml.Node,
    path: YamlPath,
    document: YamlDocument,
    problems: list[LoadProblem],
    loader: "yaml.SafeLoader | yaml.CSafeLoader",
) -> Any:
    document.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = key.isoformat() if hasattr(key, "isoformat") else str(key)
            if key in mapping:
                problems.append(
                    LoadProblem(
                        document.file,
                        key_node.start_mark.line + 1,
                        None,
                        ".".join(str(part) for part in (*path, key)),
                        "this key appears twice in the same mapping",
                    )
                )
            document.lines[(*path, key)] = key_node.start_mark.line + 1
            mapping[key] = _convert(value_node, (*path, key), document, problems, loader)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*path, index), document, problems, loader)
            for index, item in enumerate(node.value)
        ]
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, yaml.constructor.ConstructorError) as error:
        problems.append(
            LoadProblem(
                document.file,
                node.start_mark.line + 1,
                None,
                ".".join(str(part) for part in path) or "(value)",
                f"not a valid value ({error})",
            )
        )
        return node.value
