"""Generate a synthetic Standard Safeguarding Dataset (SSD) extract, as CSV files.

Everything is made up. The tables and columns are the SSD's own (`data-to-insight/
ssd-data-model`, `data/objects/ssd_*.yml`), and the extract is as messy as real ones: some
files carry a byte-order mark, Windows line endings or day-first (DD/MM/YYYY) dates from a
spreadsheet re-save, some rows are duplicated, some refer to people not in `ssd_person`, and
`ssd_person` holds (invented) names, dates of birth, UPNs and NHS numbers that an import must
never carry. Families have several children, repeat plans, changes of worker, assessment
factors, step-downs to CIN plans and closures; sometimes one child's plan ends while a
sibling's continues.

    uv run python -m examples.ssd.generate --seed 14 --families 60 --out examples/ssd
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

EXTRACT_DATE = dt.date(2025, 9, 30)
FIRST_ICPC = dt.date(2020, 1, 1)
FORENAMES = [
    "Marigold",
    "Thaddeus",
    "Philippa",
    "Leopold",
    "Rosalind",
    "Barnaby",
    "Cordelia",
    "Ignatius",
    "Henrietta",
    "Montague",
    "Araminta",
    "Peregrine",
    "Clementine",
    "Ambrose",
]
SURNAMES = [
    "Wetherby",
    "Ashcombe",
    "Pemberton",
    "Fairweather",
    "Holloway",
    "Quarrington",
    "Stanhope",
    "Whitlock",
    "Ravensworth",
    "Tiverton",
    "Blackmore",
    "Featherstone",
]
CATEGORIES = ["Neglect", "Emotional abuse", "Physical abuse", "Sexual abuse", "NEG", "EMO"]
FACTORS = [
    ("3B", 0.7),
    ("4B", 0.6),
    ("2B", 0.45),
    ("1B", 0.25),
    ("16A", 0.3),
    ("17A", 0.15),
    ("18C", 0.1),
    ("5B", 0.1),
    ("6B", 0.05),
    ("19C", 0.04),
]
ROLES = {
    "social_worker": "Allocated Social Worker",
    "team_manager": "Team Manager",
    "cp_chair": "Child Protection Chair",
    "support": "Family Support Worker",
}
CHANGE_REASONS = ["LEFTRL", "MANAGE", "ORGRST", "ABSENC", "TSPROC", "OTHERS"]

Row = dict[str, Any]


class Extract:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.tables: dict[str, list[Row]] = {name: [] for name in LAYOUT}
        self.counter = 0

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter:06d}"

    def date(self, start: dt.date, days_min: int, days_max: int) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(days_min, days_max))

    def person(self, born_from: int, born_to: int) -> str:
        person_id = self.next_id("P")
        born = dt.date(
            self.rng.randint(born_from, born_to), self.rng.randint(1, 12), self.rng.randint(1, 28)
        )
        self.tables["ssd_person"].append(
            {
                "pers_person_id": person_id,
                "pers_forename": self.rng.choice(FORENAMES),
                "pers_surname": self.rng.choice(SURNAMES),
                "pers_sex": self.rng.choice("MF"),
                "pers_dob": born,
                "pers_common_child_id": str(self.rng.randint(4000000000, 4999999999)),
                "pers_upn": f"H{self.rng.randint(100000000000, 999999999999)}",
                "pers_ethnicity": self.rng.choice(["WBRI", "WOTH", "MWBC", "ABAN", "BAFR", "NOBT"]),
            }
        )
        return person_id

    def family(self, number: int) -> None:
        family_id = f"FAM{number:05d}"
        children = [self.person(2006, 2019) for _ in range(self.rng.choice([1, 2, 2, 3, 3, 4]))]
        adults = [self.person(1975, 1999) for _ in range(self.rng.choice([1, 2, 2]))]
        for person in children + adults:
            if person == children[-1] and number % 17 == 0:
                continue  # a child the family table missed: imported as a family of one
            self.tables["ssd_family"].append(
                {"fami_family_id": family_id, "fami_person_id": person}
            )
        start = self.date(FIRST_ICPC, 0, 900)
        while start < EXTRACT_DATE:
            end = self.episode(children, start)
            if end is None or self.rng.random() > 0.4:
                break
            start = self.date(end, 60, 1100)  # the family returns to a plan

    def episode(self, children: list[str], icpc_date: dt.date) -> dt.date | None:
        """A planning episode from the ICPC; the date the last plan ended, or None if open."""
        on_plan = children if self.rng.random() < 0.8 else children[: max(1, len(children) - 1)]
        referral = self.next_id("R")
        chair = self.next_id("W")
        self.allocations(
            children, icpc_date - dt.timedelta(days=30), icpc_date + dt.timedelta(days=720), chair
        )
        factors = [code for code, rate in FACTORS if self.rng.random() < rate] or ["16A"]
        reviews = [icpc_date + dt.timedelta(days=self.rng.randint(80, 92))]
        while len(reviews) < 6:
            reviews.append(reviews[-1] + dt.timedelta(days=self.rng.randint(170, 185)))
        ending = self.rng.randint(1, 4)
        last_end: dt.date | None = None
        still_open = False
        category = self.rng.choice(CATEGORIES)
        step_down = self.rng.random() < 0.7
        for index, child in enumerate(on_plan):
            self.assessment(child, icpc_date, factors, referral)
            stays = index > 0 and self.rng.random() < 0.15  # a sibling's plan continues
            ends_at = min(ending + (1 if stays else 0), len(reviews) - 1)
            end = reviews[ends_at] if reviews[ends_at] <= EXTRACT_DATE else None
            self.plan(child, icpc_date, end, category, reviews[: ends_at + 1], referral)
            if end is not None:
                last_end = max(last_end or end, end)
                if step_down:
                    self.tables["ssd_cin_plans"].append(
                        {
                            "cinp_cin_plan_id": self.next_id("CINP"),
                            "cinp_referral_id": referral,
                            "cinp_person_id": child,
                            "cinp_cin_plan_start": end,
                            "cinp_cin_plan_end": self.date(end, 90, 300),
                            "cinp_cin_plan_team": "Team A",
                            "cinp_cin_plan_worker_id": chair,
                        }
                    )
            else:
                still_open = True
        self.tables["ssd_cin_episodes"].extend(
            {
                "cine_referral_id": referral,
                "cine_person_id": child,
                "cine_referral_date": icpc_date - dt.timedelta(days=40),
                "cine_cin_primary_need_code": "N1",
                "cine_close_reason": "RC7",
                "cine_close_date": self.date(last_end, 90, 300) if last_end else None,
            }
            for child in on_plan
        )
        return None if still_open else last_end

    def plan(
        self,
        child: str,
        start: dt.date,
        end: dt.date | None,
        category: str,
        reviews: list[dt.date],
        referral: str,
    ) -> None:
        plan_id, icpc_id = self.next_id("CPP"), self.next_id("ICPC")
        self.tables["ssd_initial_cp_conference"].append(
            {
                "icpc_icpc_id": icpc_id,
                "icpc_icpc_meeting_id": self.next_id("M"),
                "icpc_s47_enquiry_id": self.next_id("S"),
                "icpc_person_id": child,
                "icpc_cp_plan_id": plan_id,
                "icpc_referral_id": referral,
                "icpc_icpc_transfer_in": "Y" if self.rng.random() < 0.05 else "N",
                "icpc_icpc_target_date": start - dt.timedelta(days=3),
                "icpc_icpc_date": start,
                "icpc_icpc_outcome_cp_flag": "Y",
            }
        )
        self.tables["ssd_cp_plans"].append(
            {
                "cppl_cp_plan_id": plan_id,
                "cppl_referral_id": referral,
                "cppl_icpc_id": icpc_id,
                "cppl_person_id": child,
                "cppl_cp_plan_start_date": start,
                "cppl_cp_plan_end_date": end,
                "cppl_cp_plan_initial_category": category,
                "cppl_cp_plan_ola": "N",
                "cppl_cp_plan_latest_category": category,
            }
        )
        for number, day in enumerate(reviews):
            if day > EXTRACT_DATE:
                break
            last = end is not None and number == len(reviews) - 1
            outcome = ("N" if self.rng.random() < 0.9 else "") if last else "Y"
            self.tables["ssd_cp_reviews"].append(
                {
                    "cppr_cp_review_id": self.next_id("CPR"),
                    "cppr_cp_plan_id": plan_id,
                    "cppr_cp_review_due": day,
                    "cppr_cp_review_date": day,
                    "cppr_cp_review_outcome": outcome,
                    "cppr_cp_review_quorate": "Y",
                    "cppr_cp_review_participation": "PN1",
                }
            )

    def assessment(self, child: str, icpc_date: dt.date, factors: list[str], referral: str) -> None:
        assessment_id = self.next_id("A")
        started = icpc_date - dt.timedelta(days=self.rng.randint(25, 45))
        self.tables["ssd_cin_assessments"].append(
            {
                "cina_assessment_id": assessment_id,
                "cina_person_id": child,
                "cina_referral_id": referral,
                "cina_assessment_start_date": started,
                "cina_assessment_child_seen": "Y",
                "cina_assessment_auth_date": self.date(started, 10, 20),
                "cina_assessment_outcome_nfa": "N",
            }
        )
        codes: Any = factors if self.rng.random() < 0.8 else dict.fromkeys(factors, "Yes")
        self.tables["ssd_assessment_factors"].append(
            {
                "cinf_table_id": self.next_id("AF"),
                "cinf_assessment_id": assessment_id,
                "cinf_assessment_factors_json": json.dumps(codes),
            }
        )

    def allocations(self, children: list[str], start: dt.date, until: dt.date, chair: str) -> None:
        for role, changes in (
            ("social_worker", self.rng.choice([0, 1, 1, 2, 3])),
            ("team_manager", self.rng.choice([0, 0, 1])),
            ("cp_chair", self.rng.choice([0, 0, 0, 1])),
            ("support", 0),
        ):
            begin = start
            for number in range(changes + 1):
                worker = chair if role == "cp_chair" and number == 0 else self.next_id("W")
                finish = None if number == changes else self.date(begin, 60, 240)
                finish = finish if finish is None or finish < until else None
                for child in children:
                    self.tables["ssd_involvements"].append(
                        {
                            "invo_involvements_id": self.next_id("I"),
                            "invo_professional_id": worker,
                            "invo_professional_role_id": ROLES[role],
                            "invo_professional_team": "Team A",
                            "invo_involvement_start_date": begin,
                            "invo_involvement_end_date": finish if finish is not None else until,
                            "invo_worker_change_reason": ""
                            if number == 0
                            else self.rng.choice(CHANGE_REASONS),
                            "invo_person_id": child,
                            "invo_referral_id": "",
                        }
                    )
                if finish is None:
                    break
                begin = finish + dt.timedelta(days=1)

    def mess(self) -> None:
        """Duplicated rows and rows about people the extract does not hold."""
        for name in ("ssd_involvements", "ssd_cp_reviews", "ssd_cin_assessments"):
            rows = self.tables[name]
            for row in self.rng.sample(rows, 3):
                rows.insert(self.rng.randrange(len(rows)), dict(row))
        self.tables["ssd_involvements"].append(
            {
                "invo_involvements_id": self.next_id("I"),
                "invo_professional_id": "W999999",
                "invo_professional_role_id": ROLES["social_worker"],
                "invo_professional_team": "Team A",
                "invo_involvement_start_date": dt.date(2021, 3, 15),
                "invo_involvement_end_date": None,
                "invo_worker_change_reason": "",
                "invo_person_id": "P999901",
                "invo_referral_id": "",
            }
        )
        self.tables["ssd_cin_plans"].append(
            {
                "cinp_cin_plan_id": self.next_id("CINP"),
                "cinp_referral_id": "",
                "cinp_person_id": "P999902",
                "cinp_cin_plan_start": dt.date(2022, 5, 17),
                "cinp_cin_plan_end": None,
                "cinp_cin_plan_team": "Team A",
                "cinp_cin_plan_worker_id": "",
            }
        )


LAYOUT: dict[str, tuple[str, bool, bool]] = {
    # table: (date format, byte-order mark, Windows line endings)
    "ssd_person": ("%Y-%m-%d", False, True),
    "ssd_family": ("%Y-%m-%d", True, True),
    "ssd_cp_plans": ("%Y-%m-%d", False, False),
    "ssd_cp_reviews": ("%d/%m/%Y", False, True),
    "ssd_initial_cp_conference": ("%Y-%m-%d 00:00:00", False, True),
    "ssd_involvements": ("%d/%m/%Y", True, True),
    "ssd_cin_assessments": ("%Y-%m-%d", False, False),
    "ssd_assessment_factors": ("%Y-%m-%d", False, True),
    "ssd_cin_plans": ("%d/%m/%Y", False, True),
    "ssd_cin_episodes": ("%Y-%m-%d", False, False),
}


def write(extract: Extract, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in extract.tables.items():
        date_format, bom, windows = LAYOUT[name]
        encoding = "utf-8-sig" if bom else "utf-8"
        with (out / f"{name}.csv").open("w", encoding=encoding, newline="") as handle:
            writer = csv.DictWriter(
                handle, fieldnames=list(rows[0]), lineterminator="\r\n" if windows else "\n"
            )
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _cell(v, date_format) for k, v in row.items()})


def _cell(value: Any, date_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime(date_format)
    return str(value)


def generate(seed: int, families: int) -> Extract:
    extract = Extract(seed)
    for number in range(1, families + 1):
        extract.family(number)
    extract.mess()
    return extract


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--families", type=int, default=60)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent)
    args = parser.parse_args()
    write(generate(args.seed, args.families), args.out)


if __name__ == "__main__":
    main()
