"""Rows of the SSD tables as the importer keeps them: ids, ISO dates and codes only.

Each parser checks one row's cells and reports what it cannot use (file, line, column, why;
never the value); it returns None when the row as a whole cannot be used. Dates are kept as
ISO strings, which sort as dates do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from engine.ssd import coding
from engine.ssd.csvfile import Row
from engine.ssd.dates import DateFormat, parse_date
from engine.ssd.problems import ProblemLog


class PlanRecord(NamedTuple):
    plan_id: str
    person_id: str
    icpc_id: str | None
    start: str
    end: str | None
    category: str


class ReviewRecord(NamedTuple):
    review_id: str
    plan_id: str
    date: str
    continue_plan: bool | None


class IcpcRecord(NamedTuple):
    icpc_id: str
    person_id: str
    plan_id: str | None
    transfer_in: bool | None
    date: str


class InvolvementRecord(NamedTuple):
    person_id: str
    worker_id: str
    role: str
    start: str
    end: str | None


class AssessmentRecord(NamedTuple):
    assessment_id: str
    person_id: str
    date: str


class FactorRecord(NamedTuple):
    assessment_id: str
    codes: tuple[str, ...]


class CinPlanRecord(NamedTuple):
    person_id: str
    start: str


class CinEpisodeRecord(NamedTuple):
    person_id: str
    close_reason: str | None
    close_date: str


@dataclass(slots=True)
class RowContext:
    """Where a row came from, to report what cannot be used in it."""

    file: str
    line: int
    row: Row
    formats: dict[str, DateFormat]
    problems: ProblemLog
    usable: bool = True

    def value(self, column: str, *, required: bool = False) -> str | None:
        value = self.row.get(column)
        if value is None and required:
            self.fail(column, "is blank but required")
        return value

    def date(self, column: str, *, required: bool = False) -> str | None:
        value = self.value(column, required=required)
        if value is None:
            return None
        form = self.formats.get(column)
        parsed = parse_date(value, form) if form is not None else None
        if parsed is None:
            shape = form.value if form is not None else "YYYY-MM-DD or DD/MM/YYYY"
            self.problems.add(self.file, self.line, column, f"is not a date ({shape})")
            if required:
                self.usable = False
            return None
        return parsed.isoformat()

    def coded(
        self, column: str, decode: Callable[[str], object | None], what: str
    ) -> object | None:
        value = self.value(column)
        if value is None:
            return None
        decoded = decode(value)
        if decoded is None:
            self.problems.add(self.file, self.line, column, f"is not {what}")
        return decoded

    def fail(self, column: str | None, why: str) -> None:
        self.problems.add(self.file, self.line, column, why)
        self.usable = False


def plan(ctx: RowContext) -> PlanRecord | None:
    plan_id = ctx.value("cppl_cp_plan_id", required=True)
    person = ctx.value("cppl_person_id", required=True)
    start = ctx.date("cppl_cp_plan_start_date", required=True)
    end = ctx.date("cppl_cp_plan_end_date")
    latest = ctx.coded("cppl_cp_plan_latest_category", coding.category, "a category of abuse")
    initial = ctx.coded("cppl_cp_plan_initial_category", coding.category, "a category of abuse")
    category = latest or initial
    if category is None:
        ctx.fail("cppl_cp_plan_latest_category", "has no category of abuse the plan can use")
    if start and end and end < start:
        ctx.fail("cppl_cp_plan_end_date", "is before the plan's start date")
    if not ctx.usable or plan_id is None or person is None or start is None:
        return None
    return PlanRecord(plan_id, person, ctx.value("cppl_icpc_id"), start, end, str(category))


def review(ctx: RowContext) -> ReviewRecord | None:
    review_id = ctx.value("cppr_cp_review_id", required=True)
    plan_id = ctx.value("cppr_cp_plan_id", required=True)
    date = ctx.date("cppr_cp_review_date", required=True)
    outcome = ctx.coded("cppr_cp_review_outcome", coding.yes_no, "Y or N")
    if not ctx.usable or review_id is None or plan_id is None or date is None:
        return None
    return ReviewRecord(review_id, plan_id, date, outcome if isinstance(outcome, bool) else None)


def icpc(ctx: RowContext) -> IcpcRecord | None:
    icpc_id = ctx.value("icpc_icpc_id", required=True)
    person = ctx.value("icpc_person_id", required=True)
    date = ctx.date("icpc_icpc_date", required=True)
    transfer = ctx.coded("icpc_icpc_transfer_in", coding.yes_no, "Y or N")
    if not ctx.usable or icpc_id is None or person is None or date is None:
        return None
    transfer_in = transfer if isinstance(transfer, bool) else None
    return IcpcRecord(icpc_id, person, ctx.value("icpc_cp_plan_id"), transfer_in, date)


def involvement(ctx: RowContext) -> InvolvementRecord | None:
    person = ctx.value("invo_person_id", required=True)
    worker = ctx.value("invo_professional_id", required=True)
    role_text = ctx.value("invo_professional_role_id", required=True)
    start = ctx.date("invo_involvement_start_date", required=True)
    end = ctx.date("invo_involvement_end_date")
    if not ctx.usable or person is None or worker is None or role_text is None or start is None:
        return None
    role = coding.worker_role(role_text)
    if role is None:
        return None  # another role (a family support worker, ...): not one the rules use
    return InvolvementRecord(person, worker, role.value, start, end)


def assessment(ctx: RowContext) -> AssessmentRecord | None:
    assessment_id = ctx.value("cina_assessment_id", required=True)
    person = ctx.value("cina_person_id", required=True)
    date = ctx.date("cina_assessment_auth_date") or ctx.date("cina_assessment_start_date")
    if date is None:
        ctx.fail("cina_assessment_auth_date", "has no date for the assessment")
    if not ctx.usable or assessment_id is None or person is None or date is None:
        return None
    return AssessmentRecord(assessment_id, person, date)


def factors(ctx: RowContext) -> FactorRecord | None:
    assessment_id = ctx.value("cinf_assessment_id", required=True)
    codes = ctx.coded(
        "cinf_assessment_factors_json", coding.factor_codes, "a list of assessment factor codes"
    )
    if not ctx.usable or assessment_id is None or not isinstance(codes, list):
        return None
    return FactorRecord(assessment_id, tuple(codes))


def cin_plan(ctx: RowContext) -> CinPlanRecord | None:
    person = ctx.value("cinp_person_id", required=True)
    start = ctx.date("cinp_cin_plan_start", required=True)
    if not ctx.usable or person is None or start is None:
        return None
    return CinPlanRecord(person, start)


def cin_episode(ctx: RowContext) -> CinEpisodeRecord | None:
    person = ctx.value("cine_person_id", required=True)
    close_date = ctx.date("cine_close_date")
    if not ctx.usable or person is None or close_date is None:
        return None
    return CinEpisodeRecord(person, ctx.value("cine_close_reason"), close_date)
