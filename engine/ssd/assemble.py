"""One family's records -> one case per de-planning decision.

A decision is the review conference that ended a child's CP plan: a review whose outcome is
not to continue the plan or, where the extract has no outcome, the review held on the day the
plan ended. Siblings' plans ending at the same conference are one decision. The case holds
every child of the family with all their plans (later ones too: the re-audit's returns), and,
from the current planning episode up to the decision date (after the family's previous plan
ended): the risks from the plans' categories and the assessment factors, the ICPCs and
reviews, and the worker allocations. Nothing after the decision date is carried, except the
later plans and the step-down or closure that the decision made.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from engine.ssd import coding
from engine.ssd.pseudonym import Pseudonymiser
from engine.ssd.records import (
    AssessmentRecord,
    CinEpisodeRecord,
    CinPlanRecord,
    FactorRecord,
    IcpcRecord,
    InvolvementRecord,
    PlanRecord,
    ReviewRecord,
)
from engine.ssd.risks import episode_risks
from engine.ssd.spill import FamilyRecords
from models.codes import AbuseCategory, ConferenceType, PlanDecision

STEP_DOWN_DAYS_BEFORE = 14
STEP_DOWN_DAYS_AFTER = 31
"""A CIN plan starting this close to the decision is the step-down it made."""
ADMINISTRATIVE_DAYS_AFTER = 90
"""A CIN episode closed for death or transfer this soon after the decision explains it."""


@dataclass(slots=True)
class FamilyTables:
    """The family's records, duplicates removed (and counted, per file)."""

    plans: list[PlanRecord]
    reviews: list[ReviewRecord]
    icpcs: list[IcpcRecord]
    involvements: list[InvolvementRecord]
    assessments: list[AssessmentRecord]
    factors: list[FactorRecord]
    cin_plans: list[CinPlanRecord]
    cin_episodes: list[CinEpisodeRecord]


@dataclass(slots=True)
class Assembled:
    cases: list[dict[str, Any]] = field(default_factory=list)
    endings_without_review: int = 0


def family_tables(family: FamilyRecords, duplicates: Counter[str]) -> FamilyTables:
    def unique(kind: str, make: Any) -> list[Any]:
        seen: set[tuple[Any, ...]] = set()
        out = []
        for _line, fields in family.by_kind.get(kind, []):
            key = tuple(tuple(f) if isinstance(f, list) else f for f in fields)
            if key in seen:
                duplicates[f"{kind}.csv"] += 1
                continue
            seen.add(key)
            out.append(make(*key))
        return out

    return FamilyTables(
        plans=unique("ssd_cp_plans", PlanRecord),
        reviews=unique("ssd_cp_reviews", ReviewRecord),
        icpcs=unique("ssd_initial_cp_conference", IcpcRecord),
        involvements=unique("ssd_involvements", InvolvementRecord),
        assessments=unique("ssd_cin_assessments", AssessmentRecord),
        factors=unique("ssd_assessment_factors", FactorRecord),
        cin_plans=unique("ssd_cin_plans", CinPlanRecord),
        cin_episodes=unique("ssd_cin_episodes", CinEpisodeRecord),
    )


