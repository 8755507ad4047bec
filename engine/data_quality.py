"""Problems in the record itself, found before any rule and reported apart from the findings.

Each names the case field it concerns. None of them changes a rule's outcome by itself; they
say where the rules had to read the record in a particular way (a transfer-in plan as a
continuation, overlapping plans as no gap) or left something out (a date after the as-of date).
"""

import datetime as dt
import functools
import itertools
import types
import typing
from collections.abc import Callable, Iterator

from pydantic import BaseModel

from engine.dates import plain_date
from engine.facts.view import intervention_status_as_of, risk_status_as_of
from engine.generated import define
from models.assessment import DataQualityFinding
from models.case import Case
from models.codes import InterventionStatus, RiskStatus


def data_quality(case: Case, as_of: dt.date) -> list[DataQualityFinding]:
    return [
        *_plan_problems(case, as_of),
        *_completed_on_active_risk(case, as_of),
        *_dated_after(case, as_of),
    ]


def _plan_problems(case: Case, as_of: dt.date) -> Iterator[DataQualityFinding]:
    """Plans started by the as-of date only: a later plan is a later return, not yet known."""
    for child_index, child in enumerate(case.children):
        plans = sorted(
            (
                (index, plan)
                for index, plan in enumerate(child.cp_plans)
                if plan.start_date <= as_of
            ),
            key=lambda pair: pair[1].start_date,
        )
        for (_, earlier), (index, later) in itertools.pairwise(plans):
            path = f"children[{child_index}].cp_plans[{index}]"
            ended = earlier.end_date
            if ended is None or (ended <= as_of and ended > later.start_date):
                yield DataQualityFinding.trusted(
                    code="overlapping_plans",
                    path=path,
                    message=f"Plan {later.plan_ref} of child {child.child_ref} starts before "
                    f"plan {earlier.plan_ref} ends; the rules count no gap between them.",
                )
        for index, plan in plans:
            if plan.transfer_in is True:
                yield DataQualityFinding.trusted(
                    code="transfer_in_plan",
                    path=f"children[{child_index}].cp_plans[{index}].transfer_in",
                    message=f"Plan {plan.plan_ref} of child {child.child_ref} continues a plan "
                    "made by another authority: it is read as a continuation, not a repeat plan.",
                )


def _completed_on_active_risk(case: Case, as_of: dt.date) -> Iterator[DataQualityFinding]:
    status_of = {risk.risk_ref: risk_status_as_of(risk, as_of) for risk in case.risks or ()}
    for index, intervention in enumerate(case.interventions or ()):
        if intervention_status_as_of(intervention, as_of) is not InterventionStatus.COMPLETED:
            continue
        statuses = {status_of.get(ref) for ref in intervention.addresses_risks}
        if statuses == {RiskStatus.ACTIVE}:
            yield DataQualityFinding.trusted(
                code="intervention_complete_risk_active",
                path=f"interventions[{index}]",
                message=f"Intervention {intervention.intervention_ref} is complete while the "
                "risk it addresses is still active: check the risk's status, or whether the "
                "intervention achieved change.",
            )


def _dated_after(case: Case, as_of: dt.date) -> Iterator[DataQualityFinding]:
    for path, day in _dates_after(Case)(case, as_of):
        if path != "decision_date":
            planned = path.startswith("interventions[") and path.endswith(".start_date")
            yield DataQualityFinding.trusted(
                code="recorded_after_as_of",
                path=path,
                message=f"{plain_date(day)} lies after the as-of date ({plain_date(as_of)}): "
                + (
                    "the intervention counts as planned work, not yet started."
                    if planned
                    else "it was not counted."
                ),
            )


DatesAfter = Callable[[BaseModel, dt.date], list[tuple[str, dt.date]]]
"""Every date in a case model later than a day, with its path, in field order."""


@functools.cache
def _dates_after(model: type[BaseModel]) -> DatesAfter:
    """One function generated from the fields whose type may hold a date (a text or code
    never does) of the model and the models within it, each read by name, the paths made
    only for the dates found: walking the case's fields generically, asking each value's
    type, cost three times as much. Made on first use."""
    lines = [
        "def dates_after(value, as_of):",
        "    found = []",
        *_walk(model, "value", "", 1),
        "    return found",
    ]
    source = "\n".join(lines) + "\n"
    name = f"<dates after of {model.__name__}>"
    return typing.cast(DatesAfter, define(source, name, "dates_after", {}))


def _walk(model: type[BaseModel], value: str, path: str, depth: int) -> Iterator[str]:
    """Source lines that add the dates of `model` in the variable `value` to `found`.
    `path`: the f-string text of the path to `value` (loop indices as `{i1}`, `{i2}`...)."""
    indent = "    " * depth
    item = f"item{depth}"
    for name, info in model.model_fields.items():
        shape = _shape(info.annotation)
        if shape is None:
            continue
        if not isinstance(shape, tuple):
            yield f"{indent}day = {value}.{name}"
            yield f"{indent}if day is not None and day > as_of:"
            yield f"{indent}    found.append((f'{path}{name}', day))"
            continue
        nested, in_list = shape
        index = f"i{depth}"
        inner = list(
            _walk(
                nested,
                item,
                f"{path}{name}[{{{index}}}]." if in_list else f"{path}{name}.",
                depth + 1,
            )
        )
        if not inner:  # a model without dates
            continue
        if in_list:
            yield f"{indent}for {index}, {item} in enumerate({value}.{name} or ()):"
        else:
            yield f"{indent}{item} = {value}.{name}"
            yield f"{indent}if {item} is not None:"
        yield from inner


def _shape(annotation: object) -> type[dt.date] | tuple[type[BaseModel], bool] | None:
    """How a field may hold a date: as a date (`dt.date`), in a model or a list of models
    (the model, and whether in a list), or not at all (None). Optional and annotated types
    are read as the type they wrap."""
    plain = _unwrapped(annotation)
    if isinstance(plain, type) and issubclass(plain, dt.date):
        return dt.date
    if isinstance(plain, type) and issubclass(plain, BaseModel):
        return plain, False
    if typing.get_origin(plain) is list:
        (item,) = typing.get_args(plain)
        item = _unwrapped(item)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item, True
    if _may_hold_date(plain):
        raise TypeError(f"a case field of type {plain} may hold a date the check cannot reach")
    return None


def _unwrapped(annotation: object) -> object:
    """`X | None` and `Annotated[X, ...]` as `X`."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _unwrapped(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(arguments) == 1:
            return _unwrapped(arguments[0])
    return annotation


def _may_hold_date(annotation: object) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return False
    if origin is typing.Annotated:
        return _may_hold_date(typing.get_args(annotation)[0])
    arguments = typing.get_args(annotation)
    if arguments:
        return any(_may_hold_date(argument) for argument in arguments)
    if isinstance(annotation, type):
        return issubclass(annotation, dt.date | BaseModel | list | tuple | set | dict)
    return True  # not a plain type (Any, a forward reference): it may
