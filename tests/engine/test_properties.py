"""Properties of the engine over generated cases (see tests/strategies.py).

- Evaluation never raises, is deterministic, and gives one finding per rule in force.
- Monotonicity: recording a missing requirement never makes the verdict (or any finding)
  worse; removing a required record never makes it better.
- Dates after the as-of date never change the assessment, except for the data-quality
  notices that say such a record was not counted (never silently ignored).
- A family is never ready while a risk on the plan of a child whose plan is to end is active.
"""

import datetime as dt
import json
import os
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from hypothesis import given, note, settings
from hypothesis import strategies as st

from engine import RuleSet, load_ruleset
from models.assessment import Assessment, Outcome, Verdict
from models.case import Case, Risk
from models.codes import InterventionStatus, MappaOutcome, PlanDecision, RiskStatus
from tests.strategies import GENERATED_CASES, Data, cases_with_as_of, dates_after

# Deterministic in CI: a fixed seed sequence, no example database, no per-example deadline.
# For a deeper local search: DEPLAN_PROPERTY_EXAMPLES=5000 uv run pytest tests/engine/test_properties.py
PROPERTIES = settings(
    GENERATED_CASES, max_examples=int(os.environ.get("DEPLAN_PROPERTY_EXAMPLES", "150"))
)

# Out of scope is decided by the kind of case alone, so no patch below may move a case into or
# out of it: its rank stands apart from the others.
VERDICT_RANK = {
    Verdict.OUT_OF_SCOPE: -1,
    Verdict.NOT_READY: 0,
    Verdict.INSUFFICIENT_INFORMATION: 1,
    Verdict.READY: 2,
}
OUTCOME_RANK = {
    Outcome.NOT_MET: 0,
    Outcome.INSUFFICIENT_INFORMATION: 1,
    Outcome.MET: 2,
    Outcome.NOT_APPLICABLE: 2,
}


@cache
def _ruleset() -> RuleSet:
    return load_ruleset(overlay="")


def as_data(case: Case) -> Data:
    return case.model_dump(mode="json", exclude_none=True)


def assess(data: Data, as_of: dt.date) -> Assessment:
    return _ruleset().assess(Case.model_validate(data), as_of)


RECORDED_LATER = "recorded_after_as_of"


def comparable(assessment: Assessment) -> dict[str, Any]:
    """The assessment without its digest and without the notices of records dated after the
    as-of date, which name those records and their dates."""
    dumped = assessment.model_dump(exclude={"case_digest"})
    dumped["data_quality"] = [q for q in dumped["data_quality"] if q["code"] != RECORDED_LATER]
    return dumped


def later_paths(assessment: Assessment) -> set[str]:
    """The fields whose dates lie after the as-of date, as the data-quality notices name them."""
    return {q.path for q in assessment.data_quality if q.code == RECORDED_LATER}


def outcome_ranks(assessment: Assessment) -> dict[str, int]:
    return {finding.rule_id: OUTCOME_RANK[finding.outcome] for finding in assessment.findings}


def describe(before: Assessment, after: Assessment) -> str:
    changed = {
        f.rule_id: (f.outcome.value, g.outcome.value, g.reason)
        for f in before.findings
        for g in after.findings
        if f.rule_id == g.rule_id and f.outcome is not g.outcome
    }
    return f"{before.verdict.value} -> {after.verdict.value}: {changed}"


# Evaluation: total, deterministic, one finding per rule in force


@PROPERTIES
@given(cases_with_as_of())
def test_assessment_never_raises_is_deterministic_and_complete(
    drawn: tuple[Case, dt.date],
) -> None:
    case, as_of = drawn
    ruleset = _ruleset()
    first = ruleset.assess(case, as_of)
    second = ruleset.assess(case, as_of)
    assert first.model_dump() == second.model_dump()
    assert first.as_of == as_of
    ids = [finding.rule_id for finding in first.findings]
    assert len(ids) == len(set(ids))
    assert set(ids) == {rule.id for rule in ruleset.in_force(as_of)}
    for finding in first.findings:
        assert finding.outcome in ruleset.rule(finding.rule_id).possible_outcomes
        assert finding.reason
    counts = first.counts.model_dump()
    assert sum(counts.values()) == len(first.findings)


