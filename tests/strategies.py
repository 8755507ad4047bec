"""Hypothesis strategies for valid `Case` objects across the whole case model.

`case_data()` draws the JSON-ready data of a case, `cases()` validates it into a `Case`, and
`cases_with_as_of()` adds an as-of date near the decision date. Two styles are mixed:

- *messy*: every optional field independently absent or present, every optional list absent,
  empty or filled, codes and dates anywhere around the decision date (before and after it),
  any child with an outcome of its own;
- *tidy*: a well-recorded case whose plan mostly meets the rules (an intervention completed on
  every risk, checks done after each adult joined the household, probation enquiries made,
  change sustained for months, lead practitioners named), with an occasional slip, and now
  and then a younger child who stays on the plan for an active risk of their own, so that
  every verdict and most outcomes of every rule come up.

Either way the case is valid: references resolve (interventions name existing risks, risks
name existing children and adults, engagement events name existing adults), refs are unique,
end dates follow start dates, done actions and enquiries carry a date and undone ones none,
MAPPA category and level come exactly with a MAPPA-managed outcome, an administrative reason
exactly with an administrative end, and every date lies within a few years of the decision
date (2018-2026), well inside the model's 1900-2100.
"""

import datetime as dt

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from models.case import Case
from models.codes import ConferenceType
from tests.case_drawer import Data, Drawer, code, dates_after, decision_dates, put
from tests.case_parts import (
    adults,
    allocations,
    children,
    conferences,
    engagement_events,
    family_network,
    interventions,
    proposed_outcome,
    risks,
    safety_statement,
)

GENERATED_CASES = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""Settings for properties over generated cases (add `max_examples`): repeatable (drawn
the same way each run, no example database) and without a deadline, as a case with many
records takes a while to draw and assess."""

__all__ = ["Data", "case_data", "cases", "cases_with_as_of", "dates_after"]


@st.composite
def case_data(
    draw: st.DrawFn, decision_date: dt.date | None = None, tidy: bool | None = None
) -> Data:
    """The JSON-ready data of a valid case, decided on `decision_date` (drawn if None), in
    the tidy or messy style (drawn if None)."""
    anchor = decision_date or draw(decision_dates())
    d = Drawer(draw, anchor, draw(st.booleans()) if tidy is None else tidy)
    child_records = children(d)
    child_refs = [child["child_ref"] for child in child_records]
    youngest = child_records[-1]
    continuing = youngest["child_ref"] if d.tidy and "outcome" in youngest else None
    adult_records = adults(d)
    adult_refs = [adult["adult_ref"] for adult in adult_records or ()]
    risk_records = risks(d, child_refs, adult_refs, continuing)
    data: Data = {
        "case_ref": f"FAM-{draw(st.integers(1, 9999)):04d}",
        "decision_date": anchor.isoformat(),
        "conference_type": "risk_inside_home" if d.tidy else draw(code(ConferenceType)),
        "children": child_records,
    }
    put(data, "risks", risk_records)
    put(data, "adults", adult_records)
    put(data, "interventions", interventions(d, risk_records or []))
    put(data, "engagement_events", engagement_events(d, adult_refs))
    put(data, "disguised_compliance_analysis", d.action(280, 100))
    put(data, "allocations", allocations(d))
    put(data, "conferences", conferences(d))
    put(data, "safety_statement", safety_statement(d))
    put(data, "family_network", family_network(d))
    data["proposed_outcome"] = proposed_outcome(d)
    return data


def cases(
    decision_date: dt.date | None = None, tidy: bool | None = None
) -> st.SearchStrategy[Case]:
    return case_data(decision_date, tidy).map(Case.model_validate)


@st.composite
def cases_with_as_of(draw: st.DrawFn, tidy: bool | None = None) -> tuple[Case, dt.date]:
    """A case and an as-of date: usually its decision date, sometimes before or after it."""
    case = draw(cases(tidy=tidy))
    if draw(st.booleans()):
        return case, case.decision_date
    return case, case.decision_date + dt.timedelta(days=draw(st.integers(-400, 60)))
