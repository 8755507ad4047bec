"""The facts rules may name: their types, meanings and the case fields they come from.

Case facts are named `case.*` and are derived for one child's decision at a time (the child's
outcome, plan and risks; the family's adults, network and engagement); the facts of each record of a collection are named after the
collection's item (`risk.*` for `risks`). `engine.derive` computes them; `docs/facts.md` is
generated from this table and a test keeps the two in step.
"""

from dataclasses import dataclass

from engine.values import BOOL, DATE, NUMBER, TEXT, FactType, code, codes
from models.codes import (
    AdultRole,
    Agency,
    ComplianceSignal,
    ConferenceKind,
    ConferenceType,
    DeplanRationale,
    InterventionStatus,
    MentalHealthManager,
    NotCarriedRationale,
    OutcomeKind,
    ProviderType,
    RiskKind,
    RiskStatus,
    WorkerRole,
)


@dataclass(frozen=True, slots=True)
class FactDef:
    name: str
    type: FactType
    description: str
    source: str
    months_since: str | None = None
    """For a count of whole months: the date fact it counts from (makes a rule time-based)."""
    always_known: bool = False
    """Derived from required case fields, so never unknown."""


@dataclass(frozen=True, slots=True)
class CollectionDef:
    name: str
    item: str
    ref_field: str
    description: str
    optional: bool = False
    """Whether the case may leave the whole collection unrecorded (then it is unknown)."""


COLLECTIONS: tuple[CollectionDef, ...] = (
    CollectionDef(
        "risks",
        "risk",
        "risk_ref",
        "The risks concerning the child, identified on or before the as-of date.",
        optional=True,
    ),
    CollectionDef("adults", "adult", "adult_ref", "Adults in the family's network.", optional=True),
    CollectionDef(
        "interventions",
        "intervention",
        "intervention_ref",
        "Interventions of the family's plan; one starting after the as-of date counts as planned.",
        optional=True,
    ),
    CollectionDef(
        "allocations",
        "allocation",
        "worker_ref",
        "Allocations of social worker, team manager and CP chair during the child's current plan.",
        optional=True,
    ),
    CollectionDef(
        "conferences",
        "conference",
        "conference_ref",
        "Conferences held by the as-of date.",
        optional=True,
    ),
)


def _facts(*definitions: FactDef) -> dict[str, FactDef]:
    return {definition.name: definition for definition in definitions}


