"""`run_import`: an SSD extract folder -> cases (JSON Lines) and an import report.

Each table is read twice, streaming: once to decide its date columns' formats, once to parse
its rows. Only ids are held in memory (people, their families, the owners of plans and
assessments); the rows themselves are spilled to disk by family (`engine.ssd.spill`) and
assembled one family at a time, so memory does not grow with the number of rows.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.ssd import records
from engine.ssd.assemble import Assembler, family_tables
from engine.ssd.csvfile import CsvFile
from engine.ssd.dates import detect_formats
from engine.ssd.problems import ImportInputError, ProblemLog
from engine.ssd.pseudonym import Pseudonymiser
from engine.ssd.report import ImportReport
from engine.ssd.spill import Spill, buckets_for
from engine.ssd.tables import TABLES
from models.case import parse_case

PROGRESS_EVERY_ROWS = 5000
_NOT_A_PERSON = "refers to a person not in ssd_person"


@dataclass(frozen=True, slots=True)
class ImportRequest:
    source: Path
    out: Path
    key: bytes
    problems_out: Path | None = None
    """Where to write every row problem as CSV (the report keeps the first few)."""


@dataclass(frozen=True, slots=True)
class ImportProgress:
    bytes_done: int
    total_bytes: int
    stage: str
    cases_written: int


ProgressCallback = Callable[[ImportProgress], None]
Handler = Callable[[records.RowContext], None]


@dataclass(frozen=True, slots=True)
class _Linked:
    """A table whose rows belong to a person, directly or through a plan or assessment."""

    name: str
    parse: Callable[[records.RowContext], Any]
    link_column: str
    link: str
    """"person", "plan" or "assessment": what `link_column` names."""
    link_field: str
    """The record's field holding that id."""


_LINKED = (
    _Linked("ssd_cp_plans", records.plan, "cppl_person_id", "person", "person_id"),
    _Linked("ssd_cp_reviews", records.review, "cppr_cp_plan_id", "plan", "plan_id"),
    _Linked("ssd_initial_cp_conference", records.icpc, "icpc_person_id", "person", "person_id"),
    _Linked("ssd_involvements", records.involvement, "invo_person_id", "person", "person_id"),
    _Linked("ssd_cin_assessments", records.assessment, "cina_person_id", "person", "person_id"),
    _Linked(
        "ssd_assessment_factors",
        records.factors,
        "cinf_assessment_id",
        "assessment",
        "assessment_id",
    ),
    _Linked("ssd_cin_plans", records.cin_plan, "cinp_person_id", "person", "person_id"),
    _Linked("ssd_cin_episodes", records.cin_episode, "cine_person_id", "person", "person_id"),
)
_NOT_FOUND = {
    "person": _NOT_A_PERSON,
    "plan": "refers to a CP plan not in ssd_cp_plans",
    "assessment": "refers to an assessment not in ssd_cin_assessments",
}


def find_tables(source: Path) -> tuple[dict[str, CsvFile], list[str]]:
    """The extract's files by table name, and the CSV files it holds that are not used."""
    if not source.is_dir():
        raise ImportInputError(f"{source}: not a folder of SSD CSV files")
    files = {p.name.lower(): p for p in source.iterdir() if p.is_file()}
    found: dict[str, CsvFile] = {}
    for table in TABLES:
        path = files.pop(table.file_name, None)
        if path is not None:
            found[table.name] = CsvFile(path, table)
    missing = [t.file_name for t in TABLES if t.required and t.name not in found]
    if missing:
        raise ImportInputError(f"{source}: the extract lacks {', '.join(missing)}")
    return found, sorted(name for name in files if name.endswith(".csv"))


