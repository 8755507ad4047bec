"""The parts of a generated case, each drawn by a `Drawer` in its case's style (see
tests/strategies.py, which puts them together and states what every case guarantees)."""

import datetime as dt

from hypothesis import strategies as st

from models.codes import (
    AbuseCategory,
    AdministrativeReason,
    AdultRole,
    Agency,
    ConferenceKind,
    DeplanRationale,
    EngagementKind,
    HarmHistory,
    InterventionStatus,
    MappaOutcome,
    MentalHealthManager,
    NoInterventionReason,
    NotCarriedRationale,
    PlanDecision,
    ProviderType,
    RiskKind,
    RiskStatus,
    WorkerRole,
)
from tests.case_drawer import Data, Drawer, code, code_lists, iso, put

_FINISHED = (InterventionStatus.COMPLETED.value, InterventionStatus.ENDED_INCOMPLETE.value)
_ROLE_PREFIX = {"social_worker": "SW", "team_manager": "TM", "cp_chair": "CH"}
_ADMINISTRATIVE = PlanDecision.ADMINISTRATIVE_END.value


def child_outcomes() -> st.SearchStrategy[Data]:
    """A valid `ChildOutcome`: an administrative reason exactly for an administrative end."""
    return st.one_of(
        st.sampled_from([k.value for k in PlanDecision if k.value != _ADMINISTRATIVE]).map(
            lambda kind: {"kind": kind}
        ),
        code(AdministrativeReason).map(
            lambda reason: {"kind": _ADMINISTRATIVE, "administrative_reason": reason}
        ),
    )


def _cp_plans(d: Drawer, child: int) -> list[Data]:
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
        current: Data = {
            "plan_ref": f"P-{child}-1",
            "start_date": (d.anchor - dt.timedelta(days=300)).isoformat(),
            "category": d.draw(code(AbuseCategory)),
        }
        if not plans and d.draw(st.integers(0, 9)) == 0:
            current["transfer_in"] = True  # the family moved in under another authority's plan
        return [*plans, current]
    for index in range(d.draw(st.integers(1, 3))):
        start = d.date()
        plan: Data = {
            "plan_ref": f"P-{child}-{index}",
            "start_date": start.isoformat(),
            "category": d.draw(code(AbuseCategory)),
        }
        if d.draw(st.booleans()):
            plan["end_date"] = (start + dt.timedelta(days=d.draw(st.integers(0, 700)))).isoformat()
        put(plan, "transfer_in", d.maybe(st.booleans()))
        plans.append(plan)
    return plans


def children(d: Drawer) -> list[Data]:
    """Tidy: one outcome for the family, except now and then the youngest of several children,
    whose plan continues; messy: any child may have an outcome of its own."""
    count = d.draw(st.integers(1, 3))
    records = []
    for index in range(count):
        child: Data = {"child_ref": f"C{index + 1}", "cp_plans": _cp_plans(d, index + 1)}
        if not d.tidy:
            put(child, "outcome", d.maybe(child_outcomes()))
        elif count > 1 and index == count - 1 and d.draw(st.integers(0, 3)) == 0:
            child["outcome"] = {"kind": PlanDecision.CONTINUE_PLAN.value}
        records.append(child)
    return records


def risks(
    d: Drawer, child_refs: list[str], adult_refs: list[str], continuing: str | None
) -> list[Data] | None:
    """Tidy: risks changing or resolved for months, plus, for a `continuing` child, an active
    risk that concerns that child only; messy: anything, or no risks recorded."""
    if not d.tidy and d.draw(st.integers(0, 5)) == 0:
        return None
    records = []
    for index in range(d.draw(st.integers(1, 4))):
        risk: Data = {"risk_ref": f"R{index + 1}", "kind": d.draw(code(RiskKind))}
        if d.tidy:
            risk["identified_date"] = d.date(330, 300).isoformat()
            if not d.slip():
                risk["status"] = d.draw(st.sampled_from(["reducing", "resolved"]))
            elif d.draw(st.booleans()):
                risk["status"] = d.draw(code(RiskStatus))
            if not d.slip():
                risk["original"] = index == 0
            put(risk, "status_date", iso(d.date(280, 100)))
            if not d.slip():
                risk["sustained_change_since"] = d.days(-280, -92).isoformat()
            put(risk, "children", d.draw(st.sampled_from([None, child_refs, child_refs[:1]])))
            adults = d.draw(st.lists(st.sampled_from(adult_refs), min_size=1, max_size=2))
            put(risk, "adults", None if d.slip() else sorted(set(adults)))
            put(risk, "carried_to_cin_plan", d.maybe(st.booleans()))
            if risk.get("carried_to_cin_plan") is False:
                put(risk, "not_carried_rationale", d.maybe(code(NotCarriedRationale)))
        else:
            risk["identified_date"] = d.date().isoformat()
            put(risk, "status", d.maybe(code(RiskStatus)))
            put(risk, "original", d.maybe(st.booleans()))
            if d.draw(st.booleans()):
                risk["status_date"] = d.near().isoformat()
            if d.draw(st.booleans()):
                risk["sustained_change_since"] = d.near().isoformat()
            put(risk, "children", d.refs(child_refs))
            put(risk, "adults", d.refs(adult_refs))
            put(risk, "no_intervention_reason", d.maybe(code(NoInterventionReason)))
            put(risk, "carried_to_cin_plan", d.maybe(st.booleans()))
            put(risk, "not_carried_rationale", d.maybe(code(NotCarriedRationale)))
        records.append(risk)
    if continuing is not None:
        records.append(
            {
                "risk_ref": f"R{len(records) + 1}",
                "kind": d.draw(st.sampled_from(["neglect", "physical_harm", "emotional_harm"])),
                "original": False,
                "identified_date": d.date(200, 100).isoformat(),
                "status": RiskStatus.ACTIVE.value,
                "children": [continuing],
                "adults": adult_refs[:1],
            }
        )
    return records


