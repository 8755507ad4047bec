"""The SSD tables and columns the importer reads, with what each is used for.

Column names are the SSD's own (`data/objects/ssd_*.yml` in `data-to-insight/ssd-data-model`).
Only the columns listed here are ever read: names, dates of birth, addresses, UPNs and NHS
numbers in `ssd_person` and elsewhere are skipped unread.
"""

from dataclasses import dataclass
from enum import Enum


class ColumnKind(Enum):
    ID = "id"
    DATE = "date"
    CODE = "code"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: ColumnKind
    required: bool
    """Whether a row without a value in this column cannot be used."""
    use: str
    in_header: bool = True
    """Whether the header must have the column (if not, its absence means not recorded)."""


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    required: bool
    """Whether the import needs the file at all."""
    columns: tuple[Column, ...]

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def date_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.kind is ColumnKind.DATE)


def _id(name: str, use: str, *, required: bool = True) -> Column:
    return Column(name, ColumnKind.ID, required, use, in_header=required)


def _date(name: str, use: str, *, required: bool = False, in_header: bool = True) -> Column:
    return Column(name, ColumnKind.DATE, required, use, in_header)


def _code(name: str, use: str, *, required: bool = False, in_header: bool = True) -> Column:
    return Column(name, ColumnKind.CODE, required, use, in_header)


PERSON = Table(
    "ssd_person",
    True,
    (_id("pers_person_id", "the people the other tables may refer to (nothing else is read)"),),
)
FAMILY = Table(
    "ssd_family",
    True,
    (
        _id("fami_family_id", "groups children into one case; becomes a keyed-hash ref"),
        _id("fami_person_id", "the family's members"),
    ),
)
CP_PLANS = Table(
    "ssd_cp_plans",
    True,
    (
        _id("cppl_cp_plan_id", "links reviews and the ICPC to the plan"),
        _id("cppl_person_id", "the child"),
        _id("cppl_icpc_id", "the ICPC that made the plan (transfer-in flag)", required=False),
        _date("cppl_cp_plan_start_date", "plan start", required=True),
        _date("cppl_cp_plan_end_date", "plan end"),
        _code(
            "cppl_cp_plan_initial_category",
            "category of abuse if no latest one",
            in_header=False,
        ),
        _code("cppl_cp_plan_latest_category", "category of abuse; its risk"),
    ),
)
CP_REVIEWS = Table(
    "ssd_cp_reviews",
    True,
    (
        _id("cppr_cp_review_id", "the review conference"),
        _id("cppr_cp_plan_id", "the plan reviewed"),
        _date(
            "cppr_cp_review_date", "conference date; a plan ended here is a decision", required=True
        ),
        _code(
            "cppr_cp_review_outcome",
            "plan to continue? (Y/N): N marks the de-planning decision; without it, the "
            "review held on the day the plan ended",
            in_header=False,
        ),
    ),
)
ICPC = Table(
    "ssd_initial_cp_conference",
    False,
    (
        _id("icpc_icpc_id", "the initial conference"),
        _id("icpc_person_id", "the child"),
        _id("icpc_cp_plan_id", "the plan it made", required=False),
        _code("icpc_icpc_transfer_in", "transferred-in ICPC? (Y/N)"),
        _date("icpc_icpc_date", "conference date", required=True),
    ),
)
INVOLVEMENTS = Table(
    "ssd_involvements",
    False,
    (
        _id("invo_professional_id", "the worker; becomes a keyed-hash ref"),
        _code(
            "invo_professional_role_id", "social worker, team manager or CP chair", required=True
        ),
        _date("invo_involvement_start_date", "allocation start", required=True),
        _date("invo_involvement_end_date", "allocation end"),
        _id("invo_person_id", "the child"),
    ),
)
CIN_ASSESSMENTS = Table(
    "ssd_cin_assessments",
    False,
    (
        _id("cina_assessment_id", "links assessment factors"),
        _id("cina_person_id", "the child"),
        _date(
            "cina_assessment_start_date",
            "date of the factors if not authorised",
            in_header=False,
        ),
        _date("cina_assessment_auth_date", "date the factors were identified"),
    ),
)
ASSESSMENT_FACTORS = Table(
    "ssd_assessment_factors",
    False,
    (
        _id("cinf_assessment_id", "the assessment"),
        _code(
            "cinf_assessment_factors_json",
            'census factor codes, e.g. ["3B","4B"]: the risks',
            required=True,
        ),
    ),
)
CIN_PLANS = Table(
    "ssd_cin_plans",
    False,
    (
        _id("cinp_person_id", "the child"),
        _date(
            "cinp_cin_plan_start",
            "a CIN plan starting as the CP plan ends: a step-down",
            required=True,
        ),
    ),
)
CIN_EPISODES = Table(
    "ssd_cin_episodes",
    False,
    (
        _id("cine_person_id", "the child"),
        _code("cine_close_reason", "RC2 died, RC5 transferred: an administrative end"),
        _date("cine_close_date", "episode closure"),
    ),
)

TABLES: tuple[Table, ...] = (
    PERSON,
    FAMILY,
    CP_PLANS,
    CP_REVIEWS,
    ICPC,
    INVOLVEMENTS,
    CIN_ASSESSMENTS,
    ASSESSMENT_FACTORS,
    CIN_PLANS,
    CIN_EPISODES,
)
TABLES_BY_FILE = {table.file_name: table for table in TABLES}


def columns_help() -> str:
    """The tables and columns read, for `deplan import ssd --help`."""
    lines = []
    for table in TABLES:
        needed = "required" if table.required else "optional"
        names = (c.name if c.in_header else f"{c.name} (if present)" for c in table.columns)
        lines.append(f"{table.file_name} ({needed}): " + ", ".join(names))
    return "\n\n".join(lines)
