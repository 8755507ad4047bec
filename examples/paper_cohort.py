"""The briefing paper's 16 families (38 children), recorded as each stood at the conference
that ended its previous CP plan, with its later return as a later CP plan.

Built from what the paper (rules/sources/repeat-cp-plan-briefing.txt) says and nothing else.
The paper gives counts, not which family is which: each family below is a row of `FAMILIES`,
and every count the paper states holds over the rows (tests/examples/test_paper_cohort.py
re-audits the file and checks each one). Where the paper is silent, a comment says so and
the realistic default is used. Deterministic: no randomness, so the file is a pure function
of this module.

    uv run python -m examples.paper_cohort --out examples/paper-cohort.jsonl

What happened after the decision is recorded as the later record shows it: the family's
return (a later CP plan and its risks), and for the 3 families whose Child in Need plans
closed at parental request before the work was done, that CIN plan (`children[].cin_plan`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Json = dict[str, Any]

DA, MH, DRUGS, ALCOHOL, SEXUAL = (
    "domestic_abuse",
    "parental_mental_health",
    "parental_drug_misuse",
    "parental_alcohol_misuse",
    "sexual_harm",
)


@dataclass(frozen=True)
class Family:
    ref: str
    children: int
    returned: dt.date
    """Start of the later CP plan: an initial conference in Q4 (January-March 2024)."""
    gap_months: int
    """From the decision that ended the previous plan to the return."""
    risks: tuple[str, ...]
    """Kinds of risk on the previous plan, the first the one that brought the family."""
    sustained: bool
    """3 months' sustained change evidenced at the decision."""
    work_complete: bool
    """The interventions relating to risk completed."""
    disguised_compliance: bool = False
    """Evidence of disguised compliance, not identified (and parental non-engagement)."""
    parental_request: bool = False
    """The CIN plan that followed closed at parental request before the work was done."""
    changes: tuple[int, int, int] = (0, 0, 0)
    """Changes of social worker, team manager, CP chair during the plan."""
    network_considered: bool = True
    lead_professional: bool = True
    dropped: str | None = None
    """A risk "dropped from the CP plan" ("plan") or "not carried over to the CIN plan" ("cin")."""
    household_checked: bool = False
    harmed_children_before: bool = False
    """Previous assaults on children, and older children no longer living with the parent."""
    no_contact_with_older_children: bool = False
    """In 2 of those 4 families the parent had no contact with their older children (which 2
    the paper does not say: the first two here)."""
    care_experienced: bool = False
    history_considered: bool = False
    mental_health_by_gp: bool = True
    return_risk: str | None = None
    """The risk of the return when it is not the original one."""


