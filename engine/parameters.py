"""Policy thresholds keyed by the date from which each value applies.

A parameter file maps each name to its description, type and dated values:

    sustained_change_months:
      description: Months change must be sustained before de-planning.
      type: number
      values:
        2018-07-01: 3

An overlay's file may add dated values to a parameter (a later date changes policy from that
day on; the same date replaces the value) or declare a new parameter for its own rules.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from engine.errors import LoadProblem, did_you_mean
from engine.yaml_source import YamlDocument

PARAMETER_TYPES = ("number", "codes_by_code")


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    type: str
    description: str
    values: tuple[tuple[dt.date, Any], ...]

    def on(self, day: dt.date) -> Any | None:
        current = None
        for start, value in self.values:
            if start > day:
                break
            current = value
        return current


@dataclass(frozen=True, slots=True)
class Parameters:
    by_name: Mapping[str, Parameter]

    def on(self, day: dt.date) -> dict[str, Any]:
        return {name: parameter.on(day) for name, parameter in self.by_name.items()}


def read_parameters(
    document: YamlDocument, base: Mapping[str, Parameter] | None = None
) -> tuple[dict[str, Parameter], list[LoadProblem]]:
    """Parameters of `document`, merged over `base` when it is an overlay's."""
    merged: dict[str, Parameter] = dict(base or {})
    problems: list[LoadProblem] = []

    def problem(path: tuple[str, ...], message: str, suggestion: str | None = None) -> None:
        line = document.line(path)
        problems.append(LoadProblem(document.file, line, None, ".".join(path), message, suggestion))

    if not isinstance(document.data, dict):
        problem((), "a parameters file is a mapping of parameter names")
        return merged, problems
    for name, entry in document.data.items():
        overlaid = list(merged) if base is not None else None
        parameter = _read_parameter(name, entry, merged.get(name), overlaid, problem)
        if parameter is not None:
            merged[name] = parameter
    return merged, problems


Problem = Callable[..., None]


def _read_parameter(
    name: str,
    entry: Any,
    known: Parameter | None,
    overlaid: list[str] | None,
    problem: Problem,
) -> Parameter | None:
    """One parameter's entry, over the `known` one of the base when an overlay gives it
    (`overlaid`: the names the overlay may change; None for the base catalogue)."""
    if not isinstance(entry, dict):
        problem((name,), "each parameter is a mapping with description, type and values")
        return None
    if known is None and overlaid is not None and "type" not in entry:
        problem(
            (name,),
            "unknown parameter; an overlay declares a new one with description, type and values",
            did_you_mean(name, overlaid),
        )
        return None
    for key in sorted(set(entry) - {"description", "type", "values"}):
        problem((name, key), "unknown key", did_you_mean(key, ["description", "type", "values"]))
    kind = entry.get("type", known.type if known else None)
    if kind not in PARAMETER_TYPES:
        problem((name, "type"), f"must be one of {', '.join(PARAMETER_TYPES)}")
        return None
    if known is not None and kind != known.type:
        problem((name, "type"), f"cannot change the type of a parameter ({known.type})")
        return None
    description = entry.get("description", known.description if known else None)
    if not isinstance(description, str) or not description.strip():
        problem((name, "description"), "a parameter needs a description")
        return None
    raw_values = entry.get("values")
    if not isinstance(raw_values, dict) or not raw_values:
        problem((name, "values"), "needs a mapping of dates (YYYY-MM-DD) to values")
        return None
    values = dict(known.values) if known else {}
    for start, value in raw_values.items():
        try:
            day = dt.date.fromisoformat(start)
        except ValueError:
            problem((name, "values", start), "keys are dates in the form YYYY-MM-DD")
            continue
        type_problem = _check_value(kind, value)
        if type_problem:
            problem((name, "values", start), type_problem)
            continue
        values[day] = value
    return Parameter(name, kind, description.strip(), tuple(sorted(values.items())))


def _check_value(kind: str, value: Any) -> str | None:
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int):
            return "a number parameter takes whole numbers"
        return None
    if not isinstance(value, dict) or not all(
        isinstance(key, str)
        and isinstance(items, list)
        and all(isinstance(item, str) for item in items)
        for key, items in value.items()
    ):
        return "a codes_by_code parameter maps each code to a list of codes"
    return None