class Assembler:
    def __init__(self, pseudonymiser: Pseudonymiser, present: set[str]) -> None:
        self.refs = pseudonymiser
        self.present = present
        """The optional tables the extract has: a missing one is not recorded."""

    def family_ref(self, family_key: str) -> str:
        return self.refs.ref("family", family_key)

    def cases(self, family_key: str, tables: FamilyTables) -> Assembled:
        result = Assembled()
        decisions: dict[str, list[PlanRecord]] = defaultdict(list)
        reviews_by_plan: dict[str, list[ReviewRecord]] = defaultdict(list)
        for review in tables.reviews:
            reviews_by_plan[review.plan_id].append(review)
        for plan in tables.plans:
            reviews = reviews_by_plan.get(plan.plan_id, [])
            ending = [r.date for r in reviews if r.continue_plan is False]
            if not ending and plan.end is not None:
                ending = [r.date for r in reviews if r.continue_plan is None and r.date == plan.end]
            if ending:
                decisions[min(ending)].append(plan)
            elif plan.end is not None:
                result.endings_without_review += 1
        family_ref = self.family_ref(family_key)
        for decision in sorted(decisions):
            result.cases.append(self._case(family_ref, decision, decisions[decision], tables))
        return result

    def _case(
        self, family_ref: str, decision: str, ended: list[PlanRecord], tables: FamilyTables
    ) -> dict[str, Any]:
        in_force = [
            p
            for p in tables.plans
            if p.start <= decision and (p.end is None or p.end >= decision) and p not in ended
        ]
        current = ended + in_force  # an ended plan may record its end before the review
        episode_start = min(p.start for p in current)
        earlier_ends = [p.end for p in tables.plans if p.end is not None and p.end < episode_start]
        # the episode's records are those dated after the family's previous plan ended
        after = max(earlier_ends) if earlier_ends else ""

        ended_people = {p.person_id for p in ended}
        outcomes = {person: self._outcome(person, decision, tables) for person in ended_people}
        continuing = {p.person_id for p in current} - ended_people
        children = self._children(decision, tables, outcomes, continuing)
        risks, extra_familial_only = episode_risks(
            decision,
            after,
            episode_start,
            current,
            tables.assessments,
            tables.factors,
            {plan.person_id for plan in tables.plans},
            self.refs,
        )
        case: dict[str, Any] = {
            "case_ref": f"{family_ref}-{decision.replace('-', '')}",
            "decision_date": decision,
            "conference_type": (
                ConferenceType.RISK_OUTSIDE_HOME
                if extra_familial_only
                else ConferenceType.RISK_INSIDE_HOME
            ).value,
            "children": children,
            "proposed_outcome": _case_outcome(list(outcomes.values())),
        }
        if risks:
            case["risks"] = risks
        allocations = self._allocations(decision, after, tables)
        if allocations is not None:
            case["allocations"] = allocations
        conferences = self._conferences(decision, after, tables)
        if conferences:
            case["conferences"] = conferences
        return case

    def _children(
        self,
        decision: str,
        tables: FamilyTables,
        outcomes: dict[str, dict[str, str]],
        continuing: set[str],
    ) -> list[dict[str, Any]]:
        icpc_by_plan = {i.plan_id: i for i in tables.icpcs if i.plan_id is not None}
        icpc_by_id = {i.icpc_id: i for i in tables.icpcs}
        plans_by_person: dict[str, list[PlanRecord]] = defaultdict(list)
        for plan in tables.plans:
            plans_by_person[plan.person_id].append(plan)
        children = []
        for person, plans in plans_by_person.items():
            cp_plans = []
            for plan in sorted(plans, key=lambda p: (p.start, p.plan_id)):
                ended_by_then = plan.end is not None and (
                    plan.end <= decision or plan.start > decision
                )
                entry: dict[str, Any] = {
                    "plan_ref": self.refs.ref("plan", plan.plan_id),
                    "start_date": plan.start,
                    "end_date": plan.end if ended_by_then else None,
                    "category": AbuseCategory(plan.category).value,
                }
                icpc = icpc_by_plan.get(plan.plan_id) or icpc_by_id.get(plan.icpc_id or "")
                if icpc is not None and icpc.transfer_in is not None:
                    entry["transfer_in"] = icpc.transfer_in
                cp_plans.append(entry)
            child: dict[str, Any] = {
                "child_ref": self.refs.ref("person", person),
                "cp_plans": cp_plans,
            }
            if person in outcomes:
                child["outcome"] = outcomes[person]
            elif person in continuing:
                child["outcome"] = {"kind": PlanDecision.CONTINUE_PLAN.value}
            children.append(child)
        return sorted(children, key=lambda c: str(c["child_ref"]))

    def _outcome(self, person: str, decision: str, tables: FamilyTables) -> dict[str, str]:
        day = dt.date.fromisoformat(decision)
        last_admin_day = (day + dt.timedelta(days=ADMINISTRATIVE_DAYS_AFTER)).isoformat()
        for episode in tables.cin_episodes:
            if episode.person_id == person and decision <= episode.close_date <= last_admin_day:
                reason = coding.administrative_reason(episode.close_reason or "")
                if reason is not None:
                    return {
                        "kind": PlanDecision.ADMINISTRATIVE_END.value,
                        "administrative_reason": reason.value,
                    }
        first = (day - dt.timedelta(days=STEP_DOWN_DAYS_BEFORE)).isoformat()
        last = (day + dt.timedelta(days=STEP_DOWN_DAYS_AFTER)).isoformat()
        if any(p.person_id == person and first <= p.start <= last for p in tables.cin_plans):
            return {"kind": PlanDecision.STEP_DOWN_TO_CIN.value}
        return {"kind": PlanDecision.CLOSE.value}

    def _allocations(
        self, decision: str, after: str, tables: FamilyTables
    ) -> list[dict[str, Any]] | None:
        if "ssd_involvements" not in self.present:
            return None
        seen: set[tuple[str, str, str]] = set()
        allocations = []
        for row in sorted(tables.involvements, key=lambda r: (r.start, r.role, r.worker_id)):
            if row.start > decision or (row.end is not None and row.end <= after):
                continue
            if (row.role, row.worker_id, row.start) in seen:
                continue  # the same allocation recorded against each sibling
            seen.add((row.role, row.worker_id, row.start))
            allocations.append(
                {
                    "role": row.role,
                    "worker_ref": self.refs.ref("worker", row.worker_id),
                    "start_date": row.start,
                    "end_date": row.end if row.end is not None and row.end <= decision else None,
                }
            )
        return allocations or None

    def _conferences(self, decision: str, after: str, tables: FamilyTables) -> list[dict[str, Any]]:
        dated: dict[tuple[str, str], str] = {}
        family_plans = {p.plan_id for p in tables.plans}
        for icpc in tables.icpcs:
            if after < icpc.date <= decision:
                key = ("icpc", icpc.date)
                dated[key] = min(dated.get(key, icpc.icpc_id), icpc.icpc_id)
        for review in tables.reviews:
            if review.plan_id in family_plans and after < review.date <= decision:
                key = ("rcpc", review.date)
                dated[key] = min(dated.get(key, review.review_id), review.review_id)
        return [
            {
                "conference_ref": self.refs.ref("conference", f"{kind}:{source_id}"),
                "kind": kind,
                "date": date,
            }
            for (kind, date), source_id in sorted(dated.items(), key=lambda item: item[0][1])
        ]


def _case_outcome(outcomes: list[dict[str, str]]) -> dict[str, str]:
    """The decision's outcome for the case: a step-down if any child stepped down, else a
    closure if any child's plan closed, else the administrative end."""
    for kind in (PlanDecision.STEP_DOWN_TO_CIN.value, PlanDecision.CLOSE.value):
        if any(o["kind"] == kind for o in outcomes):
            return {"kind": kind}
    return dict(outcomes[0])