# Return bands (Findings): 3 within 1 year, 5 in 1-2 years, 6 in 2-5 years, 2 after 5 years.
# Groups (Findings): 10 without 3 months' change, 14 with incomplete interventions, 8 both, so
# 2 lack only the change (N1, N2), 6 only the completed work (I1-I6), 8 both (B1-B8).
# Of the 8, disguised compliance not identified in 6 (B1-B6). The paper's "6 families where
# there was evidence of parental non-engagement" are read as the same 6: its Conclusion puts
# indicators of disguised compliance not picked up and disengagement not explored together,
# "seen in 6 cases". "5 of these families had experienced a change of social worker ... and 2
# had also had a change of manager and CP Chair" is ambiguous (of the 8 or of the 6); B1-B5
# satisfy both readings. Parental-request closures (3): each without 3 months, each with
# changes of social worker, 2 with work incomplete (B3, B4, N1); the network not involved in
# 2 (B3, B4) and a lead professional "only identified in one" (B3, so both readings of "of
# these" hold). Issues dropped (4): all but one with a change of social worker and disguised
# compliance (B1, B2, B5; I1 had a change of social worker, no disguised compliance).
# Changes of social worker 10, of these manager 6, of these chair 4. Toxic trio: the paper gives each aspect's families (12, 11, 8 drugs, 4
# alcohol), none in 2 and two or more in 10, so 4 show one; it does not say how drugs and
# alcohol overlap: 2 of the 4 alcohol families also misuse drugs (9 show all three aspects,
# 1 two, 4 one). Which family has which aspect, and which families have the physical
# assaults (4, each with domestic abuse), care-experienced parents (3) and ACEs considered (4),
# the paper does not say: spread over the groups. The 4 families with earlier children living
# elsewhere are read as the 4 with previous assaults on children ("In four families there was
# also evidence ..."; "These families were brought to conference because of ... domestic
# abuse"). Checks with police and social care were completed in one domestic-abuse family (I1).
FAMILIES = (
    Family("PAPER-B1", 3, dt.date(2024, 1, 15), 7, (DA, MH, DRUGS), False, False,
           disguised_compliance=True, changes=(2, 1, 1), network_considered=False,
           dropped="plan", harmed_children_before=True, no_contact_with_older_children=True),
    Family("PAPER-B2", 2, dt.date(2024, 2, 5), 15, (DA, MH, ALCOHOL), False, False,
           disguised_compliance=True, changes=(1, 1, 1), dropped="cin", care_experienced=True),
    Family("PAPER-B3", 3, dt.date(2024, 1, 22), 11, (DA, MH, DRUGS), False, False,
           disguised_compliance=True, parental_request=True, changes=(1, 0, 0),
           network_considered=False),
    Family("PAPER-B4", 2, dt.date(2024, 3, 4), 18, (DA, MH, DRUGS, ALCOHOL), False, False,
           disguised_compliance=True, parental_request=True, changes=(2, 0, 0),
           network_considered=False, lead_professional=False, history_considered=True),
    Family("PAPER-B5", 3, dt.date(2024, 2, 19), 31, (DA, MH, DRUGS), False, False,
           disguised_compliance=True, changes=(1, 0, 0), network_considered=False,
           dropped="cin", harmed_children_before=True, mental_health_by_gp=False,
           no_contact_with_older_children=True),
    Family("PAPER-B6", 2, dt.date(2024, 3, 11), 44, (DA, MH), False, False,
           disguised_compliance=True, lead_professional=False),
    Family("PAPER-B7", 3, dt.date(2024, 1, 29), 21, (MH,), False, False, care_experienced=True),
    Family("PAPER-B8", 1, dt.date(2024, 2, 12), 38, (SEXUAL,), False, False),
    Family("PAPER-N1", 3, dt.date(2024, 3, 18), 13, (DA, MH, DRUGS), False, True,
           parental_request=True, changes=(1, 1, 0), lead_professional=False,
           history_considered=True),
    Family("PAPER-N2", 2, dt.date(2024, 1, 8), 52, (SEXUAL,), False, True),
    Family("PAPER-I1", 2, dt.date(2024, 2, 26), 23, (DA, MH, ALCOHOL), True, False,
           changes=(3, 1, 1), dropped="plan", household_checked=True, mental_health_by_gp=False),
    Family("PAPER-I2", 2, dt.date(2024, 1, 2), 27, (DA, MH, DRUGS), True, False,
           changes=(1, 1, 1), network_considered=False, harmed_children_before=True,
           care_experienced=True),
    Family("PAPER-I3", 4, dt.date(2024, 3, 25), 58, (DA, MH, DRUGS, ALCOHOL), True, False,
           changes=(2, 1, 0), lead_professional=False, history_considered=True,
           mental_health_by_gp=False),
    Family("PAPER-I4", 3, dt.date(2024, 2, 1), 79, (DA,), True, False,
           changes=(1, 0, 0), network_considered=False, harmed_children_before=True),
    Family("PAPER-I5", 1, dt.date(2024, 3, 7), 9, (DRUGS,), True, False, history_considered=True),
    # The paper's one family whose return was for another risk, after 9 years out of
    # Children's Services: the mother had left the father of the older children (so he is no
    # longer in the home) and, after a later relationship broke down, struggled alone with
    # the complex needs of her children, one of them a child of that relationship with
    # multiple disabilities (born after this decision, so not in this recording). The previous plan's risk is not given: domestic abuse, the paper's commonest and
    # the one its narrative implies (the relationship with the father ended).
    Family("PAPER-I6", 2, dt.date(2024, 1, 24), 112, (DA,), True, False, return_risk="neglect"),
)  # fmt: skip

