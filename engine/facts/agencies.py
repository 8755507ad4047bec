"""The agencies whose insight a risk needs, and whether the conferences of the child's current
plan invited them and heard from them."""

from engine.facts.adult import PARENT_ROLES
from engine.facts.fact import FactDef, Record, declare
from engine.facts.view import ChildView, FamilyView, done_by
from engine.values import UNKNOWN, codes
from models.case import Adult, Risk
from models.codes import Agency, MappaOutcome, MentalHealthManager, RiskKind

_KNOWN_TO_PROBATION = frozenset(
    {MappaOutcome.KNOWN_TO_PROBATION_NOT_MAPPA, MappaOutcome.MAPPA_MANAGED}
)
_AGENCY_OF_MANAGER = {
    MentalHealthManager.GP: Agency.GP,
    MentalHealthManager.ADULT_MENTAL_HEALTH_SERVICE: Agency.ADULT_MENTAL_HEALTH_SERVICE,
}
_PROVIDER_AGENCIES: frozenset[str] = frozenset(
    {
        Agency.DOMESTIC_ABUSE_PERPETRATOR_SERVICE,
        Agency.DOMESTIC_ABUSE_VICTIM_SERVICE,
        Agency.SUBSTANCE_MISUSE_SERVICE,
        Agency.ADULT_MENTAL_HEALTH_SERVICE,
        Agency.GP,
    }
)
"""Providers whose insight into the risk the conference needs (they are also agencies)."""


def _linked_adults(risk: Risk, view: FamilyView) -> list[Adult]:
    if risk.adults is None:
        return [adult for adult in view.adults.values() if adult.role in PARENT_ROLES]
    return [view.adults[ref] for ref in risk.adults if ref in view.adults]


def key_agencies(risk: Risk, view: FamilyView, child: ChildView) -> Record:
    """The risk's key agencies, and those no conference of the child's plan invited or heard."""
    table = view.parameters.get("key_agencies_by_risk") or {}
    needed: set[str] = set(table.get(risk.kind, ()))
    needed.update(
        i.provider_type
        for i in view.interventions_on(risk.risk_ref)
        if i.provider_type in _PROVIDER_AGENCIES
    )
    for adult in _linked_adults(risk, view):
        if risk.kind is RiskKind.PARENTAL_MENTAL_HEALTH and adult.mental_health_managed_by:
            agency = _AGENCY_OF_MANAGER.get(adult.mental_health_managed_by)
            if agency:
                needed.add(agency)
        enquiry = adult.mappa_enquiry
        if enquiry and enquiry.outcome in _KNOWN_TO_PROBATION and done_by(enquiry, view.as_of):
            needed.add(Agency.PROBATION)
    conferences = [c for c in view.conferences or () if child.of_current_plan(c.date)]
    invited_lists = [c.agencies_invited for c in conferences if c.agencies_invited is not None]
    contributed_lists = [
        c.agencies_contributed for c in conferences if c.agencies_contributed is not None
    ]
    contributed = {agency for agencies in contributed_lists for agency in agencies}
    invited = contributed.union(*invited_lists)
    recorded = bool(invited_lists or contributed_lists)
    return {
        "risk.key_agencies": frozenset(needed),
        "risk.key_agencies_not_invited": frozenset(needed - invited) if recorded else UNKNOWN,
        "risk.key_agencies_absent": frozenset(needed - contributed)
        if contributed_lists
        else UNKNOWN,
    }


KEY_AGENCY_FACTS = declare(
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
)
