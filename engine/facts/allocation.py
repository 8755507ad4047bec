"""The workers allocated during the child's current plan: who changed, and who recommends."""

import datetime as dt
from collections.abc import Iterable

from engine.facts.fact import CaseFactGroup, CollectionDef, Collections, FactDef, Record, declare
from engine.facts.view import ChildView, FamilyView, allocations_during, done_by
from engine.values import BOOL, DATE, NUMBER, TEXT, UNKNOWN, code
from models.case import WorkerAllocation
from models.codes import WorkerRole

_ROLES = tuple(WorkerRole)
_CHANGES = {role: f"case.{role}_changes" for role in _ROLES}
"""The fact counting each role's changes."""
_RECOMMENDING = (
    "case.recommending_worker_incoming",
    "case.recommending_worker_weeks",
    "case.recommending_worker_transfer_reviewed",
)
"""The facts of the social worker allocated at the decision: unknown when there is none."""
_SOCIAL_WORKER = WorkerRole.SOCIAL_WORKER


def worker_changes(allocations: Iterable[WorkerAllocation]) -> dict[WorkerRole, int]:
    """Per role, the distinct workers allocated less one (no worker is no change)."""
    workers: dict[WorkerRole, set[str]] = {role: set() for role in _ROLES}
    for allocation in allocations:
        workers[allocation.role].add(allocation.worker_ref)
    return {role: max(len(refs) - 1, 0) for role, refs in workers.items()}


def _plan_allocations(view: FamilyView, start: dt.date | None) -> list[WorkerAllocation] | None:
    """The allocations during a plan started on `start`: the same for every child whose
    current plan started then."""
    return allocations_during(view.case.allocations, start, view.as_of)


def _records(view: FamilyView, child: ChildView) -> list[Record] | None:
    return view.once_per(_plan_records, child.plans.episode_start)


def _plan_records(view: FamilyView, start: dt.date | None) -> list[Record] | None:
    allocations = view.once_per(_plan_allocations, start)
    if allocations is None:
        return None
    records: list[Record] = []
    previous_worker: dict[WorkerRole, str] = {}
    for allocation in allocations:
        previous = previous_worker.get(allocation.role)
        previous_worker[allocation.role] = allocation.worker_ref
        records.append(
            {
                "allocation.ref": allocation.worker_ref,
                "allocation.role": allocation.role,
                "allocation.start_date": allocation.start_date,
                "allocation.incoming": previous is not None and previous != allocation.worker_ref,
                "allocation.transfer_reviewed": done_by(allocation.transfer_review, view.as_of),
            }
        )
    return records


def _derive(view: FamilyView, child: ChildView, _collections: Collections) -> Record:
    return view.once_per(_plan_facts, child.plans.episode_start)


def _plan_facts(view: FamilyView, start: dt.date | None) -> Record:
    as_of, allocations = view.as_of, view.once_per(_plan_allocations, start)
    if allocations is None:
        return dict.fromkeys([*_CHANGES.values(), *_RECOMMENDING], UNKNOWN)
    changes = worker_changes(allocations)
    facts: Record = {name: changes[role] for role, name in _CHANGES.items()}
    current = [
        a
        for a in allocations
        if a.role is _SOCIAL_WORKER and (a.end_date is None or a.end_date >= as_of)
    ]
    if not current:
        return facts | dict.fromkeys(_RECOMMENDING, UNKNOWN)
    recommending = current[-1]
    facts["case.recommending_worker_incoming"] = (
        UNKNOWN if start is None else recommending.start_date > start
    )
    facts["case.recommending_worker_weeks"] = (as_of - recommending.start_date).days // 7
    facts["case.recommending_worker_transfer_reviewed"] = done_by(
        recommending.transfer_review, as_of
    )
    return facts


ALLOCATIONS = CollectionDef(
    "allocations",
    "allocation",
    "Allocations of social worker, team manager and CP chair during the child's current plan.",
    declare(
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
    _records,
    optional=True,
)

WORKER_CASE_FACTS = CaseFactGroup(
    "Workers",
    declare(
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
    ),
    _derive,
)
