"""What every field of a case is built from: dates within a sane range, pseudonymous refs,
the bounds on lists, the strict base model, an `Action` (a judgement with the date it was
recorded), and the checks that refs resolve and dates run in order. models/case.py holds
the records themselves."""

import datetime as dt
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from models.codes import AdministrativeReason, PlanDecision

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def _in_range(value: dt.date) -> dt.date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError("a date must lie between 1900-01-01 and 2100-12-31")
    return value


CaseDate = Annotated[
    dt.date,
    AfterValidator(_in_range),
    Field(json_schema_extra={"formatMinimum": "1900-01-01", "formatMaximum": "2100-12-31"}),
]

Ref = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$", max_length=64),
    Field(description="A pseudonymous reference: letters, digits and . _ : - (at most 64)."),
]

# Bounds on lists: generous for any real family, small enough that a request stays cheap.
MAX_CHILDREN = 20
MAX_PLANS_PER_CHILD = 30
MAX_RISKS = 50
MAX_ADULTS = 30
MAX_INTERVENTIONS = 200
MAX_EVENTS = 500
MAX_ALLOCATIONS = 200
MAX_CONFERENCES = 200
MAX_CODES = 20
MAX_REFS = 50


class CaseModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Action(CaseModel):
    """Something that was or was not done; a done action carries the date it was done."""

    done: bool
    date: CaseDate | None = None

    @model_validator(mode="after")
    def _done_needs_date(self) -> Self:
        if self.done and self.date is None:
            raise ValueError("a done action needs its date")
        if not self.done and self.date is not None:
            raise ValueError("an action not done has no date")
        return self


def require_in_order(start: dt.date | None, end: dt.date | None) -> None:
    if start is not None and end is not None and end < start:
        raise ValueError("end_date is before start_date")


def require_unique(collection: str, field: str, refs: list[str]) -> None:
    seen: set[str] = set()
    for index, ref in enumerate(refs):
        if ref in seen:
            raise ValueError(f"{collection}[{index}].{field} repeats an earlier {field}")
        seen.add(ref)


def require_known(path: str, field: str, refs: list[str] | None, known: set[str]) -> None:
    for ref in refs or ():
        if ref not in known:
            raise ValueError(f"{path} names an unknown {field}")


def require_administrative_reason_fits(
    kind: PlanDecision, administrative_reason: AdministrativeReason | None
) -> None:
    administrative = kind is PlanDecision.ADMINISTRATIVE_END
    if administrative and administrative_reason is None:
        raise ValueError("an administrative end needs its administrative_reason")
    if not administrative and administrative_reason is not None:
        raise ValueError("administrative_reason is only for an administrative end")
