"""Record references in plain words: generated fixed text, the same words as `plain`."""

import ast
import datetime as dt
from typing import Any

import pytest

from engine.templates import (
    parse_template,
    plain,
    record_describer,
    record_describer_source,
    renderer_source,
)
from engine.values import UNKNOWN
from models.assessment import RecordRef

SHOWN = [
    ("risk.on_plan", "on plan"),
    ("risk.status", "status"),
    ("risk.sustained_change_from", "sustained change from"),
    ("risk.months_sustained", "months sustained"),
    ("risk.key_agencies_absent", "key agencies absent"),
]


def test_a_record_describer_is_fixed_text_naming_its_values() -> None:
    source, namespace = record_describer_source("risks", "risk.ref", SHOWN[:2])
    assert source == (
        "def describe(record):\n"
        "    value0 = record[NAME0]\n"
        "    value1 = record[NAME1]\n"
        "    return RecordRef(COLLECTION, str(record[REF]), "
        'f"{LABEL0}{YES if value0 is True else NO if value0 is False else plain(value0)}'
        '{LABEL1}{plain(value1)}")\n'
    )
    assert (namespace["LABEL0"], namespace["LABEL1"]) == ("on plan: ", "; status: ")
    constants = {
        node.value for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Constant)
    }
    assert constants == {True, False}


@pytest.mark.parametrize(
    "values",
    [
        (True, "active", dt.date(2024, 2, 29), 7, frozenset({"school_nurse", "gp"})),
        (False, "removed", UNKNOWN, UNKNOWN, frozenset()),
        (UNKNOWN, UNKNOWN, None, 0, UNKNOWN),
    ],
)
def test_a_record_is_described_in_the_words_of_plain(values: tuple[Any, ...]) -> None:
    record: dict[str, Any] = {
        "risk.ref": "R1",
        **{name: value for (name, _), value in zip(SHOWN, values, strict=True)},
    }
    expected = "; ".join(f"{label}: {plain(record[name])}" for name, label in SHOWN)
    assert record_describer("risks", "risk.ref", SHOWN)(record) == RecordRef(
        "risks", "R1", expected
    )
    assert record_describer("risks", "risk.ref", [])(record) == RecordRef("risks", "R1", "")


def test_a_template_is_one_fixed_f_string_naming_its_values() -> None:
    allowed = {"case.outcome", "param.repeat_plan_window_months", "records", "record_count"}
    text = "{case.outcome}: {record_count} of {records} within {param.repeat_plan_window_months}."
    template, message, _ = parse_template(text, allowed)
    assert template is not None, message
    source, namespace = renderer_source(template.parts)
    assert source == (
        "def render(case, parameters, as_of, records, missing, earliest):\n"
        '    return f"{plain(case[NAME0])}{LITERAL1}{len(records)}{LITERAL2}'
        '{records_words(records)}{LITERAL3}{plain(parameters[PARAMETER3])}{LITERAL4}"\n'
    )
    assert (namespace["NAME0"], namespace["LITERAL4"]) == ("case.outcome", ".")
    assert not [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Constant)]
    records = [RecordRef("risks", "R1", "status: active"), RecordRef("risks", "R2", "")]
    rendered = template.render(
        {"case.outcome": "step_down_to_cin"},
        {"repeat_plan_window_months": 24},
        dt.date(2024, 1, 1),
        records,
        (),
        None,
    )
    assert rendered == "step down to cin: 2 of R1 (status: active); R2 () within 24."
