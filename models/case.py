"""One family's case, as a case-management system exports it for a de-planning decision.

Conventions that every field follows:
- Ids are pseudonymous references (`case_ref`, `adult_ref`, ...); the model holds no names,
  addresses or dates of birth, and no narrative.
- An absent optional field means *not recorded*, never "no" or "not done": the rules turn
  it into "insufficient information". To record that something was not done, say so:
  `false`, an empty list, or an `Action` with `"done": false`.
- Lists that are absent are not recorded; an empty list is recorded as "none".
- Unknown fields are rejected, so a typo cannot silently drop data.
"""

import datetime as dt
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from models.codes import (
    AbuseCategory,
    AdministrativeReason,
    AdultRole,
    Agency,
    ConferenceKind,
    ConferenceType,
    DeplanRationale,
    EngagementKind,
    HarmHistory,
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

Ref = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"),
    Field(description="A pseudonymous reference: letters, digits and . _ : - (at most 64)."),
]


class CaseModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Action(CaseModel):
    """Something that was or was not done; a done action carries the date it was done."""

    done: bool
    date: dt.date | None = None

    @model_validator(mode="after")
    def _done_needs_date(self) -> Self:
        if self.done and self.date is None:
            raise ValueError("a done action needs its date")
        if not self.done and self.date is not None:
            raise ValueError("an action not done has no date")
        return self


class CpPlan(CaseModel):
    plan_ref: Ref
    start_date: dt.date
    end_date: dt.date | None = None
    category: AbuseCategory

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class Child(CaseModel):
    child_ref: Ref
    cp_plans: list[CpPlan] = Field(
        min_length=1,
        description="Every CP plan the child has had, the current one included; a plan "
        "starting after the decision date (a later return) is ignored by the rules and "
        "used by the re-audit.",
    )


class Risk(CaseModel):
    risk_ref: Ref
    kind: RiskKind
    original: bool | None = Field(
        default=None, description="Whether this risk brought the family to conference."
    )
    identified_date: dt.date
    status: RiskStatus
    status_date: dt.date | None = Field(
        default=None, description="Since when the status holds; before it, the risk was active."
    )
    sustained_change_since: dt.date | None = Field(
        default=None, description="Date from which change on this risk has been sustained."
    )
    carried_to_cin_plan: bool | None = None
    not_carried_rationale: NotCarriedRationale | None = None


class Adult(CaseModel):
    adult_ref: Ref
    role: AdultRole
    regularly_in_home: bool | None = None
    alleged_perpetrator: bool | None = None
    harm_history: list[HarmHistory] | None = None
    police_check: Action | None = None
    social_care_check: Action | None = None
    probation_consulted: Action | None = None
    mappa_status: MappaStatus | None = None
    care_experienced: bool | None = None
    adverse_childhood_experiences: bool | None = None
    parental_history_considered: bool | None = None
    mental_health_managed_by: MentalHealthManager | None = None
    gp_treatment_adherence_report: Action | None = None


class Intervention(CaseModel):
    intervention_ref: Ref
    provider_type: ProviderType
    addresses_risks: list[Ref] = Field(min_length=1)
    status: InterventionStatus
    start_date: dt.date | None = None
    end_date: dt.date | None = Field(
        default=None, description="When it completed or ended; required for those statuses."
    )

    @model_validator(mode="after")
    def _dates_fit_status(self) -> Self:
        finished = self.status in (
            InterventionStatus.COMPLETED,
            InterventionStatus.ENDED_INCOMPLETE,
        )
        if finished and self.end_date is None:
            raise ValueError(f"a {self.status.value} intervention needs its end_date")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class EngagementEvent(CaseModel):
    date: dt.date
    kind: EngagementKind
    adult_ref: Ref | None = None


class WorkerAllocation(CaseModel):
    role: WorkerRole
    worker_ref: Ref
    start_date: dt.date
    end_date: dt.date | None = None
    transfer_review: Action | None = Field(
        default=None,
        description="Whether the incoming worker reviewed the chronology and genogram.",
    )