@PROPERTIES
@given(cases_with_as_of())
def test_default_as_of_is_the_decision_date_and_data_round_trips(
    drawn: tuple[Case, dt.date],
) -> None:
    case, _ = drawn
    assert Case.model_validate(as_data(case)) == case
    by_default = _ruleset().assess(case)
    assert by_default.as_of == case.decision_date
    assert by_default.model_dump() == _ruleset().assess(case, case.decision_date).model_dump()


# Monotonicity


Patch = Callable[[st.DataObject, Data, dt.date], bool]
"""Changes the case data in place; False when the case has nothing the patch applies to."""


def _on_or_before(draw: st.DataObject, as_of: dt.date, earliest: str | None = None) -> str:
    low = dt.date.fromisoformat(earliest) if earliest else as_of - dt.timedelta(days=400)
    low = min(low, as_of)
    return draw.draw(st.dates(low, as_of)).isoformat()


def _pick(draw: st.DataObject, items: list[Any]) -> Any | None:
    return draw.draw(st.sampled_from(items)) if items else None


def _no_longer_active(data: Data, item: Data, as_of: dt.date) -> bool:
    """Whether every risk the intervention addresses had a recorded status other than active
    by the as-of date. Work completed on a risk still active is itself a sign of disguised
    compliance, so completing it may rightly call for an analysis."""
    statuses = {
        risk["risk_ref"]: (risk.get("status"), risk.get("status_date"))
        for risk in data.get("risks") or []
    }
    return all(
        statuses[ref][0] not in (None, RiskStatus.ACTIVE.value)
        and (statuses[ref][1] is None or statuses[ref][1] <= as_of.isoformat())
        for ref in item["addresses_risks"]
    )


def complete_an_intervention(draw: st.DataObject, data: Data, as_of: dt.date) -> bool:
    """An intervention under way by the as-of date, on risks no longer active, is recorded
    completed on or before it."""
    started = [
        item
        for item in data.get("interventions") or []
        if (item.get("start_date") is None or dt.date.fromisoformat(item["start_date"]) <= as_of)
        and _no_longer_active(data, item, as_of)
    ]
    item = _pick(draw, started)
    if item is None:
        return False
    item["status"] = InterventionStatus.COMPLETED.value
    item["end_date"] = _on_or_before(draw, as_of, item.get("start_date"))
    return True


def check_an_adult(draw: st.DataObject, data: Data, as_of: dt.date) -> bool:
    """A done police and/or children's social care check, dated by the as-of date and not
    before the adult joined the household (a check before that does not count)."""
    joined_by_then = [
        adult
        for adult in data.get("adults") or []
        if adult.get("joined_household_date", "") <= as_of.isoformat()
    ]
    adult = _pick(draw, joined_by_then)
    if adult is None:
        return False
    joined = adult.get("joined_household_date")
    keys = draw.draw(
        st.sampled_from(
            [("police_check",), ("social_care_check",), ("police_check", "social_care_check")]
        )
    )
    for key in keys:
        adult[key] = {"done": True, "date": _on_or_before(draw, as_of, joined)}
    return True


def consult_probation(draw: st.DataObject, data: Data, as_of: dt.date) -> bool:
    """Probation consulted by the as-of date, and the MAPPA enquiry made: the adult is not
    known to probation or MAPPA. (An adult found known to them makes probation a key agency
    to hear from: new knowledge, not a requirement recorded.)"""
    adult = _pick(draw, data.get("adults") or [])
    if adult is None:
        return False
    day = _on_or_before(draw, as_of)
    adult["probation_consulted"] = {"done": True, "date": day}
    adult["mappa_enquiry"] = {"done": True, "date": day, "outcome": MappaOutcome.NOT_KNOWN.value}
    return True


