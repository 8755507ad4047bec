"""Problems in the record itself, found before any rule and reported apart from the findings.

Each names the case field it concerns. None of them changes a rule's outcome by itself; they
say where the rules had to read the record in a particular way (a transfer-in plan as a
continuation, overlapping plans as no gap) or left something out (a date after the as-of date).
"""

import datetime as dt
import functools
import itertools
import typing
from collections.abc import Iterator

from pydantic import BaseModel

from engine.dates import plain_date
from engine.facts.view import intervention_status_as_of, risk_status_as_of
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
                yield DataQualityFinding(
                    code="overlapping_plans",
                    path=path,
                    message=f"Plan {later.plan_ref} of child {child.child_ref} starts before "
                    f"plan {earlier.plan_ref} ends; the rules count no gap between them.",
                )
        for index, plan in plans:
            if plan.transfer_in is True:
                yield DataQualityFinding(
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
            yield DataQualityFinding(
                code="intervention_complete_risk_active",
                path=f"interventions[{index}]",
                message=f"Intervention {intervention.intervention_ref} is complete while the "
                "risk it addresses is still active: check the risk's status, or whether the "
                "intervention achieved change.",
            )


def _dated_after(case: Case, as_of: dt.date) -> Iterator[DataQualityFinding]:
    dates: list[tuple[str, dt.date]] = []
    _collect_dates(case, "", dates)
    for path, day in dates:
        if day > as_of and path != "decision_date":
            planned = path.startswith("interventions[") and path.endswith(".start_date")
            yield DataQualityFinding(
                code="recorded_after_as_of",
                path=path,
                message=f"{plain_date(day)} lies after the as-of date ({plain_date(as_of)}): "
                + (
                    "the intervention counts as planned work, not yet started."
                    if planned
                    else "it was not counted."
                ),
            )


def _collect_dates(value: object, path: str, dates: list[tuple[str, dt.date]]) -> None:
    """Every date in `value` with its path, in field order."""
    if isinstance(value, dt.date):
        dates.append((path, value))
    elif isinstance(value, BaseModel):
        for name in _fields_with_dates(type(value)):
            _collect_dates(getattr(value, name), f"{path}.{name}" if path else name, dates)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _collect_dates(item, f"{path}[{index}]", dates)


@functools.cache
def _fields_with_dates(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a case model whose type may hold a date (a text or code never does):
    walking only these is what makes this check cheap."""
    return tuple(
        name for name, info in model.model_fields.items() if _may_hold_date(info.annotation)
    )


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
    return True  # not a plain type (Any, a forward reference): walk it
