"""How a synthetic family's CP plan was run: workers, conferences, the family network and the
proposed outcome (see `examples.cohort_family` for the random stream)."""

from __future__ import annotations

import datetime as dt

from examples.cohort_family import Family, Json, date_of, day, days

# Family hubs opened from 2021: a link to one is asked of decisions after that only.
FAMILY_HUBS_FROM = dt.date(2021, 1, 1)


# Providers that are agencies a conference invites (the rest are services of the authority).
_PROVIDER_AGENCIES = {
    "domestic_abuse_perpetrator_service",
    "domestic_abuse_victim_service",
    "substance_misuse_service",
    "adult_mental_health_service",
    "gp",
}


def draw_allocations(f: Family) -> list[Json]:
    rng = f.rng
    allocations: list[Json] = []
    poor = f.poor
    changes_by_role = {
        "social_worker": rng.choices([0, 1, 2, 3, 4], weights=[5 - 3 * poor, 3, 2, 1, poor])[0],
        "team_manager": rng.choices([0, 1, 2], weights=[6 - 3 * poor, 2 + poor, poor])[0],
        "cp_chair": rng.choices([0, 1], weights=[8 - 3 * poor, 1 + poor])[0],
    }
    for role, changes in changes_by_role.items():
        span = (f.decision - f.plan_start).days
        cuts = sorted(rng.sample(range(20, max(span - 20, 21 + changes)), changes))
        bounds = [f.plan_start, *[f.plan_start + days(c) for c in cuts]]
        for n, start in enumerate(bounds):
            allocation: Json = {
                "role": role,
                "worker_ref": f"{role[:2].upper()}{rng.randint(1000, 9999)}-{n}",
                "start_date": day(start),
            }
            if n + 1 < len(bounds):
                allocation["end_date"] = day(bounds[n + 1] - days(1))
            if n > 0:
                allocation["transfer_review"] = f.maybe(
                    f.recorded, f.done(0.95 - f.poor * 0.7, start, start + days(28))
                )
            allocations.append(allocation)
    return allocations


def conference_dates(f: Family) -> list[dt.date]:
    """The ICPC, the reviews, and the deciding review on the decision date."""
    dates = [f.plan_start]
    next_date = f.plan_start + days(f.rng.randint(60, 90))
    while next_date < f.decision - days(30):
        dates.append(next_date)
        next_date += days(f.rng.randint(120, 182))
    return [*dates, f.decision]


def draw_conferences(
    f: Family,
    dates: list[dt.date],
    key: set[str],
    previous_plan_end: dt.date | None,
    history_matters: bool,
) -> list[Json]:
    rng = f.rng
    repeat_within_2y = (
        previous_plan_end is not None and (f.plan_start - previous_plan_end).days < 730
    )
    conferences: list[Json] = []
    for n, date in enumerate(dates):
        conference: Json = {
            "conference_ref": f"CF{n + 1}",
            "kind": "icpc" if n == 0 else "rcpc",
            "date": day(date),
        }
        deciding = date == f.decision
        # Agency lists and tool use are recorded at the ICPC and the deciding conference.
        if n == 0 or deciding:
            everyone = sorted({"police", "school", "gp", *key})
            invited = [
                a for a in everyone if rng.random() < (1 - f.poor * 0.25 if a in key else 0.9)
            ]
            contributed = [a for a in invited if rng.random() > 0.05 + f.poor * 0.5]
            conference["agencies_invited"] = invited
            conference["agencies_contributed"] = f.maybe(f.recorded, contributed)
            conference["chronology_submitted"] = f.maybe(f.recorded, f.good(0.6, 0.1))
            conference["genogram_submitted"] = f.maybe(f.recorded, f.good(0.6, 0.15))
        if history_matters or n == 0 or deciding:
            conference["history_analysed"] = f.maybe(f.recorded, f.good(1.0))
        if repeat_within_2y and n == 0:
            conference["repeat_plan_analysis"] = f.good(0.9)
        if previous_plan_end is not None and (n == 0 or deciding):
            conference["previous_deplanning_reviewed"] = f.maybe(f.recorded, f.good(0.8))
        conferences.append(conference)
    return conferences


def key_agencies(risks: list[str], adults: list[Json], interventions: list[Json]) -> set[str]:
    """The agencies a conference should hear from, from what the case records."""
    agencies = {i["provider_type"] for i in interventions} & _PROVIDER_AGENCIES
    for adult in adults:
        manager = adult.get("mental_health_managed_by")
        if manager in ("gp", "adult_mental_health_service"):
            agencies.add(manager)
        outcome = (adult.get("mappa_enquiry") or {}).get("outcome")
        if outcome in ("known_to_probation_not_mappa", "mappa_managed"):
            agencies.add("probation")
    if "domestic_abuse" in risks:
        agencies.add("police")
    return agencies


def family_network(f: Family, first_review: dt.date) -> Json | None:
    """Whether the family and friends network was considered, and what came of it."""
    if f.rng.random() >= f.recorded:
        return None
    considered = f.done(1 - f.poor * 0.7, f.plan_start, first_review)
    network: Json = {"considered": considered}
    if not considered["done"]:
        if f.rng.random() < 0.2:
            # no one to consider: recorded as such instead
            network["none_suitable"] = f.done(1.0, f.plan_start, first_review)
        return network
    since = date_of(considered["date"])
    if f.rng.random() < 0.12:
        network["none_suitable"] = f.done(1.0, since, first_review)
        network["contingency_plan"] = f.maybe(f.recorded, f.done(0.5, since, f.decision))
        return network
    network["contingency_plan"] = f.done(0.98 - f.poor * 0.6, since, f.decision)
    network["understands_risks"] = f.maybe(
        f.recorded, f.done(0.95 - f.poor * 0.6, since, f.decision)
    )
    return network


def proposed_outcome(f: Family, kind: str, rationale: list[str]) -> Json:
    outcome: Json = {"kind": kind}
    if kind == "administrative_end":
        outcome["administrative_reason"] = f.rng.choice(
            ["transferred_to_another_authority", "reached_18", "became_looked_after"]
        )
        return outcome
    outcome["rationale"] = rationale
    named_from = f.decision - dt.timedelta(days=60)
    outcome["lead_practitioner"] = f.maybe(
        f.recorded, f.done(0.98 - f.poor * 0.6, named_from, f.decision)
    )
    if kind == "step_down_to_cin":
        outcome["lead_practitioner_after_cin"] = f.maybe(
            f.recorded, f.done(0.98 - f.poor * 0.7, named_from, f.decision)
        )
    if f.decision >= FAMILY_HUBS_FROM:
        hub = f.done(0.97 - f.poor * 0.6, f.plan_start, f.decision)
        outcome["family_hub_link"] = f.maybe(f.recorded, hub)
    outcome["universal_support_plan"] = f.maybe(
        f.recorded, f.done(0.97 - f.poor * 0.7, named_from, f.decision)
    )
    return outcome
