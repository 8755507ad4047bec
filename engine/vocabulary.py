"""The facts rules may name: their types, meanings and the case fields they come from.

Case facts are named `case.*`; the facts of each record of a collection are named after the
collection's item (`risk.*` for `risks`). `engine.derive` computes them; `docs/facts.md` is
generated from this table and a test keeps the two in step.
"""

from dataclasses import dataclass

from engine.values import BOOL, DATE, NUMBER, TEXT, FactType, code, codes
from models.codes import (
    AdultRole,
    Agency,
    ConferenceKind,
    ConferenceType,
    DeplanRationale,
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
    CollectionDef("risks", "risk", "risk_ref", "Risks identified on or before the as-of date."),
    CollectionDef("adults", "adult", "adult_ref", "Adults in the family's network."),
    CollectionDef(
        "interventions",
        "intervention",
        "intervention_ref",
        "Interventions on the plan, except those starting after the as-of date.",
        optional=True,
    ),
    CollectionDef(
        "allocations",
        "allocation",
        "worker_ref",
        "Allocations of social worker, team manager and CP chair during the current plan.",
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
        "case.outcome",
        code(OutcomeKind),
        "The proposed end of the plan.",
        "proposed_outcome.kind",
        always_known=True,
    ),
    FactDef(
        "case.readiness_decision",
        BOOL,
        "Whether the outcome is a readiness decision (step down or close), not an administrative end.",
        "proposed_outcome.kind",
        always_known=True,
    ),
    FactDef(
        "case.initiated_by",
        code(Initiator),
        "Who initiated ending the plan.",
        "proposed_outcome.initiated_by",
    ),
    FactDef(
        "case.rationale",
        codes(DeplanRationale),
        "The coded reasons given for ending the plan.",
        "proposed_outcome.rationale",
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
        "Start of the family's current CP plan (the earliest current plan of its children).",
        "children[].cp_plans[].start_date",
    ),
    FactDef(
        "case.has_previous_plan",
        BOOL,
        "Whether any child had a CP plan before the current one.",
        "children[].cp_plans",
        always_known=True,
    ),
    FactDef(
        "case.months_since_previous_plan",
        NUMBER,
        "Whole months from the end of the most recent previous plan to the start of the current one.",
        "children[].cp_plans[].end_date",
    ),
    FactDef(
        "case.engagement_indicators",
        NUMBER,
        "Non-engagement and disguised-compliance indicators recorded by the as-of date.",
        "engagement_events",
    ),
    FactDef(
        "case.last_engagement_indicator_date",
        DATE,
        "Date of the latest such indicator.",
        "engagement_events",
    ),
    FactDef(
        "case.disguised_compliance_analysed",
        BOOL,
        "Whether a disguised-compliance analysis was done on or after the latest indicator.",
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
        "Whether the family and friends network was considered in planning.",
        "family_network.considered",
    ),
    FactDef(
        "case.contingency_plan_agreed",
        BOOL,
        "Whether a family contingency plan was agreed.",
        "family_network.contingency_plan",
    ),
    FactDef(
        "case.lead_professional_named",
        BOOL,
        "Whether a lead professional is named for after the plan.",
        "proposed_outcome.lead_professional",
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
        "case.social_worker_changes",
        NUMBER,
        "Changes of social worker during the current plan.",
        "allocations",
    ),
    FactDef(
        "case.team_manager_changes",
        NUMBER,
        "Changes of team manager during the current plan.",
        "allocations",
    ),
    FactDef(
        "case.cp_chair_changes",
        NUMBER,
        "Changes of CP chair during the current plan.",
        "allocations",
    ),
)

RECORD_FACTS: dict[str, dict[str, FactDef]] = {
    "risks": _facts(
        FactDef("risk.ref", TEXT, "The risk's reference.", "risk_ref", always_known=True),
        FactDef("risk.kind", code(RiskKind), "What the risk is.", "kind", always_known=True),
        FactDef("risk.original", BOOL, "Whether it brought the family to conference.", "original"),
        FactDef(
            "risk.status",
            code(RiskStatus),
            "Its status as of the as-of date.",
            "status",
            always_known=True,
        ),
        FactDef(
            "risk.on_plan",
            BOOL,
            "Whether it is still on the plan (not removed).",
            "status",
            always_known=True,
        ),
        FactDef(
            "risk.sustained_change_from",
            DATE,
            "Start of sustained change: the recorded date, moved to the latest non-engagement "
            "indicator after it (non-engagement resets the clock).",
            "sustained_change_since",
        ),
        FactDef(
            "risk.months_sustained",
            NUMBER,
            "Whole months of sustained change by the as-of date; 0 while the risk is active.",
            "sustained_change_since",
            months_since="risk.sustained_change_from",
        ),
        FactDef(
            "risk.carried_to_cin_plan",
            BOOL,
            "Whether it was carried onto the CIN plan.",
            "carried_to_cin_plan",
        ),
        FactDef(
            "risk.not_carried_rationale",
            code(NotCarriedRationale),
            "The recorded reason for not carrying it onto the CIN plan.",
            "not_carried_rationale",
        ),
        FactDef(
            "risk.key_agencies_absent",
            codes(Agency),
            "Key agencies for this kind of risk (parameter key_agencies_by_risk) that contributed "
            "to no conference of the current plan.",
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
            "adult.alleged_perpetrator",
            BOOL,
            "Whether an alleged perpetrator of harm.",
            "alleged_perpetrator",
        ),
        FactDef("adult.police_checked", BOOL, "Whether police checks were done.", "police_check"),
        FactDef("adult.police_check_date", DATE, "When police checks were done.", "police_check"),
        FactDef(
            "adult.social_care_checked",
            BOOL,
            "Whether children's social care checks were done.",
            "social_care_check",
        ),
        FactDef(
            "adult.social_care_check_date",
            DATE,
            "When children's social care checks were done.",
            "social_care_check",
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
            "adult.mappa_status", code(MappaStatus), "MAPPA status as established.", "mappa_status"
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
            "Its status as of the as-of date (an end dated later counts as in progress).",
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
            "Whether it addresses a risk still on the plan.",
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
            "Whether it was held during the current plan.",
            "date",
            always_known=True,
        ),
        FactDef(
            "conference.latest",
            BOOL,
            "Whether it is the latest conference by the as-of date (the deciding one).",
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
