"""What a synthetic family's CP plan holds: its risks, children, interventions and the
family's engagement with them (see `examples.cohort_family` for the random stream)."""

from __future__ import annotations

import datetime as dt

from examples.cohort_family import Family, Json, date_of, day, days

_PROVIDERS: dict[str, list[str]] = {
    "domestic_abuse": ["domestic_abuse_perpetrator_service", "domestic_abuse_victim_service"],
    "parental_mental_health": ["adult_mental_health_service", "gp"],
    "parental_drug_misuse": ["substance_misuse_service"],
    "parental_alcohol_misuse": ["substance_misuse_service"],
    "sexual_harm": ["childrens_social_care", "other"],
    "physical_harm": ["parenting_programme", "childrens_social_care"],
    "neglect": ["parenting_programme", "family_support"],
    "emotional_harm": ["family_support", "parenting_programme"],
    "other": ["family_support"],
}


_ENGAGEMENT_KINDS = [
    "missed_visit",
    "no_access",
    "missed_core_group",
    "declined_service",
    "disengaged_from_intervention",
    "disguised_compliance_indicator",
]


def category(risks: list[str]) -> str:
    """The CP plan category (census code) that a family's risks point to."""
    if "sexual_harm" in risks:
        return "SAB"
    if "physical_harm" in risks:
        return "PHY"
    if "neglect" in risks and len(risks) > 2:
        return "MUL"
    if "neglect" in risks:
        return "NEG"
    return "EMO"


def draw_risk(f: Family, n: int, kind: str, agreed_months: int) -> Json:
    """Risk number `n` and where it stands at the decision (whom it concerns comes later).
    Good practice sustains change for the months the safety statement agreed before ending
    the plan; poor practice counts from the three months of the rules."""
    rng = f.rng
    least = agreed_months if f.good(0.9) else 3
    original = n == 0 or rng.random() < 0.4
    latest = f.decision - days(45 if least == 3 and not f.good(0.9) else least * 30 + 45)
    identified = f.plan_start if original else f.between(f.plan_start, latest)
    risk: Json = {
        "risk_ref": f"R{n + 1}",
        "kind": kind,
        "original": f.maybe(f.recorded, original),
        "identified_date": day(identified),
    }
    roll = rng.random()
    if roll > f.poor * 0.95 + 0.01:
        since = f.decision - days(rng.randint(least, 12) * 30 + rng.randint(0, 20))
        since = max(since, identified + days(14))
        risk["status"] = "resolved"
        # no longer active since the change began (before its status_date a risk counts
        # as active); poor recording dates the status only when it was written up
        written_up = since if f.good(0.5) else min(f.decision, since + days(60))
        risk["status_date"] = day(written_up)
        risk["sustained_change_since"] = day(since)
    elif roll > f.poor * 0.5:
        since = f.decision - days(rng.randint(20, 85))
        risk["status"] = "reducing"
        risk["status_date"] = day(max(identified, since - days(30)))
        risk["sustained_change_since"] = f.maybe(f.recorded - 0.2, day(max(identified, since)))
    elif rng.random() < 0.2:
        risk["status"] = "removed"
        risk["status_date"] = day(f.between(identified, f.decision))
        if f.good(0.6):
            risk["not_carried_rationale"] = rng.choice(
                ["person_posing_risk_left_household", "managed_by_another_agency"]
            )
        elif rng.random() < 0.5:
            risk["not_carried_rationale"] = "resolved_with_sustained_change"  # does not fit
    else:
        risk["status"] = "active"
    if rng.random() < (1 - f.recorded) * 0.5:
        del risk["status"]  # where it stands was not recorded
        risk.pop("status_date", None)
    return risk


