"""The family's plan beyond its risks: the safety statement, the family network, and the
support named for after the CP plan."""

from engine.facts.fact import CaseFactGroup, Collections, FactDef, Record, declare
from engine.facts.view import ChildView, FamilyView, done_by, known
from engine.values import BOOL, NUMBER, UNKNOWN, any_known


def _derive(view: FamilyView, _child: ChildView, _collections: Collections) -> Record:
    return view.once(_family_facts)


def _family_facts(view: FamilyView) -> Record:
    """The family's facts, the same for every child's decision."""
    case, as_of = view.case, view.as_of
    outcome = case.proposed_outcome
    network = case.family_network
    statement = case.safety_statement
    return {
        "case.sustained_change_months_required": view.months_required,
        "case.safety_statement_agreed": UNKNOWN
        if statement is None
        else done_by(statement.agreed, as_of),
        "case.safety_statement_evidence_defined": UNKNOWN
        if statement is None
        else known(statement.evidence_of_change_defined),
        "case.safety_statement_sustain_months": UNKNOWN
        if statement is None
        else known(statement.sustain_months_agreed),
        "case.family_network_considered": UNKNOWN
        if network is None
        else any_known(done_by(network.considered, as_of), done_by(network.none_suitable, as_of)),
        "case.contingency_plan_agreed": UNKNOWN
        if network is None
        else done_by(network.contingency_plan, as_of),
        "case.network_understands_risks": UNKNOWN
        if network is None
        else done_by(network.understands_risks, as_of),
        "case.lead_practitioner_named": done_by(outcome.lead_practitioner, as_of),
        "case.lead_practitioner_after_cin_named": done_by(
            outcome.lead_practitioner_after_cin, as_of
        ),
        "case.family_hub_linked": done_by(outcome.family_hub_link, as_of),
        "case.universal_support_plan": done_by(outcome.universal_support_plan, as_of),
    }


PLAN_CASE_FACTS = CaseFactGroup(
    "Safety statement, family network and support after the plan",
    declare(
        FactDef(
            "case.sustained_change_months_required",
            NUMBER,
            "Months change must be sustained: the larger of the parameter "
            "sustained_change_months and the months the agreed safety statement sets.",
            "safety_statement.sustain_months_agreed",
            always_known=True,
        ),
        FactDef(
            "case.safety_statement_agreed",
            BOOL,
            "Whether a safety statement was agreed.",
            "safety_statement",
        ),
        FactDef(
            "case.safety_statement_evidence_defined",
            BOOL,
            "Whether the safety statement says what evidence of change looks like.",
            "safety_statement.evidence_of_change_defined",
        ),
        FactDef(
            "case.safety_statement_sustain_months",
            NUMBER,
            "For how many months the safety statement says change must be sustained.",
            "safety_statement.sustain_months_agreed",
        ),
        FactDef(
            "case.family_network_considered",
            BOOL,
            "Whether the family and friends network was considered in planning, or none was "
            "found suitable.",
            "family_network.considered",
        ),
        FactDef(
            "case.contingency_plan_agreed",
            BOOL,
            "Whether a family contingency plan was agreed.",
            "family_network.contingency_plan",
        ),
        FactDef(
            "case.network_understands_risks",
            BOOL,
            "Whether the network's own understanding of the risks was checked.",
            "family_network.understands_risks",
        ),
        FactDef(
            "case.lead_practitioner_named",
            BOOL,
            "Whether a lead practitioner is named to co-ordinate support after the CP plan.",
            "proposed_outcome.lead_practitioner",
        ),
        FactDef(
            "case.lead_practitioner_after_cin_named",
            BOOL,
            "At step-down: whether a lead practitioner is named for after the CIN plan ends.",
            "proposed_outcome.lead_practitioner_after_cin",
        ),
        FactDef(
            "case.family_hub_linked",
            BOOL,
            "Whether the family has been linked to a family hub.",
            "proposed_outcome.family_hub_link",
        ),
        FactDef(
            "case.universal_support_plan",
            BOOL,
            "Whether there is a support plan for universal services.",
            "proposed_outcome.universal_support_plan",
        ),
    ),
    _derive,
)
