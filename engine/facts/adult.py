"""The adults in the family's network: who they are, what was checked, what is known of them."""

import datetime as dt
from dataclasses import dataclass

from engine.facts.fact import CollectionDef, FactDef, Record, declare
from engine.facts.view import ChildView, FamilyView, done_by, done_date, known
from engine.values import BOOL, DATE, TEXT, UNKNOWN, FactValue, all_known, any_known, code
from models.case import Adult
from models.codes import AdultRole, HarmHistory, MappaOutcome, MentalHealthManager, RiskKind

PARENT_ROLES = frozenset(
    {AdultRole.MOTHER, AdultRole.FATHER, AdultRole.STEP_PARENT, AdultRole.PARTNER}
)
_PROBATION_HARMS = frozenset(
    {
        HarmHistory.DOMESTIC_ABUSE,
        HarmHistory.VIOLENCE,
        HarmHistory.SEXUAL_OFFENCE,
        HarmHistory.SEXUAL_OFFENCE_AGAINST_CHILD,
        HarmHistory.PHYSICAL_HARM_TO_CHILD,
    }
)
_HARM_TO_CHILDREN = frozenset(
    {HarmHistory.PHYSICAL_HARM_TO_CHILD, HarmHistory.SEXUAL_OFFENCE_AGAINST_CHILD}
)
_PROBATION_RISKS = frozenset(
    {RiskKind.DOMESTIC_ABUSE, RiskKind.SEXUAL_HARM, RiskKind.PHYSICAL_HARM}
)
_MENTAL_HEALTH = RiskKind.PARENTAL_MENTAL_HEALTH


def _records(view: FamilyView, child: ChildView) -> list[Record] | None:
    if view.case.adults is None:
        return None
    return view.once_per(_plan_records, child.on_plan)


def _plan_records(view: FamilyView, on_plan: frozenset[str]) -> list[Record]:
    """The records for each child with these risks on the plan (by ref)."""
    plan_risks = [r for r in view.risks or () if r.risk_ref in on_plan]
    records: list[Record] = []
    for adult, shared, probation in view.once(_family_records):
        probation_risk = mental_health_risk = False
        for risk in plan_risks:
            if risk.adults is None or adult.adult_ref in risk.adults:
                probation_risk = probation_risk or risk.kind in _PROBATION_RISKS
                mental_health_risk = mental_health_risk or risk.kind is _MENTAL_HEALTH
        record = shared.copy()
        record["adult.probation_relevant"] = probation.relevant(probation_risk)
        record["adult.mental_health_risk_on_plan"] = mental_health_risk
        records.append(record)
    return records


# Not frozen, and never changed once made: a frozen dataclass takes about 5x as long to make.
@dataclass(slots=True)
class _Probation:
    """What makes probation relevant to an adult, but for the risks on a child's plan."""

    alleged_perpetrator: FactValue
    harm_history: FactValue
    """Whether the adult's harm history shows harm probation must hear of."""
    in_home_with_harm: bool

    def relevant(self, linked_risk: bool) -> FactValue:
        """Whether probation must be asked, given whether such a risk on the child's plan
        concerns the adult."""
        return any_known(
            all_known(self.alleged_perpetrator, any_known(linked_risk, self.harm_history)),
            # Anyone in the home whose recorded history shows such harm, alleged or not.
            self.in_home_with_harm,
        )


def _family_records(view: FamilyView) -> list[tuple[Adult, Record, _Probation]]:
    """Each adult's record and what makes probation relevant. The record's facts read from the
    risks on a child's plan are set on a copy for each set of such risks."""
    return [_family_record(adult, view.as_of) for adult in view.case.adults or ()]


def _family_record(adult: Adult, as_of: dt.date) -> tuple[Adult, Record, _Probation]:
    harms = None if adult.harm_history is None else frozenset(adult.harm_history)
    probation = _Probation(
        known(adult.alleged_perpetrator),
        UNKNOWN if harms is None else bool(harms & _PROBATION_HARMS),
        adult.regularly_in_home is True and bool(harms and harms & _PROBATION_HARMS),
    )
    police_checked = done_by(adult.police_check, as_of)
    social_care_checked = done_by(adult.social_care_check, as_of)
    record: Record = {
        "adult.ref": adult.adult_ref,
        "adult.role": adult.role,
        "adult.parent_figure": adult.role in PARENT_ROLES,
        "adult.regularly_in_home": known(adult.regularly_in_home),
        "adult.joined_household_date": known(adult.joined_household_date),
        "adult.alleged_perpetrator": known(adult.alleged_perpetrator),
        "adult.police_checked": police_checked,
        "adult.social_care_checked": social_care_checked,
        "adult.checks_after_joining": _checks_after_joining(
            adult, as_of, police_checked is False or social_care_checked is False
        ),
        "adult.probation_relevant": UNKNOWN,  # the decision's, as mental_health_risk_on_plan
        "adult.probation_consulted": done_by(adult.probation_consulted, as_of),
        "adult.probation_consulted_date": done_date(adult.probation_consulted, as_of),
        "adult.mappa_enquired": _mappa_enquired(adult, as_of),
        "adult.mappa_outcome": _mappa_outcome(adult, as_of),
        "adult.harmed_children_before": UNKNOWN
        if harms is None
        else bool(harms & _HARM_TO_CHILDREN),
        "adult.earlier_children_living_elsewhere": known(adult.earlier_children_living_elsewhere),
        "adult.care_experienced": known(adult.care_experienced),
        "adult.adverse_childhood_experiences": known(adult.adverse_childhood_experiences),
        "adult.parental_history_considered": done_by(adult.parental_history_considered, as_of),
        "adult.mental_health_managed_by": known(adult.mental_health_managed_by),
        "adult.mental_health_risk_on_plan": False,
        "adult.gp_adherence_reported": done_by(adult.gp_treatment_adherence_report, as_of),
    }
    return adult, record, probation


def _checks_after_joining(adult: Adult, as_of: dt.date, a_check_not_done: bool) -> FactValue:
    """Whether both checks post-date the adult joining the household (a check done before a
    new partner moved in says nothing about the household as it is)."""
    if a_check_not_done:
        return False
    police, social_care = adult.police_check, adult.social_care_check
    joined = adult.joined_household_date
    if police is None or social_care is None or joined is None or joined > as_of:
        return UNKNOWN
    return (
        police.date is not None
        and police.date >= joined
        and social_care.date is not None
        and social_care.date >= joined
    )


def _mappa_enquired(adult: Adult, as_of: dt.date) -> FactValue:
    """Whether probation was asked if the adult is known to it or to MAPPA, with the answer."""
    enquiry = adult.mappa_enquiry
    if enquiry is None:
        return UNKNOWN
    if not enquiry.done or (enquiry.date is not None and enquiry.date > as_of):
        return False
    return UNKNOWN if enquiry.outcome is None else True


def _mappa_outcome(adult: Adult, as_of: dt.date) -> FactValue:
    enquiry = adult.mappa_enquiry
    if enquiry is None or enquiry.outcome is None or done_by(enquiry, as_of) is not True:
        return UNKNOWN
    if enquiry.outcome is MappaOutcome.MAPPA_MANAGED:
        return f"MAPPA category {enquiry.category}, level {enquiry.level}"
    return enquiry.outcome


ADULTS = CollectionDef(
    "adults",
    "adult",
    "Adults in the family's network.",
    declare(
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
    _records,
    optional=True,
)
