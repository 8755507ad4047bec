"""What compiling a condition keeps: where it comes from (for error messages) and what it
was found to read, so a rule knows the facts, collections and parameters it depends on."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.conditions.truth import TruthCode
from engine.errors import LoadProblem, did_you_mean
from engine.evidence import Evaluate
from engine.parameters import Parameter
from engine.yaml_source import YamlDocument, YamlPath


@dataclass(frozen=True, slots=True)
class Condition:
    """A compiled condition: its evaluation with evidence, and its truth alone as code."""

    evaluate: Evaluate
    truth: TruthCode
    plain: frozenset[bool | None]
    """The truths for which its evidence never names a record, a missing field or a date."""


@dataclass(slots=True)
class CompileContext:
    """Where a condition comes from, for error messages; and what it was found to use."""

    document: YamlDocument
    rule_id: str | None
    parameters: Mapping[str, Parameter]
    problems: list[LoadProblem] = field(default_factory=list)
    facts_used: dict[str, None] = field(default_factory=dict)
    collections_used: dict[str, None] = field(default_factory=dict)
    parameters_used: set[str] = field(default_factory=set)
    time_based: bool = False
    may_be_unknown: bool = False

    def problem(self, path: YamlPath, message: str, suggestion: str | None = None) -> None:
        self.problems.append(
            LoadProblem(
                self.document.file,
                self.document.line(path),
                self.rule_id,
                ".".join(str(part) for part in path),
                message,
                suggestion,
            )
        )


CompilePart = Callable[[Any, YamlPath, CompileContext, Mapping[str, str]], Condition | None]
"""Compiles a condition nested in another (`engine.conditions.compile_condition`)."""


def expect_keys(
    data: dict[str, Any], allowed: set[str], path: YamlPath, context: CompileContext
) -> None:
    for key in data:
        if key not in allowed:
            context.problem((*path, key), "unexpected key here", did_you_mean(key, allowed))