def uncomplete_an_intervention(draw: st.DataObject, data: Data, as_of: dt.date) -> bool:
    """A completed intervention on risks no longer active is recorded as still in progress
    or ended incomplete."""
    completed = [
        item
        for item in data.get("interventions") or []
        if item["status"] == InterventionStatus.COMPLETED.value
        and _no_longer_active(data, item, as_of)
    ]
    item = _pick(draw, completed)
    if item is None:
        return False
    if draw.draw(st.booleans()):
        item["status"] = InterventionStatus.IN_PROGRESS.value
        item.pop("end_date", None)
    else:
        item["status"] = InterventionStatus.ENDED_INCOMPLETE.value
    return True


def _done_by(action: Data | None, as_of: dt.date) -> bool:
    return action is not None and action["done"] and action["date"] <= as_of.isoformat()


def _unrecord(draw: st.DataObject, record: Data, key: str, as_of: dt.date) -> bool:
    """Take away an action done by the as-of date (leave it unrecorded, or record it as not
    done), or record an unrecorded one as not done. An action not done by then (including
    one done later) is left alone: "not recorded" ranks above "recorded as not done"."""
    action = record.get(key)
    if action is not None and not _done_by(action, as_of):
        return False
    if action is not None and draw.draw(st.booleans()):
        del record[key]
    else:
        record[key] = {"done": False}
    return True


def uncheck_an_adult(draw: st.DataObject, data: Data, as_of: dt.date) -> bool:
    adult = _pick(draw, data.get("adults") or [])
    if adult is None:
        return False
    key = draw.draw(st.sampled_from(["police_check", "social_care_check"]))
    return _unrecord(draw, adult, key, as_of)


def unconsult_probation(draw: st.DataObject, data: Data, as_of: dt.date) -> bool:
    adult = _pick(draw, data.get("adults") or [])
    if adult is None:
        return False
    key = draw.draw(st.sampled_from(["probation_consulted", "mappa_enquiry"]))
    return _unrecord(draw, adult, key, as_of)


RECORDING = [complete_an_intervention, check_an_adult, consult_probation]
REMOVING = [uncomplete_an_intervention, uncheck_an_adult, unconsult_probation]


def _in_scope_alike(before: Assessment, after: Assessment) -> bool:
    out = Verdict.OUT_OF_SCOPE
    return (before.verdict is out) == (after.verdict is out)


def _patched(
    draw: st.DataObject, case: Case, as_of: dt.date, patches: Sequence[Patch]
) -> tuple[Assessment, Assessment, str] | None:
    data = as_data(case)
    patch = draw.draw(st.sampled_from(patches))
    if not patch(draw, data, as_of):
        return None
    note(f"as of {as_of}; {patch.__name__} gives: {json.dumps(data)}")
    return _ruleset().assess(case, as_of), assess(data, as_of), patch.__name__


@PROPERTIES
@given(cases_with_as_of(), st.data())
def test_recording_a_missing_requirement_never_makes_things_worse(
    drawn: tuple[Case, dt.date], draw: st.DataObject
) -> None:
    case, as_of = drawn
    result = _patched(draw, case, as_of, RECORDING)
    if result is None:
        return
    before, after, name = result
    assert _in_scope_alike(before, after), (name, describe(before, after))
    assert VERDICT_RANK[after.verdict] >= VERDICT_RANK[before.verdict], (
        name,
        describe(before, after),
    )
    ranks_before, ranks_after = outcome_ranks(before), outcome_ranks(after)
    for rule_id, rank in ranks_before.items():
        assert ranks_after[rule_id] >= rank, (name, rule_id, describe(before, after))


@PROPERTIES
@given(cases_with_as_of(), st.data())
def test_removing_a_required_record_never_makes_things_better(
    drawn: tuple[Case, dt.date], draw: st.DataObject
) -> None:
    case, as_of = drawn
    result = _patched(draw, case, as_of, REMOVING)
    if result is None:
        return
    before, after, name = result
    assert _in_scope_alike(before, after), (name, describe(before, after))
    assert VERDICT_RANK[after.verdict] <= VERDICT_RANK[before.verdict], (
        name,
        describe(before, after),
    )
    ranks_before, ranks_after = outcome_ranks(before), outcome_ranks(after)
    for rule_id, rank in ranks_before.items():
        assert ranks_after[rule_id] <= rank, (name, rule_id, describe(before, after))


