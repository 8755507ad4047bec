"""Load the rule catalogue and an optional local overlay into a RuleSet.

A rules directory holds `ruleset.yaml` (name, version, cited source), `parameters.yaml`,
`catalogue/*.yaml` (one rule a file) and `tests/*.yaml`. An overlay directory may hold
`ruleset.yaml` (its own name and version), `parameters.yaml` (dated values over the base),
`overrides.yaml` (`severity: {rule-id: advisory}`) and `catalogue/*.yaml` (added rules).
Every problem is collected and raised together as a RuleLoadError.
"""

import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from engine.errors import LoadProblem, RuleLoadError, did_you_mean
from engine.parameters import Parameter, Parameters, read_parameters
from engine.rules import Rule, build_rule
from engine.ruleset import RuleSet
from engine.yaml_source import YamlDocument, read_yaml
from models.assessment import Severity


def base_rules_dir() -> Path:
    """The catalogue shipped with deplan: bundled in a wheel, or `rules/` in a checkout."""
    bundled = Path(__file__).parent / "_bundled_rules"
    return bundled if bundled.is_dir() else Path(__file__).resolve().parent.parent / "rules"


def load_ruleset(
    overlay: Path | str | None = None, base: Path | None = None, *, parse_cache: Path | None = None
) -> RuleSet:
    """Load the rule catalogue `base` (default: the one shipped with deplan) with the local
    `overlay` folder over it (None or "": none). Raises RuleLoadError listing every problem
    found, each with its file, line and rule. The engine reads no environment: the service's
    and the CLI's `DEPLAN_RULES` is passed in as `overlay` (api/settings.py). With a
    `parse_cache` folder, YAML files parsed before are read back from it (yaml_cache.py)."""
    base_dir = base or base_rules_dir()
    overlay_dir = Path(overlay) if overlay else None
    if overlay_dir is not None and overlay_dir.resolve() == base_dir.resolve():
        overlay_dir = None
    return _Loader(base_dir, overlay_dir, parse_cache).load()


