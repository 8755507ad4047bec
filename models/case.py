"""One family's case, as a case-management system exports it for a de-planning decision.

Conventions that every field follows:
- Ids are pseudonymous references (`case_ref`, `adult_ref`, ...); the model holds no names,
  addresses or dates of birth, and no narrative.
- An absent optional field means *not recorded*, never "no" or "not done": the rules turn
  it into "insufficient information". To record that something was not done, say so:
  `false`, an empty list, or an `Action` with `"done": false`.
- Lists that are absent are not recorded; an empty list is recorded as "none".
- Unknown fields are rejected, so a typo cannot silently drop data.
- Every judgement a rule reads (a check done, the network considered, a lead practitioner
  named) is an `Action` carrying the date it was recorded, so an evaluation as of an earlier
  date does not see later knowledge.
- Plans, outcomes and risks are per child: a conference may end one child's plan while a
  sibling's continues. A case whose children share one outcome gives it once, in
  `proposed_outcome`; a child's own `outcome` overrides it.
- Every list and string is bounded (`maxItems`, `maxLength` in the JSON Schema) and every date
  lies between 1900 and 2100.
"""

from typing import Self

from pydantic import ConfigDict, Field, model_validator

from models.case_fields import (
    MAX_ADULTS,
    MAX_ALLOCATIONS,
    MAX_CHILDREN,
    MAX_CODES,
    MAX_CONFERENCES,
    MAX_EVENTS,
    MAX_INTERVENTIONS,
    MAX_PLANS_PER_CHILD,
    MAX_REFS,
    MAX_RISKS,
    Action,
    CaseDate,
    CaseModel,
    Ref,
    require_administrative_reason_fits,
    require_in_order,
    require_known,
    require_unique,
)
from models.codes import (
    AbuseCategory,
    AdministrativeReason,
    AdultRole,
    Agency,
    CinClosureReason,
    ConferenceKind,
    ConferenceType,
    DeplanRationale,
    EngagementKind,
    HarmHistory,
    InterventionStatus,
    MappaOutcome,
    MentalHealthManager,
    NoInterventionReason,
    NotCarriedRationale,
    PlanDecision,
    ProviderType,
    RiskKind,
    RiskStatus,
    WorkerRole,
)


class CpPlan(CaseModel):
    plan_ref: Ref
    start_date: CaseDate
    end_date: CaseDate | None = None
    category: AbuseCategory
    transfer_in: bool | None = Field(
        default=None,
        description="Whether the plan continues one made by another authority (a transfer-in "
        "conference): a continuation, not a repeat plan.",
    )

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        require_in_order(self.start_date, self.end_date)
        return self


class CinPlan(CaseModel):
    """The Child in Need plan that followed a step-down, as the record shows it later: read by
    the re-audit (the paper's families whose CIN plans closed at parental request before the
    work was done), never by a rule judging the step-down itself."""

    start_date: CaseDate
    end_date: CaseDate | None = None
    closure_reason: CinClosureReason | None = None
    work_complete_at_closure: bool | None = Field(
        default=None, description="Whether the risk work was finished when the CIN plan closed."
    )

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        require_in_order(self.start_date, self.end_date)
        if self.closure_reason is not None and self.end_date is None:
            raise ValueError("a closure_reason needs the end_date")
        return self


class ChildOutcome(CaseModel):
    """What is proposed for one child's plan, where it differs from the family's."""

    kind: PlanDecision
    administrative_reason: AdministrativeReason | None = None

    @model_validator(mode="after")
    def _administrative_reason_fits(self) -> Self:
        require_administrative_reason_fits(self.kind, self.administrative_reason)
        return self


class Child(CaseModel):
    child_ref: Ref
    cp_plans: list[CpPlan] = Field(
        min_length=1,
        max_length=MAX_PLANS_PER_CHILD,
        description="Every CP plan the child has had, the current one included; a plan "
        "starting after the decision date (a later return) is ignored by the rules and "
        "used by the re-audit.",
    )
    outcome: ChildOutcome | None = Field(
        default=None,
        description="What is proposed for this child's plan; absent: the case's "
        "proposed_outcome.kind.",
    )
    cin_plan: CinPlan | None = Field(
        default=None, description="The CIN plan that followed a step-down, once recorded."
    )


