"""Recording the decision in the chair's pages: the form, its errors, the stored decision and
its overrides beside the unchanged verdict; another organisation's assessment is not found."""

import io
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from api.persistence.decisions import current_decision, decision_history
from models.api_keys import Scope
from tests.api.pages.conftest import csrf_of, sign_in

JUSTIFICATION = "Probation confirmed by phone at conference: no MAPPA involvement (Mr Q)."
MAPPA = "probation-mappa-check"


@pytest.fixture
def assessment_id(
    client: TestClient, make_key: Callable[..., str], example_case: dict[str, Any]
) -> str:
    """An assessment of the not-ready example, sent by `north`'s case system."""
    headers = {"Authorization": make_key(Scope.ASSESS, organisation="north")}
    response = client.post("/v1/assessments", json=example_case, headers=headers)
    assert response.status_code == 201
    return str(response.json()["id"])


def decision_form(csrf: str, revision: str = "0", **extra: str) -> dict[str, str]:
    return {
        "csrf_token": csrf,
        "revision": revision,
        "decision/C1": "deplan",
        "decision/C2": "continue",
        **{name.replace("__", "/"): value for name, value in extra.items()},
    }


def overruling(csrf: str, revision: str = "0", justification: str = JUSTIFICATION) -> Any:
    return decision_form(
        csrf,
        revision,
        **{
            f"position__{MAPPA}": "met",
            f"children__{MAPPA}": "C1",
            f"justification__{MAPPA}": justification,
        },
    )


@pytest.mark.usefixtures("chair")
def test_the_form_offers_each_child_and_the_findings_to_overrule(
    client: TestClient, assessment_id: str
) -> None:
    page = client.get(f"/assessments/{assessment_id}/decision")
    assert page.status_code == 200
    html = page.text
    for child in ("C1", "C2"):
        assert f'id="decision/{child}/deplan"' in html
        assert f'id="decision/{child}/continue"' in html
    assert f'id="position/{MAPPA}"' in html
    assert f'id="justification/{MAPPA}"' in html
    assert f'id="children/{MAPPA}/C2"' in html
    assert 'name="csrf_token"' in html


def test_an_override_without_justification_is_refused_with_an_error_summary(
    client: TestClient, chair: str, assessment_id: str, db_engine: Engine
) -> None:
    response = client.post(
        f"/assessments/{assessment_id}/decision", data=overruling(chair, justification="  ")
    )
    assert response.status_code == 400
    html = response.text
    assert "There is a problem" in html
    assert f'href="#justification/{MAPPA}"' in html
    assert "Give your justification for overruling" in html
    assert '<option value="met" selected>' in html, "what was chosen is shown again"
    assert "<title>Error: " in html
    with Session(db_engine) as session:
        assert current_decision(session, uuid.UUID(assessment_id)) is None


