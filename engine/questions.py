"""Completing a case: the questions that would settle a finding of insufficient
information, derived from the case model's field types, and the chair's answers turned
into case values and applied to a copy of the case.

    questions, unanswerable = questions_for(findings, case_json)
    values, problems = read_answers(questions, form)     # {path: JSON value}
    case = completed(case_json, values)                  # raises ValidationError

A question's kind comes from its field's type: yes/no (`bool`), done-and-when (`Action`),
a date, a whole number, one choice (an enum) or several (a list of an enum). A field that
is itself a group (the safety statement, a MAPPA enquiry) is asked field by field; a whole
collection (the risks, the conferences) cannot be answered here.
"""

import datetime as dt
import enum
import json
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from annotated_types import Ge, Le
from pydantic import BaseModel

from engine.dates import plain_date
from engine.plain_words import code_words, describe, field_words, sentence
from models.assessment import Finding, Outcome
from models.case import EARLIEST_DATE, LATEST_DATE, Action, Case, parse_case
from models.case_paths import Slot, locate, with_values

NOT_KNOWN = "not-known"
NONE_OF_THESE = "none"
MAX_DEPTH = 3


class Kind(enum.StrEnum):
    YES_NO = "yes_no"
    ACTION = "action"
    DATE = "date"
    NUMBER = "number"
    CHOICE = "choice"
    CHOICES = "choices"


@dataclass(frozen=True, slots=True)
class Question:
    path: str
    kind: Kind
    label: str
    """The field in plain words, as a question ("Whether the partner's own history ...")."""
    options: tuple[tuple[str, str], ...] = ()
    """(value, words) for a choice."""
    minimum: int | None = None
    maximum: int | None = None
    location: tuple[str | int, ...] = ()


@dataclass(frozen=True, slots=True)
class AnswerProblem:
    """An answer that cannot be used: which question (its position) and why, in words."""

    index: int
    message: str
    date_part: bool = False
    """The problem is with the date of a done-and-when answer."""


def questions_for(
    findings: Iterable[Finding], case: Mapping[str, Any]
) -> tuple[list[Question], list[str]]:
    """The questions for the fields the findings of insufficient information lack (each
    once), and the missing things that cannot be answered here, in plain words."""
    questions: dict[str, Question] = {}
    unanswerable: list[str] = []
    for finding in findings:
        if finding.outcome is not Outcome.INSUFFICIENT_INFORMATION:
            continue
        for path in finding.missing:
            found = _questions(path, case, depth=0)
            if found is None:
                words = describe(path, case)
                if words not in unanswerable:
                    unanswerable.append(words)
                continue
            for question in found:
                questions.setdefault(question.path, question)
    return list(questions.values()), unanswerable


def _questions(path: str, case: Mapping[str, Any], depth: int) -> list[Question] | None:
    slot = locate(case, path)
    if slot is None or slot.whole_record or -1 in slot.location:
        return None
    annotation = slot.annotation
    if (
        isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
        and annotation is not Action
    ):
        if depth >= MAX_DEPTH:
            return None
        present = slot.value if isinstance(slot.value, Mapping) else {}
        asked: list[Question] = []
        for name in annotation.model_fields:
            if present.get(name) is not None:
                continue
            inner = _questions(f"{path}.{name}", case, depth + 1)
            if inner is None:
                return None
            asked += inner
        return asked
    if slot.value is not None:
        return []  # recorded already: nothing to ask
    question = question_for(slot, case)
    return [question] if question is not None else None


def question_for(slot: Slot, case: Mapping[str, Any]) -> Question | None:
    """The question for one field, by its type; None for a type not asked here."""
    kind, options = _kind(slot.annotation)
    if kind is None:
        return None
    low, high = _bounds(slot) if kind is Kind.NUMBER else (None, None)
    return Question(
        path=slot.path,
        kind=kind,
        label=sentence(field_words(slot, case)),
        options=options,
        minimum=low,
        maximum=high,
        location=slot.location,
    )


def _kind(annotation: Any) -> tuple[Kind | None, tuple[tuple[str, str], ...]]:
    simple = {bool: Kind.YES_NO, Action: Kind.ACTION, dt.date: Kind.DATE, int: Kind.NUMBER}
    if annotation in simple:
        return simple[annotation], ()
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return Kind.CHOICE, _options(annotation)
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        if isinstance(item, type) and issubclass(item, enum.Enum):
            return Kind.CHOICES, _options(item)
    return None, ()


