"""Coded values shared by the case model, the facts and the rules.

Coded values rather than narrative keep special-category data out of the tool and let
rules compare like with like. Category codes follow the Children in Need census.
"""

from enum import StrEnum


class AbuseCategory(StrEnum):
    NEG = "NEG"
    PHY = "PHY"
    SAB = "SAB"
    EMO = "EMO"
    MUL = "MUL"


class RiskKind(StrEnum):
    DOMESTIC_ABUSE = "domestic_abuse"
    PARENTAL_MENTAL_HEALTH = "parental_mental_health"
    PARENTAL_DRUG_MISUSE = "parental_drug_misuse"
    PARENTAL_ALCOHOL_MISUSE = "parental_alcohol_misuse"
    SEXUAL_HARM = "sexual_harm"
    PHYSICAL_HARM = "physical_harm"
    NEGLECT = "neglect"
    EMOTIONAL_HARM = "emotional_harm"
    OTHER = "other"


class RiskStatus(StrEnum):
    """Where a risk stands on the plan. `active`: no change yet; `reducing`: change under way;
    `resolved`: change evidenced; `removed`: taken off the plan without being resolved."""

    ACTIVE = "active"
    REDUCING = "reducing"
    RESOLVED = "resolved"
    REMOVED = "removed"


class AdultRole(StrEnum):
    MOTHER = "mother"
    FATHER = "father"
    STEP_PARENT = "step_parent"
    PARTNER = "partner"
    GRANDPARENT = "grandparent"
    RELATIVE = "relative"
    FAMILY_FRIEND = "family_friend"
    LODGER = "lodger"
    OTHER = "other"


class HarmHistory(StrEnum):
    DOMESTIC_ABUSE = "domestic_abuse"
    VIOLENCE = "violence"
    PHYSICAL_HARM_TO_CHILD = "physical_harm_to_child"
    SEXUAL_OFFENCE = "sexual_offence"
    SEXUAL_OFFENCE_AGAINST_CHILD = "sexual_offence_against_child"


class MappaOutcome(StrEnum):
    """What the probation/MAPPA enquiry about an adult found."""

    NOT_KNOWN = "not_known"
    KNOWN_TO_PROBATION_NOT_MAPPA = "known_to_probation_not_mappa"
    MAPPA_MANAGED = "mappa_managed"


class MentalHealthManager(StrEnum):
    GP = "gp"
    ADULT_MENTAL_HEALTH_SERVICE = "adult_mental_health_service"
    NONE = "none"


class Agency(StrEnum):
    POLICE = "police"
    PROBATION = "probation"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    HEALTH_VISITOR = "health_visitor"
    SCHOOL_NURSE = "school_nurse"
    SCHOOL = "school"
    GP = "gp"
    ADULT_MENTAL_HEALTH_SERVICE = "adult_mental_health_service"
    SUBSTANCE_MISUSE_SERVICE = "substance_misuse_service"
    DOMESTIC_ABUSE_PERPETRATOR_SERVICE = "domestic_abuse_perpetrator_service"
    DOMESTIC_ABUSE_VICTIM_SERVICE = "domestic_abuse_victim_service"
    HOUSING = "housing"
    EARLY_HELP = "early_help"
    OTHER = "other"


class ProviderType(StrEnum):
    DOMESTIC_ABUSE_PERPETRATOR_SERVICE = "domestic_abuse_perpetrator_service"
    DOMESTIC_ABUSE_VICTIM_SERVICE = "domestic_abuse_victim_service"
    SUBSTANCE_MISUSE_SERVICE = "substance_misuse_service"
    ADULT_MENTAL_HEALTH_SERVICE = "adult_mental_health_service"
    GP = "gp"
    PARENTING_PROGRAMME = "parenting_programme"
    FAMILY_SUPPORT = "family_support"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    OTHER = "other"


class InterventionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ENDED_INCOMPLETE = "ended_incomplete"


class EngagementKind(StrEnum):
    MISSED_VISIT = "missed_visit"
    NO_ACCESS = "no_access"
    DECLINED_SERVICE = "declined_service"
    MISSED_CORE_GROUP = "missed_core_group"
    DISENGAGED_FROM_INTERVENTION = "disengaged_from_intervention"
    DISGUISED_COMPLIANCE_INDICATOR = "disguised_compliance_indicator"


class WorkerRole(StrEnum):
    SOCIAL_WORKER = "social_worker"
    TEAM_MANAGER = "team_manager"
    CP_CHAIR = "cp_chair"


class ConferenceKind(StrEnum):
    ICPC = "icpc"
    RCPC = "rcpc"


class ConferenceType(StrEnum):
    RISK_INSIDE_HOME = "risk_inside_home"
    RISK_OUTSIDE_HOME = "risk_outside_home"


class PlanDecision(StrEnum):
    """What the deciding conference is asked to decide for a child's plan."""

    CONTINUE_PLAN = "continue_plan"
    STEP_DOWN_TO_CIN = "step_down_to_cin"
    CLOSE = "close"
    ADMINISTRATIVE_END = "administrative_end"


class AdministrativeReason(StrEnum):
    TRANSFERRED_TO_ANOTHER_AUTHORITY = "transferred_to_another_authority"
    REACHED_18 = "reached_18"
    DIED = "died"
    LEFT_UK = "left_uk"
    BECAME_LOOKED_AFTER = "became_looked_after"


class DeplanRationale(StrEnum):
    SUSTAINED_CHANGE_EVIDENCED = "sustained_change_evidenced"
    INTERVENTIONS_COMPLETED = "interventions_completed"
    NO_INCIDENTS_SINCE_LAST_REVIEW = "no_incidents_since_last_review"
    RISK_MANAGED_BY_SAFETY_PLAN = "risk_managed_by_safety_plan"


class NotCarriedRationale(StrEnum):
    """Why a risk on the CP plan was not carried onto the Child in Need plan."""

    RESOLVED_WITH_SUSTAINED_CHANGE = "resolved_with_sustained_change"
    PERSON_POSING_RISK_LEFT_HOUSEHOLD = "person_posing_risk_left_household"
    MANAGED_BY_ANOTHER_AGENCY = "managed_by_another_agency"


class NoInterventionReason(StrEnum):
    """Why a risk on the plan needs no intervention of its own."""

    DIRECT_WORK_BY_SOCIAL_WORKER = "direct_work_by_social_worker"
    PERSON_POSING_RISK_LEFT_HOUSEHOLD = "person_posing_risk_left_household"
    MANAGED_BY_ANOTHER_AGENCY = "managed_by_another_agency"


class ComplianceSignal(StrEnum):
    """Signs in the record that co-operation may be only apparent (disguised compliance), each
    calling for a dated analysis before de-planning."""

    RISK_REDUCED_WITHOUT_COMPLETED_INTERVENTION = "risk_reduced_without_completed_intervention"
    INTERVENTION_COMPLETED_RISK_ACTIVE = "intervention_completed_risk_active"
    CHANGE_STARTED_JUST_BEFORE_REVIEW = "change_started_just_before_review"
    REPEAT_PLAN_SAME_CATEGORY = "repeat_plan_same_category"
    DISGUISED_COMPLIANCE_INDICATOR = "disguised_compliance_indicator"
    SIGNIFICANT_NON_ENGAGEMENT = "significant_non_engagement"


class CinClosureReason(StrEnum):
    """Why the Child in Need plan that followed a step-down ended."""

    PARENTAL_REQUEST = "parental_request"
    WORK_COMPLETED = "work_completed"
    STEPPED_UP_TO_CP = "stepped_up_to_cp"
    TRANSFERRED = "transferred"
    OTHER = "other"
