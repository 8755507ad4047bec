"""Reason and next-step templates: `{name}` placeholders, checked at load and compiled to one
f-string each, rendered as plain words; and record references in plain words."""

import datetime as dt
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from engine.dates import plain_date
from engine.errors import did_you_mean
from engine.facts import ALL_FACTS, Record
from engine.generated import define
from engine.values import UNKNOWN, Kind
from models.assessment import RecordRef

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _records_words(records: Sequence[RecordRef]) -> str:
    return "; ".join([f"{record.ref} ({record.detail})" for record in records]) or "none"


def _missing_words(missing: Sequence[str]) -> str:
    return ", ".join(missing) or "none"


def _earliest_words(earliest: dt.date | None) -> str:
    return plain_date(earliest) if earliest else "not yet known (change has not started)"


REASON_VALUES: dict[str, str] = {
    "records": "records_words(records)",
    "record_count": "len(records)",
    "missing": "missing_words(missing)",
    "as_of": "plain_date(as_of)",
    "earliest_met_date": "earliest_words(earliest)",
}
"""The values a template may name besides case facts (`case.*`) and parameters (`param.*`),
each as the expression a renderer writes for it."""

Render = Callable[[Record, Any, dt.date, Sequence[RecordRef], Sequence[str], dt.date | None], str]
"""`render(case, parameters, as_of, records, missing, earliest)`: a child's case facts, the
parameters in force, and what a rule's evaluation names."""


@dataclass(frozen=True, slots=True)
class Template:
    text: str
    parts: tuple[tuple[str, str | None], ...]
    """Each part is literal text followed by the name of a placeholder (or None at the end)."""
    render: Render
    """The text with each placeholder's value: generated source, one f-string."""

    @property
    def names(self) -> list[str]:
        return [name for _, name in self.parts if name is not None]


def renderer_source(parts: Sequence[tuple[str, str | None]]) -> tuple[str, dict[str, Any]]:
    """`def render(...): return f"{LITERAL0}{words of value 0}..."`, the literals and the
    names of facts and parameters passed in as globals (never as source text)."""
    namespace: dict[str, Any] = {
        "plain": plain,
        "plain_date": plain_date,
        "records_words": _records_words,
        "missing_words": _missing_words,
        "earliest_words": _earliest_words,
    }
    terms = []
    for index, (literal, name) in enumerate(parts):
        if literal:
            namespace[f"LITERAL{index}"] = literal
            terms.append(f"{{LITERAL{index}}}")
        if name is None:
            continue
        if name in REASON_VALUES:
            terms.append(f"{{{REASON_VALUES[name]}}}")
        elif name.startswith("param."):
            namespace[f"PARAMETER{index}"] = name.removeprefix("param.")
            terms.append(f"{{plain(parameters[PARAMETER{index}])}}")
        else:
            namespace[f"NAME{index}"] = name
            terms.append(f"{{plain(case[NAME{index}])}}")
    source = (
        "def render(case, parameters, as_of, records, missing, earliest):\n"
        f'    return f"{"".join(terms)}"\n'
    )
    return source, namespace


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
    source, namespace = renderer_source(parts)
    render: Render = define(source, "<template>", "render", namespace)
    return Template(text, tuple(parts), render), None, None


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
