"""A child's CP plans as of a date: the current episode, the one before it, and the gap.

A transfer-in plan continues the plan of the authority the child came from, so the two are one
episode, not a repeat. Plans that overlap (a plan starting before the previous one ended) are
a recording problem; the gap between them counts as none (and `engine.data_quality` says so).
"""

import datetime as dt
from dataclasses import dataclass
from operator import attrgetter

from engine.dates import whole_months_between
from engine.values import UNKNOWN, FactValue
from models.case import Child, CpPlan


# Not frozen, and never changed once made: a frozen dataclass takes about 5x as long to make.
@dataclass(slots=True)
class PlanHistory:
    current: CpPlan | None
    """The latest plan started by the as-of date."""
    episode_start: dt.date | None
    """When the current episode began (earlier than `current` after a transfer-in)."""
    previous: CpPlan | None
    """The last plan of the episode before the current one, if any."""
    months_since_previous: FactValue
    """Whole months from the previous plan's end to the current episode's start."""


_BY_START = attrgetter("start_date")


def plans_started_by(child: Child, as_of: dt.date) -> list[CpPlan]:
    return sorted([plan for plan in child.cp_plans if plan.start_date <= as_of], key=_BY_START)


def plan_history(child: Child, as_of: dt.date) -> PlanHistory:
    plans = plans_started_by(child, as_of)
    if not plans:
        return PlanHistory(None, None, None, UNKNOWN)
    first = len(plans) - 1
    while (
        first > 0
        and plans[first].transfer_in is True
        and _continues(plans[first - 1], plans[first])
    ):
        first -= 1
    previous = plans[first - 1] if first > 0 else None
    episode_start = plans[first].start_date
    return PlanHistory(
        plans[-1], episode_start, previous, _months_between(previous, episode_start, as_of)
    )


def _continues(earlier: CpPlan, transfer_in: CpPlan) -> bool:
    """Whether `transfer_in` continues `earlier`: it ended less than a month before, or not at all."""
    return (
        earlier.end_date is None
        or whole_months_between(earlier.end_date, transfer_in.start_date) < 1
    )


def _months_between(previous: CpPlan | None, episode_start: dt.date, as_of: dt.date) -> FactValue:
    if previous is None:
        return UNKNOWN
    if previous.end_date is None:
        return 0
    if previous.end_date > as_of:
        return UNKNOWN
    return max(whole_months_between(previous.end_date, episode_start), 0)