# Dates after the as-of date


def later(draw: st.DataObject, as_of: dt.date) -> str:
    return draw.draw(dates_after(as_of)).isoformat()


def add_later_engagement_event(draw: st.DataObject, data: Data, as_of: dt.date) -> bool:
    events = data.get("engagement_events")
    if events is None:
        return False
    event: Data = {"date": later(draw, as_of), "kind": "disengaged_from_intervention"}
    adult_refs = [adult["adult_ref"] for adult in data.get("adults") or []]
    if len(adult_refs) > 0 and draw.draw(st.booleans()):
        event["adult_ref"] = draw.draw(st.sampled_from(adult_refs))
    events.append(event)
    return True


def add_later_cp_plan(draw: st.DataObject, data: Data, as_of: dt.date) -> bool:
    child = draw.draw(st.sampled_from(data["children"]))
    plan: Data = {
        "plan_ref": f"P-LATER-{len(child['cp_plans'])}",
        "start_date": later(draw, as_of),
        "category": "NEG",
    }
    child["cp_plans"].append(plan)
    return True


def add_later_conference(draw: st.DataObject, data: Data, as_of: dt.date) -> bool:
    conferences = data.get("conferences")
    if conferences is None:
        return False
    conferences.append(
        {
            "conference_ref": f"CF-LATER-{len(conferences)}",
            "kind": draw.draw(st.sampled_from(["icpc", "rcpc"])),
            "date": later(draw, as_of),
            "agencies_contributed": ["probation", "substance_misuse_service"],
            "chronology_submitted": draw.draw(st.booleans()),
            "genogram_submitted": draw.draw(st.booleans()),
            "history_analysed": draw.draw(st.booleans()),
            "repeat_plan_analysis": draw.draw(st.booleans()),
        }
    )
    return True


def add_later_allocation(draw: st.DataObject, data: Data, as_of: dt.date) -> bool:
    allocations = data.get("allocations")
    if allocations is None:
        return False
    allocations.append(
        {
            "role": draw.draw(st.sampled_from(["social_worker", "team_manager", "cp_chair"])),
            "worker_ref": "SW-LATER",
            "start_date": later(draw, as_of),
            "transfer_review": {"done": False},
        }
    )
    return True


def add_later_risk(draw: st.DataObject, data: Data, as_of: dt.date) -> bool:
    if "risks" not in data:
        return False
    data["risks"].append(
        {
            "risk_ref": "R-LATER",
            "kind": "domestic_abuse",
            "original": True,
            "identified_date": later(draw, as_of),
            "status": "active",
        }
    )
    return True


# No later intervention: work planned, or starting, after the as-of date is unfinished work
# that the rules count whenever it is dated (issue 8), not a record they may ignore.
ADDING_LATER = [
    add_later_engagement_event,
    add_later_cp_plan,
    add_later_conference,
    add_later_allocation,
    add_later_risk,
]


def _is_date(text: str) -> bool:
    if len(text) != 10 or text[4] != "-":
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def move_later_dates(value: Any, move: Callable[[dt.date], dt.date], as_of: dt.date) -> Any:
    """Every date after `as_of` moved by `move`, an order-keeping map onto dates after it."""
    if isinstance(value, dict):
        return {key: move_later_dates(item, move, as_of) for key, item in value.items()}
    if isinstance(value, list):
        return [move_later_dates(item, move, as_of) for item in value]
    if isinstance(value, str) and _is_date(value):
        day = dt.date.fromisoformat(value)
        return move(day).isoformat() if day > as_of else value
    return value


@PROPERTIES
@given(cases_with_as_of(), st.data())
def test_records_dated_after_as_of_change_nothing(
    drawn: tuple[Case, dt.date], draw: st.DataObject
) -> None:
    case, as_of = drawn
    data = as_data(case)
    applied = [
        patch.__name__
        for patch in ADDING_LATER
        if draw.draw(st.booleans()) and patch(draw, data, as_of)
    ]
    before = _ruleset().assess(case, as_of)
    after = assess(data, as_of)
    assert comparable(after) == comparable(before), (applied, describe(before, after))
    assert later_paths(before) <= later_paths(after)
    assert not applied or later_paths(after) - later_paths(before), applied


