"""The assessment as the engine makes it: its JSON (written by orjson) is Pydantic's byte for
byte, its unvalidated models equal validated ones, and neither importing the models nor
assessing a case builds a Pydantic schema."""

import datetime as dt
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic_core import PydanticSerializationError

from engine import RuleSet, load_ruleset
from models.assessment import Assessment, Finding, OutputModel, RecordRef
from models.case import Case, parse_case
from tests.strategies import GENERATED_CASES, cases_with_as_of

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))
SETTINGS = settings(GENERATED_CASES, max_examples=60)


@cache
def _ruleset() -> RuleSet:
    return load_ruleset(overlay="")


def _pydantic_json(assessment: Assessment) -> bytes:
    return BaseModel.model_dump_json(assessment).encode()


def _examples() -> list[Assessment]:
    cases = [parse_case(path.read_bytes()) for path in EXAMPLES]
    return [
        _ruleset().assess(case, day)
        for case in cases
        for day in (case.decision_date, case.decision_date + dt.timedelta(days=400))
    ]


def _models_in(assessment: Assessment) -> list[OutputModel]:
    return [
        assessment,
        assessment.counts,
        assessment.ruleset,
        *assessment.data_quality,
        *assessment.children,
        *(child.counts for child in assessment.children),
    ]


def test_the_json_of_each_example_is_pydantics() -> None:
    for assessment in _examples():
        assert assessment.json_bytes() == _pydantic_json(assessment)
        assert assessment.model_dump_json() == _pydantic_json(assessment).decode()


@SETTINGS
@given(cases_with_as_of())
def test_the_json_of_any_case_is_pydantics_and_reads_back(drawn: tuple[Case, dt.date]) -> None:
    assessment = _ruleset().assess(*drawn)
    written = assessment.json_bytes()
    assert written == _pydantic_json(assessment)
    read_back = Assessment.model_validate_json(written)
    assert read_back == assessment
    assert read_back.json_bytes() == written


@SETTINGS
@given(st.text(), st.text())
def test_any_text_is_written_as_pydantic_writes_it(reason: str, detail: str) -> None:
    assessment = _examples()[0]
    finding = Finding(
        **{**vars(assessment.findings[0]), "reason": reason},
    )
    finding.records = [RecordRef("risks", "R1", detail)]
    changed = assessment.model_copy(update={"findings": [finding], "verdict_reason": detail})
    assert changed.json_bytes() == _pydantic_json(changed)


def test_a_text_neither_can_write_fails_as_it_does_in_pydantic() -> None:
    assessment = _examples()[0].model_copy(update={"verdict_reason": "\ud800"})
    with pytest.raises(PydanticSerializationError):
        assessment.json_bytes()


def test_the_models_the_engine_makes_unvalidated_equal_validated_ones() -> None:
    for assessment in _examples():
        validated = Assessment.model_validate(assessment.model_dump())
        assert validated == assessment
        for made, checked in zip(_models_in(assessment), _models_in(validated), strict=True):
            assert type(made) is type(checked)
            assert list(vars(made)) == list(type(made).model_fields)
            assert made.model_fields_set == checked.model_fields_set


def test_options_go_to_pydantics_serialiser() -> None:
    assessment = _examples()[0]
    assert assessment.model_dump_json(indent=2) == BaseModel.model_dump_json(assessment, indent=2)


def test_importing_and_assessing_builds_no_schema_and_imports_no_json_writer() -> None:
    """`deplan check` shows an assessment without its JSON: building the output models'
    validators and serialisers would cost it about 25 ms, importing orjson a few."""
    script = f"""
import models.assessment as m
from engine import load_ruleset
from models.case import parse_case
with open({str(EXAMPLES[0])!r}, "rb") as file:
    load_ruleset(overlay="").assess(parse_case(file.read()))
built = [name for name, model in vars(m).items()
         if isinstance(model, type) and issubclass(model, m.OutputModel)
         and model.__pydantic_complete__]
import sys
print(built, "orjson" in sys.modules)
"""
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "[] False"