def draw_children(
    f: Family,
    family_category: str,
    previous_plan_end: dt.date | None,
    returned_after: int | None,
    continuing_kind: str | None,
) -> list[Json]:
    """The children and their CP plans. With `continuing_kind`, the youngest child joined the
    plan later and stays on it (for a risk of that kind) while the siblings' plans end."""
    rng = f.rng
    count = rng.choices([1, 2, 3, 4, 5], weights=[25, 35, 22, 12, 6])[0]
    continuing = count - 1 if count > 1 and continuing_kind is not None else None
    aged_out = 0 if count > 1 and continuing is None and rng.random() < 0.04 else None
    transfer_in = previous_plan_end is None and rng.random() < 0.04
    returning = [c for c in range(count) if c not in (continuing, aged_out)]
    children: list[Json] = []
    for c in range(count):
        ref = f"CH{c + 1}"
        if c == continuing:
            joined = f.between(f.plan_start + days(90), f.decision - days(60))
        elif c == 0 or rng.random() < 0.85:
            joined = f.plan_start
        else:
            joined = f.between(f.plan_start, f.decision - days(90))
        plans: list[Json] = []
        if previous_plan_end is not None and c != continuing and rng.random() < 0.85:
            prev_end = previous_plan_end
            if rng.random() < 0.02:
                prev_end = joined + days(rng.randint(1, 30))  # never closed on the system
            plans.append(
                {
                    "plan_ref": f"{ref}-P0",
                    "start_date": day(previous_plan_end - days(rng.randint(120, 600))),
                    "end_date": day(prev_end),
                    "category": rng.choice([family_category, "EMO", "NEG"]),
                }
            )
        elif transfer_in and joined == f.plan_start:
            # the plan of the authority the family moved from, ended on the transfer-in
            plans.append(
                {
                    "plan_ref": f"{ref}-P0",
                    "start_date": day(f.plan_start - days(rng.randint(90, 400))),
                    "end_date": day(f.plan_start - days(1)),
                    "category": family_category,
                }
            )
        current: Json = {
            "plan_ref": f"{ref}-P1",
            "start_date": day(joined),
            "category": family_category,
        }
        if transfer_in and joined == f.plan_start:
            current["transfer_in"] = True
        if c == continuing and continuing_kind is not None:
            current["category"] = category([continuing_kind])
        else:
            current["end_date"] = day(f.decision)
        plans.append(current)
        returns = c in returning and (c == returning[0] or rng.random() < 0.8)
        if returned_after is not None and returns:
            later = f.decision + days(returned_after + rng.randint(0, 3))
            plans.append(
                {
                    "plan_ref": f"{ref}-P2",
                    "start_date": day(later),
                    "category": family_category if rng.random() < 0.9 else "MUL",
                }
            )
        child: Json = {"child_ref": ref, "cp_plans": plans}
        if c == continuing:
            child["outcome"] = {"kind": "continue_plan"}
        elif c == aged_out:
            child["outcome"] = {"kind": "administrative_end", "administrative_reason": "reached_18"}
        children.append(child)
    return children


def concern_children(
    f: Family, risks: list[Json], children: list[Json], continuing_kind: str | None
) -> None:
    """Which children each risk concerns: all (often left unrecorded), some of them, or only
    the child whose plan continues, for the risk that keeps that child on it."""
    refs = [c["child_ref"] for c in children]
    for risk in risks:
        if len(refs) > 1 and f.rng.random() < 0.12:
            risk["children"] = sorted(f.rng.sample(refs, f.rng.randint(1, len(refs) - 1)))
        elif f.rng.random() < 0.3 * f.recorded:
            risk["children"] = refs
    if continuing_kind is not None and len(refs) > 1:
        joined = children[-1]["cp_plans"][-1]["start_date"]
        risk = {
            "risk_ref": f"R{len(risks) + 1}",
            "kind": continuing_kind,
            "original": f.maybe(f.recorded, False),
            "identified_date": joined,
            "status": f.rng.choice(["active", "active", "reducing"]),
            "children": [refs[-1]],
        }
        if risk["status"] == "reducing":
            risk["status_date"] = day(f.decision - days(f.rng.randint(10, 40)))
        risks.append(risk)


def carry_to_cin(f: Family, risks: list[Json]) -> None:
    """At step-down: which risks the CIN plan carries, and why any is not carried."""
    for risk in risks:
        if "not_carried_rationale" in risk or risk.get("status") == "removed":
            continue
        if risk.get("status") == "resolved" and f.rng.random() < 0.5:
            risk["carried_to_cin_plan"] = False
            risk["not_carried_rationale"] = "resolved_with_sustained_change"
        elif f.rng.random() < f.poor * 0.3:
            risk["carried_to_cin_plan"] = False  # dropped with no rationale recorded
        else:
            risk["carried_to_cin_plan"] = f.maybe(f.recorded, True)