CASE_FACTS = _facts(
    FactDef(
        "case.child_ref",
        TEXT,
        "The child whose decision this is.",
        "children[].child_ref",
        always_known=True,
    ),
    FactDef(
        "case.outcome",
        code(OutcomeKind),
        "What is proposed for the child's plan.",
        "children[].outcome",
        always_known=True,
    ),
    FactDef(
        "case.readiness_decision",
        BOOL,
        "Whether these rules judge the decision: not an administrative end, and a risk-inside-"
        "the-home case.",
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
        "Whether the child had a CP plan before the current one (a transfer-in continues a plan; "
        "it is not a repeat).",
        "children[].cp_plans",
        always_known=True,
    ),
    FactDef(
        "case.family_has_previous_plan",
        BOOL,
        "Whether any child of the family had a CP plan before their current one: the family's "
        "history and its conferences are shared.",
        "children[].cp_plans",
        always_known=True,
    ),
    FactDef(
        "case.months_since_previous_plan",
        NUMBER,
        "Whole months from the end of the child's previous plan to the start of the current one.",
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
    FactDef(
        "case.risk_work_unfinished",
        BOOL,
        "Whether a risk on the child's plan is active, its change not yet sustained for the "
        "required months, or its interventions unfinished.",
        "risks",
    ),
    FactDef(
        "case.original_risk_recorded",
        BOOL,
        "Whether any of the child's risks is recorded as the one that brought the family to "
        "conference (unknown when none is).",
        "risks[].original",
    ),
    FactDef(
        "case.engagement_history_recorded",
        BOOL,
        "Whether the case records the family's engagement history (an empty list: no events).",
        "engagement_events",
    ),
    FactDef(
        "case.sustained_change_months_required",
        NUMBER,
        "Months change must be sustained: the larger of the parameter sustained_change_months "
        "and the months the agreed safety statement sets.",
        "safety_statement.sustain_months_agreed",
        always_known=True,
    ),
    FactDef(
        "case.compliance_signals",
        codes(ComplianceSignal),
        "Signals in the record that call for a disguised-compliance analysis.",
        "risks, interventions, engagement_events, conferences",
    ),
    FactDef(
        "case.last_compliance_signal_date",
        DATE,
        "Date of the latest dated signal (an indicator, non-engagement, a review just after "
        "change began).",
        "engagement_events",
    ),
    FactDef(
        "case.disguised_compliance_analysed",
        BOOL,
        "Whether a disguised-compliance analysis was done during the child's current plan, on "
        "or after the latest dated signal.",
        "disguised_compliance_analysis",
    ),
    FactDef(
        "case.disguised_compliance_analysis_date",
        DATE,
        "When the disguised-compliance analysis was done.",
        "disguised_compliance_analysis",
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
        "Whether the family and friends network was considered in planning, or none was found "
        "suitable.",
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
    FactDef(
        "case.deciding_conference_recorded",
        BOOL,
        "Whether the conference dated on the decision date is recorded (unknown when not).",
        "conferences",
    ),
    FactDef(
        "case.icpc_recorded",
        BOOL,
        "Whether the initial conference of the child's current plan is recorded (unknown when not).",
        "conferences",
    ),
    FactDef(
        "case.social_worker_changes",
        NUMBER,
        "Changes of social worker during the child's current plan.",
        "allocations",
    ),
    FactDef(
        "case.team_manager_changes",
        NUMBER,
        "Changes of team manager during the child's current plan.",
        "allocations",
    ),
    FactDef(
        "case.cp_chair_changes",
        NUMBER,
        "Changes of CP chair during the child's current plan.",
        "allocations",
    ),
    FactDef(
        "case.recommending_worker_incoming",
        BOOL,
        "Whether the social worker allocated at the decision took the case over after the "
        "child's current plan began.",
        "allocations",
    ),
    FactDef(
        "case.recommending_worker_weeks",
        NUMBER,
        "Whole weeks the social worker allocated at the decision had held the case.",
        "allocations",
    ),
    FactDef(
        "case.recommending_worker_transfer_reviewed",
        BOOL,
        "Whether that social worker reviewed the chronology and genogram on taking the case.",
        "allocations[].transfer_review",
    ),
)

RECORD_FACTS: dict[str, dict[str, FactDef]] = {
    "risks": _facts(
        FactDef("risk.ref", TEXT, "The risk's reference.", "risk_ref", always_known=True),
        FactDef("risk.kind", code(RiskKind), "What the risk is.", "kind", always_known=True),
        FactDef("risk.original", BOOL, "Whether it brought the family to conference.", "original"),
        FactDef("risk.status", code(RiskStatus), "Its status as of the as-of date.", "status"),
        FactDef("risk.on_plan", BOOL, "Whether it is still on the plan (not removed).", "status"),
        FactDef(
            "risk.sustained_change_from",
            DATE,
            "Start of sustained change: the recorded date, moved to the latest significant, "
            "unexplained non-engagement by an adult linked to the risk (local policy: such "
            "non-engagement restarts the count).",
            "sustained_change_since",
        ),
        FactDef(
            "risk.months_sustained",
            NUMBER,
            "Whole months of sustained change by the as-of date; 0 while the risk is active "
            "(change has not started).",
            "sustained_change_since",
            months_since="risk.sustained_change_from",
        ),
        FactDef(
            "risk.sustained_change_note",
            TEXT,
            "How the start of sustained change was read (as recorded, from the status date, "
            "restarted by non-engagement, after the as-of date, not started).",
            "sustained_change_since",
            always_known=True,
        ),
        FactDef(
            "risk.interventions_complete",
            BOOL,
            "Whether the risk has at least one intervention and all are complete, or a recorded "
            "reason that none is needed; planned work is unfinished work.",
            "interventions",
        ),
        FactDef("risk.interventions", TEXT, "Its interventions and their status.", "interventions"),
        FactDef(
            "risk.dropped",
            BOOL,
            "Whether it was removed from the plan or, at step-down, not carried onto the CIN plan.",
            "carried_to_cin_plan",
        ),
        FactDef(
            "risk.drop_reason_fits",
            BOOL,
            "Whether a reason for dropping it is recorded and fits its status ('resolved with "
            "sustained change' only for a resolved risk).",
            "not_carried_rationale",
        ),
        FactDef(
            "risk.not_carried_rationale",
            code(NotCarriedRationale),
            "The recorded reason for dropping it.",
            "not_carried_rationale",
        ),
        FactDef(
            "risk.key_agencies",
            codes(Agency),
            "The agencies whose insight the risk needs: the parameter key_agencies_by_risk, the "
            "providers of its interventions, who manages the mental health of the adults it "
            "concerns, and probation where such an adult is known to it.",
            "kind",
            always_known=True,
        ),
        FactDef(
            "risk.key_agencies_not_invited",
            codes(Agency),
            "Key agencies invited to no conference of the child's current plan.",
            "conferences[].agencies_invited",
        ),
        FactDef(
            "risk.key_agencies_absent",
            codes(Agency),
            "Key agencies that contributed to no conference of the child's current plan.",
            "conferences[].agencies_contributed",
        ),
    ),
    "adults": _facts(
        FactDef("adult.ref", TEXT, "The adult's reference.", "adult_ref", always_known=True),
        FactDef(
            "adult.role",
            code(AdultRole),
            "The adult's role in the family.",
            "role",
            always_known=True,
        ),
        FactDef(
            "adult.parent_figure",
            BOOL,
            "Whether the adult is a mother, father, step-parent or partner.",
            "role",
            always_known=True,
        ),
        FactDef(
            "adult.regularly_in_home", BOOL, "Whether regularly in the home.", "regularly_in_home"
        ),
        FactDef(
            "adult.joined_household_date",
            DATE,
            "When the adult joined the household.",
            "joined_household_date",
        ),
        FactDef(
            "adult.alleged_perpetrator",
            BOOL,
            "Whether an alleged perpetrator of harm.",
            "alleged_perpetrator",
        ),
        FactDef("adult.police_checked", BOOL, "Whether police checks were done.", "police_check"),
        FactDef(
            "adult.social_care_checked",
            BOOL,
            "Whether children's social care checks were done.",
            "social_care_check",
        ),
        FactDef(
            "adult.checks_after_joining",
            BOOL,
            "Whether both checks post-date the adult joining the household.",
            "joined_household_date",
        ),
        FactDef(
            "adult.probation_relevant",
            BOOL,
            "Whether probation must be asked about the adult: an alleged perpetrator of domestic "
            "abuse, sexual harm or violence (by a risk of that kind on the child's plan about "
            "them, or by their harm history), or anyone in the home whose recorded harm history "
            "shows such harm.",
            "harm_history",
        ),
        FactDef(
            "adult.probation_consulted",
            BOOL,
            "Whether probation was consulted.",
            "probation_consulted",
        ),
        FactDef(
            "adult.probation_consulted_date",
            DATE,
            "When probation was consulted.",
            "probation_consulted",
        ),
        FactDef(
            "adult.mappa_enquired",
            BOOL,
            "Whether probation was asked, with an answer, if the adult is known to it or to MAPPA.",
            "mappa_enquiry",
        ),
        FactDef(
            "adult.mappa_outcome", TEXT, "What the MAPPA enquiry found.", "mappa_enquiry.outcome"
        ),
        FactDef(
            "adult.harmed_children_before",
            BOOL,
            "Whether the adult's harm history includes harm to children.",
            "harm_history",
        ),
        FactDef(
            "adult.earlier_children_living_elsewhere",
            BOOL,
            "Whether children the adult parented earlier no longer live with them.",
            "earlier_children_living_elsewhere",
        ),
        FactDef("adult.care_experienced", BOOL, "Whether care-experienced.", "care_experienced"),
        FactDef(
            "adult.adverse_childhood_experiences",
            BOOL,
            "Whether adverse childhood experiences are known.",
            "adverse_childhood_experiences",
        ),
        FactDef(
            "adult.parental_history_considered",
            BOOL,
            "Whether the adult's own history of being parented was considered.",
            "parental_history_considered",
        ),
        FactDef(
            "adult.mental_health_managed_by",
            code(MentalHealthManager),
            "Who manages the adult's mental health.",
            "mental_health_managed_by",
        ),
        FactDef(
            "adult.mental_health_risk_on_plan",
            BOOL,
            "Whether a parental mental-health risk on the child's plan concerns the adult.",
            "risks[].adults",
            always_known=True,
        ),
        FactDef(
            "adult.gp_adherence_reported",
            BOOL,
            "Whether the GP reported on treatment adherence.",
            "gp_treatment_adherence_report",
        ),
    ),
    "interventions": _facts(
        FactDef(
            "intervention.ref",
            TEXT,
            "The intervention's reference.",
            "intervention_ref",
            always_known=True,
        ),
        FactDef(
            "intervention.provider_type",
            code(ProviderType),
            "Who provides it.",
            "provider_type",
            always_known=True,
        ),
        FactDef(
            "intervention.status",
            code(InterventionStatus),
            "Its status as of the as-of date (an end dated later counts as in progress, a start "
            "dated later as planned).",
            "status",
            always_known=True,
        ),
        FactDef(
            "intervention.completed",
            BOOL,
            "Whether completed by the as-of date.",
            "status",
            always_known=True,
        ),
        FactDef(
            "intervention.addresses_plan_risk",
            BOOL,
            "Whether it addresses a risk on the child's plan.",
            "addresses_risks",
            always_known=True,
        ),
        FactDef(
            "intervention.risks",
            TEXT,
            "The risks it addresses.",
            "addresses_risks",
            always_known=True,
        ),
    ),
    "allocations": _facts(
        FactDef("allocation.ref", TEXT, "The worker's reference.", "worker_ref", always_known=True),
        FactDef(
            "allocation.role", code(WorkerRole), "The worker's role.", "role", always_known=True
        ),
        FactDef(
            "allocation.start_date",
            DATE,
            "When the allocation started.",
            "start_date",
            always_known=True,
        ),
        FactDef(
            "allocation.incoming",
            BOOL,
            "Whether it replaced an earlier worker in the same role during the plan.",
            "start_date",
            always_known=True,
        ),
        FactDef(
            "allocation.transfer_reviewed",
            BOOL,
            "Whether the incoming worker reviewed the chronology and genogram.",
            "transfer_review",
        ),
    ),
    "conferences": _facts(
        FactDef(
            "conference.ref",
            TEXT,
            "The conference's reference.",
            "conference_ref",
            always_known=True,
        ),
        FactDef(
            "conference.kind", code(ConferenceKind), "Initial or review.", "kind", always_known=True
        ),
        FactDef("conference.date", DATE, "When it was held.", "date", always_known=True),
        FactDef(
            "conference.of_current_plan",
            BOOL,
            "Whether it was held during the child's current plan.",
            "date",
            always_known=True,
        ),
        FactDef(
            "conference.deciding",
            BOOL,
            "Whether it is the deciding conference (dated on the decision date).",
            "date",
            always_known=True,
        ),
        FactDef(
            "conference.chronology_submitted",
            BOOL,
            "Whether an updated chronology was submitted.",
            "chronology_submitted",
        ),
        FactDef(
            "conference.genogram_submitted",
            BOOL,
            "Whether a cultural genogram was submitted.",
            "genogram_submitted",
        ),
        FactDef(
            "conference.history_analysed",
            BOOL,
            "Whether the report analysed historical involvement.",
            "history_analysed",
        ),
        FactDef(
            "conference.repeat_plan_analysis",
            BOOL,
            "Whether the chair completed a repeat-plan analysis.",
            "repeat_plan_analysis",
        ),
        FactDef(
            "conference.previous_deplanning_reviewed",
            BOOL,
            "Whether the conference addressed why the previous de-planning did not hold.",
            "previous_deplanning_reviewed",
        ),
    ),
}

COLLECTION_BY_NAME = {collection.name: collection for collection in COLLECTIONS}
ALL_FACTS: dict[str, FactDef] = {
    **CASE_FACTS,
    **{name: fact for facts in RECORD_FACTS.values() for name, fact in facts.items()},
}


def facts_reference() -> str:
    """The vocabulary as Markdown: what `docs/facts.md` holds."""
    lines = [
        "# Facts rules may name",
        "",
        "Generated by `deplan rules facts` from `engine/vocabulary.py`; a test keeps it in step.",
        "A fact whose data was not recorded is *unknown*; a rule needing it gives",
        "`insufficient_information` naming the case field in the Source column.",
        "",
    ]
    sections = [("Case facts", "case", CASE_FACTS)] + [
        (f"Each of the {c.name}", c.name, RECORD_FACTS[c.name]) for c in COLLECTIONS
    ]
    for title, name, facts in sections:
        collection = COLLECTION_BY_NAME.get(name)
        lines += [f"## {title}", ""]
        if collection is not None:
            unrecorded = (
                " If the case leaves the list out, it is unknown." if collection.optional else ""
            )
            lines += [f"`{collection.name}`: {collection.description}{unrecorded}", ""]
        lines += ["| Fact | Type | Meaning | Source |", "| --- | --- | --- | --- |"]
        for fact in facts.values():
            kind = fact.type.describe() + ("" if not fact.always_known else " (always known)")
            lines.append(f"| `{fact.name}` | {kind} | {fact.description} | `{fact.source}` |")
        lines.append("")
    return "\n".join(lines)
