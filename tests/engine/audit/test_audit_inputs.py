"""The streaming reader: files, folders, line numbers, blank lines, oversized lines."""

import datetime as dt
import json
from pathlib import Path

import pytest

from engine.audit import inputs
from engine.audit.context import audit_context, return_band
from engine.audit.inputs import InputError, Reader, resolve_inputs
from examples.generate_cohort import generate_case
from models.case import Case


def test_json_lines_records_carry_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_bytes(b'{"a": 1}\n\n   \n{"b": 2}\n{"c": 3}')
    reader = Reader(resolve_inputs([path]))
    records = list(reader)
    assert [(r.file, r.line) for r in records] == [(str(path), 1), (str(path), 4), (str(path), 5)]
    assert records[2].data == b'{"c": 3}'
    assert reader.blank_lines == 2
    assert reader.bytes_read == path.stat().st_size == reader.total_bytes


def test_folders_are_searched_recursively_in_a_stable_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.json").write_text("{}")
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "more.jsonl").write_text("{}\n{}\n")
    (tmp_path / "notes.txt").write_text("ignored")
    records = list(Reader(resolve_inputs([tmp_path])))
    assert [(Path(r.file).relative_to(tmp_path).as_posix(), r.line) for r in records] == [
        ("a.json", None),
        ("b/two.json", None),
        ("more.jsonl", 1),
        ("more.jsonl", 2),
    ]


def test_the_same_file_given_twice_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text("{}\n")
    assert len(resolve_inputs([path, tmp_path])) == 1


@pytest.mark.parametrize("name", ["missing.jsonl", "cases.csv"])
def test_unusable_inputs_raise(tmp_path: Path, name: str) -> None:
    (tmp_path / "cases.csv").write_text("x")
    with pytest.raises(InputError):
        resolve_inputs([tmp_path / name])


def test_empty_folder_and_no_inputs_raise(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        resolve_inputs([tmp_path])
    with pytest.raises(InputError):
        resolve_inputs([])


def test_oversized_line_is_a_record_with_a_read_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inputs, "MAX_RECORD_BYTES", 10)
    monkeypatch.setattr(inputs, "_SKIP_CHUNK", 4)
    path = tmp_path / "cases.jsonl"
    path.write_bytes(b'{"a": 1}\n' + b"x" * 50 + b"\n" + b'{"b": 2}\n')
    reader = Reader(resolve_inputs([path]))
    records = list(reader)
    assert [(r.line, r.read_error is not None) for r in records] == [
        (1, False),
        (2, True),
        (3, False),
    ]
    assert records[1].data == b""
    assert reader.bytes_read == path.stat().st_size


def test_context_reads_the_case_as_at_its_decision_date() -> None:
    data = generate_case(7, 3)
    data["decision_date"] = "2020-06-30"
    data["children"] = [
        {
            "child_ref": "CH1",
            "cp_plans": [
                {
                    "plan_ref": "P0",
                    "start_date": "2015-01-01",
                    "end_date": "2016-01-01",
                    "category": "NEG",
                },
                {
                    "plan_ref": "P1",
                    "start_date": "2019-09-01",
                    "end_date": "2020-06-30",
                    "category": "EMO",
                },
                {"plan_ref": "P2", "start_date": "2022-01-15", "category": "PHY"},
            ],
        },
        {
            "child_ref": "CH2",
            "cp_plans": [{"plan_ref": "Q2", "start_date": "2021-07-01", "category": "MUL"}],
        },
    ]
    data["allocations"] = [
        {
            "role": "social_worker",
            "worker_ref": "SW1",
            "start_date": "2018-01-01",
            "end_date": "2019-08-01",
        },  # before this plan: not counted
        {
            "role": "social_worker",
            "worker_ref": "SW2",
            "start_date": "2019-09-01",
            "end_date": "2019-12-31",
        },
        {"role": "social_worker", "worker_ref": "SW3", "start_date": "2020-01-01"},
        {"role": "social_worker", "worker_ref": "SW2", "start_date": "2020-03-01"},
        {"role": "social_worker", "worker_ref": "SW4", "start_date": "2020-08-01"},  # later
        {"role": "cp_chair", "worker_ref": "CH1", "start_date": "2019-09-01"},
    ]
    context = audit_context(Case.model_validate(data))
    assert context.categories == ["EMO"]
    assert context.worker_changes == {"social_worker": 1, "team_manager": 0, "cp_chair": 0}
    assert context.later_plan_start == dt.date(2021, 7, 1)
    assert context.days_to_return == 366
    assert context.return_band == "1-2y"
    assert json.loads(context.model_dump_json())["return_band"] == "1-2y"


@pytest.mark.parametrize(
    ("later", "band"),
    [
        ("2021-02-27", "<1y"),
        ("2021-02-28", "1-2y"),
        ("2025-02-27", "2-5y"),
        ("2025-02-28", "5y+"),
    ],
)
def test_return_bands_count_calendar_years(later: str, band: str) -> None:
    assert return_band(dt.date(2020, 2, 29), dt.date.fromisoformat(later)) == band


def test_committed_cohorts_are_what_the_documented_generator_makes() -> None:
    from examples.generate_cohort import malformed_line

    examples = Path(__file__).resolve().parents[3] / "examples"
    lines = (examples / "cohort.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 400
    for index in (0, 1, 199, 399):
        assert json.loads(lines[index]) == generate_case(2024, index)
    with_errors = (examples / "cohort-with-errors.jsonl").read_text(encoding="utf-8")
    assert malformed_line(2024, 120 + 13, 0) in with_errors.splitlines()


def test_outputs_name_an_input_by_the_name_given_not_its_path(tmp_path: Path) -> None:
    kept = tmp_path / "server" / "data" / "job-1" / "input.jsonl"
    kept.parent.mkdir(parents=True)
    kept.write_text("{}\n", encoding="utf-8")
    [source] = resolve_inputs([kept], ["upload.jsonl"])
    assert source.label == "upload.jsonl"
    with pytest.raises(InputError) as raised:
        resolve_inputs([tmp_path / "missing.jsonl"], ["upload.jsonl"])
    assert str(tmp_path) not in str(raised.value)
