"""Generate a synthetic cohort of historic de-planned cases, as JSON Lines.

Every case is made up: pseudonymous refs, coded values, no narrative. The cohort mimics the
briefing paper's families (toxic trio, changes of worker, incomplete interventions, closures
at parental request, ...) with a mix of good and poor practice, and some families carry the
start of a later CP plan (their return), more often and sooner where practice was poor, so
that the re-audit has something to find.

The output is a pure function of `--seed` and `--count`: case *i* is drawn from its own
random stream, so any slice of a cohort can be regenerated (or generated in parallel)
without the rest.

    uv run python -m examples.generate_cohort --seed 2024 --count 400 --out examples/cohort.jsonl
    uv run python -m examples.generate_cohort --seed 2024 --count 400 --errors 12 \
        --out examples/cohort-with-errors.jsonl

Importable too (benchmarks make 100k/1M-case files with it):

    from examples.generate_cohort import generate_cases, write_cohort
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["EXTRACT_DATE", "generate_case", "generate_cases", "malformed_line", "write_cohort"]

# The date the historic extract was taken: later CP plans starting after it are not known yet.
EXTRACT_DATE = dt.date(2025, 12, 31)
# Decisions since the rules came into force (Working Together 2018, 1 July 2018).
FIRST_DECISION = dt.date(2018, 7, 1)
LAST_DECISION = dt.date(2023, 12, 31)

Json = dict[str, Any]

# How often each risk appears (the paper: 12/16 domestic abuse, 11/16 mental health,
# 8/16 drug misuse, 4/16 alcohol misuse, 2/16 sexual harm without the toxic trio).
_RISK_RATES = [
    ("domestic_abuse", 0.72),
    ("parental_mental_health", 0.62),
    ("parental_drug_misuse", 0.45),
    ("parental_alcohol_misuse", 0.25),
    ("neglect", 0.30),
    ("physical_harm", 0.12),
    ("emotional_harm", 0.10),
]

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

_KEY_AGENCIES: dict[str, list[str]] = {
    "domestic_abuse": ["domestic_abuse_perpetrator_service", "probation"],
    "parental_mental_health": ["adult_mental_health_service", "gp"],
    "parental_drug_misuse": ["substance_misuse_service"],
    "parental_alcohol_misuse": ["substance_misuse_service"],
}

# Days to return, by band (<1y, 1-2y, 2-5y, 5y+); the paper's 16 families: 3, 5, 6, 2.
_RETURN_BANDS = [(60, 364), (365, 729), (730, 1825), (1826, 3000)]


def _day(d: dt.date) -> str:
    return d.isoformat()


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _done(rng: random.Random, p: float, start: dt.date, end: dt.date) -> Json:
    """An Action: done (with a date between start and end) with probability p."""
    if rng.random() < p:
        return {"done": True, "date": _day(_between(rng, start, end))}
    return {"done": False}


def _maybe(rng: random.Random, p_recorded: float, value: Any) -> Any:
    """The value, or None (not recorded) with probability 1 - p_recorded."""
    return value if rng.random() < p_recorded else None


def _category(risks: list[str]) -> str:
    if "sexual_harm" in risks:
        return "SAB"
    if "physical_harm" in risks:
        return "PHY"
    if "neglect" in risks and len(risks) > 2:
        return "MUL"
    if "neglect" in risks:
        return "NEG"
    return "EMO"


def generate_case(seed: int, index: int) -> Json:
    """Case number `index` of the cohort drawn with `seed` (a plain JSON-ready dict)."""
    rng = random.Random(seed * 1_000_003 + index)  # noqa: S311 - synthetic data, not secrets
    case_ref = f"FAM-{seed % 10000:04d}-{index:07d}"
    # Latent practice quality: 0 = good practice throughout, 1 = the paper's worst cases.
    poor = rng.betavariate(1.3, 1.6)
    if rng.random() < 0.3:
        poor = rng.uniform(0.0, 0.05)  # families whose plan was run and recorded well
    recorded = 0.995 - 0.3 * poor  # how likely an item is recorded at all

    decision = _between(rng, FIRST_DECISION, LAST_DECISION)
    plan_start = decision - dt.timedelta(days=rng.randint(150, 720))

    # Risks ---------------------------------------------------------------------------------
    kinds = [kind for kind, rate in _RISK_RATES if rng.random() < rate]
    toxic = {"domestic_abuse", "parental_mental_health", "parental_drug_misuse"}
    toxic.add("parental_alcohol_misuse")
    if not toxic.intersection(kinds) and rng.random() < 0.5:
        kinds.append("sexual_harm")
    if not kinds:
        kinds.append(rng.choice(["domestic_abuse", "neglect", "parental_mental_health"]))
    rng.shuffle(kinds)

    risks: list[Json] = []
    for n, kind in enumerate(kinds):
        original = n == 0 or rng.random() < 0.4
        identified = plan_start if original else _between(rng, plan_start, decision)
        risk: Json = {
            "risk_ref": f"R{n + 1}",
            "kind": kind,
            "original": _maybe(rng, recorded, original),
            "identified_date": _day(identified),
        }
        roll = rng.random()
        if roll > poor * 0.95 + 0.01:
            months = rng.randint(3, 12)
            since = decision - dt.timedelta(days=months * 30 + rng.randint(0, 20))
            since = max(since, identified + dt.timedelta(days=14))
            risk["status"] = "resolved"
            risk["status_date"] = _day(min(decision, since + dt.timedelta(days=60)))
            risk["sustained_change_since"] = _day(since)
        elif roll > poor * 0.5:
            since = decision - dt.timedelta(days=rng.randint(20, 85))
            risk["status"] = "reducing"
            risk["status_date"] = _day(max(identified, since - dt.timedelta(days=30)))
            risk["sustained_change_since"] = _maybe(
                rng, recorded - 0.2, _day(max(identified, since))
            )
        elif rng.random() < 0.2:
            risk["status"] = "removed"
            risk["status_date"] = _day(_between(rng, identified, decision))
        else:
            risk["status"] = "active"
        risks.append(risk)

    # Outcome kind first: it decides what the CIN plan and closure fields look like.
    outcome_roll = rng.random()
    if outcome_roll < 0.04:
        outcome_kind = "administrative_end"
    elif outcome_roll < 0.28:
        outcome_kind = "close"
    else:
        outcome_kind = "step_down_to_cin"
    parent_request = outcome_kind == "close" and rng.random() < 0.2 + poor * 0.4

    if outcome_kind == "step_down_to_cin":
        for risk in risks:
            if risk["status"] == "resolved" and rng.random() < 0.5:
                risk["carried_to_cin_plan"] = False
                risk["not_carried_rationale"] = "resolved_with_sustained_change"
            elif rng.random() < poor * 0.3:
                risk["carried_to_cin_plan"] = False  # dropped with no rationale recorded
            else:
                risk["carried_to_cin_plan"] = _maybe(rng, recorded, True)

    # Children and their CP plans ----------------------------------------------------------------
    category = _category(kinds)
    previous_plan_end: dt.date | None = None
    if rng.random() < 0.35:
        previous_plan_end = plan_start - dt.timedelta(days=rng.randint(200, 2500))

    returned_after: int | None = None
    if rng.random() < 0.12 + 0.6 * poor:
        weights = [1 + 4 * poor, 2 + 2 * poor, 3, 1.5 - poor]
        low, high = rng.choices(_RETURN_BANDS, weights=weights)[0]
        days = rng.randint(low, high)
        if decision + dt.timedelta(days=days) <= EXTRACT_DATE:
            returned_after = days

    children: list[Json] = []
    for c in range(rng.choices([1, 2, 3, 4, 5], weights=[25, 35, 22, 12, 6])[0]):
        ref = f"CH{c + 1}"
        joined = (
            plan_start
            if c == 0 or rng.random() < 0.85
            else _between(rng, plan_start, decision - dt.timedelta(days=90))
        )
        plans: list[Json] = []
        if previous_plan_end is not None and rng.random() < 0.85:
            prev_start = previous_plan_end - dt.timedelta(days=rng.randint(120, 600))
            plans.append(
                {
                    "plan_ref": f"{ref}-P0",
                    "start_date": _day(prev_start),
                    "end_date": _day(previous_plan_end),
                    "category": rng.choice([category, "EMO", "NEG"]),
                }
            )
        plans.append(
            {
                "plan_ref": f"{ref}-P1",
                "start_date": _day(joined),
                "end_date": _day(decision),
                "category": category,
            }
        )
        if returned_after is not None and (c == 0 or rng.random() < 0.8):
            later = decision + dt.timedelta(days=returned_after + rng.randint(0, 3))
            plans.append(
                {
                    "plan_ref": f"{ref}-P2",
                    "start_date": _day(later),
                    "category": category if rng.random() < 0.9 else "MUL",
                }
            )
        children.append({"child_ref": ref, "cp_plans": plans})

    # Adults ----------------------------------------------------------------------------------
    abuse = "domestic_abuse" in kinds or "sexual_harm" in kinds
    adults: list[Json] = []
    mother: Json = {
        "adult_ref": "A1",
        "role": "mother",
        "regularly_in_home": True,
        "alleged_perpetrator": False,
        "police_check": _done(rng, 0.99 - poor * 0.5, plan_start, decision),
        "social_care_check": _done(rng, 0.99 - poor * 0.4, plan_start, decision),
        "care_experienced": _maybe(rng, 0.8, rng.random() < 0.2),
        "adverse_childhood_experiences": _maybe(rng, 0.6, rng.random() < 0.45),
        "parental_history_considered": _maybe(rng, recorded, rng.random() > poor * 0.8),
    }
    if "parental_mental_health" in kinds:
        manager = rng.choice(["gp", "gp", "adult_mental_health_service", "none"])
        mother["mental_health_managed_by"] = manager
        if manager == "gp":
            mother["gp_treatment_adherence_report"] = _done(
                rng, 0.95 - poor * 0.7, plan_start, decision
            )
    else:
        mother["mental_health_managed_by"] = _maybe(rng, recorded, "none")
    adults.append(mother)

    second_role = rng.choice(["father", "father", "partner", "step_parent"])
    second: Json = {
        "adult_ref": "A2",
        "role": second_role,
        "regularly_in_home": _maybe(rng, recorded, rng.random() < 0.75),
        "alleged_perpetrator": abuse,
        "police_check": _done(rng, 0.98 - poor * 0.6, plan_start, decision),
        "social_care_check": _done(rng, 0.98 - poor * 0.6, plan_start, decision),
        "care_experienced": _maybe(rng, 0.6, rng.random() < 0.15),
        "parental_history_considered": _maybe(rng, recorded - 0.1, rng.random() > poor),
        "mental_health_managed_by": _maybe(rng, recorded, "none"),
    }
    if abuse:
        history = ["domestic_abuse"] if "domestic_abuse" in kinds else []
        if rng.random() < 0.25:
            history.append("violence")
        if rng.random() < 0.12:
            history.append("physical_harm_to_child")
        if "sexual_harm" in kinds:
            history.append(rng.choice(["sexual_offence", "sexual_offence_against_child"]))
        second["harm_history"] = _maybe(rng, recorded, history)
        second["probation_consulted"] = _maybe(
            rng, recorded, _done(rng, 0.98 - poor * 0.75, plan_start, decision)
        )
        if rng.random() > poor * 0.8:
            second["mappa_status"] = rng.choices(
                ["not_known_to_mappa", "category_1", "category_2", "category_3"],
                weights=[80, 6 if "sexual_harm" in kinds else 1, 10, 3],
            )[0]
    adults.append(second)

    extra = rng.random()
    if extra < 0.2:
        adults.append(
            {
                "adult_ref": "A3",
                "role": rng.choice(["grandparent", "relative", "family_friend"]),
                "regularly_in_home": rng.random() < 0.4,
                "alleged_perpetrator": False,
                "police_check": _done(rng, 0.9 - poor * 0.6, plan_start, decision),
                "social_care_check": _done(rng, 0.9 - poor * 0.6, plan_start, decision),
                "mental_health_managed_by": "none",
            }
        )
    elif extra < 0.3:
        adults.append(
            {
                "adult_ref": "A3",
                "role": "lodger",
                "regularly_in_home": True,
                "police_check": _maybe(rng, recorded, _done(rng, 0.9 - poor, plan_start, decision)),
            }
        )

    # Interventions ---------------------------------------------------------------------------
    interventions: list[Json] = []
    for risk in risks:
        for provider in _PROVIDERS[risk["kind"]][: rng.choice([1, 1, 2])]:
            start = _between(rng, plan_start, plan_start + dt.timedelta(days=90))
            item: Json = {
                "intervention_ref": f"I{len(interventions) + 1}",
                "provider_type": provider,
                "addresses_risks": [risk["risk_ref"]],
                "start_date": _day(start),
            }
            roll = rng.random()
            if roll > poor * 0.9 + 0.01:
                item["status"] = "completed"
                item["end_date"] = _day(_between(rng, start, decision - dt.timedelta(days=14)))
            elif roll > poor * 0.4:
                item["status"] = "in_progress"
            elif rng.random() < 0.5:
                item["status"] = "ended_incomplete"
                item["end_date"] = _day(_between(rng, start, decision))
            else:
                item["status"] = "planned"
                del item["start_date"]
            interventions.append(item)
    if rng.random() < 0.3:
        interventions.append(
            {
                "intervention_ref": f"I{len(interventions) + 1}",
                "provider_type": "family_support",
                "addresses_risks": [r["risk_ref"] for r in risks[:2]],
                "status": "completed",
                "start_date": _day(plan_start),
                "end_date": _day(_between(rng, plan_start, decision)),
            }
        )

    # Engagement ------------------------------------------------------------------------------
    events: list[Json] = []
    for _ in range(int(rng.random() * poor * 7)):
        events.append(
            {
                "date": _day(_between(rng, plan_start, decision)),
                "kind": rng.choice(
                    [
                        "missed_visit",
                        "no_access",
                        "missed_core_group",
                        "declined_service",
                        "disengaged_from_intervention",
                        "disguised_compliance_indicator",
                    ]
                ),
                "adult_ref": rng.choice(["A1", "A2"]),
            }
        )
    events.sort(key=lambda e: str(e["date"]))
    dc_analysis: Json | None = None
    if events:
        last = dt.date.fromisoformat(events[-1]["date"])
        dc_analysis = _maybe(rng, recorded, _done(rng, 0.95 - poor * 0.75, last, decision))

    # Worker allocations ----------------------------------------------------------------------
    allocations: list[Json] = []
    changes_by_role = {
        "social_worker": rng.choices([0, 1, 2, 3, 4], weights=[5 - 3 * poor, 3, 2, 1, poor])[0],
        "team_manager": rng.choices([0, 1, 2], weights=[6 - 3 * poor, 2 + poor, poor])[0],
        "cp_chair": rng.choices([0, 1], weights=[8 - 3 * poor, 1 + poor])[0],
    }
    for role, changes in changes_by_role.items():
        span = (decision - plan_start).days
        cuts = sorted(rng.sample(range(20, max(span - 20, 21 + changes)), changes))
        bounds = [plan_start, *[plan_start + dt.timedelta(days=c) for c in cuts]]
        for n, start in enumerate(bounds):
            allocation: Json = {
                "role": role,
                "worker_ref": f"{role[:2].upper()}{rng.randint(1000, 9999)}-{n}",
                "start_date": _day(start),
            }
            if n + 1 < len(bounds):
                allocation["end_date"] = _day(bounds[n + 1] - dt.timedelta(days=1))
            if n > 0:
                allocation["transfer_review"] = _maybe(
                    rng,
                    recorded,
                    _done(rng, 0.95 - poor * 0.7, start, start + dt.timedelta(days=28)),
                )
            allocations.append(allocation)

    # Conferences -----------------------------------------------------------------------------
    key_agencies = sorted({a for k in kinds for a in _KEY_AGENCIES.get(k, [])})
    repeat_within_2y = previous_plan_end is not None and (plan_start - previous_plan_end).days < 730
    conferences: list[Json] = []
    dates = [plan_start]
    next_date = plan_start + dt.timedelta(days=rng.randint(60, 90))
    while next_date < decision - dt.timedelta(days=30):
        dates.append(next_date)
        next_date += dt.timedelta(days=rng.randint(120, 182))
    dates.append(decision)
    for n, date in enumerate(dates):
        conference: Json = {
            "conference_ref": f"CF{n + 1}",
            "kind": "icpc" if n == 0 else "rcpc",
            "date": _day(date),
        }
        # Agency lists and tool use are recorded at the ICPC and the deciding conference.
        if n == 0 or date == decision:
            invited = sorted({"police", "school", "gp", *key_agencies})
            invited = [a for a in invited if a in key_agencies or rng.random() < 0.9]
            contributed = [a for a in invited if rng.random() > 0.05 + poor * 0.5]
            conference["agencies_invited"] = invited
            conference["agencies_contributed"] = _maybe(rng, recorded, contributed)
            conference["chronology_submitted"] = _maybe(
                rng, recorded, rng.random() > 0.1 + poor * 0.6
            )
            conference["genogram_submitted"] = _maybe(
                rng, recorded, rng.random() > 0.15 + poor * 0.6
            )
        if previous_plan_end is not None:
            conference["history_analysed"] = _maybe(rng, recorded, rng.random() > poor)
        if repeat_within_2y and n == 0:
            conference["repeat_plan_analysis"] = rng.random() > poor * 0.9
        conferences.append(conference)
    if returned_after is not None:
        # The later ICPC is in the extract too; an audit as at the decision date ignores it.
        conferences.append(
            {
                "conference_ref": f"CF{len(dates) + 1}",
                "kind": "icpc",
                "date": _day(decision + dt.timedelta(days=returned_after)),
                "agencies_invited": ["police", "health_visitor", "school", "gp"],
                "history_analysed": rng.random() < 0.5,
            }
        )

    # Safety statement, family network, outcome -----------------------------------------------
    safety: Json | None = None
    if rng.random() < recorded:
        safety = {"agreed": _done(rng, 0.98 - poor * 0.6, plan_start, decision)}
        if safety["agreed"]["done"]:
            safety["evidence_of_change_defined"] = _maybe(rng, recorded, rng.random() > poor * 0.6)
            safety["sustain_months_agreed"] = _maybe(rng, recorded, rng.choice([3, 3, 6]))

    network: Json | None = None
    if rng.random() < recorded:
        considered = rng.random() > poor * 0.7
        network = {"considered": considered}
        if considered:
            network["contingency_plan"] = _done(rng, 0.98 - poor * 0.6, plan_start, decision)

    rationale: list[str] = []
    if all(r["status"] == "resolved" for r in risks):
        rationale.append("sustained_change_evidenced")
    if all(i["status"] == "completed" for i in interventions):
        rationale.append("interventions_completed")
    if rng.random() < poor * 0.6:
        rationale.append("no_incidents_since_last_review")
    if parent_request:
        rationale.append("parental_request")
    if not rationale or rng.random() < 0.2:
        rationale.append("risk_managed_by_safety_plan")

    outcome: Json = {"kind": outcome_kind}
    if outcome_kind == "administrative_end":
        outcome["administrative_reason"] = rng.choice(
            ["transferred_to_another_authority", "reached_18", "became_looked_after"]
        )
    else:
        outcome["initiated_by"] = "parent_request" if parent_request else "conference"
        outcome["rationale"] = rationale
        named = rng.random() > 0.02 + poor * 0.6
        outcome["lead_professional"] = {"named": named}
        if named:
            outcome["lead_professional"]["agency"] = rng.choice(
                ["early_help", "school", "health_visitor", "childrens_social_care"]
            )
        hub = _done(rng, 0.97 - poor * 0.6, plan_start, decision)
        outcome["family_hub_link"] = _maybe(rng, recorded, hub)
        outcome["universal_support_plan"] = _maybe(rng, recorded, rng.random() > poor * 0.7)

    case: Json = {
        "case_ref": case_ref,
        "decision_date": _day(decision),
        "conference_type": "risk_inside_home" if rng.random() < 0.97 else "risk_outside_home",
        "children": children,
        "risks": risks,
        "adults": adults,
        "interventions": interventions,
        "engagement_events": events,
        "disguised_compliance_analysis": dc_analysis,
        "allocations": allocations,
        "conferences": conferences,
        "safety_statement": safety,
        "family_network": network,
        "proposed_outcome": outcome,
    }
    cleaned: Json = _drop_nones(case)
    return cleaned


def _drop_nones(value: Any) -> Any:
    """Absent means not recorded: leave out None rather than writing null."""
    if isinstance(value, dict):
        return {k: _drop_nones(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nones(v) for v in value]
    return value


def generate_cases(count: int, seed: int = 2024, start: int = 0) -> Iterator[Json]:
    """Cases `start` .. `start + count - 1` of the cohort drawn with `seed`."""
    for index in range(start, start + count):
        yield generate_case(seed, index)


_MALFORMED_KINDS = (
    "truncated_json",
    "unknown_field",
    "bad_enum",
    "missing_required",
    "bad_date",
    "dangling_reference",
    "not_an_object",
    "action_without_date",
)


def malformed_line(seed: int, index: int, kind_number: int | None = None) -> str:
    """A line that cannot be read or validated as a case (made from case `index`), of the
    kind numbered `kind_number` (default: chosen by `index`)."""
    case = generate_case(seed, index)
    number = index if kind_number is None else kind_number
    kind = _MALFORMED_KINDS[number % len(_MALFORMED_KINDS)]
    if kind == "truncated_json":
        return json.dumps(case)[: 200 + index % 300]
    if kind == "unknown_field":
        case["risks"][0]["severity_score"] = 7
    elif kind == "bad_enum":
        case["children"][0]["cp_plans"][-1]["category"] = "ABUSE"
    elif kind == "missing_required":
        del case["decision_date"]
    elif kind == "bad_date":
        case["decision_date"] = "2021-02-30"
    elif kind == "dangling_reference":
        case["interventions"] = [
            {
                "intervention_ref": "IX",
                "provider_type": "family_support",
                "addresses_risks": ["R99"],
                "status": "in_progress",
            }
        ]
    elif kind == "not_an_object":
        return json.dumps([case["case_ref"]])
    elif kind == "action_without_date":
        case["adults"][0]["police_check"] = {"done": True}
    return json.dumps(case, separators=(",", ":"))


def write_cohort(path: Path, count: int, seed: int = 2024, errors: int = 0) -> int:
    """Write `count` valid cases, with `errors` malformed lines spread among them; returns
    the number of lines written."""
    error_at = {round((k + 1) * count / (errors + 1)): k for k in range(errors)}
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for index in range(count):
            if index in error_at:
                out.write(malformed_line(seed, count + index, error_at[index]) + "\n")
                lines += 1
            out.write(json.dumps(generate_case(seed, index), separators=(",", ":")) + "\n")
            lines += 1
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--count", type=int, default=400, help="valid cases to write")
    parser.add_argument("--errors", type=int, default=0, help="malformed lines to mix in")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    lines = write_cohort(args.out, args.count, args.seed, args.errors)
    print(f"wrote {lines} lines ({args.count} cases, {args.errors} malformed) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