def read_answers(
    questions: Sequence[Question],
    form: Mapping[str, Sequence[str]],
    *,
    latest: dt.date | None = None,
) -> tuple[dict[str, Any], list[AnswerProblem]]:
    """The answers given, as case JSON values by path; a question left as not known is
    not an answer. Form fields: `q<n>` (and `q<n>-date` for done-and-when). A date after
    `latest` (the as-of date) is refused: the assessment would not count it."""
    values: dict[str, Any] = {}
    problems: list[AnswerProblem] = []
    for index, question in enumerate(questions):
        given = [value.strip() for value in form.get(f"q{index}", ()) if value.strip()]
        chosen = given[0] if len(given) == 1 else None
        if question.kind is Kind.CHOICES:
            value, problem = _choices(question, given)
        elif not given or chosen == NOT_KNOWN:
            continue
        elif chosen is None:
            value, problem = None, "Give one answer"
        else:
            value, problem = _one(question, chosen, form.get(f"q{index}-date", ()))
            if problem is None and latest is not None and _after(value, latest):
                problem = (
                    f"Enter a date on or before {plain_date(latest)}, the decision date: "
                    "what was done later is not counted"
                )
        if problem is not None:
            date_part = question.kind is Kind.ACTION and chosen == "yes"
            problems.append(AnswerProblem(index, problem, date_part=date_part))
        elif value is not _SKIP:
            values[question.path] = value
    return values, problems


def completed(case: Mapping[str, Any], values: Mapping[str, Any]) -> Case:
    """The case with the values applied to a copy, validated as an upload is (strict).
    Raises pydantic's ValidationError."""
    return parse_case(json.dumps(with_values(case, values)))


_SKIP = object()


def _one(question: Question, chosen: str, dates: Sequence[str]) -> tuple[Any, str | None]:
    if question.kind is Kind.YES_NO:
        if chosen not in ("yes", "no"):
            return None, "Choose yes, no or not known"
        return chosen == "yes", None
    if question.kind is Kind.ACTION:
        if chosen == "no":
            return {"done": False}, None
        if chosen != "yes":
            return None, "Choose yes, no or not known"
        day = next((value.strip() for value in dates if value.strip()), "")
        if not day:
            return None, "Enter the date it was done"
        parsed, problem = _date(day)
        return ({"done": True, "date": parsed}, None) if problem is None else (None, problem)
    if question.kind is Kind.DATE:
        return _date(chosen)
    if question.kind is Kind.NUMBER:
        return _number(question, chosen)
    if chosen not in {value for value, _ in question.options}:
        return None, "Choose one of the options"
    return chosen, None


def _after(value: Any, latest: dt.date) -> bool:
    day = value.get("date") if isinstance(value, Mapping) else value
    return isinstance(day, str) and dt.date.fromisoformat(day) > latest


def _choices(question: Question, given: list[str]) -> tuple[Any, str | None]:
    if not given:
        return _SKIP, None
    if NONE_OF_THESE in given:
        if len(given) > 1:
            return None, "Choose “none of these” on its own, or the ones that apply"
        return [], None
    allowed = {value for value, _ in question.options}
    if not set(given) <= allowed:
        return None, "Choose from the options"
    return sorted(set(given), key=[value for value, _ in question.options].index), None


def _date(raw: str) -> tuple[str | None, str | None]:
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None, "Enter a real date, for example 27 3 2024"
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        return None, "Enter a date between 1900 and 2100"
    return day.isoformat(), None


def _number(question: Question, raw: str) -> tuple[int | None, str | None]:
    if not raw.isdigit() or len(raw) > 6:
        return None, "Enter a whole number, like 3"
    value = int(raw)
    low = question.minimum if question.minimum is not None else 0
    if value < low or (question.maximum is not None and value > question.maximum):
        return None, f"Enter a number from {low} to {question.maximum}"
    return value, None


def _bounds(slot: Slot) -> tuple[int | None, int | None]:
    low = high = None
    for rule in slot.model.model_fields[slot.field].metadata:
        if isinstance(rule, Ge):
            low = int(rule.ge)  # type: ignore[call-overload]
        if isinstance(rule, Le):
            high = int(rule.le)  # type: ignore[call-overload]
    return low, high


def _options(kind: type[enum.Enum]) -> tuple[tuple[str, str], ...]:
    return tuple((str(member.value), sentence(code_words(str(member.value)))) for member in kind)
