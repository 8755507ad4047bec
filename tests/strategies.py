"""Hypothesis strategies for valid `Case` objects across the whole case model.

`case_data()` draws the JSON-ready data of a case, `cases()` validates it into a `Case`, and
`cases_with_as_of()` adds an as-of date near the decision date. Two styles are mixed:

- *messy*: every optional field independently absent or present, every optional list absent,
  empty or filled, codes and dates anywhere around the decision date (before and after it);
- *tidy*: a well-recorded case whose plan mostly meets the rules (interventions completed,
  checks done, change sustained for months), with an occasional slip, so that every verdict
  and most outcomes of every rule come up.

Either way the case is valid: references resolve (interventions name existing risks,
engagement events name existing adults), refs are unique, end dates follow start dates, done
actions carry a date.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from hypothesis import strategies as st

from models.case import Case
from models.codes import (
    AbuseCategory,
    AdministrativeReason,
    AdultRole,
    Agency,
    ConferenceKind,
    ConferenceType,
    DeplanRationale,
    EngagementKind,
    HarmHistory,
    Initiator,
    InterventionStatus,
    MappaStatus,
    MentalHealthManager,
    NotCarriedRationale,
    OutcomeKind,
    ProviderType,
    RiskKind,
    RiskStatus,
    WorkerRole,
)

Data = dict[str, Any]

# The base catalogue takes effect on 2018-07-01; decision dates start a little before so the
# engine is also exercised on dates when no rule is in force yet.
EARLIEST_DECISION = dt.date(2018, 1, 1)
LATEST_DECISION = dt.date(2026, 12, 31)
_FINISHED = (InterventionStatus.COMPLETED.value, InterventionStatus.ENDED_INCOMPLETE.value)
_ROLE_PREFIX = {"social_worker": "SW", "team_manager": "TM", "cp_chair": "CH"}


def decision_dates() -> st.SearchStrategy[dt.date]:
    return st.dates(EARLIEST_DECISION, LATEST_DECISION)


def days_from(anchor: dt.date, low: int, high: int) -> st.SearchStrategy[dt.date]:
    return st.integers(low, high).map(lambda days: anchor + dt.timedelta(days=days))


# Days from the decision date: mostly before it (a plan's history), sometimes on it or
# shortly after it, and around the three-month mark.
NEAR_OFFSETS = st.one_of(
    st.integers(-1500, 0),
    st.integers(-200, 200),
    st.integers(-2, 2),
    st.sampled_from([-92, -89]),
)


def dates_near(anchor: dt.date) -> st.SearchStrategy[dt.date]:
    return NEAR_OFFSETS.map(lambda days: anchor + dt.timedelta(days=days))


def dates_after(anchor: dt.date, max_days: int = 900) -> st.SearchStrategy[dt.date]:
    return days_from(anchor, 1, max_days)


@cache
def code(enum: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in enum])


@cache
def code_lists(enum: Any, max_size: int | None = None) -> st.SearchStrategy[list[str]]:
    return st.lists(code(enum), unique=True, max_size=max_size or len(enum))


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _put(data: Data, key: str, value: Any) -> None:
    """Set an optional field, leaving it absent (not recorded) for None."""
    if value is not None:
        data[key] = value


@dataclass(frozen=True)
class _Drawer:
    """Draws the parts of one case in its style, around its decision date."""

    draw: st.DrawFn
    anchor: dt.date
    tidy: bool

    def slip(self) -> bool:
        """In a tidy case, an occasional lapse in recording or in practice."""
        return self.draw(st.integers(0, 24)) == 0

    def flag(self) -> bool:
        return not self.slip() if self.tidy else self.draw(st.booleans())

    def maybe(self, strategy: st.SearchStrategy[Any]) -> Any:
        """A value, or None (not recorded): rarely in a tidy case, often in a messy one."""
        if self.slip() if self.tidy else self.draw(st.booleans()):
            return None
        return self.draw(strategy)

    def days(self, low: int, high: int) -> dt.date:
        return self.anchor + dt.timedelta(days=self.draw(st.integers(low, high)))

    def near(self) -> dt.date:
        return self.anchor + dt.timedelta(days=self.draw(NEAR_OFFSETS))

    def maybe_flag(self) -> bool | None:
        if self.tidy:
            return None if self.slip() else not self.slip()
        return self.maybe(st.booleans())

    def date(self, earliest: int = 1500, latest: int = 0) -> dt.date:
        """Tidy: between `earliest` and `latest` days before the decision; messy: anywhere."""
        return self.days(-earliest, -latest) if self.tidy else self.near()

    def action(self, earliest: int = 600, latest: int = 0) -> Data | None:
        if self.tidy:
            if self.slip():
                return self.draw(st.sampled_from([None, {"done": False}]))
            return {"done": True, "date": self.date(earliest, latest).isoformat()}
        choice = self.draw(st.integers(0, 2))
        if choice == 0:
            return None
        if choice == 1:
            return {"done": False}
        return {"done": True, "date": self.near().isoformat()}

    def count(self, low: int, high: int) -> int | None:
        """How many records a list holds, or None for a list not recorded."""
        if self.tidy:
            return None if self.slip() else self.draw(st.integers(max(low, 1), high))
        return None if self.draw(st.booleans()) else self.draw(st.integers(low, high))


def _cp_plans(d: _Drawer, child: int) -> list[Data]:
    plans: list[Data] = []
    if d.tidy:
        previous = d.draw(st.sampled_from([None, 400, 1200]))
        if previous is not None:
            # a previous plan that ended about a year (inside the repeat-plan window) or
            # three years (outside it) before the current one began
            end = d.anchor - dt.timedelta(days=300 + previous)
            start = end - dt.timedelta(days=d.draw(st.integers(120, 600)))
            plans.append(
                {
                    "plan_ref": f"P-{child}-0",
                    "start_date": start.isoformat(),
                    "end_date": end.isoformat(),
                    "category": d.draw(code(AbuseCategory)),
                }
            )
        plans.append(
            {
                "plan_ref": f"P-{child}-1",
                "start_date": (d.anchor - dt.timedelta(days=300)).isoformat(),
                "category": d.draw(code(AbuseCategory)),
            }
        )
        return plans
    for index in range(d.draw(st.integers(1, 3))):
        start = d.date()
        plan: Data = {
            "plan_ref": f"P-{child}-{index}",
            "start_date": start.isoformat(),
            "category": d.draw(code(AbuseCategory)),
        }
        if d.draw(st.booleans()):
            plan["end_date"] = (start + dt.timedelta(days=d.draw(st.integers(0, 700)))).isoformat()
        plans.append(plan)
    return plans


def _risks(d: _Drawer) -> list[Data]:
    records = []
    for index in range(d.draw(st.integers(1, 4))):
        risk: Data = {"risk_ref": f"R{index + 1}", "kind": d.draw(code(RiskKind))}
        if d.tidy:
            risk["identified_date"] = d.date(330, 300).isoformat()
            risk["status"] = (
                d.draw(code(RiskStatus))
                if d.slip()
                else d.draw(st.sampled_from(["reducing", "resolved"]))
            )
            if not d.slip():
                risk["original"] = index == 0
            _put(risk, "status_date", _iso(d.date(280, 100)))
            if not d.slip():
                risk["sustained_change_since"] = d.days(-280, -92).isoformat()
            _put(risk, "carried_to_cin_plan", d.maybe(st.booleans()))
            if risk.get("carried_to_cin_plan") is False:
                _put(risk, "not_carried_rationale", d.maybe(code(NotCarriedRationale)))
        else:
            risk["identified_date"] = d.date().isoformat()
            risk["status"] = d.draw(code(RiskStatus))
            _put(risk, "original", d.maybe(st.booleans()))
            if d.draw(st.booleans()):
                risk["status_date"] = d.near().isoformat()
            if d.draw(st.booleans()):
                risk["sustained_change_since"] = d.near().isoformat()
            _put(risk, "carried_to_cin_plan", d.maybe(st.booleans()))
            _put(risk, "not_carried_rationale", d.maybe(code(NotCarriedRationale)))
        records.append(risk)
    return records


def _adults(d: _Drawer) -> list[Data]:
    records = []
    for index in range(d.draw(st.integers(1, 3))):
        adult: Data = {"adult_ref": f"A{index + 1}", "role": d.draw(code(AdultRole))}
        _put(adult, "regularly_in_home", d.maybe(st.booleans()))
        _put(adult, "alleged_perpetrator", d.maybe(st.booleans()))
        _put(adult, "care_experienced", d.maybe(st.booleans()))
        _put(adult, "adverse_childhood_experiences", d.maybe(st.booleans()))
        _put(adult, "parental_history_considered", d.maybe_flag())
        _put(adult, "harm_history", d.maybe(code_lists(HarmHistory, 3)))
        _put(adult, "police_check", d.action(330, 280))
        _put(adult, "social_care_check", d.action(330, 280))
        _put(adult, "probation_consulted", d.action(330, 280))
        _put(adult, "mappa_status", d.maybe(code(MappaStatus)))
        _put(adult, "mental_health_managed_by", d.maybe(code(MentalHealthManager)))
        _put(adult, "gp_treatment_adherence_report", d.action(90, 0))
        records.append(adult)
    return records


def _interventions(d: _Drawer, risk_refs: list[str]) -> list[Data] | None:
    count = d.count(0, 4)
    if count is None:
        return None
    records = []
    for index in range(count):
        record: Data = {
            "intervention_ref": f"I{index + 1}",
            "provider_type": d.draw(code(ProviderType)),
            "addresses_risks": d.draw(
                st.lists(st.sampled_from(risk_refs), min_size=1, unique=True)
            ),
        }
        if d.tidy:
            status = d.draw(code(InterventionStatus)) if d.slip() else "completed"
            start: dt.date | None = d.date(290, 200)
            end = d.date(190, 10) if status in _FINISHED else None
        else:
            status = d.draw(code(InterventionStatus))
            start = d.near() if d.draw(st.booleans()) else None
            end = None
            if status in _FINISHED or d.draw(st.booleans()):
                base = start or d.date()
                end = base + dt.timedelta(days=d.draw(st.integers(0, 500)))
        record["status"] = status
        _put(record, "start_date", _iso(start))
        _put(record, "end_date", _iso(end))
        records.append(record)
    return records


def _engagement_events(d: _Drawer, adult_refs: list[str]) -> list[Data] | None:
    count = d.count(0, 4)
    if count is None:
        return None
    events = []
    for _ in range(count):
        # tidy: non-engagement early in the plan, before change began and before the analysis
        event: Data = {"date": d.date(299, 285).isoformat(), "kind": d.draw(code(EngagementKind))}
        _put(event, "adult_ref", d.maybe(st.sampled_from(adult_refs)))
        events.append(event)
    return events


def _allocations(d: _Drawer) -> list[Data] | None:
    count = d.count(0, 5)
    if count is None:
        return None
    records = []
    for _ in range(count):
        role = d.draw(code(WorkerRole))
        start = d.date(600, 10)
        record: Data = {
            "role": role,
            "worker_ref": f"{_ROLE_PREFIX[role]}-{d.draw(st.integers(1, 3))}",
            "start_date": start.isoformat(),
        }
        if d.draw(st.booleans()):
            days = d.draw(st.integers(0, 600))
            record["end_date"] = (start + dt.timedelta(days=days)).isoformat()
        _put(record, "transfer_review", d.action(0, 0) if d.tidy else d.action())
        if d.tidy and "transfer_review" in record and record["transfer_review"]["done"]:
            # reviewed on the day the worker took over, or soon after
            day = min(start + dt.timedelta(days=d.draw(st.integers(0, 14))), d.anchor)
            record["transfer_review"]["date"] = day.isoformat()
        records.append(record)
    return records


def _conferences(d: _Drawer) -> list[Data] | None:
    if d.tidy:
        if d.slip():
            return None
        # the ICPC at the start of the current plan, a review, and the deciding review
        dates = [d.anchor - dt.timedelta(days=days) for days in (300, 200, 0)]
        kinds = ["icpc", "rcpc", "rcpc"]
    else:
        count = d.count(0, 4)
        if count is None:
            return None
        dates = [d.date() for _ in range(count)]
        kinds = [d.draw(code(ConferenceKind)) for _ in range(count)]
    records = []
    for index, (day, kind) in enumerate(zip(dates, kinds, strict=True)):
        record: Data = {"conference_ref": f"CF-{index + 1}", "kind": kind, "date": day.isoformat()}
        for key in ("agencies_invited", "agencies_contributed"):
            if d.tidy:
                _put(record, key, None if d.slip() else [agency.value for agency in Agency])
            else:
                _put(record, key, d.maybe(code_lists(Agency, 6)))
        for key in (
            "chronology_submitted",
            "genogram_submitted",
            "history_analysed",
            "repeat_plan_analysis",
        ):
            _put(record, key, d.maybe_flag())
        records.append(record)
    return records


def _proposed_outcome(d: _Drawer) -> Data:
    kinds = [*["step_down_to_cin"] * 3, "close", "close", "administrative_end"]
    kind = d.draw(st.sampled_from(kinds))
    outcome: Data = {"kind": kind}
    if kind == OutcomeKind.ADMINISTRATIVE_END.value:
        outcome["administrative_reason"] = d.draw(code(AdministrativeReason))
    if d.tidy:
        # mostly the conference's decision; sometimes at the parents' request, as in the audit
        initiators = [*["conference"] * 4, "parent_request", "social_worker"]
        _put(outcome, "initiated_by", d.maybe(st.sampled_from(initiators)))
        rationales = [
            ["sustained_change_evidenced", "interventions_completed"],
            ["sustained_change_evidenced"],
            ["risk_managed_by_safety_plan", "no_incidents_since_last_review"],
            ["parental_request"],
        ]
        _put(outcome, "rationale", d.maybe(st.sampled_from(rationales)))
    else:
        _put(outcome, "initiated_by", d.maybe(code(Initiator)))
        _put(outcome, "rationale", d.maybe(code_lists(DeplanRationale, 3)))
    named = d.maybe_flag()
    if named is not None:
        outcome["lead_professional"] = {"named": named}
        if named:
            _put(outcome["lead_professional"], "agency", d.maybe(code(Agency)))
    _put(outcome, "family_hub_link", d.action(60, 0))
    _put(outcome, "universal_support_plan", d.maybe_flag())
    return outcome


@st.composite
def case_data(
    draw: st.DrawFn, decision_date: dt.date | None = None, tidy: bool | None = None
) -> Data:
    """The JSON-ready data of a valid case, decided on `decision_date` (drawn if None), in
    the tidy or messy style (drawn if None)."""
    anchor = decision_date or draw(decision_dates())
    d = _Drawer(draw, anchor, draw(st.booleans()) if tidy is None else tidy)
    risks = _risks(d)
    adults = _adults(d)
    data: Data = {
        "case_ref": f"FAM-{draw(st.integers(1, 9999)):04d}",
        "decision_date": anchor.isoformat(),
        "conference_type": "risk_inside_home" if d.tidy else draw(code(ConferenceType)),
        "children": [
            {"child_ref": f"C{index + 1}", "cp_plans": _cp_plans(d, index + 1)}
            for index in range(draw(st.integers(1, 3)))
        ],
        "risks": risks,
        "adults": adults,
        "proposed_outcome": _proposed_outcome(d),
    }
    _put(data, "interventions", _interventions(d, [risk["risk_ref"] for risk in risks]))
    _put(data, "engagement_events", _engagement_events(d, [a["adult_ref"] for a in adults]))
    _put(data, "disguised_compliance_analysis", d.action(280, 100))
    _put(data, "allocations", _allocations(d))
    _put(data, "conferences", _conferences(d))
    agreed = d.action(200, 100)
    if agreed is not None:
        statement: Data = {"agreed": agreed}
        _put(statement, "evidence_of_change_defined", d.maybe_flag())
        months = d.maybe(st.integers(0, 12)) if not d.tidy else None if d.slip() else 3
        _put(statement, "sustain_months_agreed", months)
        data["safety_statement"] = statement
    considered = d.maybe_flag()
    if considered is not None:
        data["family_network"] = {"considered": considered}
        _put(data["family_network"], "contingency_plan", d.action(200, 10))
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