def _mappa_enquiry(d: Drawer) -> Data:
    """A valid `MappaEnquiry`: dated exactly when done, category and level exactly when MAPPA
    manages the adult."""
    if not d.tidy and d.draw(st.booleans()):
        return {"done": False}
    enquiry: Data = {"done": True, "date": d.date(330, 280).isoformat()}
    outcome = d.maybe(code(MappaOutcome))
    put(enquiry, "outcome", outcome)
    if outcome == MappaOutcome.MAPPA_MANAGED.value:
        enquiry["category"] = d.draw(st.integers(1, 3))
        enquiry["level"] = d.draw(st.integers(1, 3))
    return enquiry


def adults(d: Drawer) -> list[Data] | None:
    """Tidy: in the household for years before their checks, now and then a partner who
    joined after them, and an enquiry of probation for each alleged perpetrator; messy:
    anything, or no adults recorded."""
    if not d.tidy and d.draw(st.integers(0, 5)) == 0:
        return None
    records = []
    for index in range(d.draw(st.integers(1, 3))):
        adult: Data = {"adult_ref": f"A{index + 1}", "role": d.draw(code(AdultRole))}
        put(adult, "regularly_in_home", d.maybe(st.booleans()))
        put(adult, "alleged_perpetrator", d.maybe(st.booleans()))
        put(adult, "care_experienced", d.maybe(st.booleans()))
        put(adult, "adverse_childhood_experiences", d.maybe(st.booleans()))
        put(adult, "earlier_children_living_elsewhere", d.maybe(st.booleans()))
        put(adult, "parental_history_considered", d.action(330, 280))
        put(adult, "harm_history", d.maybe(code_lists(HarmHistory, 3)))
        if not d.tidy:
            put(adult, "joined_household_date", iso(d.maybe(st.just(d.near()))))
        elif adult.get("regularly_in_home"):
            # checks are dated 280-330 days before the decision; a slip: joined after them
            joined = d.days(-200, -100) if d.slip() else d.date(3000, 400)
            adult["joined_household_date"] = joined.isoformat()
        put(adult, "police_check", d.action(330, 280))
        put(adult, "social_care_check", d.action(330, 280))
        put(adult, "probation_consulted", d.action(330, 280))
        if not d.tidy or adult.get("alleged_perpetrator"):
            put(adult, "mappa_enquiry", d.maybe(st.just(_mappa_enquiry(d))))
        put(adult, "mental_health_managed_by", d.maybe(code(MentalHealthManager)))
        put(adult, "gp_treatment_adherence_report", d.action(90, 0))
        records.append(adult)
    return records