class Conference(CaseModel):
    conference_ref: Ref
    kind: ConferenceKind
    date: dt.date
    agencies_invited: list[Agency] | None = None
    agencies_contributed: list[Agency] | None = Field(
        default=None, description="Agencies that attended or sent a report."
    )
    chronology_submitted: bool | None = None
    genogram_submitted: bool | None = None
    history_analysed: bool | None = None
    repeat_plan_analysis: bool | None = None


class SafetyStatement(CaseModel):
    agreed: Action
    evidence_of_change_defined: bool | None = None
    sustain_months_agreed: int | None = Field(default=None, ge=0, le=60)


class FamilyNetwork(CaseModel):
    considered: bool
    contingency_plan: Action | None = None


class LeadProfessional(CaseModel):
    named: bool
    agency: Agency | None = None


class ProposedOutcome(CaseModel):
    kind: OutcomeKind
    administrative_reason: AdministrativeReason | None = None
    initiated_by: Initiator | None = None
    rationale: list[DeplanRationale] | None = None
    lead_professional: LeadProfessional | None = None
    family_hub_link: Action | None = None
    universal_support_plan: bool | None = None

    @model_validator(mode="after")
    def _administrative_reason_fits(self) -> Self:
        administrative = self.kind is OutcomeKind.ADMINISTRATIVE_END
        if administrative and self.administrative_reason is None:
            raise ValueError("an administrative end needs its administrative_reason")
        if not administrative and self.administrative_reason is not None:
            raise ValueError("administrative_reason is only for an administrative end")
        return self


class Case(CaseModel):
    """A family's case at the review conference that decides whether to end the CP plan."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="deplan case",
        json_schema_extra={"$id": "https://deplan.invalid/schema/case/1"},
    )

    case_ref: Ref
    decision_date: dt.date = Field(description="Date of the conference deciding on de-planning.")
    conference_type: ConferenceType
    children: list[Child] = Field(min_length=1)
    risks: list[Risk] = Field(min_length=1)
    adults: list[Adult] = Field(min_length=1)
    interventions: list[Intervention] | None = None
    engagement_events: list[EngagementEvent] | None = None
    disguised_compliance_analysis: Action | None = None
    allocations: list[WorkerAllocation] | None = None
    conferences: list[Conference] | None = None
    safety_statement: SafetyStatement | None = None
    family_network: FamilyNetwork | None = None
    proposed_outcome: ProposedOutcome

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        _require_unique("children", "child_ref", [c.child_ref for c in self.children])
        _require_unique("risks", "risk_ref", [r.risk_ref for r in self.risks])
        _require_unique("adults", "adult_ref", [a.adult_ref for a in self.adults])
        risk_refs = {r.risk_ref for r in self.risks}
        adult_refs = {a.adult_ref for a in self.adults}
        for index, intervention in enumerate(self.interventions or []):
            for ref in intervention.addresses_risks:
                if ref not in risk_refs:
                    raise ValueError(
                        f"interventions[{index}].addresses_risks names a risk_ref "
                        "that is not among the case's risks"
                    )
        for index, event in enumerate(self.engagement_events or []):
            if event.adult_ref is not None and event.adult_ref not in adult_refs:
                raise ValueError(
                    f"engagement_events[{index}].adult_ref names an adult_ref "
                    "that is not among the case's adults"
                )
        if self.interventions is not None:
            _require_unique(
                "interventions",
                "intervention_ref",
                [i.intervention_ref for i in self.interventions],
            )
        return self


def _require_unique(collection: str, field: str, refs: list[str]) -> None:
    seen: set[str] = set()
    for index, ref in enumerate(refs):
        if ref in seen:
            raise ValueError(f"{collection}[{index}].{field} repeats an earlier {field}")
        seen.add(ref)


def parse_case(raw: str | bytes) -> Case:
    """Validate a case from its JSON text, strictly: `"yes"` is not a yes/no and `0` is not a
    date. Every reader of case files and request bodies goes through here, so they agree."""
    return Case.model_validate_json(raw, strict=True)