def test_a_decision_with_an_override_is_stored_beside_the_unchanged_verdict(
    client: TestClient,
    chair: str,
    assessment_id: str,
    db_engine: Engine,
    make_key: Callable[..., str],
    json_logs: io.StringIO,
) -> None:
    read = {"Authorization": make_key(Scope.READ, organisation="north")}
    before = client.get(f"/v1/assessments/{assessment_id}", headers=read).json()
    response = client.post(
        f"/assessments/{assessment_id}/decision", data=overruling(chair), follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/assessments/{assessment_id}/record?recorded=1"
    with Session(db_engine) as session:
        decision = current_decision(session, uuid.UUID(assessment_id))
    assert decision is not None
    assert {c.child_ref: c.decision.value for c in decision.children} == {
        "C1": "deplan",
        "C2": "continue",
    }
    [override] = decision.overrides
    assert (override.child_ref, override.rule_id, override.engine_outcome.value) == (
        "C1",
        MAPPA,
        "not_met",
    )
    assert override.justification == JUSTIFICATION
    assert client.get(f"/v1/assessments/{assessment_id}", headers=read).json() == before
    assert "Mr Q" not in json_logs.getvalue(), "a justification is never logged"


def test_a_correction_prefills_the_form_and_a_stale_form_is_a_conflict(
    client: TestClient, chair: str, assessment_id: str, db_engine: Engine
) -> None:
    url = f"/assessments/{assessment_id}/decision"
    assert client.post(url, data=overruling(chair), follow_redirects=False).status_code == 303
    again = client.get(url).text
    assert 'name="revision" id="revision" value="1"' in again
    assert JUSTIFICATION in again
    assert 'id="decision/C1/deplan" name="decision/C1" value="deplan" checked' in again
    stale = client.post(url, data=decision_form(chair), follow_redirects=False)
    assert stale.status_code == 409
    assert "Another decision was recorded on this assessment" in stale.text
    assert 'href="#current-decision"' in stale.text and 'id="current-decision"' in stale.text  # noqa: PT018
    assert 'name="revision" id="revision" value="1"' in stale.text
    corrected = client.post(url, data=decision_form(chair, "1"), follow_redirects=False)
    assert corrected.status_code == 303
    with Session(db_engine) as session:
        history = decision_history(session, uuid.UUID(assessment_id))
    assert [(d.revision, len(d.overrides)) for d in history] == [(2, 0), (1, 1)]


def test_another_organisations_chair_finds_nothing(
    client: TestClient, chair_key: Callable[..., str], assessment_id: str, db_engine: Engine
) -> None:
    csrf = sign_in(client, chair_key("south"))
    assert client.get(f"/assessments/{assessment_id}/decision").status_code == 404
    response = client.post(f"/assessments/{assessment_id}/decision", data=overruling(csrf))
    assert response.status_code == 404
    assert "Page not found" in response.text
    with Session(db_engine) as session:
        assert current_decision(session, uuid.UUID(assessment_id)) is None
    assert csrf_of(client.get("/cases").text) == csrf


def test_the_result_page_shows_the_decision_beside_the_verdict(
    client: TestClient, chair: str, assessment_id: str
) -> None:
    before = client.get(f"/assessments/{assessment_id}").text
    assert f'href="/assessments/{assessment_id}/decision">Record the decision' in before
    client.post(f"/assessments/{assessment_id}/decision", data=overruling(chair))
    after = client.get(f"/assessments/{assessment_id}").text
    verdict, panel = after.split('id="decision"', 1)
    assert 'id="verdict">Family: ' in verdict, "the panel comes after the engine's verdict"
    assert "De-plan for C1; continue for C2." in panel
    assert "held met (the engine: not met)" in panel
    assert "Probation consulted and MAPPA status established" in panel
    assert f'href="/assessments/{assessment_id}/record">Open the conference record' in panel


def test_a_long_decision_is_accepted_and_a_bare_post_is_refused(
    client: TestClient, chair: str, assessment_id: str, db_engine: Engine
) -> None:
    # Every overrulable rule overruled with 2,000 characters that each take 9 bytes posted.
    page = client.get(f"/assessments/{assessment_id}/decision").text
    rules = sorted(set(re.findall(r'id="position/([a-z0-9-]+)"', page)))
    assert len(rules) >= 10
    long_text = "’" * 2000
    fields: dict[str, Any] = decision_form(chair)
    for rule_id in rules:
        fields[f"position/{rule_id}"] = "not_applicable"
        fields[f"children/{rule_id}"] = ["C1", "C2"]
        fields[f"justification/{rule_id}"] = long_text
    response = client.post(
        f"/assessments/{assessment_id}/decision", data=fields, follow_redirects=False
    )
    assert response.status_code == 303, response.text[:500]
    with Session(db_engine) as session:
        decision = current_decision(session, uuid.UUID(assessment_id))
    assert decision is not None
    assert len(decision.overrides) == 2 * len(rules)
    assert all(o.justification == long_text for o in decision.overrides)
    refused = client.post(
        f"/assessments/{assessment_id}/decision", data={"revision": "1", "decision/C1": "deplan"}
    )
    assert refused.status_code == 403, "no CSRF token: refused"


@pytest.mark.usefixtures("chair")
def test_the_form_points_to_a_newer_assessment_of_the_case(
    client: TestClient,
    assessment_id: str,
    make_key: Callable[..., str],
    example_case: dict[str, Any],
) -> None:
    assert (
        "not the case’s latest assessment"
        not in client.get(f"/assessments/{assessment_id}/decision").text
    )
    headers = {"Authorization": make_key(Scope.ASSESS, organisation="north")}
    newer = client.post("/v1/assessments", json=example_case, headers=headers).json()["id"]
    page = client.get(f"/assessments/{assessment_id}/decision").text
    assert "not the case’s latest assessment" in page
    assert f'href="/assessments/{newer}/decision">Record the decision on the latest' in page