def interventions(d: Drawer, risk_records: list[Data]) -> list[Data] | None:
    """Tidy: an intervention for each risk, completed, or (a slip) none and a recorded reason
    that none is needed; messy: anything that names existing risks."""
    risk_refs = [risk["risk_ref"] for risk in risk_records]
    if d.tidy:
        if d.slip():
            return None
        addressed = [risk for risk in risk_records if not d.slip()]
        count = len(addressed)
    else:
        drawn = d.count(0, 4 if risk_refs else 0)
        if drawn is None:
            return None
        count = drawn
    records = []
    for index in range(count):
        record: Data = {
            "intervention_ref": f"I{index + 1}",
            "provider_type": d.draw(code(ProviderType)),
        }
        if d.tidy:
            risk = addressed[index]
            record["addresses_risks"] = [risk["risk_ref"]]
            # the work on a risk still active (a child staying on the plan) is under way
            status = "in_progress" if risk.get("status") == "active" else "completed"
            if d.slip():
                status = d.draw(code(InterventionStatus))
            start: dt.date | None = d.date(290, 200)
            end = d.date(190, 10) if status in _FINISHED else None
        else:
            refs = st.lists(st.sampled_from(risk_refs), min_size=1, unique=True)
            record["addresses_risks"] = d.draw(refs)
            status = d.draw(code(InterventionStatus))
            start = d.near() if d.draw(st.booleans()) else None
            end = None
            if status in _FINISHED or d.draw(st.booleans()):
                base = start or d.date()
                end = base + dt.timedelta(days=d.draw(st.integers(0, 500)))
        record["status"] = status
        put(record, "start_date", iso(start))
        put(record, "end_date", iso(end))
        records.append(record)
    if d.tidy:
        covered = {ref for record in records for ref in record["addresses_risks"]}
        for risk in risk_records:
            if risk["risk_ref"] not in covered and not d.slip():
                risk["no_intervention_reason"] = d.draw(code(NoInterventionReason))
    return records


def engagement_events(d: Drawer, adult_refs: list[str]) -> list[Data] | None:
    count = d.count(0, 4)
    if count is None:
        return None
    events = []
    for _ in range(count):
        # tidy: non-engagement early in the plan, before change began and before the analysis
        event: Data = {"date": d.date(299, 285).isoformat(), "kind": d.draw(code(EngagementKind))}
        if adult_refs:
            put(event, "adult_ref", d.maybe(st.sampled_from(adult_refs)))
        put(event, "explained", d.maybe_flag())
        events.append(event)
    return events


def allocations(d: Drawer) -> list[Data] | None:
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
        put(record, "transfer_review", d.action(0, 0) if d.tidy else d.action())
        if d.tidy and "transfer_review" in record and record["transfer_review"]["done"]:
            # reviewed on the day the worker took over, or soon after
            day = min(start + dt.timedelta(days=d.draw(st.integers(0, 14))), d.anchor)
            record["transfer_review"]["date"] = day.isoformat()
        records.append(record)
    return records


def conferences(d: Drawer) -> list[Data] | None:
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
                put(record, key, None if d.slip() else [agency.value for agency in Agency])
            else:
                put(record, key, d.maybe(code_lists(Agency, 6)))
        for key in (
            "chronology_submitted",
            "genogram_submitted",
            "history_analysed",
            "repeat_plan_analysis",
            "previous_deplanning_reviewed",
        ):
            put(record, key, d.maybe_flag())
        records.append(record)
    return records


def safety_statement(d: Drawer) -> Data | None:
    agreed = d.action(200, 100)
    if agreed is None:
        return None
    statement: Data = {"agreed": agreed}
    put(statement, "evidence_of_change_defined", d.maybe_flag())
    months = d.maybe(st.integers(0, 12)) if not d.tidy else None if d.slip() else 3
    put(statement, "sustain_months_agreed", months)
    return statement


def family_network(d: Drawer) -> Data | None:
    """Tidy: considered early in the plan, with a contingency plan the network understands;
    now and then (instead, or as well) a finding that no one in it is suitable."""
    if d.slip() if d.tidy else d.draw(st.booleans()):
        return None
    network: Data = {}
    put(network, "considered", d.action(280, 200))
    put(network, "none_suitable", d.action(280, 200) if not d.tidy or d.slip() else None)
    put(network, "contingency_plan", d.action(200, 10))
    put(network, "understands_risks", d.action(200, 10))
    return network


def proposed_outcome(d: Drawer) -> Data:
    if d.tidy:
        kinds = [*["step_down_to_cin"] * 3, "close", "close", _ADMINISTRATIVE]
        kind = d.draw(st.sampled_from(kinds))
    else:
        kind = d.draw(code(PlanDecision))
    outcome: Data = {"kind": kind}
    if kind == _ADMINISTRATIVE:
        outcome["administrative_reason"] = d.draw(code(AdministrativeReason))
    if d.tidy:
        rationales = [
            ["sustained_change_evidenced", "interventions_completed"],
            ["sustained_change_evidenced"],
            ["risk_managed_by_safety_plan", "no_incidents_since_last_review"],
            ["no_incidents_since_last_review"],
        ]
        put(outcome, "rationale", d.maybe(st.sampled_from(rationales)))
    else:
        put(outcome, "rationale", d.maybe(code_lists(DeplanRationale, 3)))
    put(outcome, "lead_practitioner", d.action(60, 0))
    if not d.tidy or kind == PlanDecision.STEP_DOWN_TO_CIN.value:
        put(outcome, "lead_practitioner_after_cin", d.action(60, 0))
    put(outcome, "family_hub_link", d.action(60, 0))
    put(outcome, "universal_support_plan", d.action(60, 0))
    return outcome
