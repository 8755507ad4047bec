"""The Jinja2 environment: this package's templates, always autoescaped.

Why a top-level package: the same templates and stylesheet serve the engine's re-audit
report now and the chair's web pages (served by `api`) later. `engine` must not import
`api`, and the pages are not an audit concern, so they live here, where both may read them;
`web` imports neither.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup


def thousands(value: int) -> str:
    return f"{value:,}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["thousands"] = thousands
    env.filters["percent"] = percent
    return env


@functools.cache
def stylesheet() -> Markup:
    """The shared stylesheet, for pages that must be self-contained (inlined, trusted)."""
    text = resources.files("web").joinpath("static/deplan.css").read_text(encoding="utf-8")
    return Markup(text)  # noqa: S704 - our own file, not data


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(stylesheet=stylesheet(), **context)
