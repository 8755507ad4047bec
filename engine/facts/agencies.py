"""The agencies whose insight a risk needs, and whether the conferences of the child's current
plan invited them and heard from them."""

import datetime as dt
from dataclasses import dataclass

from engine.facts.adult import PARENT_ROLES
from engine.facts.fact import FactDef, declare
from engine.facts.view import FamilyView, done_by, of_plan
from engine.values import UNKNOWN, FactValue, codes
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


def _adults_agencies(view: FamilyView) -> dict[str, tuple[str | None, bool]]:
    """Per adult (by ref): the agency managing the adult's mental health, if one is, and
    whether an enquiry done by the as-of date found the adult known to probation."""
    agencies: dict[str, tuple[str | None, bool]] = {}
    for ref, adult in view.adults.items():
        manager = adult.mental_health_managed_by
        enquiry = adult.mappa_enquiry
        agencies[ref] = (
            _AGENCY_OF_MANAGER.get(manager) if manager else None,
            bool(
                enquiry and enquiry.outcome in _KNOWN_TO_PROBATION and done_by(enquiry, view.as_of)
            ),
        )
    return agencies


def key_agencies(risk: Risk, view: FamilyView) -> frozenset[str]:
    """The agencies whose insight the risk needs."""
    table = view.parameters.get("key_agencies_by_risk") or {}
    needed: set[str] = set(table.get(risk.kind, ()))
    needed.update(
        [
            i.provider_type
            for i in view.interventions_on(risk.risk_ref)
            if i.provider_type in _PROVIDER_AGENCIES
        ]
    )
    mental_health = risk.kind is RiskKind.PARENTAL_MENTAL_HEALTH
    adults_agencies = view.once(_adults_agencies)
    for adult in _linked_adults(risk, view):
        mental_health_agency, known_to_probation = adults_agencies[adult.adult_ref]
        if mental_health and mental_health_agency:
            needed.add(mental_health_agency)
        if known_to_probation:
            needed.add(Agency.PROBATION)
    return frozenset(needed)


# Not frozen, and never changed once made: a frozen dataclass takes about 5x as long to make.
@dataclass(slots=True)
class PlanAgencies:
    """The agencies the conferences of a child's current plan invited (or heard from) and
    heard from; None where no such conference recorded them."""

    invited: frozenset[str] | None
    contributed: frozenset[str] | None

    def not_invited(self, needed: frozenset[str]) -> FactValue:
        return UNKNOWN if self.invited is None else needed - self.invited

    def absent(self, needed: frozenset[str]) -> FactValue:
        return UNKNOWN if self.contributed is None else needed - self.contributed


def plan_agencies(view: FamilyView, start: dt.date | None) -> PlanAgencies:
    """The agencies of the conferences of a plan started on `start`."""
    invited: set[str] = set()
    contributed: set[str] = set()
    invited_recorded = contributed_recorded = False
    for conference in view.conferences or ():
        if not of_plan(conference.date, start):
            continue
        if conference.agencies_invited is not None:
            invited.update(conference.agencies_invited)
            invited_recorded = True
        if conference.agencies_contributed is not None:
            contributed.update(conference.agencies_contributed)
            contributed_recorded = True
    return PlanAgencies(
        frozenset(invited | contributed) if invited_recorded or contributed_recorded else None,
        frozenset(contributed) if contributed_recorded else None,
    )


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