def draw_interventions(
    f: Family, risks: list[Json], perpetrator_left: bool, continuing_ref: str | None
) -> list[Json]:
    rng = f.rng
    interventions: list[Json] = []
    for risk in risks:
        if rng.random() < 0.07:
            risk["no_intervention_reason"] = no_intervention_reason(
                f, risk["kind"], perpetrator_left
            )
            continue
        identified = max(f.plan_start, date_of(risk["identified_date"]))
        stays_on_plan = continuing_ref is not None and risk.get("children") == [continuing_ref]
        for provider in _PROVIDERS[risk["kind"]][: rng.choice([1, 1, 2])]:
            start = f.between(identified, min(identified + days(90), f.decision - days(21)))
            item: Json = {
                "intervention_ref": f"I{len(interventions) + 1}",
                "provider_type": provider,
                "addresses_risks": [risk["risk_ref"]],
                "start_date": day(start),
            }
            roll = rng.random()
            if stays_on_plan and risk.get("status") == "active":
                item["status"] = "in_progress"
            elif roll > f.poor * 0.9 + 0.01:
                item["status"] = "completed"
                item["end_date"] = day(f.between(start, f.decision - days(14)))
            elif roll > f.poor * 0.4:
                item["status"] = "in_progress"
            elif rng.random() < 0.5:
                item["status"] = "ended_incomplete"
                item["end_date"] = day(f.between(start, f.decision))
            else:
                item["status"] = "planned"
                del item["start_date"]
                if rng.random() < 0.5:  # booked to start after the decision
                    item["start_date"] = day(f.decision + days(rng.randint(7, 60)))
            interventions.append(item)
    if rng.random() < 0.3:
        interventions.append(
            {
                "intervention_ref": f"I{len(interventions) + 1}",
                "provider_type": "family_support",
                "addresses_risks": [r["risk_ref"] for r in risks[:2]],
                "status": "completed",
                "start_date": day(f.plan_start),
                "end_date": day(f.between(f.plan_start, f.decision)),
            }
        )
    return interventions


def no_intervention_reason(f: Family, kind: str, perpetrator_left: bool) -> str | None:
    """Why a risk has no intervention of its own, when good practice records it."""
    if not f.good(0.8):
        return None
    if kind in ("domestic_abuse", "sexual_harm") and perpetrator_left:
        return "person_posing_risk_left_household"
    if kind in ("parental_mental_health", "parental_drug_misuse", "parental_alcohol_misuse"):
        return "managed_by_another_agency"
    return "direct_work_by_social_worker"


def draw_engagement(f: Family, adult_refs: list[str]) -> tuple[list[Json], Json | None]:
    """Non-engagement through the plan, and the disguised-compliance analysis of it, which
    records whether each event was explained."""
    rng = f.rng
    events: list[Json] = []
    for _ in range(int(rng.random() * f.poor * 7)):
        events.append(
            {
                "date": day(f.between(f.plan_start, f.decision)),
                "kind": rng.choice(_ENGAGEMENT_KINDS),
                "adult_ref": rng.choice(adult_refs),
            }
        )
    if rng.random() < 0.12:  # families that engage well miss a visit too
        early = f.between(f.plan_start, f.plan_start + days(120))
        events.append({"date": day(early), "kind": "missed_visit", "adult_ref": "A1"})
    events.sort(key=lambda e: str(e["date"]))
    after = date_of(events[-1]["date"]) if events else f.plan_start + days(60)
    if f.good(0.8):  # an analysis for the decision, after every sign that called for one
        after = max(after, f.decision - days(14))
    analysis = f.maybe(f.recorded, f.done(0.95 - f.poor * 0.75, after, f.decision))
    if analysis is not None and analysis["done"]:
        for event in events:
            minor = event["kind"] in ("missed_visit", "missed_core_group", "no_access")
            if event["kind"] != "disguised_compliance_indicator":
                event["explained"] = rng.random() < (0.45 if minor else 0.15)
    return events, analysis