class Risk(CaseModel):
    risk_ref: Ref
    kind: RiskKind
    original: bool | None = Field(
        default=None, description="Whether this risk brought the family to conference."
    )
    identified_date: CaseDate
    status: RiskStatus | None = Field(
        default=None, description="Where the risk stands on the plan; absent: not recorded."
    )
    status_date: CaseDate | None = Field(
        default=None, description="Since when the status holds; before it, the risk was active."
    )
    sustained_change_since: CaseDate | None = Field(
        default=None, description="Date from which change on this risk has been sustained."
    )
    children: list[Ref] | None = Field(
        default=None,
        max_length=MAX_CHILDREN,
        description="The children this risk concerns; absent: every child of the case.",
    )
    adults: list[Ref] | None = Field(
        default=None,
        max_length=MAX_ADULTS,
        description="The adults whose behaviour or needs the risk is about (the alleged "
        "perpetrator, the parent with the mental-health need); absent: not recorded, and "
        "any adult's non-engagement then counts against it.",
    )
    no_intervention_reason: NoInterventionReason | None = Field(
        default=None, description="Why the risk needs no intervention of its own, if it does not."
    )
    carried_to_cin_plan: bool | None = None
    not_carried_rationale: NotCarriedRationale | None = Field(
        default=None,
        description="Why the risk was removed from the plan or not carried onto the CIN plan.",
    )


class MappaEnquiry(CaseModel):
    """The enquiry of probation about an adult: whether made, when, and what it found."""

    done: bool
    date: CaseDate | None = None
    outcome: MappaOutcome | None = None
    category: int | None = Field(default=None, ge=1, le=3, description="MAPPA category 1-3.")
    level: int | None = Field(default=None, ge=1, le=3, description="MAPPA level 1-3.")

    @model_validator(mode="after")
    def _fits(self) -> Self:
        if self.done != (self.date is not None):
            raise ValueError("a done enquiry needs its date, and one not done has none")
        if not self.done and self.outcome is not None:
            raise ValueError("an enquiry not done has no outcome")
        managed = self.outcome is MappaOutcome.MAPPA_MANAGED
        if managed != (self.category is not None and self.level is not None):
            raise ValueError("category and level are given exactly when MAPPA manages the adult")
        return self


class Adult(CaseModel):
    adult_ref: Ref
    role: AdultRole
    regularly_in_home: bool | None = None
    joined_household_date: CaseDate | None = Field(
        default=None, description="When the adult became part of the household."
    )
    alleged_perpetrator: bool | None = None
    harm_history: list[HarmHistory] | None = Field(default=None, max_length=MAX_CODES)
    earlier_children_living_elsewhere: bool | None = Field(
        default=None,
        description="Whether children the adult parented earlier no longer live with them.",
    )
    contact_with_earlier_children: bool | None = Field(
        default=None, description="Whether the adult has contact with those earlier children."
    )
    police_check: Action | None = None
    social_care_check: Action | None = None
    probation_consulted: Action | None = None
    mappa_enquiry: MappaEnquiry | None = None
    care_experienced: bool | None = None
    adverse_childhood_experiences: bool | None = None
    parental_history_considered: Action | None = None
    mental_health_managed_by: MentalHealthManager | None = None
    gp_treatment_adherence_report: Action | None = None