@PROPERTIES
@given(cases_with_as_of(), st.data())
def test_moving_dates_after_as_of_changes_nothing(
    drawn: tuple[Case, dt.date], draw: st.DataObject
) -> None:
    case, as_of = drawn
    shift = draw.draw(st.integers(1, 3000))
    if draw.draw(st.booleans()):

        def move(day: dt.date) -> dt.date:
            return day + dt.timedelta(days=shift)
    else:

        def move(day: dt.date) -> dt.date:
            # squeeze towards the day after as-of, keeping order (ties allowed)
            return as_of + dt.timedelta(days=1 + (day - as_of).days // (1 + shift % 7))

    moved = move_later_dates(as_data(case), move, as_of)
    before = _ruleset().assess(case, as_of)
    after = assess(moved, as_of)
    assert comparable(after) == comparable(before), describe(before, after)
    assert later_paths(after) == later_paths(before)


# Never ready while a risk on an ending plan is active

ENDING = (PlanDecision.STEP_DOWN_TO_CIN, PlanDecision.CLOSE)


def _active_on(risk: Risk, as_of: dt.date) -> bool:
    """Whether the risk was on the plan and active on the as-of date: identified by then, and
    recorded active, or recorded in another status only from a later date (before its
    status_date a risk was active)."""
    if risk.identified_date > as_of or risk.status is None:
        return False
    later_status = risk.status_date is not None and risk.status_date > as_of
    return risk.status is RiskStatus.ACTIVE or later_status


def active_risks_on_ending_plans(case: Case, as_of: dt.date) -> list[tuple[str, str]]:
    """(risk, child) pairs: an active risk concerning a child whose plan is proposed to end
    by a decision (step down to CIN, or close)."""
    ending = [c.child_ref for c in case.children if case.outcome_of(c).kind in ENDING]
    return [
        (risk.risk_ref, child)
        for risk in case.risks or ()
        if _active_on(risk, as_of)
        for child in ending
        if risk.children is None or child in risk.children
    ]


def make_a_risk_active(draw: st.DataObject, data: Data, as_of: dt.date) -> None:
    """A risk identified by the as-of date is recorded active (a new one where none is), and
    concerns a child whose plan is proposed to step down or close."""
    child = draw.draw(st.sampled_from(data["children"]))
    if data["proposed_outcome"]["kind"] not in ENDING or "outcome" in child:
        child["outcome"] = {"kind": draw.draw(st.sampled_from([k.value for k in ENDING]))}
    risks = data.setdefault("risks", [])
    risk = _pick(draw, risks)
    if risk is None:
        risk = {"risk_ref": "R-ACTIVE", "kind": "neglect", "identified_date": as_of.isoformat()}
        risks.append(risk)
    risk["identified_date"] = min(risk["identified_date"], as_of.isoformat())
    risk["status"] = RiskStatus.ACTIVE.value
    risk.pop("status_date", None)
    if draw.draw(st.booleans()):
        risk.pop("children", None)  # every child of the case
    else:
        risk["children"] = [child["child_ref"]]


@PROPERTIES
@given(cases_with_as_of(), st.data())
def test_never_ready_while_a_risk_on_an_ending_plan_is_active(
    drawn: tuple[Case, dt.date], draw: st.DataObject
) -> None:
    case, as_of = drawn
    if draw.draw(st.integers(0, 3)) > 0:
        data = as_data(case)
        make_a_risk_active(draw, data, as_of)
        note(f"as of {as_of}, with an active risk: {json.dumps(data)}")
        case = Case.model_validate(data)
    active = active_risks_on_ending_plans(case, as_of)
    if not active:
        return
    assessment = _ruleset().assess(case, as_of)
    assert assessment.verdict is not Verdict.READY, (active, assessment.verdict_reason)
    concerned = {child for _, child in active}
    for child in assessment.children:
        if child.child_ref in concerned:
            assert child.verdict is not Verdict.READY, (child.child_ref, child.verdict_reason)
