"""Readable validation errors that name the field path and never repeat the submitted value."""

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError


class FieldError(BaseModel):
    path: str
    message: str


def field_path(location: Sequence[int | str]) -> str:
    """`("adults", 0, "police_check", "date")` -> `adults[0].police_check.date`."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(case)"


def describe_validation_error(error: ValidationError) -> list[FieldError]:
    """One FieldError per problem; pydantic's `input` is dropped, so no case data leaks."""
    described = []
    for detail in error.errors(include_url=False, include_input=False):
        message = _message(detail)
        described.append(FieldError(path=field_path(detail["loc"]), message=message))
    return described


def _message(detail: Any) -> str:
    message = str(detail["msg"])
    if detail["type"] == "extra_forbidden":
        return "unknown field (not part of the case schema)"
    return message.removeprefix("Value error, ")
