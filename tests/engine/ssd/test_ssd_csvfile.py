"""Reading SSD CSV files as authorities produce them."""

from pathlib import Path

import pytest

from engine.ssd.csvfile import CsvFile
from engine.ssd.problems import ImportInputError, ProblemLog
from engine.ssd.tables import FAMILY, PERSON
from tests.engine.ssd.extract import write_table


def test_bom_crlf_blank_and_null_cells_and_unread_columns(tmp_path: Path) -> None:
    rows = [
        {"pers_person_id": "P1", "pers_forename": "Marigold", "pers_dob": "2016-02-29"},
        {"pers_person_id": " P2 ", "pers_forename": "", "pers_dob": "NULL"},
    ]
    path = write_table(tmp_path, "ssd_person", rows, bom=True, crlf=True)
    read = list(CsvFile(path, PERSON).rows())
    assert read == [(2, {"pers_person_id": "P1"}), (3, {"pers_person_id": "P2"})]


def test_header_names_are_matched_in_any_case(tmp_path: Path) -> None:
    path = tmp_path / "ssd_family.csv"
    path.write_text("FAMI_FAMILY_ID,Fami_Person_Id\nF1,P1\n,\n", encoding="utf-8")
    assert list(CsvFile(path, FAMILY).rows()) == [
        (2, {"fami_family_id": "F1", "fami_person_id": "P1"})
    ]


def test_a_wrong_header_names_the_file_and_the_expected_columns(tmp_path: Path) -> None:
    path = tmp_path / "ssd_family.csv"
    path.write_text("family,person\nF1,P1\n", encoding="utf-8")
    with pytest.raises(ImportInputError) as raised:
        list(CsvFile(path, FAMILY).rows())
    assert str(raised.value) == (
        "ssd_family.csv: the header lacks fami_family_id, fami_person_id; "
        "expected the columns fami_family_id, fami_person_id"
    )


def test_rows_with_the_wrong_number_of_cells_are_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "ssd_family.csv"
    path.write_text(
        "fami_family_id,fami_person_id\r\nF1,P1\r\nF1,P2,Marigold\r\nF1,P3\r\n", encoding="utf-8"
    )
    problems = ProblemLog()
    rows = list(CsvFile(path, FAMILY).rows(problems))
    assert [line for line, _ in rows] == [2, 4]
    assert [p.as_json() for p in problems.first] == [
        {
            "file": "ssd_family.csv",
            "line": 3,
            "column": None,
            "why": "has 3 cells where the header has 2",
        }
    ]


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ssd_family.csv"
    path.write_bytes("fami_family_id,fami_person_id\nF1,Zoë\n".encode("cp1252"))
    with pytest.raises(ImportInputError, match=r"ssd_family\.csv: not UTF-8 text"):
        list(CsvFile(path, FAMILY).rows())