class _Loader:
    def __init__(self, base: Path, overlay: Path | None, parse_cache: Path | None) -> None:
        self.base = base
        self.overlay = overlay
        self.parse_cache = parse_cache
        self.problems: list[LoadProblem] = []
        self.files: list[Path] = []

    def load(self) -> RuleSet:
        for directory in filter(None, (self.base, self.overlay)):
            if not directory.is_dir():
                raise RuleLoadError(
                    [
                        LoadProblem(
                            _relative_to_cwd(directory),
                            None,
                            None,
                            "(directory)",
                            "is not a directory",
                        )
                    ]
                )
        manifest = self._read(self.base / "ruleset.yaml")
        version, title, source_file = self._manifest(manifest)
        parameters = self._parameters()
        source_text = self._source_text(source_file)
        rules = self._rules(parameters, title, source_text)
        severities = {rule.id: rule.severity for rule in rules}
        if self.overlay is not None:
            version = self._overlay_version(version)
            self._apply_overrides(severities)
        if self.problems:
            raise RuleLoadError(self.problems)
        return RuleSet(
            version=version,
            content_hash=self._content_hash(),
            rules=tuple(rules),
            parameters=Parameters(parameters),
            severities=severities,
        )

    def _read(self, path: Path, *, optional: bool = False) -> YamlDocument | None:
        if optional and not path.exists():
            return None
        self.files.append(path)
        document, problems = read_yaml(path, _relative_to_cwd(path), self.parse_cache)
        data = document.data if document else None
        rule_id = data.get("id") if isinstance(data, dict) else None
        if isinstance(rule_id, str):
            problems = [replace(problem, rule_id=rule_id) for problem in problems]
        self.problems.extend(problems)
        return document

    def _problem(
        self, document: YamlDocument, path: tuple[str, ...], message: str, hint: str | None = None
    ) -> None:
        self.problems.append(
            LoadProblem(document.file, document.line(path), None, ".".join(path), message, hint)
        )

    def _manifest(self, document: YamlDocument | None) -> tuple[str, str, Path | None]:
        data = document.data if document else None
        if document is None or not isinstance(data, dict):
            return "", "", None
        values: dict[str, str] = {}
        for key in ("name", "version"):
            if not isinstance(data.get(key), str | int | float):
                self._problem(document, (key,), "is required")
            values[key] = str(data.get(key, ""))
        source = data.get("source")
        if not isinstance(source, dict) or not {"title", "file"} <= set(source):
            self._problem(document, ("source",), "needs `title` and `file` (the cited document)")
            return values["version"], "", None
        return (
            values["version"],
            str(source["title"]),
            self.base / str(source["file"]),
        )

    def _parameters(self) -> dict[str, Parameter]:
        document = self._read(self.base / "parameters.yaml")
        parameters: dict[str, Parameter] = {}
        if document is not None:
            parameters, problems = read_parameters(document)
            self.problems.extend(problems)
        if self.overlay is not None:
            overlay = self._read(self.overlay / "parameters.yaml", optional=True)
            if overlay is not None:
                parameters, problems = read_parameters(overlay, base=parameters)
                self.problems.extend(problems)
        return parameters

    def _source_text(self, source_file: Path | None) -> str | None:
        if source_file is None:
            return None
        try:
            text = source_file.read_text(encoding="utf-8")
        except OSError as error:
            self.problems.append(
                LoadProblem(
                    _relative_to_cwd(source_file),
                    None,
                    None,
                    "source.file",
                    f"cannot be read: {error}",
                )
            )
            return None
        self.files.append(source_file)
        return _normalise(text)

    def _rules(
        self, parameters: dict[str, Parameter], title: str, source_text: str | None
    ) -> list[Rule]:
        rules: list[Rule] = []
        first_file: dict[str, str] = {}
        for directory in filter(None, (self.base, self.overlay)):
            for path in sorted((directory / "catalogue").glob("*.yaml")):
                document = self._read(path)
                if document is None:
                    continue
                rule, problems = build_rule(document, parameters, title)
                self.problems.extend(problems)
                if rule is None:
                    continue
                if rule.id in first_file:
                    self.problems.append(
                        LoadProblem(
                            document.file,
                            document.line(("id",)),
                            rule.id,
                            "id",
                            f"duplicate id, first defined in {first_file[rule.id]}",
                        )
                    )
                    continue
                if source_text is not None and _normalise(rule.citation.quote) not in source_text:
                    self.problems.append(
                        LoadProblem(
                            document.file,
                            document.line(("source", "quote")),
                            rule.id,
                            "source.quote",
                            "this sentence is not in the cited document; quote it word for word",
                        )
                    )
                first_file[rule.id] = document.file
                rules.append(rule)
        return rules

    def _overlay_version(self, base_version: str) -> str:
        assert self.overlay is not None
        document = self._read(self.overlay / "ruleset.yaml", optional=True)
        data: Any = document.data if document else None
        if document is None or not isinstance(data, dict):
            return f"{base_version}+{self.overlay.name}"
        return f"{base_version}+{data.get('name', self.overlay.name)}.{data.get('version', '0')}"

    def _apply_overrides(self, severities: dict[str, Severity]) -> None:
        assert self.overlay is not None
        document = self._read(self.overlay / "overrides.yaml", optional=True)
        if document is None or document.data is None:
            return
        data = document.data
        if not isinstance(data, dict) or set(data) - {"severity"}:
            self._problem(
                document,
                (),
                "overrides.yaml holds one key, `severity`, mapping rule ids to severities",
            )
            return
        for rule_id, value in (data.get("severity") or {}).items():
            if rule_id not in severities:
                self._problem(
                    document,
                    ("severity", rule_id),
                    "unknown rule id",
                    did_you_mean(rule_id, severities),
                )
            elif value not in {severity.value for severity in Severity}:
                self._problem(document, ("severity", rule_id), "must be blocking or advisory")
            else:
                severities[rule_id] = Severity(value)

    def _content_hash(self) -> str:
        digest = hashlib.sha256()
        for path in sorted(set(self.files)):
            root = self.overlay if self.overlay and path.is_relative_to(self.overlay) else self.base
            digest.update(f"{root == self.base}:{path.relative_to(root)}\n".encode())
            digest.update(path.read_bytes())
        return "sha256:" + digest.hexdigest()


def _normalise(text: str) -> str:
    text = (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text)


def _relative_to_cwd(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
