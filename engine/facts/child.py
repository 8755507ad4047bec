"""The child's decision: what is proposed, why, and the child's CP plans before it."""

from engine.facts.fact import CaseFactGroup, Collections, FactDef, Record, declare
from engine.facts.view import ChildView, FamilyView, known
from engine.values import BOOL, DATE, NUMBER, TEXT, UNKNOWN, code, codes
from models.codes import ConferenceType, DeplanRationale, PlanDecision

_DECIDING = frozenset({PlanDecision.STEP_DOWN_TO_CIN, PlanDecision.CLOSE})
_ONLY_NO_INCIDENTS = frozenset({DeplanRationale.NO_INCIDENTS_SINCE_LAST_REVIEW})


def plan_ends_by_decision(outcome: PlanDecision) -> bool:
    """Whether the outcome ends the child's plan on a readiness decision (step down or close)."""
    return outcome in _DECIDING


def _family_has_previous_plan(view: FamilyView) -> bool:
    return any(plans.previous is not None for plans in view.plans.values())


def _derive(view: FamilyView, child: ChildView, _collections: Collections) -> Record:
    case = view.case
    kind = child.outcome
    plans = child.plans
    given = case.proposed_outcome.rationale
    rationale = None if given is None else frozenset(given)
    return {
        "case.child_ref": child.child.child_ref,
        "case.outcome": kind,
        "case.readiness_decision": kind is not PlanDecision.ADMINISTRATIVE_END
        and case.conference_type is ConferenceType.RISK_INSIDE_HOME,
        "case.plan_ends_by_decision": kind in _DECIDING,
        "case.conference_type": case.conference_type,
        "case.plan_start_date": known(plans.episode_start),
        "case.has_previous_plan": plans.previous is not None,
        "case.family_has_previous_plan": view.once(_family_has_previous_plan),
        "case.months_since_previous_plan": plans.months_since_previous,
        "case.rationale": UNKNOWN if rationale is None else rationale,
        "case.rationale_only_no_incidents": UNKNOWN
        if rationale is None
        else rationale == _ONLY_NO_INCIDENTS,
    }


CHILD_CASE_FACTS = CaseFactGroup(
    "The child's decision and plans",
    declare(
        FactDef(
            "case.child_ref",
            TEXT,
            "The child whose decision this is.",
            "children[].child_ref",
            always_known=True,
        ),
        FactDef(
            "case.outcome",
            code(PlanDecision),
            "What is proposed for the child's plan.",
            "children[].outcome",
            always_known=True,
        ),
        FactDef(
            "case.readiness_decision",
            BOOL,
            "Whether these rules judge the decision: not an administrative end, and a risk-"
            "inside-the-home case.",
            "children[].outcome",
            always_known=True,
        ),
        FactDef(
            "case.plan_ends_by_decision",
            BOOL,
            "Whether the child's plan is proposed to end by a decision (step down or close).",
            "children[].outcome",
            always_known=True,
        ),
        FactDef(
            "case.conference_type",
            code(ConferenceType),
            "Risk inside or outside the home.",
            "conference_type",
            always_known=True,
        ),
        FactDef(
            "case.plan_start_date",
            DATE,
            "Start of the child's current plan (of the plan it continues, after a transfer-in).",
            "children[].cp_plans[].start_date",
        ),
        FactDef(
            "case.has_previous_plan",
            BOOL,
            "Whether the child had a CP plan before the current one (a transfer-in continues a "
            "plan; it is not a repeat).",
            "children[].cp_plans",
            always_known=True,
        ),
        FactDef(
            "case.family_has_previous_plan",
            BOOL,
            "Whether any child of the family had a CP plan before their current one: the "
            "family's history and its conferences are shared.",
            "children[].cp_plans",
            always_known=True,
        ),
        FactDef(
            "case.months_since_previous_plan",
            NUMBER,
            "Whole months from the end of the child's previous plan to the start of the current "
            "one.",
            "children[].cp_plans[].end_date",
        ),
        FactDef(
            "case.rationale",
            codes(DeplanRationale),
            "The coded reasons given for ending the plan.",
            "proposed_outcome.rationale",
        ),
        FactDef(
            "case.rationale_only_no_incidents",
            BOOL,
            "Whether 'no incidents since the last review' is the only reason given.",
            "proposed_outcome.rationale",
        ),
    ),
    _derive,
)
