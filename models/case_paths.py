"""Case field paths, as findings and validation errors name them, resolved against the case
model and a case's JSON: `adults[A2].parental_history_considered` is the field
`parental_history_considered` of the `Adult` whose `adult_ref` is `A2`; a record may also
be named by its position (`children[0]`).

Works on the case's JSON (a dict), so it serves a case that does not validate as well.
"""

import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from models.case import Case

_STEP = re.compile(r"^([a-z_]+)(?:\[([A-Za-z0-9][A-Za-z0-9._:-]{0,63})\])?$")
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
MAX_PATH_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Record:
    """A record of a case collection a path passes through: `adults[A2]`."""

    collection: str
    ref: str
    item: Mapping[str, Any]
    """The record's JSON (empty when the path names it by a ref the case lacks)."""


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a path leads: the model and field it names, the field's type, where its value
    sits in the case's JSON, and the records on the way."""

    path: str
    model: type[BaseModel]
    field: str
    annotation: Any
    """The field's type without `| None`."""
    location: tuple[str | int, ...]
    """Keys and list positions from the case's top; a position is -1 when the record is absent."""
    records: tuple[Record, ...]
    value: Any
    """The value recorded now (None: not recorded)."""
    whole_record: bool = False
    """The path names a record (`children[0].cp_plans[1]`), not one of its fields: `model`
    is the record's model and `field` its collection."""


def ref_field(model: type[BaseModel]) -> str | None:
    """The field that identifies a collection's record (`adult_ref`), if it has one."""
    return next((name for name in model.model_fields if name.endswith("_ref")), None)


def bare(annotation: Any) -> Any:
    """`X | None` -> `X` (the `Annotated` metadata is already on the model field)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return members[0]
    return annotation


def item_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a list of records (`list[Adult]` -> `Adult`)."""
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


def locate(data: Mapping[str, Any], path: str) -> Slot | None:
    """The field (or record) a path names in the case's JSON, or None when the path does
    not name one in the case model."""
    if len(path) > MAX_PATH_LENGTH:
        return None
    model: type[BaseModel] = Case
    node: Any = data
    location: list[str | int] = []
    records: list[Record] = []
    steps = path.split(".")
    for number, step in enumerate(steps):
        match = _STEP.fullmatch(step)
        if match is None or match.group(1) not in model.model_fields:
            return None
        name, key = match.groups()
        annotation = bare(model.model_fields[name].annotation)
        value = node.get(name) if isinstance(node, Mapping) else None
        last = number == len(steps) - 1
        if key is not None:
            inner = item_model(annotation)
            if inner is None:
                return None
            position, item = _find(value, inner, key)
            named = _ref_of(item, inner) or (f"#{int(key) + 1}" if key.isdigit() else key)
            records.append(Record(name, named, item))
            location += [name, position]
            if last:
                return Slot(
                    path, inner, name, inner, tuple(location), tuple(records), item or None, True
                )
            model, node = inner, item
            continue
        if last:
            location.append(name)
            return Slot(path, model, name, annotation, tuple(location), tuple(records), value)
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        location.append(name)
        model, node = annotation, value
    return None


def _find(items: Any, model: type[BaseModel], key: str) -> tuple[int, Mapping[str, Any]]:
    """The record named by its ref, or by its position when the key is a number."""
    if not isinstance(items, list):
        return -1, {}
    ref = ref_field(model)
    for position, item in enumerate(items):
        if isinstance(item, Mapping) and ref is not None and item.get(ref) == key:
            return position, item
    if key.isdigit() and int(key) < len(items) and isinstance(items[int(key)], Mapping):
        return int(key), items[int(key)]
    return -1, {}


def _ref_of(item: Mapping[str, Any], model: type[BaseModel]) -> str | None:
    """The record's reference, if it is a valid one (so an invalid case is never quoted)."""
    ref = ref_field(model)
    value = item.get(ref) if ref is not None else None
    return value if isinstance(value, str) and _REF.fullmatch(value) else None


def with_values(data: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the case's JSON with each path set to its value (missing objects made on
    the way); the original is not touched. Raises KeyError for a path that does not name a
    field of a record the case has."""
    copy: dict[str, Any] = _deep_copy(data)
    for path, value in values.items():
        slot = locate(copy, path)
        if slot is None or slot.whole_record or -1 in slot.location:
            raise KeyError(path)
        node: Any = copy
        for part in slot.location[:-1]:
            if isinstance(part, str) and node.get(part) is None:
                node[part] = {}
            node = node[part]
        node[slot.location[-1]] = value
    return copy


def _deep_copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _deep_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_deep_copy(item) for item in value]
    return value
