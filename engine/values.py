"""Fact values and their types, including the value for data that was not recorded."""

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Final


class _Unknown:
    """The value of a fact whose data was not recorded. Falsy comparisons never apply to it."""

    _instance: "_Unknown | None" = None

    def __new__(cls) -> "_Unknown":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()

FactValue = bool | int | dt.date | str | frozenset[str] | _Unknown


class Kind(Enum):
    BOOL = "bool"
    NUMBER = "number"
    DATE = "date"
    CODE = "code"
    CODES = "codes"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class FactType:
    kind: Kind
    codes: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.kind in (Kind.CODE, Kind.CODES):
            noun = "one of" if self.kind is Kind.CODE else "a set of"
            return f"{noun} {', '.join(self.codes)}"
        return str(self.kind.value)


BOOL: Final = FactType(Kind.BOOL)
NUMBER: Final = FactType(Kind.NUMBER)
DATE: Final = FactType(Kind.DATE)
TEXT: Final = FactType(Kind.TEXT)


def code(enum: type[Enum]) -> FactType:
    return FactType(Kind.CODE, tuple(str(member.value) for member in enum))


def codes(enum: type[Enum]) -> FactType:
    return FactType(Kind.CODES, tuple(str(member.value) for member in enum))


def all_known(*values: FactValue) -> FactValue:
    """Kleene `and`: false if any value is false, else unknown if any is unknown."""
    unknown = False
    for value in values:
        if value is False:
            return False
        if value is UNKNOWN:
            unknown = True
    return UNKNOWN if unknown else True


def any_known(*values: FactValue) -> FactValue:
    """Kleene `or`: true if any value is true, else unknown if any is unknown."""
    unknown = False
    for value in values:
        if value is True:
            return True
        if value is UNKNOWN:
            unknown = True
    return UNKNOWN if unknown else False
