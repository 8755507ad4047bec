"""Functions made from generated source at load time: each rule's decision, its conditions'
and quantifiers' evidence, its templates and its record references.

Generated source only ever holds fixed text and fixed names; the values a rule gives reach
a function as its globals. So one source serves every rule of the same shape, and each
shape is compiled once per process: compiling is what costs at load, running the code that
defines a function with its own globals does not.
"""

import functools
from collections.abc import Callable
from types import CodeType
from typing import Any


@functools.cache
def _compiled(source: str, filename: str) -> CodeType:
    return compile(source, filename, "exec")


def define(source: str, filename: str, name: str, namespace: dict[str, Any]) -> Callable[..., Any]:
    """The function `name` that `source` defines, with `namespace` as its globals."""
    exec(_compiled(source, filename), namespace)  # noqa: S102
    function: Callable[..., Any] = namespace[name]
    return function
