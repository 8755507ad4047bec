"""One evaluation, shared by `POST /v1/assessments` (stored) and `POST /v1/evaluations`."""

import datetime as dt
from typing import Annotated

from fastapi import Body, Query

from api.openapi_examples import CASE_EXAMPLES
from engine import RuleSet
from models.assessment import Assessment
from models.case import Case

CaseBody = Annotated[
    Case,
    Body(
        description="The family's case, as the case system exports it (`GET /v1/schema/case`).",
        openapi_examples=CASE_EXAMPLES,
    ),
]
AsOf = Annotated[
    dt.date | None,
    Query(
        description="Assess as at this date, using only what was recorded by then; "
        "defaults to the case's decision date."
    ),
]


def evaluate(ruleset: RuleSet, case: Case, as_of: dt.date | None) -> Assessment:
    return ruleset.assess(case, as_of)