# Where the paper is silent, these are the defaults (each a realistic reading of its
# Findings and Conclusion):
# - The previous plan was the family's first (the paper does not say whether it was a
#   repeat), lasting 9 months: initial conference, reviews after 3 and 9 months, the last one
#   deciding; every child on it, every risk concerning every child.
# - Every plan stepped down to a Child in Need plan (the paper speaks of risks "not carried
#   over to the CIN plan" and CIN plans closed later); the lead professional the paper counts
#   at closure is recorded as named (or not) at the step-down, the one field the format has.
# - Every plan had family support work, completed, on every risk; the specialist work on the
#   risk is what was left incomplete. The 6 families with disguised compliance show it as a
#   recorded indicator and a parent declining or dropping out of work in the last 3 months.
# - Change: 5 months sustained where evidenced, 2 months where not (the paper: "at least
#   3 months"); no risk still active.
# - No chronology or cultural genogram at any conference, no analysis of history in the
#   reports (Findings: "no evidence of there being a full chronology"); safety statements
#   agreed but not saying what change looks like or for how long (Recommendations).
# - Key agencies (Hampton Trust, drug and alcohol services, adult mental health) and
#   probation not invited (Conclusion); GPs invited and reporting, not on treatment adherence.
# - No disguised-compliance analysis, transfer review, family contingency plan, family hub
#   link or universal support plan (the paper's recommendations, because they were missing).
# - Probation and MAPPA: not consulted for any domestic-abuse perpetrator (Findings); for the
#   2 families with a male's previous sexual offences the paper does not say: not recorded.
#   Police and social care checks: the paper speaks of them only where domestic abuse was a
#   feature; in the 2 sexual-offence families the concern itself comes from such checks, so
#   done. Elsewhere not recorded.
# - Care experience is recorded for both parents of every family (the paper counts 3 with a
#   care-experienced parent); ACEs only where they were considered (4), elsewhere not recorded.
# - Who the risks concern: the father (perpetrator) for domestic abuse, drugs and sexual harm,
#   the mother for mental health and alcohol; mental health managed by the GP in "a number of
#   cases" (8 of 11), by adult mental health services in the rest.
# - The plan's category: emotional abuse where domestic abuse brought the family, sexual abuse
#   for the sexual-offence families, neglect otherwise; the return in the same category and
#   for the same risk, except the one family above (neglect).

