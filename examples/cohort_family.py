"""The synthetic family behind one case of `examples.generate_cohort`: its random stream and
its adults.

Each part of a case is drawn from the family's own random stream, in a fixed order, so a case
is a pure function of its seed and index. `poor` is the family's latent practice quality (0:
the plan was run and recorded well, 1: the paper's worst cases) and `recorded` how likely an
item is recorded at all.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]

# Who a risk is about, by kind: the adult refs it may name (A1 the mother, A2 the second
# adult), one choice drawn among those that name existing adults.
_ABOUT: dict[str, list[list[str]]] = {
    "domestic_abuse": [["A2"]],
    "sexual_harm": [["A2"]],
    "parental_mental_health": [["A1"]],
    "parental_drug_misuse": [["A1"], ["A2"], ["A1", "A2"]],
    "parental_alcohol_misuse": [["A1"], ["A2"], ["A1", "A2"]],
    "neglect": [["A1", "A2"], ["A1"]],
    "physical_harm": [["A2"], ["A1", "A2"]],
    "emotional_harm": [["A1", "A2"], ["A2"]],
}


def day(d: dt.date) -> str:
    return d.isoformat()


def date_of(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


@dataclass(frozen=True)
class Family:
    """One family's random stream and the anchors every part is drawn around."""

    rng: random.Random
    poor: float
    recorded: float
    decision: dt.date
    plan_start: dt.date

    def between(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def done(self, p: float, start: dt.date, end: dt.date) -> Json:
        """An Action: done (with a date between start and end) with probability p."""
        if self.rng.random() < p:
            return {"done": True, "date": day(self.between(start, end))}
        return {"done": False}

    def maybe(self, p_recorded: float, value: Any) -> Any:
        """The value, or None (not recorded) with probability 1 - p_recorded."""
        return value if self.rng.random() < p_recorded else None

    def good(self, weight: float, base: float = 0.0) -> bool:
        """Good practice on one item: likelier the better the family's practice."""
        return self.rng.random() > base + self.poor * weight


def draw_adults(f: Family, kinds: list[str]) -> list[Json]:
    rng = f.rng
    long_ago = f.plan_start - days(rng.randint(365, 5000))
    police, social_care = household_checks(f, long_ago, 0.995 - f.poor * 0.5)
    mother: Json = {
        "adult_ref": "A1",
        "role": "mother",
        "regularly_in_home": True,
        "joined_household_date": f.maybe(f.recorded, day(long_ago)),
        "alleged_perpetrator": False,
        "harm_history": f.maybe(f.recorded, []),
        "earlier_children_living_elsewhere": f.maybe(f.recorded, rng.random() < 0.12),
        "police_check": police,
        "social_care_check": social_care,
        "care_experienced": f.maybe(0.8, rng.random() < 0.2),
        "adverse_childhood_experiences": f.maybe(0.6, rng.random() < 0.45),
        "parental_history_considered": f.maybe(
            f.recorded, f.done(1 - f.poor * 0.8, f.plan_start, f.plan_start + days(120))
        ),
    }
    if "parental_mental_health" in kinds:
        manager = rng.choice(["gp", "gp", "adult_mental_health_service", "none"])
        mother["mental_health_managed_by"] = manager
        if manager == "gp":
            mother["gp_treatment_adherence_report"] = f.done(
                0.95 - f.poor * 0.7, f.plan_start, f.decision
            )
    else:
        mother["mental_health_managed_by"] = f.maybe(f.recorded, "none")

    abuse = "domestic_abuse" in kinds or "sexual_harm" in kinds
    role = rng.choice(["father", "father", "partner", "step_parent"])
    in_home = f.maybe(f.recorded, rng.random() < 0.75)
    joined: dt.date | None = None
    if in_home:
        joined = f.plan_start - days(rng.randint(365, 5000))
        if role != "father" and rng.random() < 0.3:
            joined = f.between(f.plan_start - days(700), f.plan_start + days(90))
    police, social_care = household_checks(f, joined, 0.995 - f.poor * 0.6)
    second: Json = {
        "adult_ref": "A2",
        "role": role,
        "regularly_in_home": in_home,
        "joined_household_date": f.maybe(f.recorded, day(joined)) if joined else None,
        "alleged_perpetrator": abuse,
        "harm_history": f.maybe(f.recorded, []),
        "earlier_children_living_elsewhere": f.maybe(f.recorded - 0.05, rng.random() < 0.15),
        "police_check": police,
        "social_care_check": social_care,
        "care_experienced": f.maybe(0.6, rng.random() < 0.15),
        "parental_history_considered": f.maybe(
            f.recorded - 0.1, f.done(1 - f.poor, f.plan_start, f.plan_start + days(120))
        ),
        "mental_health_managed_by": f.maybe(f.recorded, "none"),
    }
    if abuse:
        history = ["domestic_abuse"] if "domestic_abuse" in kinds else []
        if rng.random() < 0.25:
            history.append("violence")
        if rng.random() < 0.12:
            history.append("physical_harm_to_child")
        if "sexual_harm" in kinds:
            history.append(rng.choice(["sexual_offence", "sexual_offence_against_child"]))
        second["harm_history"] = f.maybe(f.recorded, history)
        probation = f.maybe(f.recorded, f.done(0.98 - f.poor * 0.75, f.plan_start, f.decision))
        second["probation_consulted"] = probation
        second["mappa_enquiry"] = mappa_enquiry(f, probation, "sexual_harm" in kinds)
    adults = [mother, second]

    extra = rng.random()
    if extra < 0.2:
        visits = rng.random() >= 0.4
        checks = household_checks(f, None if visits else long_ago, 0.95 - f.poor * 0.6)
        adults.append(
            {
                "adult_ref": "A3",
                "role": rng.choice(["grandparent", "relative", "family_friend"]),
                "regularly_in_home": not visits,
                "joined_household_date": None if visits else day(long_ago),
                "alleged_perpetrator": False,
                "harm_history": f.maybe(f.recorded, []),
                "earlier_children_living_elsewhere": f.maybe(f.recorded, False),
                "police_check": checks[0],
                "social_care_check": checks[1],
                "mental_health_managed_by": "none",
            }
        )
    elif extra < 0.3:
        moved_in = f.between(f.plan_start - days(400), f.decision - days(30))
        police, social_care = household_checks(f, moved_in, 0.95 - f.poor)
        adults.append(
            {
                "adult_ref": "A3",
                "role": "lodger",
                "regularly_in_home": True,
                "joined_household_date": f.maybe(f.recorded, day(moved_in)),
                "alleged_perpetrator": f.maybe(f.recorded, False),
                "harm_history": f.maybe(f.recorded - 0.1, []),
                "earlier_children_living_elsewhere": f.maybe(f.recorded - 0.1, False),
                "police_check": f.maybe(f.recorded, police),
                "social_care_check": f.maybe(f.recorded - 0.1, social_care),
            }
        )
    if rng.random() < 0.05 + 0.1 * f.poor:
        adults.append(new_partner(f))
    return adults


def new_partner(f: Family) -> Json:
    """A partner who joined the household during the plan, after the first checks."""
    joined = f.between(f.plan_start + dt.timedelta(days=60), f.decision - dt.timedelta(days=21))
    police, social_care = household_checks(f, joined, 0.95 - f.poor * 0.6)
    return {
        "adult_ref": "A4",
        "role": "partner",
        "regularly_in_home": True,
        "joined_household_date": day(joined),
        "alleged_perpetrator": f.maybe(f.recorded, False),
        "earlier_children_living_elsewhere": f.maybe(f.recorded - 0.2, f.rng.random() < 0.3),
        "harm_history": f.maybe(f.recorded - 0.2, ["violence"] if f.rng.random() < 0.2 else []),
        "police_check": police,
        "social_care_check": social_care,
        "parental_history_considered": f.maybe(
            f.recorded, f.done(0.9 - f.poor * 0.7, joined, f.decision)
        ),
    }


def household_checks(f: Family, joined: dt.date | None, p: float) -> tuple[Json, Json]:
    """Police and children's social care checks, each done with probability p. For
    an adult who joined the household during the plan, good practice dates them after the
    joining; poor practice relies on checks made before it (a partner checked as a visitor)."""
    start, end = f.plan_start, f.decision
    if joined is not None and joined > f.plan_start:
        if f.good(0.7):
            start = joined
        else:
            end = joined - dt.timedelta(days=1)
    return f.done(p, start, end), f.done(p, start, end)


def mappa_enquiry(f: Family, probation: Json | None, sexual_harm: bool) -> Json | None:
    """The MAPPA enquiry for an alleged perpetrator, made with the probation consultation."""
    if probation is None:
        return None
    if not probation["done"]:
        not_done: Json | None = f.maybe(f.recorded - 0.2, {"done": False})
        return not_done
    if not f.good(0.5):
        return None  # consulted, but what the enquiry found was not recorded
    enquiry: Json = {"done": True, "date": probation["date"]}
    enquiry["outcome"] = f.rng.choices(
        ["not_known", "known_to_probation_not_mappa", "mappa_managed"],
        weights=[78, 14, 14 if sexual_harm else 6],
    )[0]
    if enquiry["outcome"] == "mappa_managed":
        enquiry["category"] = 1 if sexual_harm else f.rng.choice([2, 2, 3])
        enquiry["level"] = f.rng.choices([1, 2, 3], weights=[70, 25, 5])[0]
    return enquiry


def risk_adults(f: Family, kind: str, adult_refs: set[str]) -> list[str] | None:
    """The adults a risk is about (the alleged perpetrator, the parent with the need)."""
    options = [refs for refs in _ABOUT.get(kind, [["A1"]]) if set(refs) <= adult_refs]
    return f.rng.choice(options) if options else None
