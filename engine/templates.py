"""Reason and next-step templates: `{name}` placeholders, checked at load and compiled to one
getter per placeholder, rendered as plain words."""

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from engine.dates import plain_date
from engine.errors import did_you_mean
from engine.facts import ALL_FACTS, Record
from engine.generated import define
from engine.values import UNKNOWN, Kind
from models.assessment import RecordRef

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class Shown(NamedTuple):
    """What a template may show of one rule's evaluation for one child."""

    case: Mapping[str, Any]
    parameters: Mapping[str, Any]
    as_of: dt.date
    records: Sequence[RecordRef]
    missing: Sequence[str]
    earliest: dt.date | None


Getter = Callable[[Shown], str]

REASON_VALUES: dict[str, Getter] = {
    "records": lambda shown: (
        "; ".join([f"{record.ref} ({record.detail})" for record in shown.records]) or "none"
    ),
    "record_count": lambda shown: str(len(shown.records)),
    "missing": lambda shown: ", ".join(shown.missing) or "none",
    "as_of": lambda shown: plain_date(shown.as_of),
    "earliest_met_date": lambda shown: (
        plain_date(shown.earliest) if shown.earliest else "not yet known (change has not started)"
    ),
}
"""The values a template may name besides case facts (`case.*`) and parameters (`param.*`)."""


def _getter(name: str) -> Getter:
    if name in REASON_VALUES:
        return REASON_VALUES[name]
    if name.startswith("param."):
        parameter = name.removeprefix("param.")
        return lambda shown: plain(shown.parameters[parameter])
    return lambda shown: plain(shown.case[name])


@dataclass(frozen=True, slots=True)
class Template:
    text: str
    parts: tuple[tuple[str, str | None], ...]
    """Each part is literal text followed by the name of a placeholder (or None at the end)."""
    render: Callable[[Shown], str]
    """The text with each placeholder's value: generated source, one concatenation."""

    @property
    def names(self) -> list[str]:
        return [name for _, name in self.parts if name is not None]


def _renderer(parts: Sequence[tuple[str, str | None]]) -> Callable[[Shown], str]:
    """`lambda shown: literal0 + value0(shown) + ... + tail`, the literals and getters passed
    in as globals (never as source text)."""
    namespace: dict[str, Any] = {}
    terms = []
    for index, (literal, name) in enumerate(parts):
        if literal:
            namespace[f"literal{index}"] = literal
            terms.append(f"literal{index}")
        if name is not None:
            namespace[f"value{index}"] = _getter(name)
            terms.append(f"value{index}(shown)")
    source = f"def render(shown):\n    return {' + '.join(terms) or repr('')}\n"
    render: Callable[[Shown], str] = define(source, "<template>", "render", namespace)
    return render


def parse_template(
    text: str, allowed: Collection[str]
) -> tuple[Template | None, str | None, str | None]:
    """The template, or None with a message naming the bad placeholder and the nearest allowed name."""
    parts: list[tuple[str, str | None]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        name = match.group(1).strip()
        if name not in allowed:
            return None, f"template names unknown value {{{name}}}", did_you_mean(name, allowed)
        parts.append((text[position : match.start()], name))
        position = match.end()
    tail = text[position:]
    if "{" in tail or "}" in tail or any("{" in literal or "}" in literal for literal, _ in parts):
        return None, "template has an unmatched brace", None
    parts.append((tail, None))
    return Template(text, tuple(parts), _renderer(parts)), None, None


DescribeRecord = Callable[[Record], RecordRef]


def record_describer(
    collection: str, ref_fact: str, shown: Sequence[tuple[str, str]]
) -> DescribeRecord:
    """The record's reference: its ref and the facts `shown` (name, label) in plain words,
    `label: words` joined by `; `."""
    source, namespace = record_describer_source(collection, ref_fact, shown)
    describe: DescribeRecord = define(source, "<record>", "describe", namespace)
    return describe


def record_describer_source(
    collection: str, ref_fact: str, shown: Sequence[tuple[str, str]]
) -> tuple[str, dict[str, Any]]:
    """Generated source, one f-string; a yes/no fact's words chosen inline."""
    namespace: dict[str, Any] = {
        "RecordRef": RecordRef,
        "COLLECTION": collection,
        "REF": ref_fact,
        "plain": plain,
        "YES": "yes",
        "NO": "no",
    }
    lines = ["def describe(record):"]
    terms = []
    for index, (name, label) in enumerate(shown):
        namespace[f"NAME{index}"] = name
        namespace[f"LABEL{index}"] = f"{'; ' if index else ''}{label}: "
        value = f"value{index}"
        lines.append(f"    {value} = record[NAME{index}]")
        words = (
            f"YES if {value} is True else NO if {value} is False else plain({value})"
            if ALL_FACTS[name].type.kind is Kind.BOOL
            else f"plain({value})"
        )
        terms += [f"{{LABEL{index}}}", f"{{{words}}}"]
    lines.append(f'    return RecordRef(COLLECTION, str(record[REF]), f"{"".join(terms)}")')
    return "\n".join(lines) + "\n", namespace


def plain(value: object) -> str:
    """A fact value in plain words."""
    if value.__class__ is str:  # codes and text, the commonest, first
        return value.replace("_", " ")
    if value is UNKNOWN or value is None:
        return "not recorded"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, dt.date):
        return plain_date(value)
    if isinstance(value, frozenset | set | list | tuple):
        return ", ".join(plain(item) for item in sorted(value)) if value else "none"
    return str(value).replace("_", " ")