_PLAN_MONTHS = 9
_CATEGORY = {DA: "EMO", SEXUAL: "SAB"}
_PROVIDER = {
    DA: "domestic_abuse_perpetrator_service",
    MH: "adult_mental_health_service",
    DRUGS: "substance_misuse_service",
    ALCOHOL: "substance_misuse_service",
    SEXUAL: "parenting_programme",
}
_MOTHERS_RISKS = {MH, ALCOHOL}


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` earlier (the 28th at most, so every month has it)."""
    total = day.year * 12 + day.month - 1 - months
    return dt.date(total // 12, total % 12 + 1, min(day.day, 28))


def _done(day: dt.date) -> Json:
    return {"done": True, "date": day.isoformat()}


_NOT_DONE: Json = {"done": False}


def _cin_plan(family: Family, decided: dt.date) -> Json:
    """The CIN plan that followed the step-down, as the later record shows it. The paper
    records how it ended only for the 3 families closed at parental request before the
    intervention was completed (3 months on, a default: the paper gives no date); for the
    others it is silent, so nothing is recorded."""
    if not family.parental_request:
        return {}
    return {
        "cin_plan": {
            "start_date": decided.isoformat(),
            "end_date": months_before(decided, -3).isoformat(),
            "closure_reason": "parental_request",
            "work_complete_at_closure": False,
        }
    }


def paper_case(family: Family) -> Json:
    decided = months_before(family.returned, family.gap_months)
    start = months_before(decided, _PLAN_MONTHS)
    identified = start - dt.timedelta(days=14)
    change_since = decided - dt.timedelta(days=150 if family.sustained else 60)
    category = _CATEGORY.get(family.risks[0], "NEG")
    later_category = "NEG" if family.return_risk else category
    children = [
        {
            "child_ref": f"C{n}",
            "cp_plans": [
                {"plan_ref": f"P{n}a", "start_date": start.isoformat(),
                 "end_date": decided.isoformat(), "category": category},
                {"plan_ref": f"P{n}b", "start_date": family.returned.isoformat(),
                 "category": later_category},
            ],
            **_cin_plan(family, decided),
        }
        for n in range(1, family.children + 1)
    ]  # fmt: skip
    risks = [_risk(family, index, kind, identified, change_since, decided)
             for index, kind in enumerate(family.risks, start=1)]  # fmt: skip
    # The return's risks, as its initial conference recorded them (not read by the rules):
    # the original risk again, or the other one, and any dropped risk that re-emerged.
    returned_kinds = [family.return_risk or family.risks[0]]
    if family.dropped:
        returned_kinds.append(family.risks[-1])
    risks += [
        {"risk_ref": f"RR{n}", "kind": kind, "identified_date": family.returned.isoformat()}
        for n, kind in enumerate(returned_kinds, start=1)
    ]
    return {
        "case_ref": family.ref,
        "decision_date": decided.isoformat(),
        "conference_type": "risk_inside_home",
        "children": children,
        "risks": risks,
        "adults": _adults(family, identified, start),
        "interventions": _interventions(family, start, decided),
        "engagement_events": _engagement(family, decided),
        "disguised_compliance_analysis": _NOT_DONE,
        "allocations": _allocations(family, start),
        "conferences": _conferences(start, decided),
        "safety_statement": {"agreed": _done(start), "evidence_of_change_defined": False},
        "family_network": {
            # "Clear evidence that the support of family and friendship networks was not
            # considered" (Conclusion), and so no finding that no one in it was suitable.
            **(
                {"considered": _done(start)}
                if family.network_considered
                else {"considered": _NOT_DONE, "none_suitable": _NOT_DONE}
            ),
            "contingency_plan": _NOT_DONE,
            "understands_risks": _NOT_DONE,
        },
        "proposed_outcome": {
            "kind": "step_down_to_cin",
            # Conclusion: plans ended where "there had not been a specific incident".
            "rationale": ["sustained_change_evidenced"]
            if family.sustained
            else ["no_incidents_since_last_review"],
            "lead_practitioner_after_cin": _done(decided)
            if family.lead_professional
            else _NOT_DONE,
            "family_hub_link": _NOT_DONE,
            "universal_support_plan": _NOT_DONE,
        },
    }


def _risk(
    family: Family,
    index: int,
    kind: str,
    identified: dt.date,
    change_since: dt.date,
    decided: dt.date,
) -> Json:
    risk: Json = {
        "risk_ref": f"R{index}",
        "kind": kind,
        "original": True,
        "identified_date": identified.isoformat(),
        "status": "reducing",
        "status_date": change_since.isoformat(),
        "sustained_change_since": change_since.isoformat(),
        "adults": ["A1" if kind in _MOTHERS_RISKS else "A2"],
        "carried_to_cin_plan": True,
    }
    # The dropped issue is the plan's last-listed risk, the one "which later re-emerged".
    if family.dropped and index == len(family.risks):
        if family.dropped == "plan":
            risk.update(status="removed", status_date=(decided - dt.timedelta(days=91)).isoformat())
            del risk["sustained_change_since"]
        risk["carried_to_cin_plan"] = False
    return risk


def _adults(family: Family, identified: dt.date, start: dt.date) -> list[Json]:
    da = DA in family.risks
    sexual = SEXUAL in family.risks
    joined = months_before(start, 48).isoformat()
    mother: Json = {
        "adult_ref": "A1",
        "role": "mother",
        "regularly_in_home": True,
        "joined_household_date": joined,
        "alleged_perpetrator": False,
        "harm_history": [],
        "earlier_children_living_elsewhere": False,
    }
    father: Json = {
        "adult_ref": "A2",
        "role": "father",
        # The 9-year family's mother had ended the relationship.
        "regularly_in_home": family.return_risk is None,
        "joined_household_date": joined,
        "alleged_perpetrator": da or sexual,
        "harm_history": (["domestic_abuse"] if da else [])
        + (["physical_harm_to_child"] if family.harmed_children_before else [])
        + (["sexual_offence_against_child"] if sexual else []),
        "earlier_children_living_elsewhere": family.harmed_children_before,
        **(
            {"contact_with_earlier_children": not family.no_contact_with_older_children}
            if family.harmed_children_before
            else {}
        ),
    }
    for adult in (mother, father):
        adult["care_experienced"] = family.care_experienced and adult is mother
        if family.history_considered:
            adult["adverse_childhood_experiences"] = True
        adult["parental_history_considered"] = (
            _done(start) if family.history_considered else _NOT_DONE
        )
        if da or sexual:
            checked = family.household_checked or sexual
            check = _done(identified) if checked else _NOT_DONE
            adult.update(police_check=check, social_care_check=check)
    if da:
        father.update(probation_consulted=_NOT_DONE, mappa_enquiry=_NOT_DONE)
    if MH in family.risks:
        mother["mental_health_managed_by"] = (
            "gp" if family.mental_health_by_gp else "adult_mental_health_service"
        )
        if family.mental_health_by_gp:
            mother["gp_treatment_adherence_report"] = _NOT_DONE
    return [mother, father]


def _interventions(family: Family, start: dt.date, decided: dt.date) -> list[Json]:
    refs = [f"R{index}" for index in range(1, len(family.risks) + 1)]
    work: list[Json] = [
        {
            "intervention_ref": "I0",
            "provider_type": "family_support",
            "addresses_risks": refs,
            "status": "completed",
            "start_date": (start + dt.timedelta(days=14)).isoformat(),
            "end_date": (decided - dt.timedelta(days=100)).isoformat(),
        }
    ]
    begun = (start + dt.timedelta(days=42)).isoformat()
    for index, kind in enumerate(family.risks, start=1):
        # The incomplete work relates to the risk that brought the family (Findings).
        if index == 1 and not family.work_complete:
            status: Json = (
                {"status": "ended_incomplete", "end_date": _days_before(decided, 45).isoformat()}
                if family.disguised_compliance
                else {"status": "in_progress"}
            )
        else:
            status = {
                "status": "completed",
                "end_date": (decided - dt.timedelta(days=160)).isoformat(),
            }
        work.append(
            {
                "intervention_ref": f"I{index}",
                "provider_type": _PROVIDER[kind],
                "addresses_risks": [f"R{index}"],
                "start_date": begun,
                **status,
            }
        )
    return work


def _days_before(day: dt.date, days: int) -> dt.date:
    return day - dt.timedelta(days=days)


def _engagement(family: Family, decided: dt.date) -> list[Json]:
    if not family.disguised_compliance:
        return []  # the paper finds non-engagement in 6 families: none recorded elsewhere
    return [
        {"date": _days_before(decided, 70).isoformat(), "kind": "disguised_compliance_indicator"},
        {"date": _days_before(decided, 45).isoformat(), "kind": "disengaged_from_intervention",
         "adult_ref": "A2"},
    ]  # fmt: skip


def _allocations(family: Family, start: dt.date) -> list[Json]:
    rows: list[Json] = []
    for role, prefix, changes in zip(
        ("social_worker", "team_manager", "cp_chair"),
        ("SW", "TM", "CH"),
        family.changes,
        strict=True,
    ):
        first = months_before(start, 6) if role == "team_manager" else start
        starts = [first] + [start + dt.timedelta(days=70 * n) for n in range(1, changes + 1)]
        for n, begun in enumerate(starts):
            row: Json = {
                "role": role,
                "worker_ref": f"{prefix}-{family.ref[-2:]}-{n + 1}",
                "start_date": begun.isoformat(),
            }
            if n + 1 < len(starts):
                row["end_date"] = (starts[n + 1] - dt.timedelta(days=1)).isoformat()
            if n:
                row["transfer_review"] = _NOT_DONE
            rows.append(row)
    return rows


def _conferences(start: dt.date, decided: dt.date) -> list[Json]:
    invited = ["police", "health_visitor", "school", "gp"]
    rows = []
    for n, (kind, day) in enumerate(
        (("icpc", start), ("rcpc", months_before(decided, 6)), ("rcpc", decided)), start=1
    ):
        rows.append(
            {
                "conference_ref": f"CF{n}",
                "kind": kind,
                "date": day.isoformat(),
                "agencies_invited": invited,
                "agencies_contributed": ["health_visitor", "school", "gp"],
                "chronology_submitted": False,
                "genogram_submitted": False,
                "history_analysed": False,
            }
        )
    return rows


def write(path: Path) -> None:
    lines = [json.dumps(paper_case(family), separators=(",", ":")) for family in FAMILIES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path("examples/paper-cohort.jsonl"))
    write(parser.parse_args(argv).out)


if __name__ == "__main__":
    main()
