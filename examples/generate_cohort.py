"""Generate a synthetic cohort of historic de-planned cases, as JSON Lines.

Every case is made up: pseudonymous refs, coded values, no narrative. The cohort mimics the
briefing paper's families (toxic trio, changes of worker, incomplete interventions, steps down
while risk work is unfinished, a new partner joining after the checks, ...) with a mix of good
and poor practice, and some families carry the start of a later CP plan (their return), more
often and sooner where practice was poor, so that the re-audit has something to find. Some
families have decisions that differ by child: a younger child's plan continues for a risk
that concerns that child only while the siblings step down, or the eldest reaches 18.

The output is a pure function of `--seed` and `--count`: case *i* is drawn from its own
random stream, so any slice of a cohort can be regenerated (or generated in parallel)
without the rest.

    uv run python -m examples.generate_cohort --seed 2024 --count 400 --out examples/cohort.jsonl
    uv run python -m examples.generate_cohort --seed 2024 --count 120 --errors 8 \
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

from examples.cohort_family import Family, Json, day, days, draw_adults, risk_adults
from examples.cohort_plan import (
    carry_to_cin,
    category,
    concern_children,
    draw_children,
    draw_engagement,
    draw_interventions,
    draw_risk,
)
from examples.cohort_practice import (
    conference_dates,
    draw_allocations,
    draw_conferences,
    family_network,
    key_agencies,
    proposed_outcome,
)

__all__ = ["EXTRACT_DATE", "generate_case", "generate_cases", "malformed_line", "write_cohort"]

# The date the historic extract was taken: later CP plans starting after it are not known yet.
EXTRACT_DATE = dt.date(2025, 12, 31)
# Decisions since the rules came into force (Working Together 2018, 1 July 2018).
FIRST_DECISION = dt.date(2018, 7, 1)
LAST_DECISION = dt.date(2023, 12, 31)

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
_TOXIC_TRIO = {
    "domestic_abuse",
    "parental_mental_health",
    "parental_drug_misuse",
    "parental_alcohol_misuse",
}
# Harm in an adult's history that calls for the family history to be analysed.
_HARM_TO_CHILDREN = {"physical_harm_to_child", "sexual_offence_against_child"}
# Days to return, by band (<1y, 1-2y, 2-5y, 5y+); the paper's 16 families: 3, 5, 6, 2.
_RETURN_BANDS = [(60, 364), (365, 729), (730, 1825), (1826, 3000)]


def _draw_outcome(rng: random.Random) -> tuple[str, str | None]:
    """The proposed outcome, and the kind of risk of a sibling whose plan continues (if any)."""
    outcome_roll = rng.random()
    if outcome_roll < 0.04:
        outcome_kind = "administrative_end"
    elif outcome_roll < 0.28:
        outcome_kind = "close"
    else:
        outcome_kind = "step_down_to_cin"
    continuing_kind = None
    if outcome_kind != "administrative_end" and rng.random() < 0.15:
        continuing_kind = rng.choice(["neglect", "physical_harm", "emotional_harm"])
    return outcome_kind, continuing_kind


def _draw_plans_before_and_after(f: Family) -> tuple[dt.date | None, int | None]:
    """When an earlier plan ended (if one did), and the days until a later plan (if the family
    came back before the extract was taken)."""
    rng, poor = f.rng, f.poor
    previous_plan_end: dt.date | None = None
    if rng.random() < 0.35:
        previous_plan_end = f.plan_start - days(rng.randint(200, 2500))
    returned_after: int | None = None
    if rng.random() < 0.12 + 0.6 * poor:
        weights = [1 + 4 * poor, 2 + 2 * poor, 3, 1.5 - poor]
        low, high = rng.choices(_RETURN_BANDS, weights=weights)[0]
        wait = rng.randint(low, high)
        if f.decision + days(wait) <= EXTRACT_DATE:
            returned_after = wait
    return previous_plan_end, returned_after


def _draw_rationale(f: Family, ending: list[Json], interventions: list[Json]) -> list[str]:
    """Why the plan is proposed to end, as the conference recorded it."""
    rationale: list[str] = []
    if all(r.get("status") == "resolved" for r in ending):
        rationale.append("sustained_change_evidenced")
    if all(i["status"] == "completed" for i in interventions):
        rationale.append("interventions_completed")
    if f.rng.random() < f.poor * 0.6:
        rationale.append("no_incidents_since_last_review")
    if not rationale or f.rng.random() < 0.2:
        rationale.append("risk_managed_by_safety_plan")
    return rationale


def generate_case(seed: int, index: int) -> Json:
    """Case number `index` of the cohort drawn with `seed` (a plain JSON-ready dict)."""
    rng = random.Random(seed * 1_000_003 + index)  # noqa: S311 - synthetic data, not secrets
    case_ref = f"FAM-{seed % 10000:04d}-{index:07d}"
    # Latent practice quality: 0 = good practice throughout, 1 = the paper's worst cases.
    poor = rng.betavariate(1.3, 1.6)
    if rng.random() < 0.3:
        poor = rng.uniform(0.0, 0.05)  # families whose plan was run and recorded well
    decision = FIRST_DECISION + days(rng.randint(0, (LAST_DECISION - FIRST_DECISION).days))
    agreed_months = rng.choice([3, 3, 6])  # sustained change the safety statement asks for
    f = Family(
        rng=rng,
        poor=poor,
        recorded=0.995 - 0.3 * poor,  # how likely an item is recorded at all
        decision=decision,
        plan_start=decision - days(rng.randint(max(150, agreed_months * 30 + 90), 720)),
    )

    kinds = [kind for kind, rate in _RISK_RATES if rng.random() < rate]
    if not _TOXIC_TRIO.intersection(kinds) and rng.random() < 0.5:
        kinds.append("sexual_harm")
    if not kinds:
        kinds.append(rng.choice(["domestic_abuse", "neglect", "parental_mental_health"]))
    rng.shuffle(kinds)
    risks = [draw_risk(f, n, kind, agreed_months) for n, kind in enumerate(kinds)]

    # The outcome first: it decides what the CIN plan and closure fields look like.
    outcome_kind, continuing_kind = _draw_outcome(rng)
    previous_plan_end, returned_after = _draw_plans_before_and_after(f)
    children = draw_children(f, category(kinds), previous_plan_end, returned_after, continuing_kind)
    concern_children(f, risks, children, continuing_kind)

    adults = draw_adults(f, kinds)
    adult_refs = [a["adult_ref"] for a in adults]
    for risk in risks:
        risk["adults"] = f.maybe(f.recorded, risk_adults(f, risk["kind"], set(adult_refs)))
    last_child = children[-1]
    continuing_ref = last_child["child_ref"] if "outcome" in last_child else None
    if outcome_kind == "step_down_to_cin":
        carry_to_cin(f, [r for r in risks if r.get("children") != [continuing_ref]])
    perpetrator_left = adults[1].get("regularly_in_home") is False
    interventions = draw_interventions(f, risks, perpetrator_left, continuing_ref)
    events, dc_analysis = draw_engagement(f, [r for r in adult_refs if r != "A3"])
    dates = conference_dates(f)
    history_matters = previous_plan_end is not None or any(
        a.get("earlier_children_living_elsewhere")
        or _HARM_TO_CHILDREN.intersection(a.get("harm_history") or [])
        for a in adults
    )
    conferences = draw_conferences(
        f, dates, key_agencies(kinds, adults, interventions), previous_plan_end, history_matters
    )
    if returned_after is not None:
        # The later ICPC is in the extract too; an audit as at the decision date ignores it.
        conferences.append(
            {
                "conference_ref": f"CF{len(dates) + 1}",
                "kind": "icpc",
                "date": day(decision + days(returned_after)),
                "agencies_invited": ["police", "health_visitor", "school", "gp"],
                "history_analysed": rng.random() < 0.5,
            }
        )

    safety: Json | None = None
    if rng.random() < f.recorded:
        safety = {"agreed": f.done(0.98 - poor * 0.6, f.plan_start, decision)}
        if safety["agreed"]["done"]:
            safety["evidence_of_change_defined"] = f.maybe(f.recorded, f.good(0.6))
            safety["sustain_months_agreed"] = f.maybe(f.recorded, agreed_months)

    ending = [r for r in risks if r.get("children") != [continuing_ref]]
    rationale = _draw_rationale(f, ending, interventions)

    case: Json = {
        "case_ref": case_ref,
        "decision_date": day(decision),
        "conference_type": "risk_inside_home" if rng.random() < 0.97 else "risk_outside_home",
        "children": children,
        "risks": risks,
        "adults": adults,
        "interventions": interventions,
        "engagement_events": events,
        "disguised_compliance_analysis": dc_analysis,
        "allocations": draw_allocations(f),
        "conferences": conferences,
        "safety_statement": safety,
        "family_network": family_network(f, dates[1] if len(dates) > 2 else decision),
        "proposed_outcome": proposed_outcome(f, outcome_kind, rationale),
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