class Intervention(CaseModel):
    intervention_ref: Ref
    provider_type: ProviderType
    addresses_risks: list[Ref] = Field(min_length=1, max_length=MAX_REFS)
    status: InterventionStatus
    start_date: CaseDate | None = None
    end_date: CaseDate | None = Field(
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
        require_in_order(self.start_date, self.end_date)
        return self


class EngagementEvent(CaseModel):
    date: CaseDate
    kind: EngagementKind
    adult_ref: Ref | None = None
    explained: bool | None = Field(
        default=None,
        description="Whether the disguised-compliance analysis found the event explained "
        "(illness, a clash with another appointment); an explained event does not restart "
        "the sustained-change clock. It counts only once an analysis dated on or after the "
        "event is done.",
    )


class WorkerAllocation(CaseModel):
    role: WorkerRole
    worker_ref: Ref
    start_date: CaseDate
    end_date: CaseDate | None = None
    transfer_review: Action | None = Field(
        default=None,
        description="Whether the incoming worker reviewed the chronology and genogram.",
    )


class Conference(CaseModel):
    conference_ref: Ref
    kind: ConferenceKind
    date: CaseDate
    agencies_invited: list[Agency] | None = Field(default=None, max_length=MAX_CODES)
    agencies_contributed: list[Agency] | None = Field(
        default=None, max_length=MAX_CODES, description="Agencies that attended or sent a report."
    )
    chronology_submitted: bool | None = None
    genogram_submitted: bool | None = None
    history_analysed: bool | None = None
    repeat_plan_analysis: bool | None = None
    previous_deplanning_reviewed: bool | None = Field(
        default=None,
        description="Whether the conference addressed why the previous de-planning did not hold.",
    )


class SafetyStatement(CaseModel):
    agreed: Action
    evidence_of_change_defined: bool | None = None
    sustain_months_agreed: int | None = Field(default=None, ge=0, le=60)


class FamilyNetwork(CaseModel):
    considered: Action | None = Field(
        default=None,
        description="Whether the family and friends network was considered in planning.",
    )
    none_suitable: Action | None = Field(
        default=None, description="A recorded finding that no one in the network is suitable."
    )
    contingency_plan: Action | None = None
    understands_risks: Action | None = Field(
        default=None, description="Whether the network's understanding of the risks was checked."
    )


class ProposedOutcome(CaseModel):
    kind: PlanDecision = Field(description="The outcome for every child without one of their own.")
    administrative_reason: AdministrativeReason | None = None
    rationale: list[DeplanRationale] | None = Field(default=None, max_length=MAX_CODES)
    lead_practitioner: Action | None = Field(
        default=None,
        description="A lead practitioner named to co-ordinate support after the CP plan.",
    )
    lead_practitioner_after_cin: Action | None = Field(
        default=None,
        description="At step-down: a lead practitioner named for after the CIN plan ends "
        "(not the CIN social worker).",
    )
    family_hub_link: Action | None = None
    universal_support_plan: Action | None = None

    @model_validator(mode="after")
    def _administrative_reason_fits(self) -> Self:
        require_administrative_reason_fits(self.kind, self.administrative_reason)
        return self


class Case(CaseModel):
    """A family's case at the review conference that decides whether to end the CP plans."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="deplan case",
        json_schema_extra={"$id": "https://deplan.invalid/schema/case/2"},
    )

    case_ref: Ref
    decision_date: CaseDate = Field(description="Date of the conference deciding on de-planning.")
    conference_type: ConferenceType
    children: list[Child] = Field(min_length=1, max_length=MAX_CHILDREN)
    risks: list[Risk] | None = Field(default=None, min_length=1, max_length=MAX_RISKS)
    adults: list[Adult] | None = Field(default=None, min_length=1, max_length=MAX_ADULTS)
    interventions: list[Intervention] | None = Field(default=None, max_length=MAX_INTERVENTIONS)
    engagement_events: list[EngagementEvent] | None = Field(default=None, max_length=MAX_EVENTS)
    disguised_compliance_analysis: Action | None = None
    allocations: list[WorkerAllocation] | None = Field(default=None, max_length=MAX_ALLOCATIONS)
    conferences: list[Conference] | None = Field(default=None, max_length=MAX_CONFERENCES)
    safety_statement: SafetyStatement | None = None
    family_network: FamilyNetwork | None = None
    proposed_outcome: ProposedOutcome

    def outcome_of(self, child: Child) -> ChildOutcome:
        """What is proposed for `child`: its own outcome, else the family's."""
        if child.outcome is not None:
            return child.outcome
        outcome = self.proposed_outcome
        return ChildOutcome(kind=outcome.kind, administrative_reason=outcome.administrative_reason)

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        require_unique("children", "child_ref", [c.child_ref for c in self.children])
        require_unique("risks", "risk_ref", [r.risk_ref for r in self.risks or ()])
        require_unique("adults", "adult_ref", [a.adult_ref for a in self.adults or ()])
        child_refs = {c.child_ref for c in self.children}
        risk_refs = {r.risk_ref for r in self.risks or ()}
        adult_refs = {a.adult_ref for a in self.adults or ()}
        for index, risk in enumerate(self.risks or ()):
            require_known(f"risks[{index}].children", "child_ref", risk.children, child_refs)
            require_known(f"risks[{index}].adults", "adult_ref", risk.adults, adult_refs)
        for index, intervention in enumerate(self.interventions or ()):
            require_known(
                f"interventions[{index}].addresses_risks",
                "risk_ref",
                intervention.addresses_risks,
                risk_refs,
            )
        for index, event in enumerate(self.engagement_events or ()):
            if event.adult_ref is not None:
                require_known(
                    f"engagement_events[{index}].adult_ref",
                    "adult_ref",
                    [event.adult_ref],
                    adult_refs,
                )
        if self.interventions is not None:
            require_unique(
                "interventions",
                "intervention_ref",
                [i.intervention_ref for i in self.interventions],
            )
        return self


def parse_case(raw: str | bytes) -> Case:
    """Validate a case from its JSON text, strictly: `"yes"` is not a yes/no and `0` is not a
    date. Every reader of case files and request bodies goes through here, so they agree."""
    return Case.model_validate_json(raw, strict=True)
