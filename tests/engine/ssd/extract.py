"""Small SSD extracts written by tests: each table as rows of cells, in the chosen encoding,
line endings and date format."""

from __future__ import annotations

import csv
from pathlib import Path

KEY = b"test-key-0123456789abcdef"

Table = list[dict[str, str]]

PERSON = [
    {
        "pers_person_id": "P1",
        "pers_forename": "Marigold",
        "pers_surname": "Quarrington",
        "pers_dob": "2016-02-29",
    },
    {
        "pers_person_id": "P2",
        "pers_forename": "Thaddeus",
        "pers_surname": "Quarrington",
        "pers_dob": "2018-07-19",
    },
    {
        "pers_person_id": "P3",
        "pers_forename": "Henrietta",
        "pers_surname": "Quarrington",
        "pers_dob": "1988-11-23",
    },
]
FAMILY = [
    {"fami_family_id": "F1", "fami_person_id": "P1"},
    {"fami_family_id": "F1", "fami_person_id": "P2"},
    {"fami_family_id": "F1", "fami_person_id": "P3"},
]
PLANS = [
    {
        "cppl_cp_plan_id": "CP1",
        "cppl_person_id": "P1",
        "cppl_icpc_id": "I1",
        "cppl_cp_plan_start_date": "2021-03-15",
        "cppl_cp_plan_end_date": "2021-11-22",
        "cppl_cp_plan_latest_category": "Neglect",
    },
    {
        "cppl_cp_plan_id": "CP2",
        "cppl_person_id": "P2",
        "cppl_icpc_id": "I2",
        "cppl_cp_plan_start_date": "2021-03-15",
        "cppl_cp_plan_end_date": "2022-05-23",
        "cppl_cp_plan_latest_category": "Emotional abuse",
    },
    {
        "cppl_cp_plan_id": "CP3",
        "cppl_person_id": "P1",
        "cppl_icpc_id": "I3",
        "cppl_cp_plan_start_date": "2023-01-16",
        "cppl_cp_plan_end_date": "",
        "cppl_cp_plan_latest_category": "NEG",
    },
]
REVIEWS = [
    {
        "cppr_cp_review_id": "R1",
        "cppr_cp_plan_id": "CP1",
        "cppr_cp_review_date": "2021-06-14",
        "cppr_cp_review_outcome": "Y",
    },
    {
        "cppr_cp_review_id": "R2",
        "cppr_cp_plan_id": "CP2",
        "cppr_cp_review_date": "2021-06-14",
        "cppr_cp_review_outcome": "Y",
    },
    {
        "cppr_cp_review_id": "R3",
        "cppr_cp_plan_id": "CP1",
        "cppr_cp_review_date": "2021-11-22",
        "cppr_cp_review_outcome": "N",
    },
    {
        "cppr_cp_review_id": "R4",
        "cppr_cp_plan_id": "CP2",
        "cppr_cp_review_date": "2021-11-22",
        "cppr_cp_review_outcome": "Y",
    },
    {
        "cppr_cp_review_id": "R5",
        "cppr_cp_plan_id": "CP2",
        "cppr_cp_review_date": "2022-05-23",
        "cppr_cp_review_outcome": "",
    },
]
ICPCS = [
    {
        "icpc_icpc_id": "I1",
        "icpc_person_id": "P1",
        "icpc_cp_plan_id": "CP1",
        "icpc_icpc_transfer_in": "N",
        "icpc_icpc_date": "2021-03-15",
    },
    {
        "icpc_icpc_id": "I2",
        "icpc_person_id": "P2",
        "icpc_cp_plan_id": "CP2",
        "icpc_icpc_transfer_in": "Y",
        "icpc_icpc_date": "2021-03-15",
    },
]
INVOLVEMENTS = [
    {
        "invo_professional_id": "W1",
        "invo_professional_role_id": "Allocated Social Worker",
        "invo_involvement_start_date": "2021-02-15",
        "invo_involvement_end_date": "2021-07-31",
        "invo_person_id": "P1",
    },
    {
        "invo_professional_id": "W1",
        "invo_professional_role_id": "Allocated Social Worker",
        "invo_involvement_start_date": "2021-02-15",
        "invo_involvement_end_date": "2021-07-31",
        "invo_person_id": "P2",
    },
    {
        "invo_professional_id": "W2",
        "invo_professional_role_id": "Allocated Social Worker",
        "invo_involvement_start_date": "2021-08-01",
        "invo_involvement_end_date": "",
        "invo_person_id": "P1",
    },
    {
        "invo_professional_id": "W3",
        "invo_professional_role_id": "Team Manager",
        "invo_involvement_start_date": "2021-02-15",
        "invo_involvement_end_date": "",
        "invo_person_id": "P1",
    },
    {
        "invo_professional_id": "W4",
        "invo_professional_role_id": "Family Support Worker",
        "invo_involvement_start_date": "2021-02-15",
        "invo_involvement_end_date": "",
        "invo_person_id": "P1",
    },
]
ASSESSMENTS = [
    {
        "cina_assessment_id": "A1",
        "cina_person_id": "P1",
        "cina_assessment_start_date": "2021-02-01",
        "cina_assessment_auth_date": "2021-02-20",
    },
    {
        "cina_assessment_id": "A2",
        "cina_person_id": "P2",
        "cina_assessment_start_date": "2021-02-01",
        "cina_assessment_auth_date": "2021-02-20",
    },
    {
        "cina_assessment_id": "A3",
        "cina_person_id": "P2",
        "cina_assessment_start_date": "2021-09-01",
        "cina_assessment_auth_date": "2021-09-14",
    },
]
FACTORS = [
    {"cinf_assessment_id": "A1", "cinf_assessment_factors_json": '["3B", "4B"]'},
    {"cinf_assessment_id": "A2", "cinf_assessment_factors_json": '{"3B": "Yes", "2B": "No"}'},
    {"cinf_assessment_id": "A3", "cinf_assessment_factors_json": '["2B", "5B"]'},
]
CIN_PLANS = [
    {"cinp_person_id": "P1", "cinp_cin_plan_start": "2021-11-22"},
]
CIN_EPISODES = [
    {"cine_person_id": "P2", "cine_close_reason": "RC7", "cine_close_date": "2022-09-30"},
]

BASE: dict[str, Table] = {
    "ssd_person": PERSON,
    "ssd_family": FAMILY,
    "ssd_cp_plans": PLANS,
    "ssd_cp_reviews": REVIEWS,
    "ssd_initial_cp_conference": ICPCS,
    "ssd_involvements": INVOLVEMENTS,
    "ssd_cin_assessments": ASSESSMENTS,
    "ssd_assessment_factors": FACTORS,
    "ssd_cin_plans": CIN_PLANS,
    "ssd_cin_episodes": CIN_EPISODES,
}


def write_table(
    folder: Path, name: str, rows: Table, *, bom: bool = False, crlf: bool = False
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.csv"
    columns: list[str] = []
    for row in rows:
        columns.extend(c for c in row if c not in columns)
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\r\n" if crlf else "\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_extract(folder: Path, tables: dict[str, Table] | None = None) -> Path:
    for name, rows in (tables or BASE).items():
        write_table(folder, name, rows)
    return folder


def day_first(rows: Table, *columns: str) -> Table:
    """The rows with these ISO date columns re-saved as DD/MM/YYYY."""
    out = []
    for row in rows:
        copy = dict(row)
        for column in columns:
            if copy.get(column):
                year, month, day = copy[column].split("-")
                copy[column] = f"{day}/{month}/{year}"
        out.append(copy)
    return out
