"""The risks of a planning episode: the categories of abuse of the plans in force, and the
assessment factors recorded in the episode (after the family's previous plan ended, up to
the decision date).

One risk per kind, identified at its earliest record. A risk recorded by the time the first
current plan started is taken as one that brought the family to conference (`original`);
that is this importer's reading of the extract, which has no such field. Where a risk's
status stands is not in the extract, so it stays not recorded.
"""

from __future__ import annotations

from typing import Any

from engine.ssd.coding import CATEGORY_RISKS, EXTRA_FAMILIAL_FACTORS, FACTOR_RISKS
from engine.ssd.pseudonym import Pseudonymiser
from engine.ssd.records import AssessmentRecord, FactorRecord, PlanRecord
from models.codes import AbuseCategory, RiskKind


def episode_risks(
    decision: str,
    after: str,
    episode_start: str,
    current_plans: list[PlanRecord],
    assessments: list[AssessmentRecord],
    factors: list[FactorRecord],
    children: set[str],
    refs: Pseudonymiser,
) -> tuple[list[dict[str, Any]], bool]:
    """The risks, and whether the episode's factors point only outside the home. A risk names
    the `children` (people with CP plans) it was recorded for; one recorded only for others
    (a sibling never on a plan) concerns the family, so names none."""
    identified: dict[RiskKind, str] = {}
    concerns: dict[RiskKind, set[str]] = {}

    def note(kind: RiskKind, date: str, person: str) -> None:
        identified[kind] = min(identified.get(kind, date), date)
        concerns.setdefault(kind, set()).update({person} & children)

    for plan in current_plans:
        kind = CATEGORY_RISKS.get(AbuseCategory(plan.category))
        if kind is not None:
            note(kind, plan.start, plan.person_id)
    dated = {a.assessment_id: a for a in assessments if after < a.date <= decision}
    codes_seen: set[str] = set()
    for record in factors:
        assessment = dated.get(record.assessment_id)
        if assessment is None:
            continue
        for code in record.codes:
            codes_seen.add(code)
            kind = FACTOR_RISKS.get(code)
            if kind is not None:
                note(kind, assessment.date, assessment.person_id)
    in_home = {c for c in codes_seen if c in FACTOR_RISKS and FACTOR_RISKS[c] is not RiskKind.OTHER}
    extra_familial_only = bool(codes_seen & EXTRA_FAMILIAL_FACTORS) and not in_home
    order = list(RiskKind)
    risks = []
    for kind in sorted(identified, key=order.index):
        risk: dict[str, Any] = {
            "risk_ref": f"R-{kind.value}",
            "kind": kind.value,
            "original": identified[kind] <= episode_start,
            "identified_date": identified[kind],
        }
        if concerns[kind]:
            risk["children"] = sorted(refs.ref("person", person) for person in concerns[kind])
        risks.append(risk)
    return risks, extra_familial_only