class _Reader:
    """Reads the tables into id indexes and the spill, reporting what it cannot use."""

    def __init__(
        self,
        tables: dict[str, CsvFile],
        problems: ProblemLog,
        report: ImportReport,
        on_progress: Callable[[str, int], None],
    ) -> None:
        self.tables = tables
        self.problems = problems
        self.report = report
        self.on_progress = on_progress
        self.people: set[str] = set()
        self.family_of: dict[str, str] = {}
        self.owners: dict[str, dict[str, str]] = {"plan": {}, "assessment": {}}

    def read(self, csv_file: CsvFile, handle: Handler) -> None:
        label = csv_file.label
        formats = {}
        if csv_file.table.date_columns:
            self.on_progress(f"checking dates in {label}", 0)
            rows = (row for _, row in csv_file.rows())
            formats = detect_formats(label, csv_file.table.date_columns, rows)
        self.on_progress(f"reading {label}", csv_file.size)
        count = 0
        for line, row in csv_file.rows(self.problems):
            count += 1
            handle(records.RowContext(label, line, row, formats, self.problems))
            if count % PROGRESS_EVERY_ROWS == 0:
                self.on_progress(f"reading {label}", 0)
        self.on_progress(f"read {label}", csv_file.size)
        self.report.files[label] = {
            "rows": count,
            "date_formats": {column: form.value for column, form in sorted(formats.items())},
        }

    def family_key(self, person: str) -> str:
        family = self.family_of.get(person)
        return f"family:{family}" if family is not None else f"person:{person}"

    def run(self, spill: Spill) -> None:
        self.read(self.tables["ssd_person"], self._person)
        self.read(self.tables["ssd_family"], self._family)
        for linked in _LINKED:
            if linked.name not in self.tables:
                self.report.optional_files_missing.append(f"{linked.name}.csv")
                continue
            self.read(self.tables[linked.name], self._linked(linked, spill))
        self.report.children = len(set(self.owners["plan"].values()))

    def _person(self, ctx: records.RowContext) -> None:
        person = ctx.value("pers_person_id", required=True)
        if person is not None:
            self.people.add(person)

    def _family(self, ctx: records.RowContext) -> None:
        family = ctx.value("fami_family_id", required=True)
        person = ctx.value("fami_person_id", required=True)
        if family is None or person is None:
            return
        if person not in self.people:
            ctx.fail("fami_person_id", _NOT_A_PERSON)
        elif self.family_of.setdefault(person, family) != family:
            ctx.fail("fami_person_id", "puts a person already in a family in another one")

    def _linked(self, linked: _Linked, spill: Spill) -> Handler:
        def handle(ctx: records.RowContext) -> None:
            record = linked.parse(ctx)
            if record is None:
                return
            linked_id = getattr(record, linked.link_field)
            if linked.link == "person":
                person: str | None = linked_id if linked_id in self.people else None
            else:
                person = self.owners[linked.link].get(linked_id)
            if person is None:
                ctx.fail(linked.link_column, _NOT_FOUND[linked.link])
                return
            if isinstance(record, records.PlanRecord):
                self.owners["plan"].setdefault(record.plan_id, person)
            elif isinstance(record, records.AssessmentRecord):
                self.owners["assessment"].setdefault(record.assessment_id, person)
            spill.add(self.family_key(person), linked.name, ctx.line, tuple(record))

        return handle


def run_import(request: ImportRequest, on_progress: ProgressCallback | None = None) -> ImportReport:
    """Import the extract in `request.source`. The cases (and the problems file) appear only
    when the import completes. Raises ImportInputError for an unusable extract."""
    tables, not_used = find_tables(request.source)
    total = 2 * sum(f.size for f in tables.values())
    done = [0]
    request.out.parent.mkdir(parents=True, exist_ok=True)
    # the work folder holds the extract's ids (the spill): beside the output, removed after
    with tempfile.TemporaryDirectory(prefix="deplan-ssd-", dir=request.out.parent) as folder:
        work = Path(folder)
        problems = ProblemLog(work / "problems.csv")
        report = ImportReport(problems=problems, files_not_used=not_used)

        def progress(stage: str, advance: int) -> None:
            done[0] += advance
            if on_progress is not None:
                on_progress(ImportProgress(min(done[0], total), total, stage, report.cases_written))

        try:
            spill = Spill(work, buckets_for(total))
            try:
                _Reader(tables, problems, report, progress).run(spill)
            finally:
                spill.close()
            assembler = Assembler(Pseudonymiser(request.key), set(tables))
            with (work / "cases.jsonl").open("w", encoding="utf-8") as out:
                for family in spill.families():
                    _write_family(assembler, family, report, out)
                    progress("assembling cases", 0)
        finally:
            problems.close()
        os.replace(work / "cases.jsonl", request.out)
        if request.problems_out is not None:
            os.replace(work / "problems.csv", request.problems_out)
    return report


def _write_family(assembler: Assembler, family: Any, report: ImportReport, out: Any) -> None:
    tables = family_tables(family, report.duplicate_rows)
    if not tables.plans:
        return
    report.families += 1
    assembled = assembler.cases(family.family_key, tables)
    report.plan_endings += sum(1 for plan in tables.plans if plan.end is not None)
    report.plan_endings_without_review += assembled.endings_without_review
    for case in assembled.cases:
        report.decisions += 1
        try:
            valid = parse_case(json.dumps(case))
        except ValidationError as error:
            report.cases_not_valid += 1
            for detail in error.errors(include_input=False, include_url=False):
                location = ".".join(
                    str(part) for part in detail["loc"] if not isinstance(part, int)
                )
                report.case_errors[f"{location or '(case)'}: {detail['type']}"] += 1
            continue
        out.write(valid.model_dump_json(exclude_none=True) + "\n")
        report.note_case(case)
