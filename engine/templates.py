"""Reason and next-step templates: `{name}` placeholders, checked at load, rendered as plain words."""

import datetime as dt
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from engine.dates import plain_date
from engine.errors import did_you_mean
from engine.values import UNKNOWN

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True, slots=True)
class Template:
    text: str
    parts: tuple[tuple[str, str | None], ...]
    """Each part is literal text followed by the name of a placeholder (or None at the end)."""

    @property
    def names(self) -> list[str]:
        return [name for _, name in self.parts if name is not None]

    def render(self, value_of: Callable[[str], str]) -> str:
        return "".join(
            [literal + value_of(name) if name else literal for literal, name in self.parts]
        )


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
    return Template(text, tuple(parts)), None, None


def plain(value: object) -> str:
    """A fact value in plain words."""
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
