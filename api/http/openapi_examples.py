"""Example request bodies shown in the interactive docs (and tried by schemathesis).

Synthetic: no real family. `tests/api/test_openapi.py` checks the example is a valid case.
"""

from typing import Any

EXAMPLE_CASE: dict[str, Any] = {
    "case_ref": "EX-0001",
    "decision_date": "2024-03-14",
    "conference_type": "risk_inside_home",
    "children": [
        {
            "child_ref": "EX-0001-C1",
            "cp_plans": [{"plan_ref": "EX-0001-P1", "start_date": "2023-06-01", "category": "EMO"}],
        }
    ],
    "risks": [
        {
            "risk_ref": "R1",
            "kind": "domestic_abuse",
            "original": True,
            "identified_date": "2023-05-20",
            "status": "reducing",
            "sustained_change_since": "2023-12-01",
            "carried_to_cin_plan": True,
        }
    ],
    "adults": [
        {
            "adult_ref": "A1",
            "role": "mother",
            "regularly_in_home": True,
            "alleged_perpetrator": False,
            "police_check": {"done": True, "date": "2024-02-20"},
            "social_care_check": {"done": True, "date": "2024-02-20"},
        },
        {
            "adult_ref": "A2",
            "role": "father",
            "regularly_in_home": False,
            "alleged_perpetrator": True,
            "harm_history": ["domestic_abuse"],
            "police_check": {"done": True, "date": "2024-02-20"},
            "social_care_check": {"done": True, "date": "2024-02-20"},
            "probation_consulted": {"done": False},
        },
    ],
    "interventions": [
        {
            "intervention_ref": "I1",
            "provider_type": "domestic_abuse_perpetrator_service",
            "addresses_risks": ["R1"],
            "status": "in_progress",
            "start_date": "2023-09-01",
        }
    ],
    "safety_statement": {"agreed": {"done": True, "date": "2023-07-10"}},
    "family_network": {
        "considered": {"done": True, "date": "2023-07-10"},
        "contingency_plan": {"done": False},
    },
    "proposed_outcome": {"kind": "step_down_to_cin"},
}
